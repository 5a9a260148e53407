import BentaCore
import Foundation
import SQLKit

/// The kinds of record in the full-text index (`search_index.entity`): the three the search box shows
/// (``SearchHit/Entity``, the same names) and the records whose lists filter through the index.
public enum SearchIndexEntity: String, Sendable, Hashable, CaseIterable {
    case account
    case contact
    case lead
    /// A deal: its title and its account's name.
    case deal
    /// A product or service: its code and name.
    case product
    /// A contract: its number, title and its account's name.
    case contract
}

/// The full-text index behind the one search box and the lists' text filters. Writers call `index`/`remove` in the
/// same transaction as the record; `search` returns only what the viewer may see.
public struct SearchStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Replaces the indexed text of one record.
    public func index(_ entity: SearchIndexEntity, id: String, companyID: Company.ID, content: String) async throws {
        try await remove(entity, id: id)
        try await db.raw(
            """
            INSERT INTO search_index (entity, record_id, company_id, content)
            VALUES (\(bind: entity.rawValue), \(bind: id), \(bind: companyID.description), \(bind: content))
            """
        ).run()
    }

    public func remove(_ entity: SearchIndexEntity, id: String) async throws {
        try await db.raw(
            "DELETE FROM search_index WHERE entity = \(bind: entity.rawValue) AND record_id = \(bind: id)"
        ).run()
    }

    /// The name of an account, for the indexed text of its deals and contracts (nil when there is no such account).
    func accountName(_ id: Account.ID) async throws -> String? {
        try await db.raw("SELECT name FROM accounts WHERE id = \(bind: id.description)").first().map {
            try $0.string("name")
        }
    }

    /// Rewrites the indexed text of the deals and contracts of `account`, which holds the account's name, where it
    /// no longer matches (the account was renamed): one query reads their stored text, and only the stale ones are
    /// written. Called in the account's own transaction, after it is saved.
    func refreshRecords(of account: Account) async throws {
        let id = account.id.description
        let rows = try await db.raw(
            """
            SELECT 'deal' AS entity, d.id, d.title, NULL AS contract_number, s.content FROM deals d
                LEFT JOIN search_index s ON s.entity = 'deal' AND s.record_id = d.id
            WHERE d.account_id = \(bind: id)
            UNION ALL
            SELECT 'contract' AS entity, c.id, c.title, c.number AS contract_number, s.content FROM contracts c
                LEFT JOIN search_index s ON s.entity = 'contract' AND s.record_id = c.id
            WHERE c.account_id = \(bind: id)
            """
        ).all()
        for row in rows {
            let title = try row.string("title")
            let entity: SearchIndexEntity
            let content: String
            if try row.string("entity") == SearchIndexEntity.deal.rawValue {
                entity = .deal
                content = SearchWords.document(deal: title, accountName: account.fields.name)
            } else {
                entity = .contract
                content = SearchWords.document(
                    contract: try row.optionalString("contract_number"), title: title,
                    accountName: account.fields.name)
            }
            if try row.optionalString("content") != content {
                try await index(entity, id: try row.string("id"), companyID: account.companyID, content: content)
            }
        }
    }

    /// Records whose text matches the query (see ``SearchWords`` for the rule), visible to the viewer, at most
    /// `limit` per kind: accounts first, then contacts, leads and deals, each by status and name, then the issued
    /// invoices and credit notes whose number is the query (as typed or in capitals), newest number first.
    ///
    /// One statement that matches the index once (``SQLDialectFacts/searchMatches(_:query:companyID:entities:)``):
    /// each match joins its own record by primary key (record IDs are UUIDs, unique across the kinds; the kinds as
    /// outer joins, visibility in their join conditions), and each kind keeps its first `limit` by a window. A query
    /// with a digit also looks its number up in `invoices_match_number` (company, number), in the same statement.
    public func search(_ text: String, viewer: Viewer, limit: Int = 20) async throws -> [SearchHit] {
        let terms = SearchWords.terms(in: text)
        guard !terms.isEmpty else { return [] }
        let entities: [SearchHit.Entity] = [.account, .contact, .lead, .deal, .invoice]
        let match = SQLDialectFacts.searchMatches(
            db, query: SQLDialectFacts.fullTextQuery(db, terms: terms), companyID: viewer.companyID.description,
            entities: entities.filter { $0 != .invoice }.map(\.rawValue))
        let part: SQLQueryString =
            "CASE WHEN a.id IS NOT NULL THEN 1 WHEN ca.id IS NOT NULL THEN 2 WHEN l.id IS NOT NULL THEN 3 ELSE 4 END"
        var sql: SQLQueryString =
            "SELECT part, id, title, subtitle FROM (SELECT " + part + " AS part, s.record_id AS id, "
            + "COALESCE(a.name, c.name, l.person_name, l.company_name, l.phone_raw, l.email, d.title) AS title, "
            + "CASE WHEN a.id IS NOT NULL THEN a.registered_name WHEN ca.id IS NOT NULL THEN ca.name "
            + "WHEN l.id IS NOT NULL THEN l.company_name ELSE da.name END AS subtitle, "
            + "ROW_NUMBER() OVER (PARTITION BY " + part + " ORDER BY COALESCE(a.status, c.status, ''), "
            + "COALESCE(a.sort_name, c.sort_name, l.sort_name, d.title), s.record_id) AS position FROM " + match.from
            + " LEFT JOIN accounts a ON a.id = s.record_id AND a.merged_into_id IS NULL AND "
            + VisibilitySQL.accounts(viewer)
            + " LEFT JOIN contacts c ON c.id = s.record_id AND c.merged_into_id IS NULL"
            + " LEFT JOIN accounts ca ON ca.id = c.account_id AND " + VisibilitySQL.accounts(viewer, alias: "ca")
            + " LEFT JOIN leads l ON l.id = s.record_id AND " + VisibilitySQL.leads(viewer)
            + " LEFT JOIN deals d ON d.id = s.record_id"
            + " LEFT JOIN accounts da ON da.id = d.account_id AND " + VisibilitySQL.accounts(viewer, alias: "da")
            + " WHERE " + match.condition
            + " AND (a.id IS NOT NULL OR ca.id IS NOT NULL OR l.id IS NOT NULL OR da.id IS NOT NULL)"
        let number = text.trimmingCharacters(in: .whitespaces)
        if number.contains(where: \.isNumber) {
            sql +=
                " UNION ALL SELECT 5 AS part, i.id, i.number AS title, ia.name AS subtitle, "
                + "ROW_NUMBER() OVER (ORDER BY i.number DESC, i.id) AS position FROM invoices i"
                + " JOIN accounts ia ON ia.id = i.account_id AND " + VisibilitySQL.accounts(viewer, alias: "ia")
                + " WHERE i.company_id = \(bind: viewer.companyID.description)"
                + " AND i.number IN (\(binds: Array(Set([number, number.uppercased()])).sorted()))"
        }
        sql += ") ranked WHERE position <= \(literal: limit) ORDER BY part, position"
        return try await db.raw(sql).all().map { row in
            let part = try row.decode(column: "part", as: Int.self)
            guard entities.indices.contains(part - 1) else { throw CorruptRow(description: "search part") }
            return SearchHit(
                entity: entities[part - 1], id: try row.string("id"), title: try row.string("title"),
                subtitle: try row.optionalString("subtitle"))
        }
    }

    /// A list's text filter through the full-text index (FTS5 on SQLite, the GIN-indexed `tsvector` on
    /// PostgreSQL) instead of a `LIKE` scan of the table; the rule is ``SearchWords``'s.
    ///
    /// `from` goes first in the list's FROM, before its own tables, each joined with `CROSS JOIN`; `condition`
    /// joins `column` to the matches. The engine then starts from the matches, reaches each record by its primary
    /// key and sorts the matches only (see ``SQLDialectFacts/searchMatches(_:query:companyID:entities:)``). A text
    /// without any letter or digit matches nothing.
    static func textFilter(
        _ entity: SearchIndexEntity, column: SQLQueryString, text: String, companyID: Company.ID, db: any SQLDatabase
    ) -> (from: SQLQueryString, condition: SQLQueryString) {
        let terms = SearchWords.terms(in: text)
        guard !terms.isEmpty else { return ("", "1 = 0") }
        let match = SQLDialectFacts.searchMatches(
            db, query: SQLDialectFacts.fullTextQuery(db, terms: terms), companyID: companyID.description,
            entities: [entity.rawValue])
        return (match.from + " CROSS JOIN ", match.condition + " AND s.record_id = " + column)
    }
}

