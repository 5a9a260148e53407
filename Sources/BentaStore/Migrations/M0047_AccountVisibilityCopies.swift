import Foundation

/// A manager's contacts (and, with migration 48's indexes, invoices) in page order from indexes (issue 11). A contact
/// or an invoice is visible exactly when its account is; the contacts page walked the company's contacts in page
/// order and joined each one's account to keep the visible ones, about fifty read for each one shown when a manager
/// holds one account in fifty (14 ms a page at a million contacts).
///
/// Contacts and invoices now carry copies of their account's owner and team (`account_owner_id`,
/// `account_team_id`), filled here and kept true by triggers on both engines (``AccountVisibilityColumns``), and a
/// manager's contacts page is read as a union (`ContactStore`): their own accounts' contacts on
/// `contacts_owner_page`, each team's shared ones on `contacts_team_page`, each cut to the page, then merged.
///
/// `contacts_list` (company, sort name, id) goes: `contacts_list_visible` (migration 36) begins with the same columns
/// and serves every query it served.
struct M0047_AccountVisibilityCopies: Migration {
    let number = 47
    let name = "account_visibility_copies"

    func statements(for engine: DatabaseEngine) -> [String] {
        let tables = ["contacts", "invoices"].map(AccountVisibilityColumns.init(table:))
        return tables.flatMap { $0.columns() } + tables.flatMap { $0.triggers(engine) } + [
            "CREATE INDEX contacts_owner_page ON contacts (company_id, account_owner_id, sort_name, id)",
            "CREATE INDEX contacts_team_page ON contacts (company_id, account_team_id, sort_name, id)",
            "DROP INDEX contacts_list",
        ]
    }
}
