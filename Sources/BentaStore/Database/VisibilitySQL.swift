import BentaCore
import Foundation
import SQLKit

/// The SQL form of ``VisibilityScope``: every query for customer records goes through here, so a manager's
/// lists, lookups, searches and exports all see the same records.
enum VisibilitySQL {
    /// Condition on an `accounts` alias: same company, and owned by the viewer or shared with one of their teams.
    static func accounts(_ viewer: Viewer, alias: String = "a") -> SQLQueryString {
        let company: SQLQueryString = "\(ident: alias).company_id = \(bind: viewer.companyID.description)"
        switch viewer.scope {
        case .wholeCompany:
            return company
        case .ownedOrShared(let user):
            return company
                + " AND (\(ident: alias).owner_id = \(bind: user.description) OR \(ident: alias).team_id IN "
                + "(SELECT tm.team_id FROM team_members tm WHERE tm.user_id = \(bind: user.description)))"
        }
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
