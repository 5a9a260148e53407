import BentaCore
import BentaStore
import Foundation

/// Company settings: read by everyone, changed by admins.
public struct CompanyService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func company(_ id: Company.ID) async throws -> Company {
        guard let company = try await database.read({ db in try await CompanyStore(db).find(id) }) else {
            throw RecordError.notFound(entity: "company")
        }
        return company
    }

    /// Every company of the installation.
    public func all() async throws -> [Company] {
        try await database.read { db in try await CompanyStore(db).all() }
    }

    /// Creates a company with Philippine defaults (the admin edits them afterwards).
    public func create(settings: CompanySettings) async throws -> Company {
        let now = clock.now()
        let company = Company(id: clock.newID(), settings: settings, createdAt: now, updatedAt: now, version: 1)
        try await database.transaction { db in
            try await CompanyStore(db).insert(company)
            try await audit.record(
                "company.created", entityType: "company", entityID: company.id.description, companyID: company.id,
                actor: nil, on: db)
        }
        return company
    }

    /// Saves new settings; admins only; a stale `expectedVersion` is refused.
    public func updateSettings(
        _ draft: CompanySettingsDraft, expectedVersion: Int64?, viewer: Viewer
    ) async throws
        -> Company
    {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the company settings.")
        }
        let settings = try draft.validated()
        return try await changes.change(
            Self.changeTarget(viewer.companyID), expectedVersion: expectedVersion, by: viewer, in: database
        ) { company, _ in
            company.settings = settings
            return AuditEntry("company.settings_changed")
        }
    }

    /// The company as the change path loads (locked) and saves it.
    static func changeTarget(_ id: Company.ID) -> ChangeTarget<Company> {
        ChangeTarget(
            entity: "company", load: { db in try await CompanyStore(db).find(id, forUpdate: true) },
            save: { company, loaded, db in try await CompanyStore(db).update(company, expectedVersion: loaded.version) }
        )
    }
}
