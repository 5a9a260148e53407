import BentaCore
import Foundation
import SQLKit

/// The SQL form of ``VisibilityScope``: every query for customer records goes through here, so a manager's
/// lists, lookups, searches and exports all see the same records.
enum VisibilitySQL {
    /// Condition on an `accounts` alias: same company, and owned by the viewer or shared with one of their teams.
    /// `ownerColumn` and `teamColumn` name the account's owner and team on `alias` (names from the code).
    static func accounts(
        _ viewer: Viewer, alias: String = "a", ownerColumn: String = "owner_id", teamColumn: String = "team_id"
    ) -> SQLQueryString {
        let company: SQLQueryString = "\(ident: alias).company_id = \(bind: viewer.companyID.description)"
        switch viewer.scope {
        case .wholeCompany:
            return company
        case .ownedOrShared(let user):
            return company
                + " AND (\(ident: alias).\(ident: ownerColumn) = \(bind: user.description) OR "
                + "\(ident: alias).\(ident: teamColumn) IN "
                + "(SELECT tm.team_id FROM team_members tm WHERE tm.user_id = \(bind: user.description)))"
        }
    }

    /// Condition on a row that carries its account's owner and team (`account_owner_id`, `account_team_id`, kept by
    /// migration 47's triggers: contacts, invoices): the same rows as ``accounts(_:alias:ownerColumn:teamColumn:)``
    /// on their account, without reading the account.
    static func accountCopies(_ viewer: Viewer, alias: String) -> SQLQueryString {
        accounts(
            viewer, alias: alias, ownerColumn: AccountVisibilityColumns.ownerColumn,
            teamColumn: AccountVisibilityColumns.teamColumn)
    }

    /// Condition on a `leads` alias: a manager sees the leads they own; the other roles see all.
    static func leads(_ viewer: Viewer, alias: String = "l") -> SQLQueryString {
        let company: SQLQueryString = "\(ident: alias).company_id = \(bind: viewer.companyID.description)"
        switch viewer.scope {
        case .wholeCompany:
            return company
        case .ownedOrShared(let user):
            return company + " AND \(ident: alias).owner_id = \(bind: user.description)"
        }
    }

    /// Condition on a row with nullable `account_id` and `lead_id` columns (tasks, meetings, activities): visible
    /// when its account or its lead is, or when `personalColumn` (assignee, organizer) is the viewer.
    static func related(_ viewer: Viewer, alias: String, personalColumn: String?) -> SQLQueryString {
        let company: SQLQueryString = "\(ident: alias).company_id = \(bind: viewer.companyID.description)"
        switch viewer.scope {
        case .wholeCompany:
            return company
        case .ownedOrShared(let user):
            var parts: [SQLQueryString] = [
                "\(ident: alias).account_id IN (SELECT a.id FROM accounts a WHERE " + accounts(viewer) + ")",
                "\(ident: alias).lead_id IN (SELECT l.id FROM leads l WHERE " + leads(viewer) + ")",
            ]
            if let personalColumn {
                parts.append("\(ident: alias).\(ident: personalColumn) = \(bind: user.description)")
            }
            return company + " AND (" + parts.joined(separator: " OR ") + ")"
        }
    }
}

extension VisibilitySQL {
    /// What a manager (`user`) sees, as conditions on `alias` that share no row, each of which one index can serve
    /// in page order: `<owner> = user`, then for each of their teams `<team> = team AND <owner> <> user`, so a shared
    /// record the manager owns is in the first part only. Their teams are read here, in one statement (in no order:
    /// the union sorts). `ownerColumn` and `teamColumn` are the account's owner and team on `alias` (`owner_id` and
    /// `team_id` on accounts; the copies `account_owner_id` and `account_team_id` on contacts and invoices, migration
    /// 47); names from the code. Together the parts are exactly what ``accounts(_:alias:)`` sees for a manager, for
    /// the lists read as a union (``SQLDatabase/sortedUnionPage(_:alias:page:decode:)``).
    static func ownedOrSharedParts(
        user: User.ID, alias: String, ownerColumn: String, teamColumn: String, db: any SQLDatabase
    ) async throws -> [SQLQueryString] {
        let teams = try await db.raw(
            "SELECT tm.team_id FROM team_members tm WHERE tm.user_id = \(bind: user.description)"
        ).all().map { try $0.string("team_id") }
        let owner: SQLQueryString = "\(ident: alias).\(ident: ownerColumn)"
        let team: SQLQueryString = "\(ident: alias).\(ident: teamColumn)"
        return [owner + " = \(bind: user.description)"]
            + teams.map { team + " = \(bind: $0) AND " + owner + " <> \(bind: user.description)" }
    }
}

extension SQLDatabase {
    /// The record of `table` (aliased `alias`, with an `account_id` column; both names come from the code, never
    /// from input) for which `condition` holds, if the viewer sees its account: `SELECT <alias>.* FROM <table> <alias>
    /// JOIN accounts a ON a.id = <alias>.account_id WHERE <condition> AND <the viewer's accounts>`. `forUpdate` locks
    /// the record's row until the transaction ends (see ``first(_:forUpdate:locking:decode:)``).
    func firstSeenThroughAccount<T>(
        _ table: String, alias: String, where condition: SQLQueryString, viewer: Viewer, forUpdate: Bool = false,
        decode: (any SQLRow) throws -> T
    ) async throws -> T? {
        var sql: SQLQueryString = "SELECT \(unsafeRaw: alias).* FROM \(unsafeRaw: table) \(unsafeRaw: alias) "
        sql += "JOIN accounts a ON a.id = \(unsafeRaw: alias).account_id WHERE " + condition + " AND "
        sql += VisibilitySQL.accounts(viewer)
        return try await first(sql, forUpdate: forUpdate, locking: alias, decode: decode)
    }

    /// The first row `select` finds, decoded. `forUpdate` locks it until the transaction ends: on PostgreSQL only
    /// the row of `alias` (`FOR UPDATE OF`), so the rows it was seen through stay free for their own writers; on
    /// SQLite nothing is added, the writer queue already runs one writer at a time.
    func first<T>(
        _ select: SQLQueryString, forUpdate: Bool, locking alias: String, decode: (any SQLRow) throws -> T
    ) async throws -> T? {
        var sql = select
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(self, of: alias)) }
        return try await raw(sql).first().map(decode)
    }
}
