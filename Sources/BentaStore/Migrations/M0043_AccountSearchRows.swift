import Foundation

/// The accounts' text filter at a million records (issue 11, BENCHMARKS.md "query shapes"), SQLite only: a narrow
/// row per account in the full-text index, keyed by the index row's rowid (the FTS5 rowid), with what the page is
/// sorted and seen by (`account_search_rows`: account, company, sort name, owner, team, status). A common word
/// (`solutions`: 17,000 accounts) made the list read every match's wide `search_index` row and then its account
/// before sorting; now the matches are sorted on these rows and only the page's accounts are read.
///
/// Triggers keep the rows true: one is written when an account's index row is written (with the account's values
/// at that moment), removed with it, and changed whenever the account's sort name, owner, team or status changes
/// (rename, reassignment, archive, merge). PostgreSQL keeps its shape (the matches' ids from the GIN index, each
/// account by its key), so it has no such table.
struct M0043_AccountSearchRows: Migration {
    let number = 43
    let name = "account_search_rows"

    func statements(for engine: DatabaseEngine) -> [String] {
        guard engine == .sqlite else { return [] }
        let fill = """
            INSERT OR REPLACE INTO account_search_rows
                (search_rowid, account_id, company_id, sort_name, owner_id, team_id, status)
            SELECT new.rowid, a.id, a.company_id, a.sort_name, a.owner_id, a.team_id, a.status
            FROM accounts a WHERE a.id = new.record_id;
            """
        return [
            """
            CREATE TABLE account_search_rows (
                search_rowid INTEGER PRIMARY KEY,
                account_id TEXT NOT NULL,
                company_id TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                team_id TEXT,
                status TEXT NOT NULL)
            """,
            """
            INSERT INTO account_search_rows
                (search_rowid, account_id, company_id, sort_name, owner_id, team_id, status)
            SELECT s.rowid, a.id, a.company_id, a.sort_name, a.owner_id, a.team_id, a.status
            FROM search_index s JOIN accounts a ON a.id = s.record_id WHERE s.entity = 'account'
            """,
            """
            CREATE TRIGGER account_search_rows_insert AFTER INSERT ON search_index WHEN new.entity = 'account' BEGIN
                \(fill)
            END
            """,
            """
            CREATE TRIGGER account_search_rows_delete AFTER DELETE ON search_index WHEN old.entity = 'account' BEGIN
                DELETE FROM account_search_rows WHERE search_rowid = old.rowid;
            END
            """,
            """
            CREATE TRIGGER account_search_rows_update AFTER UPDATE ON search_index BEGIN
                DELETE FROM account_search_rows WHERE search_rowid = old.rowid;
                \(fill.replacingOccurrences(of: "WHERE a.id = new.record_id", with: "WHERE a.id = new.record_id AND new.entity = 'account'"))
            END
            """,
            """
            CREATE TRIGGER account_search_rows_account AFTER UPDATE OF company_id, sort_name, owner_id, team_id, status
            ON accounts BEGIN
                UPDATE account_search_rows SET company_id = new.company_id, sort_name = new.sort_name,
                    owner_id = new.owner_id, team_id = new.team_id, status = new.status
                WHERE search_rowid = (SELECT s.rowid FROM search_index s WHERE s.entity = 'account' AND s.record_id = new.id);
            END
            """,
        ]
    }
}
