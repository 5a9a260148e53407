import BentaCore
import Foundation
import SQLKit

/// The keys of one batch of import rows, to look up in what the company already has.
public struct ImportKeys: Sendable, Hashable {
    /// Account names as ``NameSimilarity/normalized(_:)`` leaves them.
    public var names: Set<String> = []
    /// TIN base numbers (9 digits).
    public var tinBases: Set<String> = []
    /// Phones in E.164.
    public var phones: Set<String> = []
    /// Emails, normalized.
    public var emails: Set<String> = []
    /// Account names as typed, lowercased and trimmed (the accounts contacts are imported into).
    public var accountNames: Set<String> = []

    public init() {}
}

/// Which keys of a batch the company already has (``ImportLookupStore/existing(_:entity:viewer:)``).
public struct ExistingImportKeys: Sendable {
    public var names: Set<String> = []
    public var tinBases: Set<String> = []
    public var phones: Set<String> = []
    public var emails: Set<String> = []
    /// The viewer's accounts by lowercased name (the first by name and ID when several share one).
    public var accountIDs: [String: Account.ID] = [:]

    public init() {}
}

/// The duplicate checks of an import, one batch at a time: a few indexed queries for the keys of the batch's rows,
/// instead of every name, TIN, phone and email of the company loaded before the first row (issue 11: a 10-row import
/// into 242,000 accounts took 5 s of CPU and 330 MB).
public struct ImportLookupStore: Sendable {
    /// Values per `IN (…)` list: well within both engines' limits on binds.
    static let chunk = 500

    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The keys of `keys` that already identify a record of the company: accounts with the same normalized name
    /// or TIN base; phones and emails of accounts (`ofContacts` false) or of accounts and contacts (true); and the
    /// viewer's accounts named by `keys.accountNames`. Merged accounts do not count.
    public func existing(_ keys: ImportKeys, ofContacts: Bool, viewer: Viewer) async throws -> ExistingImportKeys {
        var found = ExistingImportKeys()
        let company = viewer.companyID.description
        try await accountsNamed(keys, companyID: company, into: &found)
        let contactPoints: SQLQueryString = ofContacts ? "" : " AND contact_id IS NULL"
        for (kind, values) in [("phone", keys.phones), ("email", keys.emails)] where !values.isEmpty {
            for part in Self.chunks(values) {
                let sql: SQLQueryString =
                    "SELECT DISTINCT normalized FROM contact_points WHERE company_id = \(bind: company) "
                    + "AND kind = \(bind: kind) AND normalized IN (\(binds: part))" + contactPoints
                for row in try await db.raw(sql).all() {
                    let value = try row.string("normalized")
                    if kind == "phone" { found.phones.insert(value) } else { found.emails.insert(value) }
                }
            }
        }
        for part in Self.chunks(keys.accountNames) {
            let sql: SQLQueryString =
                "SELECT a.id, a.sort_name FROM accounts a WHERE a.sort_name IN (\(binds: part)) "
                + "AND a.merged_into_id IS NULL AND " + VisibilitySQL.accounts(viewer) + " ORDER BY a.sort_name, a.id"
            for row in try await db.raw(sql).all() {
                let name = try row.string("sort_name").trimmingCharacters(in: .whitespaces)
                if found.accountIDs[name] == nil { found.accountIDs[name] = try row.id("id") }
            }
        }
        return found
    }

    /// The accounts whose indexed words hold every word of one of the names, or one of the TIN bases (both are
    /// words of an account's full-text document): one query through the index, then the exact test here.
    private func accountsNamed(
        _ keys: ImportKeys, companyID: String, into found: inout ExistingImportKeys
    ) async throws {
        var groups: [[String]] = []
        for name in keys.names {
            let words = SearchWords.plainWords(name)
            if !words.isEmpty { groups.append(words) }
        }
        for base in keys.tinBases where base.allSatisfy(\.isNumber) { groups.append([base]) }
        guard !groups.isEmpty else { return }
        for start in stride(from: 0, to: groups.count, by: Self.chunk) {
            let part = Array(groups[start..<min(start + Self.chunk, groups.count)])
            let match = SQLDialectFacts.searchMatches(
                db, query: SQLDialectFacts.fullTextQuery(db, anyOf: part), companyID: companyID, entities: ["account"])
            let sql: SQLQueryString =
                "SELECT a.name, a.tin FROM " + match.from + " CROSS JOIN accounts a WHERE " + match.condition
                + " AND a.id = s.record_id AND a.merged_into_id IS NULL"
            for row in try await db.raw(sql).all() {
                let name = NameSimilarity.normalized(try row.string("name"))
                if keys.names.contains(name) { found.names.insert(name) }
                if let tin = try row.optionalString("tin"), keys.tinBases.contains(String(tin.prefix(9))) {
                    found.tinBases.insert(String(tin.prefix(9)))
                }
            }
        }
    }

    static func chunks(_ values: Set<String>) -> [[String]] {
        let sorted = values.sorted()
        return stride(from: 0, to: sorted.count, by: chunk).map { Array(sorted[$0..<min($0 + chunk, sorted.count)]) }
    }
}
