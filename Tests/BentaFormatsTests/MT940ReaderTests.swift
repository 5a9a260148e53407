import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct MT940ReaderTests {
    static func fixture(_ name: String) throws -> BankFile {
        try MT940Reader.read(Data(contentsOf: TestFiles.fixture("bank/mt940/\(name)")))
    }

    static func php(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .php) }

    static func day(_ year: Int, _ month: Int, _ day: Int) throws -> CalendarDate {
        try #require(CalendarDate(year: year, month: month, day: day))
    }

    // MARK: - Own fixtures (Fixtures/bank/mt940)

    @Test func balancedStatementWithSwiftBlocksReadsEveryPart() throws {
        let file = try Self.fixture("ph-balanced.sta")
        #expect(file.format == .mt940)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(statement.identifier == "BENTA260301 00042/001")
        #expect(statement.account == BankAccountReference(number: "001234567890", bankIdentifier: "BNORPHMM"))
        #expect(statement.currency == .php)
        #expect(statement.fromDate == (try Self.day(2026, 3, 1)))
        #expect(statement.toDate == (try Self.day(2026, 3, 5)))
        #expect(
            statement.balances == [
                BankBalance(kind: .opening, amount: Self.php(25_000_000), date: try Self.day(2026, 3, 1)),
                BankBalance(kind: .closing, amount: Self.php(35_790_000), date: try Self.day(2026, 3, 5)),
                BankBalance(kind: .available, amount: Self.php(35_790_000), date: try Self.day(2026, 3, 5)),
            ])
        #expect(statement.lines.map(\.amount) == [Self.php(11_200_000), Self.php(-560_000), Self.php(150_000)])

        let payment = statement.lines[0]
        #expect(payment.bookingDate == (try Self.day(2026, 3, 2)))
        #expect(payment.valueDate == (try Self.day(2026, 3, 2)))
        #expect(payment.bankReference == "PH26030200001")
        #expect(payment.counterpartyName == "Tala Foods Trading Corp")
        #expect(payment.counterpartyAccount == "009988776655")
        #expect(payment.remittance == "Bayad para sa INV-2026-000123")
        #expect(payment.endToEndID == "TALA-0302-01")
        #expect(payment.transactionCode == "NTRF")
        #expect(!payment.isReversal)
        #expect(payment.isBooked)

        #expect(statement.lines[1].remittance == "Buwanang singil ng bangko")
        #expect(statement.lines[1].bankReference == "PH26030300007")
    }

    @Test func reversalOfADebitIsMoneyInAndMarkedAsReversal() throws {
        let statement = try #require(try Self.fixture("ph-balanced.sta").statements.first)
        let reversal = statement.lines[2]
        #expect(reversal.isReversal)
        #expect(reversal.amount == Self.php(150_000))
        #expect(reversal.transactionCode == "NDDT")
    }

    @Test func multiStatementFileChecksBalancesPerStatement() throws {
        let file = try Self.fixture("ph-multi-statement.sta")
        #expect(
            file.statements.map(\.identifier) == [
                "BENTA261230 00101/001", "BENTA261231 00101/002", "BENTA270103 00102/001",
            ])
        #expect(file.statements.map(\.lines.count) == [1, 3, 0])
        // Only the third statement does not add up: 12000.00 opening, no lines, 11000.00 closing.
        #expect(file.warnings.map(\.code) == [.balanceMismatch])
        #expect(file.warnings.first?.position.contains("BENTA270103") == true)
        #expect(file.warnings.first?.message.contains("12000.00 PHP") == true)

        let second = file.statements[1]
        #expect(second.balances.map(\.kind) == [.opening, .closing])
        #expect(second.lines.map(\.amount) == [Self.php(-50_050), Self.php(-100_000), Self.php(100_000)])
        // RC: the reversal of a credit takes money out.
        #expect(second.lines.map(\.isReversal) == [false, true, false])
        #expect(second.lines[2].remittance == "Bituin Hardware INV-2026-001001")
    }

    @Test func entryDateInJanuaryAfterADecemberValueDateIsInTheNextYear() throws {
        let line = try #require(try Self.fixture("ph-multi-statement.sta").statements.first?.lines.first)
        #expect(line.valueDate == (try Self.day(2026, 12, 31)))
        #expect(line.bookingDate == (try Self.day(2027, 1, 2)))
        // Free-text details over two lines are joined with a space.
        #expect(line.remittance == "Bayad ng Kapihan sa Cebu INV-2026-000998")
        #expect(line.amount == Self.php(250_050))
    }

    @Test func edgeCasesReadWithWarningsNotErrors() throws {
        // ISO-8859-1 bytes, CRLF, no final line break, "1000," amount, 30 February, empty :86:, no entry date.
        let data = try Data(contentsOf: TestFiles.fixture("bank/mt940/ph-edge-cases.sta"))
        #expect(String(data: data, encoding: .utf8) == nil)
        let file = try MT940Reader.read(data)
        let statement = try #require(file.statements.first)
        #expect(statement.account.number == "PH-CHK-778899")
        #expect(statement.balances.first?.amount == Self.php(100_000))
        #expect(statement.lines.map(\.amount) == [Self.php(20_000), Self.php(-50)])
        let february = statement.lines[0]
        #expect(february.valueDate == (try Self.day(2026, 2, 28)))
        #expect(february.bookingDate == (try Self.day(2026, 2, 28)))
        #expect(february.remittance == "")
        #expect(february.bankReference == nil)
        #expect(statement.lines[1].remittance == "Peñafrancia Bakeshop bayad")
        #expect(statement.lines[1].bookingDate == (try Self.day(2026, 3, 1)))
        // The statement balances: the only warning is the impossible date.
        #expect(file.warnings.count == 1)
        #expect(file.warnings.first?.message.contains("2026-2-30") == true)
        #expect(file.warnings.first?.position == "line 5")
    }

    @Test func germanGVCodesGiveNameAccountEndToEndAndRemittance() throws {
        let file = try Self.fixture("ph-gv-codes.sta")
        #expect(file.warnings.isEmpty)
        let line = try #require(file.statements.first?.lines.first)
        #expect(line.amount == Self.php(5_600_000))
        #expect(line.counterpartyName == "PENAFRANCIA BAKESHOP INC")
        #expect(line.counterpartyAccount == "PH0099887766")
        #expect(line.endToEndID == "PENA-2026-0310")
        // ?21 and ?22 are joined without a space: the invoice number wrapped between them comes back whole.
        #expect(line.remittance == "Bayad sa INV-2026-000123 salamat")
        #expect(line.transactionCode == "N166")
        #expect(line.bankReference == "PH26031000042")
    }

    @Test func interimReportIsMT942WithBookedLines() throws {
        let file = try Self.fixture("ph-interim.sta")
        #expect(file.format == .mt942)
        let statement = try #require(file.statements.first)
        #expect(statement.currency == .php)
        #expect(statement.account.number == "001234567890")
        #expect(statement.createdAt == Date(timeIntervalSince1970: 1_772_692_200))
        #expect(statement.balances.isEmpty)
        #expect(statement.lines.count == 1)
        #expect(statement.lines.first?.isBooked == true)
        #expect(statement.lines.first?.amount == Self.php(3_360_000))
        #expect(statement.lines.first?.counterpartyName == "Bituin Hardware")
        #expect(statement.lines.first?.remittance == "INV-2026-000130")
    }

    @Test(arguments: [
        ("000000000147,64", Int64(14_764)), ("500,", 50_000), ("0,5", 50), ("380115,1", 38_011_510), ("7", 700),
    ])
    func commaAmountsAreExact(text: String, minorUnits: Int64) throws {
        let data = Data(":20:X\n:25:1\n:60F:C260101PHP\(text)\n-\n".utf8)
        let balance = try #require(try MT940Reader.read(data).statements.first?.balances.first)
        #expect(balance.amount == Self.php(minorUnits))
    }

    @Test func amountWithTooManyDecimalsIsRoundedWithAWarning() throws {
        let data = Data(":20:X\n:25:1\n:60F:C260101PHP1,005\n:61:260101C1,005NTRFNONREF\n:62F:C260101PHP2,02\n-\n".utf8)
        let file = try MT940Reader.read(data)
        #expect(file.statements.first?.lines.first?.amount == Self.php(101))
        #expect(file.warnings.map(\.code) == [.amountRounded, .amountRounded])
    }

    @Test func unknownCurrencyKeepsItsCodeWithTwoDecimals() throws {
        let data = Data(":20:X\n:25:1\n:60F:C260101ZZZ12,34\n-\n".utf8)
        let statement = try #require(try MT940Reader.read(data).statements.first)
        #expect(statement.currency == Currency(code: "ZZZ", minorUnitDigits: 2, symbol: "ZZZ"))
        #expect(statement.balances.first?.amount.minorUnits == 1234)
    }

    @Test func ibanAccountWithCurrencySuffixIsRecognised() throws {
        let reference = MT940Reader.parseAccount("NL91ABNA0417164300EUR")
        #expect(reference.reference.iban == "NL91ABNA0417164300")
        #expect(reference.currencySuffix == "EUR")
        #expect(MT940Reader.parseAccount("NL91ABNA0417164301").reference.iban == nil)
    }

    @Test func unreadableStatementLineIsSkippedWithAWarning() throws {
        let data = Data(":20:X\n:25:1\n:60F:C260101PHP0,00\n:61:garbage\n:62F:C260101PHP0,00\n-\n".utf8)
        let file = try MT940Reader.read(data)
        #expect(file.statements.first?.lines.isEmpty == true)
        #expect(file.warnings.map(\.code) == [.skipped])
        #expect(file.warnings.first?.position == "line 4")
    }

    // MARK: - Hostile input

    @Test func randomBytesAreAClearErrorNotACrash() throws {
        var random = SeededRandom(seed: 0x6265_6E74_61)
        for _ in 0..<20 {
            let bytes = (0..<2048).map { _ in UInt8(random.next(256)) }
            #expect(throws: BankFileError.self) { try MT940Reader.read(Data(bytes)) }
            do {
                _ = try MT940Reader.read(Data(bytes))
            } catch {
                #expect(error.code == .unrecognised)
            }
        }
    }

    @Test func emptyFileAndPlainTextAreUnrecognised() {
        for text in ["", "\n\n", "Dear customer,\nyour statement is attached.\n"] {
            #expect(throws: BankFileError(code: .unrecognised, message: Self.unrecognisedMessage)) {
                try MT940Reader.read(Data(text.utf8))
            }
        }
    }

    static let unrecognisedMessage =
        "not an MT940/MT942 file: no line starts with a SWIFT field tag such as :20:, :60F: or :61:"

    @Test func mangledFixturesNeverCrash() throws {
        var random = SeededRandom(seed: 940)
        let names = ["ph-balanced.sta", "ph-multi-statement.sta", "ph-gv-codes.sta", "ph-edge-cases.sta"]
        for name in names {
            let original = try [UInt8](Data(contentsOf: TestFiles.fixture("bank/mt940/\(name)")))
            for _ in 0..<50 {
                var bytes = original
                for _ in 0..<8 {
                    bytes[random.next(bytes.count)] = UInt8(random.next(256))
                }
                let cut = random.next(bytes.count + 1)
                // Any outcome but a crash: a file (perhaps with warnings) or a BankFileError.
                _ = try? MT940Reader.read(Data(bytes.prefix(cut)))
                _ = try? MT940Reader.read(Data(bytes))
            }
        }
    }

    // MARK: - Conformance (shared/testdata/bank/mt940)

    /// The files the reference parser (mt-940 5.1.1) cannot read; any clear outcome is fine for them.
    static let unreadableByReference: Set<String> = [
        "ASNB/mt940.txt", "ASNB/mt940_with_spaces_for_entry_date.txt", "betterplace/empty_86.sta",
        "self-provided/invalid_statement.sta",
    ]

    static func sampleFiles() -> [URL] {
        Samples.files(in: "bank/mt940", withExtensions: ["sta", "txt"])
    }

    static func relativeName(_ url: URL) -> String {
        let parts = url.pathComponents
        return parts.suffix(2).joined(separator: "/")
    }

    @Test(.conformance) func everySampleReadsOrFailsClearly() throws {
        let files = Self.sampleFiles()
        #expect(files.count == 55)
        var read = 0
        for url in files {
            let name = Self.relativeName(url)
            do {
                let file = try MT940Reader.read(Data(contentsOf: url))
                read += 1
                for statement in file.statements {
                    for line in statement.lines {
                        #expect(line.amount.currency == statement.currency, "\(name)")
                    }
                }
            } catch let error as BankFileError {
                #expect(Self.unreadableByReference.contains(name), "\(name): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(read >= 51)
    }

    @Test(.conformance) func actualBudgetSampleBalancesWithItsSixLines() throws {
        let file = try MT940Reader.read(Data(contentsOf: try Samples.url("bank/mt940/actualbudget/data.sta")))
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(statement.account.iban == "FR7630006000011234567890189")
        #expect(statement.currency == .eur)
        let euro = { (cents: Int64) in Money(minorUnits: cents, currency: .eur) }
        #expect(
            statement.lines.map(\.amount) == [
                euro(-4250), euro(120_000), euro(-8999), euro(-1500), euro(-2480), euro(-3100),
            ])
        #expect(statement.balances.first { $0.kind == .opening }?.amount == euro(150_000))
        #expect(statement.balances.first { $0.kind == .closing }?.amount == euro(249_671))
        #expect(statement.lines.map(\.bankReference) == (1...6).map { "BANKREF00\($0)" })
        let first = statement.lines[0]
        #expect(first.counterpartyName == "Boulangerie L'Étoile")
        #expect(first.counterpartyAccount == "FR1420041010050500013M02606")
        #expect(first.remittance == "Facture 2025-0042")
        #expect(statement.lines[2].counterpartyName == "MÜLLER GMBH")
        #expect(statement.lines[2].remittance == "Rechnung 4711")
        #expect(statement.lines[4].remittance == "A44?Librairie Gibert Joseph Virement en ligne")
    }

    @Test(.conformance, arguments: ["wolph-mt940/mBank/mt940.sta", "wolph-mt940/sberbank/171011_01234945.sta"])
    func sampleBalancesWithoutWarning(path: String) throws {
        let file = try MT940Reader.read(Data(contentsOf: try Samples.url("bank/mt940/\(path)")))
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(file.statements.count == 1)
        #expect(file.statements.first?.lines.isEmpty == false)
    }

    @Test(.conformance) func sampleEdgeCasesReadAsExpected() throws {
        func sample(_ path: String) throws -> BankFile {
            try MT940Reader.read(Data(contentsOf: try Samples.url("bank/mt940/wolph-mt940/\(path)")))
        }
        let february = try sample("self-provided/february_30.sta")
        #expect(february.statements.first?.lines.first?.valueDate == CalendarDate(year: 2016, month: 2, day: 29))
        #expect(february.statements.first?.lines.first?.bookingDate == CalendarDate(year: 2016, month: 3, day: 1))
        #expect(february.warnings.contains { $0.message.contains("does not exist") })

        let interim = try sample("mBank/mt942.sta")
        #expect(interim.format == .mt942)
        #expect(interim.statements.first?.lines.count == 3)
        #expect(interim.statements.first?.lines.allSatisfy(\.isBooked) == true)

        let gvCodes = try sample("self-provided/gv_codes.sta")
        let spotify = try #require(gvCodes.statements.first?.lines.first)
        #expect(spotify.amount == Money(minorUnits: -23315, currency: .eur))
        #expect(spotify.counterpartyName?.hasPrefix("PayPal (Europe)") == true)
        #expect(spotify.remittance.contains("SPOTIFY"))

        let rabobank = try sample("jejik/rabobank-iban.sta")
        #expect(rabobank.statements.count == 2)
        // The anonymised IBAN fails its check digits, so it is kept as a number; the key is the same.
        #expect(rabobank.statements.first?.account.key == "NL71RABO0123456789")
        #expect(rabobank.statements.first?.lines.last?.counterpartyName == "JOHN DOE")
        #expect(rabobank.statements.first?.lines.last?.remittance == "Reference 201301234")

        let sparkassen = try sample("self-provided/sparkassen.sta")
        #expect(sparkassen.statements.first?.lines.first?.amount.minorUnits == 3000)

        let citi = try sample("citi/mt940.txt")
        #expect(citi.statements.first?.lines.count == 5)
        #expect(citi.statements.first?.currency == .usd)
    }
}
