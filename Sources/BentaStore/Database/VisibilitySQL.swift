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
}
