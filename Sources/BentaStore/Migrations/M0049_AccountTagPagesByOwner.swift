import Foundation

/// A manager's accounts with a tag, in page order from indexes (issue 11): the tag filter walked the company's rows
/// of the tag in page order (`account_tags_sorted`) and joined each one's account to keep the visible ones, about
/// fifty read for each one shown when a manager holds one account in fifty (235 pages a second at a million
/// accounts). Each tag row now carries its account's owner and team, as it carries its sort name (migration 36), and
/// `AccountStore` reads a manager's page as a union: their own accounts' rows of the tag, and each team's shared
/// ones, each on its index below and cut to the page, then merged.
///
/// The copies are written with the tag rows: `AccountStore` writes an account's tag rows anew on every create and
/// edit (the only change of an account's owner or team) and on a merge, and `BulkInsert` with the accounts.
struct M0049_AccountTagPagesByOwner: Migration {
    let number = 49
    let name = "account_tag_pages_by_owner"

    func statements(for engine: DatabaseEngine) -> [String] {
        AccountVisibilityColumns(table: "account_tags").columns() + [
            """
            CREATE INDEX account_tags_owner_page
            ON account_tags (company_id, tag, account_owner_id, sort_name, account_id)
            """,
            """
            CREATE INDEX account_tags_team_page
            ON account_tags (company_id, tag, account_team_id, sort_name, account_id)
            """,
        ]
    }
}
