import Foundation
import SQLKit

/// Copies of an account's owner and team on the rows of a table with an `account_id` column (issue 11, migration
/// 47: contacts and invoices), so that a manager's list of such rows can walk an index of its own in page order
/// (`company_id, account_owner_id, …` and `company_id, account_team_id, …`) instead of joining every row's account
/// to keep the visible ones. A row is visible exactly when its account is (``VisibilitySQL``), and the copies say
/// whose account it is: `account_owner_id` (NOT NULL) is the account's `owner_id`, `account_team_id` its `team_id`.
///
/// The copies are kept true by the database, whatever path writes (a store, `BulkInsert`, an import, the demo data):
/// - a row inserted, or moved to another account, takes its account's owner and team (SQLite: a trigger after the
///   insert or the move writes them, after an insert only when the writer did not give them right; PostgreSQL: a
///   trigger before it sets them on the new row). The stores and `BulkInsert` give them, so that SQLite need not
///   write a new row twice;
/// - an account whose owner or team changes (reassignment, bulk reassignment, team change, merge) writes its new
///   values on its rows (a trigger on `accounts`, through the table's `account_id` index).
///
/// The statements are part of migrations already applied: their text must not change.
struct AccountVisibilityColumns {
    /// The account's owner, on the row.
    static let ownerColumn = "account_owner_id"
    /// The account's team (NULL when it has none), on the row.
    static let teamColumn = "account_team_id"

    /// The copies' values for a new row of account `accountID`, as SQL for an `INSERT`'s VALUES (after the other
    /// columns; the column names are ``ownerColumn`` and ``teamColumn``).
    static func values(accountID: String) -> SQLQueryString {
        "(SELECT a.owner_id FROM accounts a WHERE a.id = \(bind: accountID)), "
            + "(SELECT a.team_id FROM accounts a WHERE a.id = \(bind: accountID))"
    }

    /// The owner and team of each of these accounts (for rows written in bulk), in one statement per 10,000.
    static func copies(
        of accountIDs: Set<String>, db: any SQLDatabase
    ) async throws -> [String: (owner: String, team: String?)] {
        var found: [String: (owner: String, team: String?)] = [:]
        let ids = Array(accountIDs)
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            let chunk = ids[start..<min(start + 10_000, ids.count)]
            for row in try await db.raw(
                "SELECT id, owner_id, team_id FROM accounts WHERE id IN (\(binds: Array(chunk)))"
            ).all() {
                found[try row.string("id")] = (try row.string("owner_id"), try row.optionalString("team_id"))
            }
        }
        return found
    }

    /// The table with an `account_id` column and an `id` key; a name from the code, never from input.
    let table: String

    /// Adds the two columns and fills them from the rows' accounts (one statement over the table, run once at
    /// upgrade). `account_owner_id` is NOT NULL with an empty default (SQLite adds a NOT NULL column only with a
    /// default), which no row keeps: the fill and the triggers write every row's owner.
    func columns() -> [String] {
        [
            "ALTER TABLE \(table) ADD COLUMN \(Self.ownerColumn) TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE \(table) ADD COLUMN \(Self.teamColumn) TEXT",
            """
            UPDATE \(table) SET \(Self.ownerColumn) = a.owner_id, \(Self.teamColumn) = a.team_id
            FROM accounts a WHERE a.id = \(table).account_id
            """,
        ]
    }

    /// The triggers that keep the copies true (see the type's comment).
    func triggers(_ engine: DatabaseEngine) -> [String] {
        let copyToRows = """
            UPDATE \(table) SET \(Self.ownerColumn) = new.owner_id, \(Self.teamColumn) = new.team_id
                WHERE account_id = new.id;
            """
        switch engine {
        case .sqlite:
            let fromAccount = """
                UPDATE \(table) SET (\(Self.ownerColumn), \(Self.teamColumn)) =
                    (SELECT a.owner_id, a.team_id FROM accounts a WHERE a.id = new.account_id)
                    WHERE id = new.id;
                """
            // A row the writer gave its copies (the stores and `BulkInsert` do) is left as it is: the update after
            // the insert rewrote every new row (an import 0.69× → 0.52× a plain insert).
            let wrong = """
                new.\(Self.ownerColumn) IS NOT (SELECT a.owner_id FROM accounts a WHERE a.id = new.account_id)
                    OR new.\(Self.teamColumn) IS NOT (SELECT a.team_id FROM accounts a WHERE a.id = new.account_id)
                """
            return [
                """
                CREATE TRIGGER \(table)_account_copies_insert AFTER INSERT ON \(table)
                WHEN \(wrong) BEGIN
                    \(fromAccount)
                END
                """,
                """
                CREATE TRIGGER \(table)_account_copies_move AFTER UPDATE OF account_id ON \(table)
                WHEN new.account_id IS NOT old.account_id BEGIN
                    \(fromAccount)
                END
                """,
                """
                CREATE TRIGGER accounts_copies_to_\(table) AFTER UPDATE OF owner_id, team_id ON accounts
                WHEN new.owner_id IS NOT old.owner_id OR new.team_id IS NOT old.team_id BEGIN
                    \(copyToRows)
                END
                """,
            ]
        case .postgres:
            return [
                """
                CREATE FUNCTION benta_\(table)_account_copies() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a.owner_id, a.team_id INTO NEW.\(Self.ownerColumn), NEW.\(Self.teamColumn)
                    FROM accounts a WHERE a.id = NEW.account_id;
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER \(table)_account_copies BEFORE INSERT OR UPDATE OF account_id ON \(table)
                FOR EACH ROW EXECUTE FUNCTION benta_\(table)_account_copies()
                """,
                """
                CREATE FUNCTION benta_accounts_copies_to_\(table)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    \(copyToRows.replacingOccurrences(of: "new.", with: "NEW."))
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER accounts_copies_to_\(table) AFTER UPDATE OF owner_id, team_id ON accounts FOR EACH ROW
                WHEN (NEW.owner_id IS DISTINCT FROM OLD.owner_id OR NEW.team_id IS DISTINCT FROM OLD.team_id)
                EXECUTE FUNCTION benta_accounts_copies_to_\(table)()
                """,
            ]
        }
    }
}