/// How record text and queries are cut into searchable words, the same way for both, and how a query matches.
///
/// The rule, for the search box and for the text filter of every list that reads the index (accounts, contacts,
/// leads, deals, products, contracts): the query is cut into words like the indexed text (letters and digits, lowercased, accents removed), and a
/// record matches when it has every word — the last word as a prefix, since it may still be being typed
/// ("tala cof" finds "Tala Coffee"), the others whole ("jo reyes" does not find "Jose Reyes"). Whole words keep a
/// common first word ("dela") from matching half the company on every keystroke.
///
/// Numbers: a query of digits and separators only (`0917-123 4567`, `(02) 8111`, `+63 917…`, `222-333-444`) is one
/// number, matched from its first digits against every phone (international digits, national digits, or with the
/// trunk 0) and the TIN (9, 12 or 14 digits, with or without dashes). A number of at least
/// ``minimumEndingDigits`` digits also finds a phone that ends with it (a landline typed without its area code:
/// "8463 4934" finds +63 2 8463 4934), through a word of the phone's digits reversed (``phoneEndings(_:)``), so
/// the index answers a suffix as a prefix; a TIN is never found by its last digits. Email addresses are their
/// words: `info@perlaspharmacy.ph` finds that address.
public enum SearchWords {
    /// The words of a query: lowercased letters and digits, accents removed; a phone number or TIN typed with
    /// separators ("0917 123 4567") is one number, its national digits.
    public static func words(in text: String) -> [String] {
        terms(in: text).compactMap(\.first)
    }

