import BentaCore
import BentaStore
import Foundation

/// The reads of My day, the manager's dashboard (issue 14 item 3, issue 13's manager dashboard), that no other
/// service already makes: the manager's open deals per stage, their newest new leads, the names of the records
/// their tasks point at, and the accountant's money queue. Each is one statement; the calls to make, the overdue
/// customers, the attainment and the commission estimate come from their own services.
public struct MyDayService: Sendable {
    let database: any AppDatabase

    init(database: any AppDatabase) {
        self.database = database
    }

    /// The viewer's own open deals per pipeline stage: count and amounts per currency.
    public func pipelineByStage(viewer: Viewer) async throws -> [PipelineStageTotal] {
        try await database.read { db in
            try await MyDayStore(db).openDealsByStage(viewer: viewer, ownerID: viewer.userID)
        }
    }

    /// The viewer's newest `limit` leads with status new, newest first.
    public func newLeads(viewer: Viewer, limit: Int) async throws -> [Lead] {
        try await database.read { db in
            try await MyDayStore(db).newestNewLeads(viewer: viewer, ownerID: viewer.userID, limit: limit)
        }
    }

    /// The names of the accounts and leads `tasks` point at, those the viewer sees.
    public func recordNames(of tasks: [TaskItem], viewer: Viewer) async throws -> RecordNames {
        let accounts = Array(Set(tasks.compactMap(\.accountID))).sorted()
        let leads = Array(Set(tasks.compactMap(\.leadID))).sorted()
        guard !accounts.isEmpty || !leads.isEmpty else { return RecordNames() }
        return try await database.read { db in
            try await MyDayStore(db).names(viewer: viewer, accounts: accounts, leads: leads)
        }
    }

    /// What waits for the finance roles: statement lines to review, payments to allocate, pending 2307s. Throws
    /// `RecordError.forbidden` for a manager, who records no money.
    public func moneyQueue(viewer: Viewer) async throws -> MoneyQueueCounts {
        guard viewer.role != .manager else {
            throw RecordError.forbidden(detail: "The money queue is for the accountant, the head and the admin.")
        }
        return try await database.read { db in try await MyDayStore(db).moneyQueue(viewer: viewer) }
    }
}

extension Services {
    /// The reads of My day.
    public var myDay: MyDayService { MyDayService(database: database) }
}
