import BentaCore
import BentaStore
import Foundation
import SQLKit

/// Company settings: read by everyone, changed by admins.
public struct CompanyService: Sendable {
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
        return try await database.transaction { db in
            let store = CompanyStore(db)
            guard var company = try await store.find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let expected = try RecordError.checkVersion(expectedVersion, current: company.version, entity: "company")
            company.settings = settings
            company.updatedAt = clock.now()
            company.version += 1
            guard try await store.update(company, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "company", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "company.settings_changed", entityType: "company", entityID: company.id.description,
                companyID: company.id, actor: viewer.userID, on: db)
            return company
        }
    }
}
