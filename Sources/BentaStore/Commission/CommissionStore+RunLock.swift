import BentaCore
import Foundation
import SQLKit

extension CommissionStore {
    /// Holds the company's commission run for `month` until the transaction ends, so that two runs at once (two app
    /// servers, or two heads pressing "run") take turns: the second then finds the first's drafts and replaces them,
    /// rather than both inserting a statement for the same manager and month. PostgreSQL: a transaction-level
    /// advisory lock; SQLite's writer queue already runs one write transaction at a time.
    public func lockRun(companyID: Company.ID, month: PlanMonth) async throws {
        guard db.dialect.name != "sqlite" else { return }
        let name = "commission_run \(companyID) \(month.text)"
        try await db.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: name), 0))").run()
    }
}
