import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The main lists walk an index in page order (issue 11): no scan of the company's accounts and no sort in a
/// temporary B-tree per page. Read from SQLite's `EXPLAIN QUERY PLAN` of the statement each store really sends
/// (PostgreSQL chooses plans by table statistics, which a test database of a few rows does not have).
@Suite(.timeLimit(.minutes(20))) struct ListQueryPlanTests {
    /// The plan of every statement `body` sends through the store, for a manager and for the head.
    static func plans(
        _ body: @escaping @Sendable (any SQLDatabase, Viewer) async throws -> Void
    ) async throws -> [String: [String]] {
        try await TestDatabases.withFresh(.sqlite) { database in
            let world = try await TestWorld.make(database: database)
            var result: [String: [String]] = [:]
            for (name, viewer) in [("manager", world.manager1.viewer), ("head", world.head.viewer)] {
                result[name] = try await database.read { db in
                    let recording = RecordingDatabase(db)
                    try await body(recording, viewer)
                    var lines: [String] = []
                    for statement in recording.statements {
                        lines += try await RecordingDatabase.sqlitePlan(of: statement, on: db)
                    }
                    return lines
                }
            }
            return result
        }
    }

    @Test func theContactListWalksItsIndexInPageOrder() async throws {
        let plans = try await Self.plans { db, viewer in
            _ = try await ContactStore(db).list(viewer: viewer, filter: ContactFilter(), page: PageRequest(limit: 50))
        }
        for (viewer, plan) in plans {
            #expect(plan.contains { $0.contains("contacts_list") }, "\(viewer): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(viewer): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN a") || $0.hasPrefix("SCAN c") }, "\(viewer): \(plan)")
        }
    }

    @Test func theInvoiceListWalksItsIndexInPageOrder() async throws {
        let plans = try await Self.plans { db, viewer in
            _ = try await InvoiceStore(db).list(viewer: viewer, filter: InvoiceFilter(), page: PageRequest(limit: 50))
        }
        for (viewer, plan) in plans {
            #expect(
                plan.first { $0.contains(" i ") || $0.hasSuffix(" i") }?.contains("invoices_list") == true,
                "\(viewer): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(viewer): \(plan)")
        }
    }
}
