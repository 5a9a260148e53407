import BentaCore
import Foundation
import SQLKit

/// A phone is found by its ending (issue 14: a landline typed without its area code): the indexed text of every
/// account, contact and lead with a phone gets the words of its phones' digits reversed
/// (``SearchWords/phoneEndings(_:)``, at the end of the text, where ``SearchWords/document(_:phones:tin:)`` now puts
/// them), so a suffix of the number is a prefix in the full-text index on both engines. The schema is unchanged; the
/// backfill rewrites the index rows of the records with phones, a page at a time in multi-row inserts.
struct M0026_PhoneEndings: Migration {
    let number = 26
    let name = "phone_endings"

    /// Records read and rewritten per statement group.
    static let pageSize = 2_000

    func statements(for engine: DatabaseEngine) -> [String] { [] }

    func backfill(_ db: any SQLDatabase) async throws {
        for (entity, table) in [(SearchIndexEntity.account, "accounts"), (.contact, "contacts")] {
            try await rewritePages(db, entity: entity) { after in
                """
                SELECT s.record_id, s.company_id, s.content, r.phones_json AS phones FROM search_index s
                    JOIN \(unsafeRaw: table) r ON r.id = s.record_id
                WHERE s.entity = \(bind: entity.rawValue) AND s.record_id > \(bind: after)
                ORDER BY s.record_id LIMIT \(literal: Self.pageSize)
                """
            } phones: { row in
                try row.json("phones", as: [PhoneEntry].self).map(\.e164)
            }
        }
        try await rewritePages(db, entity: .lead) { after in
            """
            SELECT s.record_id, s.company_id, s.content, r.phone_e164 AS phones FROM search_index s
                JOIN leads r ON r.id = s.record_id
            WHERE s.entity = 'lead' AND s.record_id > \(bind: after)
            ORDER BY s.record_id LIMIT \(literal: Self.pageSize)
            """
        } phones: { row in
            try row.optionalString("phones").map { [$0] } ?? []
        }
    }

    /// Reads the index rows of one kind page by page in key order and writes again those of records with phones,
    /// their text followed by the phones' endings.
    private func rewritePages(
        _ db: any SQLDatabase, entity: SearchIndexEntity, page: (String) -> SQLQueryString,
        phones: (any SQLRow) throws -> [String]
    ) async throws {
        var after = ""
        while true {
            let rows = try await db.raw(page(after)).all()
            var batch = RowBatch.searchIndex
            var rewritten: [String] = []
            for row in rows {
                let endings = SearchWords.phoneEndings(try phones(row))
                let content = try row.string("content")
                guard !endings.isEmpty, !content.hasSuffix(endings) else { continue }
                let id = try row.string("record_id")
                rewritten.append(id)
                batch.append([entity.rawValue, id, try row.string("company_id"), content + endings])
            }
            if !rewritten.isEmpty {
                try await db.raw(
                    "DELETE FROM search_index WHERE entity = \(bind: entity.rawValue) AND record_id IN (\(binds: rewritten))"
                ).run()
                for statement in batch.statements() { try await db.execute(sql: statement) { _ in } }
            }
            guard rows.count == Self.pageSize, let last = rows.last else { return }
            after = try last.string("record_id")
        }
    }
}
