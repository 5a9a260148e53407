import Foundation

/// Invoice pages newest first from indexes (issue 11). An invoice is visible exactly when its account is; a
/// manager's list walked the company's invoices newest first (`invoices_list`) and joined each one's account to keep
/// the visible ones, and the overdue filter ran the settled sums (`InvoiceSettlementSQL`) on every candidate before
/// its account was checked: about 25,000 invoices read for a manager's page of 50 overdue ones at a million records,
/// when they hold one account in fifty (27–44 ms).
///
/// `InvoiceStore` reads a manager's page as a union over the copies of the account's owner and team that migration
/// 47 keeps on each invoice: their own accounts' invoices on `invoices_owner_page`, each team's shared ones on
/// `invoices_team_page`, each walked newest first and cut to the page, then merged
/// (`SQLDatabase.newestFirstUnionPage`); about 500 index entries for that page (2–3 ms).
///
/// Each of these indexes, and `invoices_list` (the whole company's page, made again with the same columns first),
/// also holds the invoice's kind, status and due date after its page order, so the status and overdue filters pass
/// over drafts, credit notes and invoices not yet due on the index alone; the settled sums run only on the invoices
/// past their due date.
struct M0048_InvoicePagesByOwner: Migration {
    let number = 48
    let name = "invoice_pages_by_owner"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "DROP INDEX invoices_list",
            "CREATE INDEX invoices_list ON invoices (company_id, id, kind, status, due_date)",
            "CREATE INDEX invoices_owner_page ON invoices (company_id, account_owner_id, id, kind, status, due_date)",
            "CREATE INDEX invoices_team_page ON invoices (company_id, account_team_id, id, kind, status, due_date)",
        ]
    }
}
