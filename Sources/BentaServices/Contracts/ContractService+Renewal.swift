import BentaCore
import BentaStore
import Foundation

/// What one run of the renewal sweep did.
public struct RenewalSweepResult: Sendable, Hashable {
    /// Renewal tasks created now.
    public var tasksCreated: Int
    /// Active contracts recorded as expired now.
    public var expired: Int
}

extension ContractService {
    /// The default lead time of renewal tasks, in days before the end date.
    public static let defaultRenewalNoticeDays = 30

    /// Gives the owner of each signed or active contract a renewal task N days (the company's setting) before its
    /// effective end date, and records active contracts past their end as expired.
    ///
    /// Idempotent and safe on several app servers at once: each task is inserted and then claimed with
    /// `UPDATE … WHERE renewal_task_id IS NULL … RETURNING` in one transaction; the loser rolls back its task.
    @discardableResult
    public func runRenewalSweep(today: CalendarDate) async throws -> RenewalSweepResult {
        let (clock, audit) = (clock, audit)
        let noticeDays = try await database.read { db in try await ContractStore(db).renewalNoticeDaysByCompany() }
        let horizon = max(Self.defaultRenewalNoticeDays, noticeDays.values.max() ?? 0)
        let candidates = try await database.read { db in
            try await ContractStore(db).renewalCandidates(today: today, horizonDays: horizon)
        }
        var created = 0
        for candidate in candidates {
            let days = noticeDays[candidate.companyID] ?? Self.defaultRenewalNoticeDays
            guard today.days(until: candidate.endDate) <= days else { continue }
            let claim = { @Sendable () async throws -> Bool in
                try await self.database.transaction { db -> Bool in
                    guard let company = try await CompanyStore(db).find(candidate.companyID) else { return false }
                    let now = clock.now()
                    let dueDay = max(today, candidate.endDate.adding(days: -days))
                    let label = candidate.number.map { "\($0) " } ?? ""
                    let task = TaskItem(
                        id: clock.newID(), companyID: candidate.companyID,
                        title: "Renew contract \(label)\(candidate.title) (ends \(candidate.endDate.iso8601String))",
                        notes:
                            "The contract ends on \(candidate.endDate.iso8601String). Agree a renewal or an amendment.",
                        dueAt: dueDay.startInstant(in: company.settings.timeZone) ?? now, isAllDay: true,
                        assigneeID: candidate.ownerID, priority: .normal, accountID: candidate.accountID,
                        createdByID: nil, createdAt: now, updatedAt: now, version: 1,
                        systemText: SystemText(
                            "task_contract_renewal",
                            [
                                "number": label, "title": candidate.title,
                                "end": candidate.endDate.iso8601String,
                            ]))
                    try await TaskStore(db).insert(task)
                    guard try await ContractStore(db).claimRenewal(candidate.contractID, taskID: task.id) else {
                        throw SweepLostRace()
                    }
                    try await audit.record(
                        "contract.renewal_task_created", entityType: "contract",
                        entityID: candidate.contractID.description, companyID: candidate.companyID, actor: nil,
                        details: ["task_id": task.id.description], origin: "job:contract-renewal", on: db)
                    return true
                }
            }
            do {
                if try await claim() { created += 1 }
            } catch is SweepLostRace {
                // Another sweep made this contract's task; ours was rolled back.
            }
        }
        let expired = try await database.transaction { db in
            let rows = try await ContractStore(db).expire(before: today, at: clock.now())
            for (id, company) in rows {
                try await audit.record(
                    "contract.expired", entityType: "contract", entityID: id.description, companyID: company,
                    actor: nil, details: ["status": ContractStatus.expired.rawValue],
                    origin: "job:contract-renewal", on: db)
            }
            return rows.count
        }
        return RenewalSweepResult(tasksCreated: created, expired: expired)
    }

    /// The sweep for the current date (UTC; a day's difference does not matter for a 30-day notice).
    @discardableResult
    public func runRenewalSweep() async throws -> RenewalSweepResult {
        try await runRenewalSweep(today: CalendarDate.from(clock.now(), in: TimeZone(identifier: "UTC") ?? .gmt))
    }

    public func renewalNoticeDays(viewer: Viewer) async throws -> Int {
        try await renewalNoticeSetting(viewer: viewer).days
    }

    /// The renewal lead time with the settings' version (30 at version 0 until saved).
    public func renewalNoticeSetting(viewer: Viewer) async throws -> (days: Int, version: Int64) {
        try await database.read { db in
            try await ContractStore(db).renewalNoticeSetting(companyID: viewer.companyID)
        }
    }

    /// Sets the company's renewal lead time (1…365 days; admins only) at the version read (0 when never saved); a
    /// stale version is `RecordError.staleVersion` (412) and changes nothing. Returns the new version.
    @discardableResult
    public func setRenewalNoticeDays(_ days: Int, viewer: Viewer, expectedVersion: Int64) async throws -> Int64 {
        try Self.checkMayEditTemplates(viewer)
        guard (1...365).contains(days) else {
            var errors = ValidationErrors()
            errors.add(field: "renewal_notice_days", code: "out_of_range", message: "Enter 1 to 365 days.")
            throw errors
        }
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = ContractStore(db)
            let before = try await store.renewalNoticeSetting(companyID: viewer.companyID)
            guard
                let version = try await store.setRenewalNoticeDays(
                    days, companyID: viewer.companyID, at: clock.now(), expectedVersion: expectedVersion)
            else {
                throw RecordError.staleVersion(
                    entity: "contract_settings", expected: expectedVersion, actual: before.version)
            }
            try await audit.record(
                "contract_settings.updated", entityType: "company", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer, details: ["renewal_notice_days": String(days)],
                changes: before.days == days
                    ? [:]
                    : [
                        "renewal_notice_days": AuditChanges.Change(
                            from: before.version == 0 ? nil : String(before.days), to: String(days))
                    ],
                on: db)
            return version
        }
    }
}

/// Another sweep claimed the contract first; the transaction rolls back this one's task.
private struct SweepLostRace: Error {}
