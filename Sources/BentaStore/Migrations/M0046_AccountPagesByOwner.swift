import Foundation

/// A manager's accounts list in page order from an index (issue 11). A manager sees the accounts they own and those
/// shared with their teams; the list walked the company's accounts in name order and kept the visible ones, about
/// fifty rows read for each one shown when a manager holds one account in fifty (7 ms a page at a million accounts).
/// `AccountStore` now reads the page as a union: the manager's own accounts, and each team's shared ones, each
/// ordered by its index below and cut to the page, then merged.
///
/// `accounts_owner_page` replaces `accounts_owner` (company, owner, sort name), whose lookups it serves as well.
struct M0046_AccountPagesByOwner: Migration {
    let number = 46
    let name = "account_pages_by_owner"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "DROP INDEX accounts_owner",
            "CREATE INDEX accounts_owner_page ON accounts (company_id, owner_id, sort_name, id)",
            "CREATE INDEX accounts_team_page ON accounts (company_id, team_id, sort_name, id)",
        ]
    }
}
