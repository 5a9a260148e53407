import BentaCore
import Foundation
import SQLKit

/// A company's own bank CSV profiles (`bank_csv_profiles`); every read is within one company.
public struct BankCSVProfileStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ profile: SavedBankCSVProfile) async throws {
        try await db.raw(
            """
            INSERT INTO bank_csv_profiles (id, company_id, name, name_key, profile_json, is_archived, created_by,
                created_at, updated_at, version)
            VALUES (\(bind: profile.id.description), \(bind: profile.companyID.description), \(bind: profile.name),
                \(bind: SavedBankCSVProfile.nameKey(profile.name)), \(bind: profile.profileJSON),
                \(bind: profile.isArchived), \(bind: profile.createdBy?.description),
                \(bind: profile.createdAt.millisecondsSince1970), \(bind: profile.updatedAt.millisecondsSince1970),
                \(bind: profile.version))
            """
        ).run()
    }

    /// The company's profile, locked for the transaction when `forUpdate`; nil for another company's.
    public func find(
        _ id: SavedBankCSVProfile.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws -> SavedBankCSVProfile? {
        let lock = forUpdate ? SQLDialectFacts.rowLockSuffix(db) : ""
        return try await db.raw(
            """
            SELECT * FROM bank_csv_profiles
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)\(unsafeRaw: lock)
            """
        ).first().map(Self.decode)
    }

    /// Whether another profile of the company (not `excluding`) has this name, whatever its case.
    public func nameTaken(
        _ name: String, companyID: Company.ID, excluding: SavedBankCSVProfile.ID? = nil
    ) async throws -> Bool {
        var sql: SQLQueryString = """
            SELECT id FROM bank_csv_profiles
            WHERE company_id = \(bind: companyID.description)
                AND name_key = \(bind: SavedBankCSVProfile.nameKey(name))
            """
        if let excluding { sql += " AND id <> \(bind: excluding.description)" }
        return !(try await db.raw(sql).all().isEmpty)
    }

    /// One page of the company's profiles, newest first; archived ones only when asked.
    public func list(
        companyID: Company.ID, includeArchived: Bool, page: PageRequest
    ) async throws -> Page<SavedBankCSVProfile> {
        var sql: SQLQueryString =
            "SELECT p.* FROM bank_csv_profiles p WHERE p.company_id = \(bind: companyID.description)"
        if !includeArchived { sql += " AND p.is_archived = \(bind: false)" }
        return try await db.newestFirstPage(sql, alias: "p", page: page, decode: Self.decode)
    }

    /// Saves `profile` if the stored version is still `expectedVersion`; false otherwise.
    public func update(_ profile: SavedBankCSVProfile, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE bank_csv_profiles SET name = \(bind: profile.name),
                name_key = \(bind: SavedBankCSVProfile.nameKey(profile.name)),
                profile_json = \(bind: profile.profileJSON), is_archived = \(bind: profile.isArchived),
                updated_at = \(bind: profile.updatedAt.millisecondsSince1970), version = \(bind: profile.version)
            WHERE id = \(bind: profile.id.description) AND company_id = \(bind: profile.companyID.description)
                AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    static func decode(_ row: any SQLRow) throws -> SavedBankCSVProfile {
        SavedBankCSVProfile(
            id: try row.id("id"), companyID: try row.id("company_id"), name: try row.string("name"),
            profileJSON: try row.string("profile_json"), isArchived: try row.bool("is_archived"),
            createdBy: try row.optionalID("created_by"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
