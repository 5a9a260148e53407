import Foundation
import SQLKit

/// Deals, products and contracts join the full-text index (issue 11), so that their lists filter through it instead
/// of a `LIKE '%…%'` scan of the table: a deal by its title and its account's name, a product by its code and
/// name, a contract by its number, title and account's name (``SearchWords/document(deal:accountName:)`` and its
/// siblings; the stores keep the rows current from here on). The schema is unchanged; the backfill writes the index
/// rows of the existing records, a page of them at a time in multi-row inserts, on both engines.
struct M0019_SearchMoreRecords: Migration {
    let number = 19
    let name = "search_more_records"

    /// Records read and indexed per statement pair.
    static let pageSize = 2_000

    func statements(for engine: DatabaseEngine) -> [String] {
        ["DELETE FROM search_index WHERE entity IN ('deal', 'product', 'contract')"]
    }

    func backfill(_ db: any SQLDatabase) async throws {
        try await indexPages(db, entity: .deal) { after in
            """
            SELECT d.id, d.company_id, d.title, a.name AS account_name FROM deals d
                LEFT JOIN accounts a ON a.id = d.account_id
            WHERE d.id > \(bind: after) ORDER BY d.id LIMIT \(literal: Self.pageSize)
            """
        } content: { row in
            SearchWords.document(deal: try row.string("title"), accountName: try row.optionalString("account_name"))
        }
        try await indexPages(db, entity: .product) { after in
            """
            SELECT p.id, p.company_id, p.code, p.name FROM products p
            WHERE p.id > \(bind: after) ORDER BY p.id LIMIT \(literal: Self.pageSize)
            """
        } content: { row in
            SearchWords.document(product: try row.string("code"), name: try row.string("name"))
        }
        try await indexPages(db, entity: .contract) { after in
            """
            SELECT c.id, c.company_id, c.number, c.title, a.name AS account_name FROM contracts c
                LEFT JOIN accounts a ON a.id = c.account_id
            WHERE c.id > \(bind: after) ORDER BY c.id LIMIT \(literal: Self.pageSize)
            """
        } content: { row in
            SearchWords.document(
                contract: try row.optionalString("number"), title: try row.string("title"),
                accountName: try row.optionalString("account_name"))
        }
    }

    /// Reads the records page by page in key order (`page` gives the query after a key) and writes one index row
    /// for each.
    private func indexPages(
        _ db: any SQLDatabase, entity: SearchIndexEntity, page: (String) -> SQLQueryString,
        content: (any SQLRow) throws -> String
    ) async throws {
        var after = ""
        while true {
            let rows = try await db.raw(page(after)).all()
            var batch = RowBatch.searchIndex
            for row in rows {
                batch.append([entity.rawValue, try row.string("id"), try row.string("company_id"), try content(row)])
            }
            for statement in batch.statements() { try await db.execute(sql: statement) { _ in } }
            guard rows.count == Self.pageSize, let last = rows.last else { return }
            after = try last.string("id")
        }
    }
}
