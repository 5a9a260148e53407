import BentaCore
import BentaStore
import Foundation

/// Split credit on deals (issue 13, DOMAIN.md §4 "split credit"): the managers who share a deal's credit and their
/// percentages. The deal, its invoices and credit notes and the payments allocated to them are credited by the
/// split on every basis (`CreditEventStore`), so attainment, the leaderboard and commission runs all count each
/// manager's share; a deal without a split credits its owner at the time.
extension PlanService {
    /// The deal's split; nil when its owner is credited. Anyone who sees the deal reads it; a deal the viewer does
    /// not see is `RecordError.notFound`.
    public func creditSplit(dealID: Deal.ID, viewer: Viewer) async throws -> CreditSplit? {
        try await versionedCreditSplit(dealID: dealID, viewer: viewer).split
    }

    /// The deal's split with its version (0 until first set), which a change names.
    public func versionedCreditSplit(
        dealID: Deal.ID, viewer: Viewer
    ) async throws -> (split: CreditSplit?, version: Int64) {
        try await database.read { db in
            guard try await DealStore(db).find(dealID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "deal")
            }
            let store = CreditSplitStore(db)
            return (
                try await store.split(dealID: dealID.description, companyID: viewer.companyID),
                try await store.version(dealID: dealID.description, companyID: viewer.companyID)
            )
        }
    }

    /// Sets an open deal's split, or removes it with nil so the owner is credited (head or admin), with the audit
    /// row. Each manager in the split must be an active manager or head of the company (`shares[i].manager_id`:
    /// "not_a_manager"); a deal already won or lost keeps the split it was credited with (409 `deal_closed`), so
    /// no approved commission statement meets a credit it did not see. Nothing is changed on any error.
    public func setCreditSplit(_ split: CreditSplit?, dealID: Deal.ID, viewer: Viewer) async throws -> CreditSplit? {
        try await setCreditSplit(split, dealID: dealID, viewer: viewer, expectedVersion: nil).split
    }

    /// ``setCreditSplit(_:dealID:viewer:)`` at the version read (issue 15): a change made meanwhile is
    /// `RecordError.staleVersion` (412) and nothing changes; nil checks no version. Returns the split and its new
    /// version.
    public func setCreditSplit(
        _ split: CreditSplit?, dealID: Deal.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> (split: CreditSplit?, version: Int64) {
        try Self.requirePlanner(viewer)
        let audit = audit
        return try await database.transaction { db in
            guard let deal = try await DealStore(db).find(dealID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "deal")
            }
            guard deal.status == .open else {
                throw RecordError.conflict(
                    code: "deal_closed", detail: "The deal is \(deal.status.rawValue); its credit split is fixed.")
            }
            let users = Dictionary(
                try await UserStore(db).all(companyID: viewer.companyID).map { ($0.id.description, $0) },
                uniquingKeysWith: { first, _ in first })
            var errors = ValidationErrors()
            for (index, share) in (split?.shares ?? []).enumerated() {
                let user = users[share.managerID.lowercased()]
                if user == nil || user?.isActive != true || !(user?.role == .manager || user?.role == .head) {
                    errors.add(
                        field: "shares[\(index)].manager_id", code: "not_a_manager",
                        message: "Only active sales managers and heads share a deal's credit.")
                }
            }
            let store = CreditSplitStore(db)
            let company = viewer.companyID
            guard
                let version = try await store.raiseVersion(
                    dealID: dealID.description, companyID: company, expected: expectedVersion)
            else {
                throw RecordError.staleVersion(
                    entity: "credit_split", expected: expectedVersion ?? 0,
                    actual: try await store.version(dealID: dealID.description, companyID: company))
            }
            try errors.throwIfAny()
            func text(_ split: CreditSplit?) -> String? {
                split.map { $0.shares.map { "\($0.managerID):\($0.value)" }.joined(separator: ",") }
            }
            let before = try await store.split(dealID: dealID.description, companyID: company)
            try await store.replace(dealID: dealID.description, companyID: company, with: split)
            try await audit.record(
                "deal.credit_split_set", entityType: "deal", entityID: dealID.description, companyID: company,
                by: viewer, details: ["shares": text(split) ?? ""],
                changes: text(before) == text(split)
                    ? [:] : ["credit_split": AuditChanges.Change(from: text(before), to: text(split))],
                on: db)
            return (split, version)
        }
    }
}
