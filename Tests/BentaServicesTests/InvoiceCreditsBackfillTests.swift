import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// Migration 10 fills what was credited per line and per category from the credit notes issued before it.
@Suite(.timeLimit(.minutes(20))) struct InvoiceCreditsBackfillTests {
    static func snapshot(_ database: any AppDatabase) async throws -> [String] {
        try await database.read { db in
            let lines = try await db.raw(
                """
                SELECT credit_note_id, note_position, invoice_id, line_position, quantity, amount_minor
                FROM invoice_line_credits
                """
            ).all().map { row in
                [
                    try row.decode(column: "credit_note_id", as: String.self),
                    String(try row.decode(column: "note_position", as: Int64.self)),
                    try row.decode(column: "invoice_id", as: String.self),
                    String(try row.decode(column: "line_position", as: Int64.self)),
                    try row.decode(column: "quantity", as: String.self),
                    String(try row.decode(column: "amount_minor", as: Int64.self)),
                ].joined(separator: " ")
            }
            let taxes = try await db.raw(
                "SELECT credit_note_id, invoice_id, tax_category, taxable_minor, tax_minor FROM invoice_tax_credits"
            ).all().map { row in
                [
                    try row.decode(column: "credit_note_id", as: String.self),
                    try row.decode(column: "invoice_id", as: String.self),
                    try row.decode(column: "tax_category", as: String.self),
                    String(try row.decode(column: "taxable_minor", as: Int64.self)),
                    String(try row.decode(column: "tax_minor", as: Int64.self)),
                ].joined(separator: " ")
            }
            return (lines + taxes).sorted()
        }
    }

    @Test(arguments: TestEngine.available)
    func theBackfillRecordsWhatTheIssuedCreditNotesTook(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let viewer = world.manager1.viewer
            func issued(_ lines: [(String, String, String)], discount: String? = nil) async throws -> Invoice {
                var draft = InvoiceDraft()
                draft.accountID = world.manager1Accounts[0].id.description
                draft.discount = discount
                draft.lines = lines.map { description, quantity, category in
                    var line = LineDraft()
                    line.description = description
                    line.quantity = quantity
                    line.unitPrice = "250.00"
                    line.taxCategory = category
                    return line
                }
                let invoice = try await services.invoices.create(draft, viewer: viewer)
                return try await services.invoices.issue(invoice.id, viewer: viewer, expectedVersion: nil)
            }
            let whole = try await issued([("Desk", "2", "vatable"), ("Book", "1", "exempt")], discount: "100")
            _ = try await services.invoices.creditNote(for: whole.id, request: .full, reason: "Void", viewer: viewer)
            let partly = try await issued([("Desk", "3", "vatable"), ("Export", "2", "zero_rated")])
            _ = try await services.invoices.creditNote(
                for: partly.id, request: .lines([(1, 1), (0, 2)]), reason: "Returned", viewer: viewer)
            _ = try await services.invoices.creditNote(
                for: partly.id, request: .amount(try Money(decimalString: "10", currency: .php), taxCategory: .vatable),
                reason: "Goodwill", viewer: viewer)
            let recorded = try await Self.snapshot(database)
            #expect(recorded.count == 4 + 4 + 1)
            try await database.transaction { db in
                try await db.raw("DELETE FROM invoice_line_credits").run()
                try await db.raw("DELETE FROM invoice_tax_credits").run()
                for statement in M0010_InvoiceCredits.backfill { try await db.raw(SQLQueryString(statement)).run() }
            }
            #expect(try await Self.snapshot(database) == recorded)
            // What the backfill recorded caps the next credits as before.
            let again = try? await services.invoices.creditNote(
                for: partly.id, request: .lines([(0, 2)]), reason: "Again", viewer: viewer)
            #expect(again == nil)
        }
    }
}
