import BentaCore
import Foundation
import Testing

@testable import BentaFormats

/// Every written format reads back, through `BankFileReader` (which recognises it from the content), as the statement
/// that was written — each field the format carries, exactly.
@Suite(.timeLimit(.minutes(20))) struct BankStatementWriterTests {
    static func php(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .php) }

    static func day(_ day: Int) -> CalendarDate {
        (CalendarDate(year: 2026, month: 2, day: 20) ?? CalendarDate(daysSinceEpoch: 0)).adding(days: day)
    }

    static let createdAt = Date(timeIntervalSince1970: 1_772_000_000)

    /// A week of a BDO account: customers paying (with and without every reference), a cheque deposit whose payer
    /// is unknown, a bank charge, a returned payment, names with ñ and an ampersand, large and tiny amounts.
    static func statement() -> BankStatement {
        let lines = [
            BankStatementLine(
                amount: php(1_234_567_89), bookingDate: day(1), valueDate: day(1), bankReference: "BDO260221-0001",
                endToEndID: "E2E-77120", counterpartyName: "Acme Trading & Sons, Inc.",
                counterpartyAccount: "0098-7654-3210", remittance: "Payment INV-2026-000012 \"March\" <net>"),
            BankStatementLine(
                amount: php(56_000_00), bookingDate: day(2), valueDate: day(3), bankReference: "BDO260222-0002",
                counterpartyName: "Niño Hardware Corp.", counterpartyAccount: "PH12BNOR000123456789",
                remittance: "INV-2026-000031 INV-2026-000032"),
            BankStatementLine(
                amount: php(1), bookingDate: day(2), valueDate: day(2), bankReference: "BDO260222-0003",
                remittance: "CHECK DEPOSIT 004512"),
            BankStatementLine(
                amount: php(-150_00), bookingDate: day(3), valueDate: day(3), bankReference: "BDO260223-0004",
                remittance: "Service charge"),
            BankStatementLine(
                amount: php(-10_000_00), bookingDate: day(4), valueDate: day(4), bankReference: "BDO260224-0005",
                counterpartyName: "Luz Foods", remittance: "Returned payment", isReversal: true),
        ]
        let sum = lines.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        return BankStatement(
            identifier: "BDO2602 00007/001",
            account: BankAccountReference(number: "0012-3456-7890", bankIdentifier: "BNORPHMM", name: "Demo Company"),
            currency: .php, fromDate: day(1), toDate: day(4),
            balances: [
                BankBalance(kind: .opening, amount: php(500_000_00), date: day(1)),
                BankBalance(kind: .closing, amount: php(500_000_00 + sum), date: day(4)),
            ], lines: lines)
    }

    /// What `format` carries of a line (see `BankStatementWriter`).
    static func carried(_ line: BankStatementLine, in format: BankFileFormat) -> BankStatementLine {
        var expected = line
        switch format {
        case .mt940:
            expected.transactionCode = "NTRF"
            expected.creditorReference = nil
        case .ofx1, .ofx2:
            expected.endToEndID = nil
            expected.creditorReference = nil
            expected.isReversal = false
            expected.transactionCode = line.amount.minorUnits < 0 ? "DEBIT" : "CREDIT"
        case .csv:
            expected.counterpartyName = nil
            expected.counterpartyAccount = nil
            expected.endToEndID = nil
            expected.creditorReference = nil
            expected.isReversal = false
            expected.transactionCode = nil
        default:
            break
        }
        return expected
    }

    @Test(arguments: BankStatementWriter.writableFormats)
    func eachFormatReadsBackAsWritten(format: BankFileFormat) throws {
        let written = Self.statement()
        let data = try #require(BankStatementWriter.write(written, as: format, createdAt: Self.createdAt))
        #expect(BankFileReader.detect(data) == (format == .ofx2 ? .ofx1 : format))
        let file = try BankFileReader.read(data)
        #expect(file.format == format)
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        let read = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(read.currency == .php)
        #expect(read.lines.count == written.lines.count)
        for (got, sent) in zip(read.lines, written.lines) {
            var expected = Self.carried(sent, in: format)
            expected.position = got.position
            #expect(got == expected)
        }
        let opening = written.balances[0]
        let closing = written.balances[1]
        switch format {
        case .camt053:
            #expect(read.balances == written.balances)
            #expect(read.identifier == written.identifier)
            #expect(read.account == written.account)
            #expect(read.fromDate == written.fromDate && read.toDate == written.toDate)
        case .camt054:
            #expect(read.balances.isEmpty)
            #expect(read.account == written.account)
        case .mt940:
            #expect(read.balances == written.balances)
            #expect(read.identifier == written.identifier)
            #expect(read.account == BankAccountReference(number: "0012-3456-7890", bankIdentifier: "BNORPHMM"))
            #expect(read.fromDate == written.fromDate && read.toDate == written.toDate)
        case .ofx1, .ofx2:
            #expect(read.balances == [closing])
            #expect(
                read.account
                    == BankAccountReference(number: "BNORPHMM/0012-3456-7890", bankIdentifier: "BNORPHMM"))
            #expect(read.fromDate == written.fromDate && read.toDate == written.toDate)
        case .csv:
            #expect(read.balances == [opening, closing])
            #expect(read.account == BankAccountReference(number: "0012-3456-7890", name: "Demo Company"))
        default:
            Issue.record("not a written format")
        }
    }

    @Test func camtKeepsTheStructuredCreditorReferenceAndMT940AWordedOne() throws {
        var written = Self.statement()
        written.lines[0].creditorReference = "RF18539007547034"
        written.lines[0].remittance = "Payment INV-2026-000012 RF18539007547034"
        written.lines[1].transactionCode = "PMNT/RCDT/ESCT"
        written.lines[2].transactionCode = "NCHK"
        written.lines = Array(written.lines.prefix(3))
        written.balances = []
        let camt = try CamtReader.read(BankStatementWriter.camt053(written, createdAt: Self.createdAt))
        let camtLines = try #require(camt.statements.first).lines
        #expect(camtLines.map(\.creditorReference) == [written.lines[0].creditorReference, nil, nil])
        #expect(camtLines.map(\.remittance) == written.lines.map(\.remittance))
        #expect(camtLines.map(\.transactionCode) == [nil, "PMNT/RCDT/ESCT", "NCHK"])
        // MT940 has no slot for the reference: it stays in the words; its codes are four letters; it needs balances.
        let mt940 = try MT940Reader.read(BankStatementWriter.mt940(written))
        let statement = try #require(mt940.statements.first)
        #expect(mt940.warnings.isEmpty)
        #expect(statement.lines.map(\.remittance) == written.lines.map(\.remittance))
        #expect(statement.lines.map(\.transactionCode) == ["NTRF", "NTRF", "NCHK"])
        let sum = written.lines.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        #expect(statement.balances.map(\.amount) == [Self.php(0), Self.php(sum)])
    }

    @Test func csvAmountsAreGroupedAndQuoted() throws {
        let text = String(decoding: BankStatementWriter.bdoCSV(Self.statement()), as: UTF8.self)
        #expect(text.contains("21-02-2026,21-02-2026,"))
        #expect(text.contains(",\"1,234,567.89\","))
        #expect(text.contains("\"Payment INV-2026-000012 \"\"March\"\" <net>\""))
        #expect(BankStatementWriter.groupedAmount(Self.php(-100_000_00)) == "-100,000.00")
        #expect(BankStatementWriter.groupedAmount(Self.php(99)) == "0.99")
    }
}
