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

    /// Checks a list's plan: the statements that walk `alias` use `indexes`, in order, and the only sorts are the
    /// merge of a union's parts' pages (right after reading a part: `SCAN part<n>`).
    static func expectWalks(
        _ plan: [String], of viewer: String, alias: String, indexes: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let walks = plan.filter { $0.hasPrefix("SEARCH \(alias) ") || $0.hasPrefix("SCAN \(alias)") }
        let walked = walks.map { String($0.components(separatedBy: "INDEX ").last?.split(separator: " ").first ?? "") }
        #expect(walked == indexes, "\(viewer): \(plan)", sourceLocation: sourceLocation)
        #expect(
            plan.indices.allSatisfy { !plan[$0].contains("TEMP B-TREE") || plan[$0 - 1].hasPrefix("SCAN part") },
            "\(viewer): \(plan)", sourceLocation: sourceLocation)
    }

    /// The head's list walks `contacts_list_visible`; a manager's is a union whose parts each walk their own index
    /// (migration 47: own accounts' contacts, then each team's shared ones) and read no account. The only sorts are
    /// the union's merge of the parts' pages (right after reading a part: `SCAN part<n>`).
    @Test func theContactListWalksItsIndexInPageOrder() async throws {
        let plans = try await Self.plans { db, viewer in
            _ = try await ContactStore(db).list(viewer: viewer, filter: ContactFilter(), page: PageRequest(limit: 50))
        }
        for (viewer, plan) in plans {
            let indexes = viewer == "head" ? ["contacts_list_visible"] : ["contacts_owner_page", "contacts_team_page"]
            Self.expectWalks(plan, of: viewer, alias: "c", indexes: indexes)
            #expect(!plan.contains { $0.hasPrefix("SCAN a") || $0.hasPrefix("SCAN c") }, "\(viewer): \(plan)")
            #expect(viewer == "head" || !plan.contains { $0.contains(" a ") }, "\(viewer) reads no account: \(plan)")
        }
    }

    /// The head's list walks `invoices_list`; a manager's is a union whose parts each walk their own index
    /// (migration 48: own accounts' invoices, then each team's shared ones), with or without the overdue filter. The
    /// only sorts are the union's merge of the parts' pages (right after reading a part: `SCAN part<n>`).
    @Test(arguments: [false, true])
    func theInvoiceListWalksItsIndexInPageOrder(overdue: Bool) async throws {
        let plans = try await Self.plans { db, viewer in
            var filter = InvoiceFilter()
            if overdue {
                filter.status = .issued
                filter.mayBeOverdueOn = CalendarDate(year: 2026, month: 12, day: 7)
            }
            _ = try await InvoiceStore(db).list(viewer: viewer, filter: filter, page: PageRequest(limit: 50))
        }
        for (viewer, plan) in plans {
            let indexes = viewer == "head" ? ["invoices_list"] : ["invoices_owner_page", "invoices_team_page"]
            Self.expectWalks(plan, of: viewer, alias: "i", indexes: indexes)
        }
    }
}
