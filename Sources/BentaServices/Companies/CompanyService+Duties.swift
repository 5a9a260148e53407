import BentaCore
import BentaStore
import Foundation

/// Each company's own duties (issue 13): which work the head, the manager and the accountant do. Everyone reads
/// them (the pages and API clients offer only the actions the caller's duties allow); an admin changes them. The
/// services that do the work check them in their own transaction (``Duties``).
extension CompanyService {
    /// The company's duty settings and the company's version (a change sends it back).
    public func duties(viewer: Viewer) async throws -> (duties: DutySettings, version: Int64) {
        let company = try await company(viewer.companyID)
        return (company.duties, company.version)
    }

    /// Saves new duty settings (admins only) at the version the admin saw; a collector must be an active user of
    /// the company (422 `collector_id`, `invalid_collector`). Writes one audit row naming each role's duties.
    public func updateDuties(
        _ draft: DutySettingsDraft, expectedVersion: Int64?, viewer: Viewer
    ) async throws -> Company {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the company's duties.")
        }
        let duties = try draft.validated()
        return try await changes.change(
            Self.changeTarget(viewer.companyID), expectedVersion: expectedVersion, by: viewer, in: database
        ) { company, context in
            if let collectorID = duties.collectorID {
                let user = try await UserStore(context.db).find(collectorID)
                guard let user, user.companyID == viewer.companyID, user.isActive else {
                    var errors = ValidationErrors()
                    errors.add(
                        field: "collector_id", code: "invalid_collector",
                        message: "Choose an active user of the company as the collector.")
                    throw errors
                }
            }
            company.duties = duties
            var details: [String: String] = [:]
            for role in DutySettings.configurableRoles {
                details[role.rawValue] = duties.duties(of: role).map(\.rawValue).sorted().joined(separator: ",")
            }
            details["discount_limit_percent"] = duties.discountLimitPercent.map { "\($0)" } ?? ""
            details["collector_id"] = duties.collectorID?.description ?? ""
            return AuditEntry("company.duties_changed", details: details)
        }
    }
}

/// The duty checks of the services that do the work: the company's settings are read in the caller's own unit of
/// work, so a change of duties applies to the next request.
enum Duties {
    /// Refuses (403 `duty_required`) a viewer whose role lacks `duty`, reading the settings on `db`.
    static func require(_ duty: Duty, viewer: Viewer, db: StoreConnection) async throws {
        if viewer.role == .admin { return }
        try await settings(viewer, db: db).require(duty, for: viewer.role)
    }

    /// The same check in a read of its own, for a use case that has no unit of work open yet.
    static func require(_ duty: Duty, viewer: Viewer, database: any AppDatabase) async throws {
        if viewer.role == .admin { return }
        try await database.read { db in try await require(duty, viewer: viewer, db: db) }
    }

    /// The company's settings, read on `db`.
    static func settings(_ viewer: Viewer, db: StoreConnection) async throws -> DutySettings {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        return company.duties
    }
}
