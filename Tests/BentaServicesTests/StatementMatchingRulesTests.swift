import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@testable import BentaServices

/// Two rules of the statement import's matching (issue 12), on both engines: an invoice issued in instalments may
/// be confirmed by a second line of the same import when that line pays exactly its next unpaid instalment (an
/// ordinary invoice still waits for a person, and so does a line that would pay more than is open); a line that
/// names no invoice, from an unknown account, whose payer is named exactly like one customer, gets that customer's
/// open invoices as suggestions for the reason "payer name" — never confirmed at import, and not when two customers
/// share the name.
@Suite(.timeLimit(.minutes(20))) struct StatementMatchingRulesTests {
    typealias Entry = StatementMatchingTests.Entry

    /// An issued invoice of `net` + 12% VAT for the first customer of manager 1 on `terms` (`inst_…` for
    /// instalments), and its day of issue.
    static func invoice(_ world: TestWorld, net: String, terms: String) async throws -> (Invoice, CalendarDate) {
        let invoice = try await InvoiceInstalmentTests.invoice(world, net: net, terms: terms)
        return (invoice, try #require(invoice.issueDate))
    }

    static func importing(
        _ world: TestWorld, _ entries: [Entry], on day: CalendarDate, linesPerBatch: Int = 500
    ) async throws -> PaymentService.StatementImport {
        try await world.services.payments.importStatement(
            StatementMatchingTests.camt(entries, date: day), fileName: "statement.xml", bankAccountID: nil,
            profileID: nil, viewer: world.accountant.viewer, writes: .batched, linesPerBatch: linesPerBatch)
    }

    /// 50/50 at 30 and 60 days (₱5,600 each): two lines of one statement, each naming the invoice and paying one
    /// instalment, are both confirmed — the second against the open amount left by the first — whether they are
    /// in one batch (matched again once the first is recorded) or in two; the invoice is then paid.
    @Test(arguments: TestEngine.available)
    func aSecondLinePayingTheNextInstalmentIsConfirmed(engine: TestEngine) async throws {
        for linesPerBatch in [500, 1] {
            try await TestDatabases.withFresh(engine) { database in
                let world = try await PaymentServiceTests.world(database)
                _ = try await StatementMatchingTests.bankAccount(world)
                let (invoice, issued) = try await Self.invoice(world, net: "10000", terms: "inst_30:50,60:50")
                let number = invoice.number ?? ""
                let result = try await Self.importing(
                    world,
                    [
                        Entry(amount: "5600.00", reference: "I-1", text: "First instalment \(number)"),
                        Entry(amount: "5600.00", reference: "I-2", text: "Second instalment \(number)"),
                    ], on: issued.adding(days: 30), linesPerBatch: linesPerBatch)
                #expect(result.autoMatched == 2, "batches of \(linesPerBatch)")
                #expect(result.warnings.isEmpty, "batches of \(linesPerBatch)")
                for reference in ["I-1", "I-2"] {
                    let line = try await StatementMatchingTests.line(world, reference: reference)
                    #expect(line.status == .matched, "\(reference), batches of \(linesPerBatch)")
                    let payment = try await world.services.payments.payment(
                        try #require(line.paymentID), viewer: world.accountant.viewer)
                    #expect(payment.allocations.map(\.invoiceID) == [invoice.id])
                    #expect(payment.allocations.map(\.cash) == [try PaymentServiceTests.php("5600")])
                }
                #expect(try await PaymentServiceTests.open(world, invoice).open == .zero(.php))
                try await StatementMatchingTests.expectReceivables(world, [invoice])
            }
        }
    }

    /// An invoice of one due date paid in full by a line: a second line naming it with the same amount waits for
    /// a person, in the same batch or the next.
    @Test(arguments: TestEngine.available)
    func aSecondLineNamingAnOrdinaryInvoiceWaits(engine: TestEngine) async throws {
        for linesPerBatch in [500, 1] {
            try await TestDatabases.withFresh(engine) { database in
                let world = try await PaymentServiceTests.world(database)
                _ = try await StatementMatchingTests.bankAccount(world)
                let (invoice, issued) = try await Self.invoice(world, net: "10000", terms: "net_30")
                let number = invoice.number ?? ""
                let result = try await Self.importing(
                    world,
                    [
                        Entry(amount: "11200.00", reference: "O-1", text: "Payment \(number)"),
                        Entry(amount: "11200.00", reference: "O-2", text: "Payment \(number)"),
                    ], on: issued, linesPerBatch: linesPerBatch)
                #expect(result.autoMatched == 1, "batches of \(linesPerBatch)")
                #expect(try await StatementMatchingTests.line(world, reference: "O-1").status == .matched)
                let second = try await StatementMatchingTests.line(world, reference: "O-2")
                #expect(second.status == .unmatched, "batches of \(linesPerBatch)")
                #expect(second.paymentID == nil)
                #expect(try await PaymentServiceTests.open(world, invoice).open == .zero(.php))
            }
        }
    }

    /// The first instalment paid by a line from the customer's account; a second line of the same import, from
    /// the same (now known) account, in the customer's name, on the due date and naming the invoice — sure enough
    /// for the matcher — pays ₱6,000 where ₱5,600 is open: it would leave ₱400 over, so it waits.
    @Test(arguments: TestEngine.available)
    func aSecondLineThatWouldOverpayWaits(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            _ = try await StatementMatchingTests.bankAccount(world)
            let (invoice, issued) = try await Self.invoice(world, net: "10000", terms: "inst_30:50,60:50")
            let number = invoice.number ?? ""
            let payer = world.manager1Accounts[0].fields.name
            let result = try await Self.importing(
                world,
                [
                    Entry(
                        amount: "5600.00", reference: "P-1", text: "First instalment \(number)", payer: payer,
                        account: "3005-551-234"),
                    Entry(
                        amount: "6000.00", reference: "P-2", text: "Balance \(number)", payer: payer,
                        account: "3005-551-234"),
                ], on: issued.adding(days: 60), linesPerBatch: 1)
            #expect(result.autoMatched == 1)
            #expect(try await StatementMatchingTests.line(world, reference: "P-1").status == .matched)
            let second = try await StatementMatchingTests.line(world, reference: "P-2")
            #expect(second.status == .unmatched)
            // The matcher is sure of it on its own (a person sees it first).
            let proposals = try await world.services.payments.candidates(
                for: second.id, viewer: world.accountant.viewer
            ).proposals
            #expect(proposals.first?.invoiceIDs == [invoice.id.description])
            #expect((proposals.first?.score ?? 0) > PaymentService.autoMatchThreshold)
            #expect(proposals.first?.unallocated == (try PaymentServiceTests.php("400")))
            #expect(try await PaymentServiceTests.open(world, invoice).open == (try PaymentServiceTests.php("5600")))
        }
    }

    /// A line of ₱5,000 saying only "Salamat po", from an account nobody paid from, by "TALA FOODS CORP.": the
    /// matcher finds nothing, the payer-name look-up suggests Tala Foods' two open invoices (oldest first, reason
    /// "payer name"), and the import confirms nothing. Once a second customer is named "Tala Foods" too, the name
    /// suggests nobody.
    @Test(arguments: TestEngine.available)
    func aPayerNamedLikeOneCustomerGetsItsOpenInvoicesAsSuggestions(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            _ = try await StatementMatchingTests.bankAccount(world)
            let older = try await PaymentServiceTests.invoice(world, account: tala, net: "10000")
            let newer = try await PaymentServiceTests.invoice(world, account: tala, net: "20000")
            _ = try await PaymentServiceTests.invoice(world, account: world.manager1Accounts[1], net: "10000")
            let day = try #require(older.issueDate)
            let result = try await StatementMatchingTests.importing(
                world,
                [
                    Entry(amount: "5000.00", reference: "N-1", text: "Salamat po", payer: "TALA FOODS CORP."),
                    Entry(
                        amount: "5000.00", reference: "N-2", text: "Salamat po", payer: "TALA FOODS CORP.",
                        account: "7777-000-111"),
                ], on: day)
            #expect(result.autoMatched == 0)
            let line = try await StatementMatchingTests.line(world, reference: "N-1")
            #expect(line.status == .unmatched)
            let suggested = try await payments.candidates(for: line.id, viewer: viewer)
            #expect(suggested.proposals.map(\.invoiceIDs) == [[older.id.description], [newer.id.description]])
            #expect(suggested.proposals.allSatisfy { $0.reasons == [.payerName] })
            #expect(suggested.proposals.allSatisfy { $0.customerID == tala.id.description })
            #expect(suggested.proposals.allSatisfy { $0.score < PaymentService.autoMatchThreshold })
            let five = try PaymentServiceTests.php("5000")
            #expect(suggested.proposals.map(\.allocations.first?.cash) == [five, five])
            #expect(suggested.invoiceNumbers[older.id.description] == older.number)

            // A payer account confirmed for Bituin: the account speaks, not the name.
            let known = try await StatementMatchingTests.line(world, reference: "N-2")
            _ = try await database.transaction { db in
                try await MatchCandidateStore(db).rememberPayerAccount(
                    "7777-000-111", customer: world.manager1Accounts[1].id, companyID: world.company.id,
                    at: world.clock.now)
            }
            let byAccount = try await payments.candidates(for: known.id, viewer: viewer)
            #expect(!byAccount.proposals.contains { $0.reasons.contains(.payerName) })

            // Two customers of that name: the name is no one customer's.
            var draft = AccountDraft()
            draft.name = "Tala Foods"
            draft.tin = "333444555"
            _ = try await world.services.accounts.create(draft, viewer: world.manager2.viewer)
            let ambiguous = try await payments.candidates(for: line.id, viewer: viewer)
            #expect(ambiguous.proposals.isEmpty)
        }
    }
}
