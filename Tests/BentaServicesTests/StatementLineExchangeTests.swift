import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Foreign-currency bank statement lines (issue 12, "Exchange differences") on both engines: a USD line is never
/// confirmed at import, since its payment needs the rate the bank converted it at; a person confirms it with
/// `exchange_rate`, and the payment and its allocation are valued and post the exchange difference exactly as a
/// payment recorded through `PaymentService.record`. Peso lines are confirmed at import as before.
@Suite(.timeLimit(.minutes(20))) struct StatementLineExchangeTests {
    static let pesoAccount = "0012345678"
    static let dollarAccount = "0098765432"

    /// A camt.053.001.08 statement of one booked credit of `amount` in `currency` on `date` for `account`.
    static func camt(
        account: String, currency: String, amount: String, reference: String, text: String, date: CalendarDate
    ) -> Data {
        let day = date.iso8601String
        return Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>M-\(reference)</MsgId><CreDtTm>\(day)T18:00:00+08:00</CreDtTm></GrpHdr>
            <Stmt><Id>S-\(reference)</Id><CreDtTm>\(day)T18:00:00+08:00</CreDtTm>
            <Acct><Id><Othr><Id>\(account)</Id></Othr></Id><Ccy>\(currency)</Ccy></Acct>
            <Ntry><Amt Ccy="\(currency)">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>\(day)</Dt></BookgDt><AcctSvcrRef>\(reference)</AcctSvcrRef>
            <NtryDtls><TxDtls><Amt Ccy="\(currency)">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
            <RltdPties><Dbtr><Pty><Nm>Juan Dela Cruz</Nm></Pty></Dbtr></RltdPties>
            <RmtInf><Ustrd>\(text)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            </Stmt></BkToCstmrStmt></Document>

            """.utf8)
    }

    static func importing(
        _ world: TestWorld, account: String, currency: String, amount: String, reference: String, text: String,
        on date: CalendarDate
    ) async throws -> PaymentService.StatementImport {
        try await world.services.payments.importStatement(
            camt(account: account, currency: currency, amount: amount, reference: reference, text: text, date: date),
            fileName: "statement.xml", bankAccountID: nil, profileID: nil, viewer: world.accountant.viewer)
    }

    static func bankAccounts(_ world: TestWorld) async throws {
        for (name, number, currency) in [("BDO peso", pesoAccount, "PHP"), ("BDO dollar", dollarAccount, "USD")] {
            _ = try await world.services.payments.createBankAccount(
                BankAccountDraft(name: name, bank: "BDO Unibank", number: number, iban: nil, currency: currency),
                viewer: world.accountant.viewer)
        }
    }

    /// US$1,120 naming a US$1,000 + VAT invoice issued at 56.00 would be a sure match, but waits in the queue with
    /// the invoice as its best proposal and a warning; confirming it without a rate (or with one that is no number)
    /// is refused and writes nothing; at 57.25 it is Tala's payment carrying the rate, the receivable is cleared at
    /// ₱62,720.00 and ₱1,400.00 is the gain on the exchange difference (ExchangeDifferenceTests' full payment).
    @Test(arguments: TestEngine.available)
    func aDollarLineWaitsForItsRateAndPostsTheGain(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            try await Self.bankAccounts(world)
            let invoice = try await ExchangeDifferenceTests.invoice(world, account: tala, net: "1000")
            let number = try #require(invoice.number)
            let result = try await Self.importing(
                world, account: Self.dollarAccount, currency: "USD", amount: "1120.00", reference: "USD-1",
                text: "Payment \(number)", on: try #require(invoice.issueDate))
            #expect(result.autoMatched == 0)
            #expect(result.statements.map(\.lineCount) == [1])
            #expect(result.warnings.contains { $0.contains("foreign currency: enter the rate") })
            let line = try await StatementMatchingTests.line(world, reference: "USD-1")
            #expect(line.status == .unmatched)
            #expect(line.amount == (try ExchangeDifferenceTests.usd("1120")))
            let candidates = try await payments.candidates(for: line.id, viewer: viewer)
            let best = try #require(candidates.proposals.first)
            #expect(best.invoiceIDs == [invoice.id.description])
            #expect(best.score > PaymentService.autoMatchThreshold)

            let allocations = [AllocationDraft(invoiceID: invoice.id.description, amount: "1120")]
            for (rate, code) in [("", "required_for_foreign_currency"), ("abc", "invalid_number")] {
                do {
                    _ = try await payments.confirmLine(
                        line.id, accountID: tala.id.description, allocations: allocations, exchangeRate: rate,
                        viewer: viewer)
                    Issue.record("a dollar line was confirmed without a usable rate")
                } catch let errors as ValidationErrors {
                    #expect(errors["exchange_rate"].map(\.code) == [code])
                }
            }
            #expect(try await StatementMatchingTests.line(world, reference: "USD-1").status == .unmatched)
            #expect(
                try await payments.list(viewer: viewer, accountID: nil, page: PageRequest(limit: 10)).items.isEmpty)
            #expect(try await ExchangeDifferenceTests.inBase(world)[.cash] == nil)
            let stillOpen = try await PaymentServiceTests.open(world, invoice).open
            #expect(stillOpen == (try ExchangeDifferenceTests.usd("1120")))

            let detail = try await payments.confirmLine(
                line.id, accountID: tala.id.description, allocations: allocations, exchangeRate: "57.25",
                viewer: viewer)
            #expect(detail.payment.amount == (try ExchangeDifferenceTests.usd("1120")))
            #expect(try await StatementMatchingTests.line(world, reference: "USD-1").status == .matched)
            try await ExchangeDifferenceTests.expectPaidInFullAt5725(
                detail, invoice: invoice, world: world, database: database)
            try await ExchangeDifferenceTests.checkInvariants(world, [invoice])
        }
    }

    /// A peso line naming a peso invoice is still confirmed at import (no rate, nothing valued); a peso line a person
    /// confirms with a rate keeps none, as `record` drops it.
    @Test(arguments: TestEngine.available)
    func pesoLinesAreConfirmedAsBefore(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            try await Self.bankAccounts(world)
            let named = try await PaymentServiceTests.invoice(world, account: tala, net: "1000")
            let other = try await PaymentServiceTests.invoice(world, account: tala, net: "3000")
            let day = try #require(named.issueDate)
            let sure = try await Self.importing(
                world, account: Self.pesoAccount, currency: "PHP", amount: "1120.00", reference: "PHP-1",
                text: "Bayad sa \(named.number ?? "")", on: day)
            #expect(sure.autoMatched == 1)
            #expect(!sure.warnings.contains { $0.contains("foreign currency") })
            let matched = try await StatementMatchingTests.line(world, reference: "PHP-1")
            #expect(matched.status == .matched)
            let auto = try await payments.payment(try #require(matched.paymentID), viewer: viewer)
            #expect(auto.payment.exchangeRate == nil)
            #expect(try await PaymentServiceTests.open(world, named).open == .zero(.php))

            _ = try await Self.importing(
                world, account: Self.pesoAccount, currency: "PHP", amount: "3360.00", reference: "PHP-2",
                text: "Salamat po", on: day)
            let waiting = try await StatementMatchingTests.line(world, reference: "PHP-2")
            #expect(waiting.status == .unmatched)
            let confirmed = try await payments.confirmLine(
                waiting.id, accountID: tala.id.description,
                allocations: [AllocationDraft(invoiceID: other.id.description, amount: "3360")], exchangeRate: "57.25",
                viewer: viewer)
            #expect(confirmed.payment.exchangeRate == nil)
            #expect(try await PaymentServiceTests.open(world, other).open == .zero(.php))
            #expect(try await ExchangeDifferenceTests.inBase(world).isEmpty)
            try await ExchangeDifferenceTests.checkInvariants(world, [named, other])
        }
    }
}
