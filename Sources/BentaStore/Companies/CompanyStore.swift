import BentaCore
import Foundation
import SQLKit

/// Reads and writes companies and their settings.
public struct CompanyStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The columns ``decode(_:)`` reads, named: a `SELECT *` prepared on a SQLite connection that read the schema
    /// before a migration added a column (`duties`) is expanded without it.
    private static let columns: SQLQueryString = """
        id, name, registered_name, registered_address, tin, is_vat_registered, country, base_currency, time_zone,
        default_language, duties, created_at, updated_at, version
        """

    /// The company; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: Company.ID, forUpdate: Bool = false) async throws -> Company? {
        var sql: SQLQueryString = "SELECT \(Self.columns) FROM companies WHERE id = \(bind: id.description)"
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        return try await db.raw(sql).first().map(Self.decode)
    }

    /// Every company, oldest first (an installation usually has one).
    public func all() async throws -> [Company] {
        try await db.raw("SELECT \(Self.columns) FROM companies ORDER BY created_at, id").all().map(Self.decode)
    }

    public func insert(_ company: Company) async throws {
        let s = company.settings
        try await db.raw(
            """
            INSERT INTO companies (id, name, registered_name, registered_address, tin, is_vat_registered, country,
                base_currency, time_zone, default_language, created_at, updated_at, version)
            VALUES (\(bind: company.id.description), \(bind: s.name), \(bind: s.registeredName),
                \(bind: s.registeredAddress), \(bind: s.tin?.digits), \(bind: s.isVATRegistered),
                \(bind: s.country.rawValue), \(bind: s.baseCurrency.code), \(bind: s.timeZone.identifier),
                \(bind: s.defaultLanguage.rawValue), \(bind: company.createdAt.millisecondsSince1970),
                \(bind: company.updatedAt.millisecondsSince1970), \(bind: company.version))
            """
        ).run()
    }

    /// Replaces the settings if the version is still `expectedVersion`.
    public func update(_ company: Company, expectedVersion: Int64) async throws -> Bool {
        let s = company.settings
        let rows = try await db.raw(
            """
            UPDATE companies SET name = \(bind: s.name), registered_name = \(bind: s.registeredName),
                registered_address = \(bind: s.registeredAddress), tin = \(bind: s.tin?.digits),
                is_vat_registered = \(bind: s.isVATRegistered), country = \(bind: s.country.rawValue),
                base_currency = \(bind: s.baseCurrency.code), time_zone = \(bind: s.timeZone.identifier),
                default_language = \(bind: s.defaultLanguage.rawValue),
                duties = \(bind: company.duties == .standard ? nil : try jsonText(company.duties)),
                updated_at = \(bind: company.updatedAt.millisecondsSince1970), version = \(bind: company.version)
            WHERE id = \(bind: company.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    static func decode(_ row: any SQLRow) throws -> Company {
        guard let country = CountryCode(rawValue: try row.string("country")),
            let currency = Currency(code: try row.string("base_currency")),
            let zone = TimeZone(identifier: try row.string("time_zone")),
            let language = LanguageCode(rawValue: try row.string("default_language"))
        else { throw CorruptRow(description: "company settings") }
        let settings = CompanySettings(
            name: try row.string("name"), registeredName: try row.string("registered_name"),
            registeredAddress: try row.string("registered_address"),
            tin: try row.optionalString("tin").map { try TaxpayerID(parsing: $0) },
            isVATRegistered: try row.bool("is_vat_registered"), country: country, baseCurrency: currency,
            timeZone: zone, defaultLanguage: language)
        return Company(
            id: try row.id("id"), settings: settings,
            duties: try row.optionalString("duties").map {
                try StoredJSON.decode(DutySettings.self, from: $0)
            } ?? .standard, createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
