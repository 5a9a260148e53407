import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// Instalments frozen at issue, aging by each instalment's own due date, status facts that hold at once, and an
/// overpayment that stays credit (issue 12), on both engines.
@Suite(.timeLimit(.minutes(20))) struct InvoiceInstalmentTests {
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// An issued invoice of `net` + 12% VAT on `terms` for the first customer of manager 1.
    static func invoice(_ world: TestWorld, net: String, terms: String) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        draft.paymentTerms = terms
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        return try await world.services.invoices.issue(made.id, viewer: world.manager1.viewer, expectedVersion: nil)
    }

    /// Records `amount` received on `day`, all of it applied to `invoice` without withholding.
    static func pay(
        _ world: TestWorld, _ invoice: Invoice, amount: String, on day: CalendarDate
    ) async throws
        -> PaymentDetail
    {
        try await world.services.payments.record(
            PaymentDraft(
                accountID: invoice.accountID.description, receivedOn: day.iso8601String, amount: amount,
                currency: "", method: "bank_transfer", reference: "BDO-1",
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount, withholdings: [])]),
            viewer: world.accountant.viewer)
    }

    static func rows(_ database: any AppDatabase) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                "SELECT invoice_id, seq, company_id, due_date, amount_minor, currency FROM invoice_instalments"
            ).all().map { row in
                [
                    try row.decode(column: "invoice_id", as: String.self),
                    String(try row.decode(column: "seq", as: Int64.self)),
                    try row.decode(column: "company_id", as: String.self),
                    try row.decode(column: "due_date", as: String.self),
                    String(try row.decode(column: "amount_minor", as: Int64.self)),
                    try row.decode(column: "currency", as: String.self),
                ].joined(separator: " ")
            }.sorted()
        }
    }

    /// 50/50 at 30 and 60 days, aged on day 45 with nothing paid: half in 1–30, half not yet due; once the first
    /// half is paid (on day 40), all of the rest is not yet due; on day 61 the rest is 1–30. The buckets add up to
    /// the open amount every time, and the invoice is counted once.
    @Test(arguments: TestEngine.available)
    func anInstalmentInvoiceAgesByEachInstalmentsOwnDueDate(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let invoice = try await Self.invoice(world, net: "10000", terms: "inst_30:50,60:50")
            let issued = try #require(invoice.issueDate)
            #expect(invoice.dueDate == issued.adding(days: 60))
            let stored = try await database.read { db in try await InvoiceStore(db).instalments(of: invoice.id) }
            #expect(
                stored == [
                    InvoiceInstalment(sequence: 1, dueDate: issued.adding(days: 30), amount: try Self.php("5600")),
                    InvoiceInstalment(sequence: 2, dueDate: issued.adding(days: 60), amount: try Self.php("5600")),
                ])
            func aging(_ day: Int) async throws -> AgingRow {
                let rows = try await world.services.payments.aging(
                    viewer: world.accountant.viewer, asOf: issued.adding(days: day), grouping: .customer, cursor: nil,
                    limit: 50
                ).rows
                #expect(rows.count == 1)
                return try #require(rows.first)
            }
            let unpaid = try await aging(45)
            #expect(unpaid.amounts.map(\.minorUnits) == [560_000, 560_000, 0, 0, 0])
            #expect(unpaid.total == (try Self.php("11200")))
            #expect(unpaid.invoiceCount == 1)
            _ = try await Self.pay(world, invoice, amount: "5600", on: issued.adding(days: 40))
            // Before the payment's date it still counts as unpaid.
            #expect(try await aging(39).amounts.map(\.minorUnits) == [560_000, 560_000, 0, 0, 0])
            let paidHalf = try await aging(45)
            #expect(paidHalf.amounts.map(\.minorUnits) == [560_000, 0, 0, 0, 0])
            #expect(paidHalf.invoiceCount == 1)
            #expect(try await aging(61).amounts.map(\.minorUnits) == [0, 560_000, 0, 0, 0])
            // Part of the second half paid too: the rest of the second instalment alone is open.
            _ = try await Self.pay(world, invoice, amount: "1000.01", on: issued.adding(days: 50))
            let most = try await aging(95)
            #expect(most.amounts.map(\.minorUnits) == [0, 0, 459_999, 0, 0])
            #expect(most.invoiceCount == 1)
            // The balance states each instalment with what is open of it, and overdue by the oldest open one.
            let balance = try #require(try await world.services.invoices.balances(of: [invoice])[invoice.id])
            #expect(balance.instalments == stored)
            #expect(balance.instalmentOpenParts == [try Self.php("0"), try Self.php("4599.99")])
            #expect(balance.flags(of: invoice, today: issued.adding(days: 45)) == [.partiallyPaid])
            #expect(balance.flags(of: invoice, today: issued.adding(days: 61)) == [.overdue, .partiallyPaid])
        }
    }

    /// An ordinary invoice is one instalment (its due date, its total); a credit note has none; the rows are never
    /// changed or deleted.
    @Test(arguments: TestEngine.available)
    func ordinaryTermsAreOneInstalmentAndTheRowsAreAppendOnly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let invoice = try await Self.invoice(world, net: "1000", terms: "net_30")
            let note = try await world.services.invoices.creditNote(
                for: invoice.id, request: .amount(try Self.php("112"), taxCategory: .vatable), reason: "Goodwill",
                viewer: world.manager1.viewer)
            let company = world.company.id.description
            #expect(
                try await Self.rows(database) == [
                    "\(invoice.id) 1 \(company) \(try #require(invoice.dueDate).iso8601String) 112000 PHP"
                ])
            #expect(try await database.read { db in try await InvoiceStore(db).instalments(of: note.id) }.isEmpty)
            for statement in [
                "UPDATE invoice_instalments SET amount_minor = 1", "DELETE FROM invoice_instalments",
            ] {
                await #expect(throws: (any Error).self) {
                    try await database.transaction { db in try await db.raw(SQLQueryString(statement)).run() }
                }
            }
            #expect(try await Self.rows(database).count == 1)
        }
    }

    /// Migration 22 writes the rows of invoices issued before it: the same rows issuing writes now (simple terms in
    /// SQL, instalment terms through the core's split), none for a draft or a credit note.
    @Test(arguments: TestEngine.available)
    func theMigrationBackfillsTheInvoicesIssuedBeforeIt(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let simple = try await Self.invoice(world, net: "1000", terms: "net_30")
            _ = try await Self.invoice(world, net: "999.99", terms: "inst_0:33.33,30:33.33,60:33.34")
            _ = try await Self.invoice(world, net: "10000", terms: "eom_15")
            _ = try await world.services.invoices.creditNote(
                for: simple.id, request: .full, reason: "Void", viewer: world.manager1.viewer)
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            _ = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let written = try await Self.rows(database)
            #expect(written.count == 1 + 3 + 1)
            // As before migration 22: no table (dropping it drops its triggers), the migration not recorded.
            try await database.transaction { db in
                try await db.raw("DROP TABLE invoice_instalments").run()
                try await db.raw("DELETE FROM schema_migrations WHERE number = 22").run()
            }
            let applied = try await Migrator().migrate(database, now: Date())
            #expect(applied == [22])
            #expect(try await Self.rows(database) == written)
        }
    }

    /// A customer who pays more than is open: the invoice is paid, never beyond; the rest stays on the payment as
    /// the customer's credit; an allocation above the open amount is refused with nothing changed.
    @Test(arguments: TestEngine.available)
    func anOverpaymentStaysCreditNotPaidBeyond(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let invoice = try await Self.invoice(world, net: "1000", terms: "net_30")
            let issued = try #require(invoice.issueDate)
            await #expect(throws: ValidationErrors.self) {
                _ = try await Self.pay(world, invoice, amount: "1500", on: issued)
            }
            let detail = try await world.services.payments.record(
                PaymentDraft(
                    accountID: invoice.accountID.description, receivedOn: issued.iso8601String, amount: "1500",
                    currency: "", method: "bank_transfer", reference: "BDO-2",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120", withholdings: [])]),
                viewer: world.accountant.viewer)
            #expect(detail.unallocated == (try Self.php("380")))
            let balance = try #require(try await world.services.invoices.balances(of: [invoice])[invoice.id])
            let paid = try Self.php("1120")
            #expect(balance.open.isZero && balance.paid == paid)
            #expect(balance.status(of: invoice, today: issued.adding(days: 40)) == .paid)
            #expect(balance.flags(of: invoice, today: issued.adding(days: 40)).isEmpty)
            #expect(balance.instalmentOpenParts == [try Self.php("0")])
            // The rest cannot be pushed onto the paid invoice.
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.payments.allocate(
                    [AllocationDraft(invoiceID: invoice.id.description, amount: "380", withholdings: [])],
                    paymentID: detail.payment.id, viewer: world.accountant.viewer)
            }
            let aging = try await world.services.payments.aging(
                viewer: world.accountant.viewer, asOf: issued.adding(days: 40), grouping: .customer, cursor: nil,
                limit: 50)
            #expect(aging.rows.isEmpty)
        }
    }
}
