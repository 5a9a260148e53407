import BentaCore
import Foundation
import SQLKit

/// One hit of the search box.
public struct SearchHit: Sendable, Hashable {
    public enum Entity: String, Sendable, Hashable, CaseIterable {
        case account
        case contact
        case lead
    }

    public var entity: Entity
    public var id: String
    public var title: String
    public var subtitle: String?
}

/// The full-text index behind the one search box. Writers call `index`/`remove` in the same transaction as the
/// record; `search` returns only what the viewer may see.
public struct SearchStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Replaces the indexed text of one record.
    public func index(_ entity: SearchHit.Entity, id: String, companyID: Company.ID, content: String) async throws {
        try await remove(entity, id: id)
        try await db.raw(
            """
            INSERT INTO search_index (entity, record_id, company_id, content)
            VALUES (\(bind: entity.rawValue), \(bind: id), \(bind: companyID.description), \(bind: content))
            """
        ).run()
    }

    public func remove(_ entity: SearchHit.Entity, id: String) async throws {
        try await db.raw(
            "DELETE FROM search_index WHERE entity = \(bind: entity.rawValue) AND record_id = \(bind: id)"
        ).run()
    }

    /// Records whose text matches every word (as a prefix), visible to the viewer, at most `limit` per kind.
    public func search(_ text: String, viewer: Viewer, limit: Int = 20) async throws -> [SearchHit] {
        let terms = SearchWords.terms(in: text)
        guard !terms.isEmpty else { return [] }
        let match = SQLDialectFacts.searchMatch(db, terms: terms)
        let company: SQLQueryString = "s.company_id = \(bind: viewer.companyID.description)"
        let accounts: SQLQueryString =
            "SELECT a.id AS id, a.name AS title, a.registered_name AS subtitle FROM search_index s "
            + "JOIN accounts a ON a.id = s.record_id WHERE s.entity = 'account' AND " + company + " AND " + match
            + " AND a.merged_into_id IS NULL AND " + VisibilitySQL.accounts(viewer)
            + " ORDER BY a.status, a.sort_name LIMIT \(literal: limit)"
        let contacts: SQLQueryString =
            "SELECT c.id AS id, c.name AS title, a.name AS subtitle FROM search_index s "
            + "JOIN contacts c ON c.id = s.record_id JOIN accounts a ON a.id = c.account_id "
            + "WHERE s.entity = 'contact' AND " + company + " AND " + match
            + " AND c.merged_into_id IS NULL AND " + VisibilitySQL.accounts(viewer)
            + " ORDER BY c.status, c.sort_name LIMIT \(literal: limit)"
        let leads: SQLQueryString =
            "SELECT l.id AS id, COALESCE(l.person_name, l.company_name) AS title, l.company_name AS subtitle "
            + "FROM search_index s "
            + "JOIN leads l ON l.id = s.record_id WHERE s.entity = 'lead' AND " + company + " AND " + match + " AND "
            + VisibilitySQL.leads(viewer) + " ORDER BY l.sort_name LIMIT \(literal: limit)"
        var hits: [SearchHit] = []
        for (entity, sql) in [(SearchHit.Entity.account, accounts), (.contact, contacts), (.lead, leads)] {
            for row in try await db.raw(sql).all() {
                hits.append(
                    SearchHit(
                        entity: entity, id: try row.string("id"), title: try row.string("title"),
                        subtitle: try row.optionalString("subtitle")))
            }
        }
        return hits
    }
}

/// How record text and queries are cut into searchable words, the same way for both.
public enum SearchWords {
    /// The words of a query: lowercased letters and digits, accents removed; a phone number or TIN typed with
    /// separators ("0917 123 4567") is one number, its national digits.
    public static func words(in text: String) -> [String] {
        terms(in: text).compactMap(\.first)
    }

    /// The terms of a query, each a list of alternatives any of which may match: a word is itself; a number typed
    /// with a leading 0 is a phone's national digits ("0917 123 4567" → 9171234567) or a TIN as written (TINs
    /// may start with 0: "009-123-456" → 009123456).
    public static func terms(in text: String) -> [[String]] {
        let digits = text.filter(\.isNumber)
        if digits.count >= 7, text.allSatisfy({ $0.isNumber || " -+().".contains($0) }) {
            let national = String(digits.drop(while: { $0 == "0" }))
            return [national.isEmpty || national == digits ? [digits] : [national, digits]]
        }
        return Array(plainWords(text).prefix(8)).map { [$0] }
    }

    /// Lowercased, accent-free runs of letters and digits: the same cut for indexed text and for queries, so
    /// both engines see identical words ("info@perlaspharmacy.ph" → info, perlaspharmacy, ph).
    static func plainWords(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The indexed text of a record: its words plus every phone in international and national digits.
    public static func document(_ parts: [String?], phones: [String] = [], tin: TaxpayerID? = nil) -> String {
        var text = plainWords(parts.compactMap { $0 }.joined(separator: " ")).joined(separator: " ")
        for phone in phones {
            let digits = phone.filter(\.isNumber)
            text += " \(digits)"
            // The national number without the country code: "+639171234567" → "9171234567".
            for code in ["63", "1", "65", "44", "61", "81", "852", "62", "60", "66", "84", "86"]
            where digits.hasPrefix(code) {
                text += " \(digits.dropFirst(code.count))"
                break
            }
        }
        if let tin { text += " \(tin.digits) \(tin.baseNumber)" }
        return text
    }
}
