import BentaCore
import Foundation
import SQLKit

extension AccountStore {
    /// A page of the accounts list filtered by text on SQLite: the full-text matches are joined to their narrow
    /// `account_search_rows` (migration 43: sort name, owner, team, status, keyed by the FTS5 rowid), filtered and
    /// sorted there, and only the page's accounts are read by key. The same rows, in the same order, as the general
    /// shape (every match's index row and account, then the sort), which PostgreSQL keeps; a common word costs a
    /// fraction of it (BENCHMARKS.md, "query shapes").
    func textFilterPage(
        text: String, tag: String, viewer: Viewer, filter: AccountFilter, page: PageRequest
    ) async throws -> Page<Account> {
        let terms = SearchWords.terms(in: text)
        var sql: SQLQueryString = "SELECT k.account_id, k.sort_name FROM search_fts f CROSS JOIN account_search_rows k"
        if terms.isEmpty {
            sql += " WHERE 1 = 0"
        } else {
            sql += " WHERE f.search_fts MATCH \(bind: SQLDialectFacts.fullTextQuery(db, terms: terms))"
        }
        sql += " AND k.search_rowid = f.rowid AND " + VisibilitySQL.accounts(viewer, alias: "k")
        if let owner = filter.ownerID { sql += " AND k.owner_id = \(bind: owner.description)" }
        if let status = filter.status { sql += " AND k.status = \(bind: status.rawValue)" }
        if !tag.isEmpty {
            sql +=
                " AND EXISTS (SELECT 1 FROM account_tags t WHERE t.account_id = k.account_id AND t.tag = \(bind: tag))"
        }
        return try await db.sortedPage(
            sql, alias: "k", idColumn: "account_id", page: page,
            wrap: { page in
                "SELECT \(Self.columns), a.sort_name FROM (" + page
                    + ") page_rows CROSS JOIN accounts a WHERE a.id = page_rows.account_id"
                    + " ORDER BY page_rows.sort_name, page_rows.account_id"
            }, decode: Self.decode)
    }
}