    /// The terms of a query, each a list of alternatives any of which may match: a word is itself; a number
    /// (digits and separators only, at least 4 digits) is one term, and one typed with a leading 0 is a phone's
    /// national digits ("0917 123 4567" → 9171234567) or a TIN as written (TINs may start with 0: "009-123-456" →
    /// 009123456); a 12-digit number is also the 14-digit TIN it stands for (a legacy 3-digit branch code). A
    /// number among words that starts with 0 may be either too ("tala 0917").
    public static func terms(in text: String) -> [[String]] {
        let digits = text.filter(\.isNumber)
        if digits.count >= 4, text.allSatisfy({ $0.isASCII && ($0.isNumber || " -+().".contains($0)) }) {
            var alternatives: [String] = []
            let national = String(digits.drop(while: { $0 == "0" }))
            if !national.isEmpty && national != digits { alternatives.append(national) }
            alternatives.append(digits)
            if digits.count == 12, let tin = try? TaxpayerID(parsing: digits) { alternatives.append(tin.digits) }
            if national.count >= minimumEndingDigits { alternatives.append(endingMarker + String(national.reversed())) }
            return [alternatives]
        }
        return Array(plainWords(text).prefix(8)).map { word in
            // A number among words ("tala 0917") may be a phone typed with its trunk 0.
            let national = String(word.drop(while: { $0 == "0" }))
            return word.hasPrefix("0") && !national.isEmpty && word.allSatisfy(\.isNumber) ? [national, word] : [word]
        }
    }

    /// The fewest digits a number needs to find a phone by its ending: a provincial landline without its area code
    /// has seven.
    public static let minimumEndingDigits = 7

    /// What starts the indexed word of a phone's reversed digits: letters no query of words starts with, so only a
    /// number query (``terms(in:)``) reaches those words.
    static let endingMarker = "zzq"

    /// The indexed words that let a phone be found by its ending: for each phone, the marker and its digits
    /// reversed, each with a leading space ("+63 2 8463 4934" → " zzq43943648236").
    public static func phoneEndings(_ phones: [String]) -> String {
        phones.map { " " + endingMarker + String($0.filter(\.isNumber).reversed()) }.joined()
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

    /// The indexed text of a deal: the words of its title and of its account's name.
    public static func document(deal title: String, accountName: String?) -> String {
        document([title, accountName])
    }

    /// The indexed text of a product or service: the words of its code and name, and the code's digits run
    /// together (see ``codeDigits(_:)``).
    public static func document(product code: String, name: String) -> String {
        document([code, name]) + codeDigits(code)
    }

    /// The indexed text of a contract: the words of its number (once it has one), its title and its account's
    /// name, and the number's digits run together (see ``codeDigits(_:)``).
    public static func document(contract number: String?, title: String, accountName: String?) -> String {
        document([number, title, accountName]) + codeDigits(number ?? "")
    }

    /// The digits of a code or document number run together, with a leading space, when it has at least four in
    /// more than one run ("CTR-2026-0001" → " 20260001"; nothing for "CTR-0001"): a query of digits and separators
    /// ("2026-0001") is one number (see ``terms(in:)``), so it must be a word of the text too.
    static func codeDigits(_ code: String) -> String {
        let digits = code.filter(\.isNumber)
        let runs = plainWords(code).filter { $0.contains(where: \.isNumber) }
        return digits.count >= 4 && runs.count > 1 ? " " + digits : ""
    }

    /// The indexed text of a record: its words plus every phone in international and national digits, then the TIN,
    /// then the phones' endings (``phoneEndings(_:)``).
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
        return text + phoneEndings(phones)
    }
}
