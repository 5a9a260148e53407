import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// Issued documents keep what they state (issue 10, items 5 and 8): the figures stored at issue are what every
/// reader gets, migration 11 stores the same figures for documents issued before it, and the date and number are
/// taken inside the issuing transaction.
@Suite(.timeLimit(.minutes(20))) struct IssuedFiguresTests {
    static func line(_ description: String, quantity: String, price: String, category: String = "vatable") -> LineDraft
    {
        var line = LineDraft()
        line.description = description
        line.quantity = quantity
        line.unitPrice = price
        line.taxCategory = category
        return line
    }

    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none, title: "Service Invoice", acknowledgementNumber: "AC-1"),
            viewer: world.admin.viewer, expectedVersion: 0)
        return world
    }

    static func issue(
        _ world: TestWorld, _ lines: [LineDraft], discount: String? = nil, inclusive: Bool = false
    ) async throws -> Invoice {
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = lines
        draft.discount = discount
        draft.pricesIncludeTax = inclusive
        let invoice = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        return try await world.services.invoices.issue(invoice.id, viewer: world.manager1.viewer, expectedVersion: nil)
    }

    static func storedFigures(_ database: any AppDatabase) async throws -> [String: String] {
        try await database.read { db in
            var result: [String: String] = [:]
            for row in try await db.raw("SELECT id, issued_json FROM invoices WHERE status = 'issued'").all() {
                result[try row.decode(column: "id", as: String.self)] =
                    try row.decode(column: "issued_json", as: String?.self) ?? "NULL"
            }
            return result
        }
    }

    /// The backfill of migration 11 stores, for documents issued before it, exactly what issuing stores now.
    @Test(arguments: TestEngine.available)
    func theBackfillStoresWhatIssuingStores(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let mixed = try await Self.issue(
                world,
                [
                    Self.line("Printer", quantity: "3", price: "1000.05"),
                    Self.line("Book", quantity: "1", price: "99.99", category: "exempt"),
                ], discount: "10.00")
            _ = try await Self.issue(world, [Self.line("Unit", quantity: "3", price: "0.10")], inclusive: true)
            _ = try await world.services.invoices.creditNote(
                for: mixed.id, request: .lines([(0, 1)]), reason: "Returned", viewer: world.manager1.viewer)
            let issued = try await Self.storedFigures(database)
            #expect(issued.count == 3)
            #expect(!issued.values.contains("NULL"))
            try await database.transaction { db in
                try await db.raw("UPDATE invoices SET issued_json = NULL").run()
                try await M0011_IssuedFigures().backfill(db)
            }
            let backfilled = try await Self.storedFigures(database)
            for (id, text) in issued {
                let before = try JSONDecoder().decode(IssuedFigures.self, from: Data(text.utf8))
                let after = try JSONDecoder().decode(
                    IssuedFigures.self, from: Data((backfilled[id] ?? "").utf8))
                #expect(after == before, "invoice \(id)")
            }
        }
    }

    /// What is stored at issue is what every reader gets, even where today's code would compute otherwise (as it
    /// would if the rounding rules changed after the document was issued).
    @Test(arguments: TestEngine.available)
    func readersGetTheStoredFiguresNotARecomputation(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let invoice = try await Self.issue(world, [Self.line("Unit", quantity: "3", price: "0.10")])
            var figures = try #require(invoice.issued)
            #expect(figures.totals.totalTax.minorUnits == 4)
            // A document as an older rounding rule would have issued it: VAT 3 centavos (per line), total 0.33.
            figures.totals.totalTax = Money(minorUnits: 3, currency: .php)
            figures.totals.vatAmount = figures.totals.totalTax
            figures.totals.breakdown[0].taxAmount = figures.totals.totalTax
            figures.totals.totalWithTax = Money(minorUnits: 33, currency: .php)
            let stored = try jsonTextForTest(figures)
            try await database.transaction { db in
                try await db.raw(
                    "UPDATE invoices SET issued_json = \(bind: stored) WHERE id = \(bind: invoice.id.description)"
                ).run()
            }
            let read = try await world.services.invoices.invoice(invoice.id, viewer: world.manager1.viewer)
            #expect(try read.totals().totalWithTax.minorUnits == 33)
            let document = try await world.services.invoices.document(invoice.id, viewer: world.manager1.viewer)
            #expect(document.totals.totalTax.minorUnits == 3)
            let ubl = try world.services.invoices.ubl(document)
            #expect(ubl.contains(#"<cbc:TaxInclusiveAmount currencyID="PHP">0.33</cbc:TaxInclusiveAmount>"#))
        }
    }

    /// An invoice that waited for the writer across midnight is dated the day it was numbered, not the day the
    /// request arrived (before: the date was read before the transaction).
    @Test(arguments: TestEngine.available)
    func theIssueDateIsTakenInsideTheIssuingTransaction(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [Self.line("Unit", quantity: "1", price: "100")]
            let invoice = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let manila = TimeZone(identifier: "Asia/Manila") ?? .gmt
            let before = CalendarDate.from(world.clock.now, in: manila)
            let held = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { db in
                    // Holds the invoice (PostgreSQL) and the writer (SQLite) until released.
                    let lock = db.dialect.name == "sqlite" ? "" : " FOR UPDATE"
                    try await db.raw(
                        SQLQueryString("SELECT id FROM invoices WHERE id = '\(invoice.id.description)'\(lock)")
                    ).run()
                    held.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in held.stream { break }
            let issuing = Task {
                try await world.services.invoices.issue(invoice.id, viewer: world.manager1.viewer, expectedVersion: nil)
            }
            try await Task.sleep(for: .milliseconds(300))
            world.clock.advance(by: 86_400)
            release.continuation.yield()
            try await holder.value
            let issued = try await issuing.value
            #expect(issued.issueDate == before.adding(days: 1))
        }
    }

    /// Issuing locks the invoice's row only: on PostgreSQL `FOR UPDATE` on the joined query also locked the
    /// account, so the account's own writers waited for every invoice being issued or credited.
    @Test(.enabled(if: TestEngine.available.contains(.postgres), "needs PostgreSQL (row locks)"))
    func lockingAnInvoiceLeavesItsAccountFree() async throws {
        try await TestDatabases.withFresh(.postgres) { database in
            let world = try await Self.world(database)
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [Self.line("Unit", quantity: "1", price: "100")]
            let invoice = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let held = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { db in
                    _ = try await InvoiceStore(db).find(invoice.id, viewer: world.manager1.viewer, forUpdate: true)
                    held.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in held.stream { break }
            let account = world.manager1Accounts[0].id.description
            var failure: (any Error)?
            do {
                try await database.transaction { db in
                    try await db.raw("SET LOCAL lock_timeout = '5s'").run()
                    try await db.raw(
                        "UPDATE accounts SET notes = 'Called about the invoice' WHERE id = \(bind: account)"
                    ).run()
                }
            } catch {
                failure = error
            }
            release.continuation.yield()
            try await holder.value
            #expect(failure == nil, "the account waited for the invoice's lock: \(String(describing: failure))")
        }
    }
}

private func jsonTextForTest<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
}
