import Foundation

/// Indexes for the list shapes that did not hold at a million records (issue 11, BENCHMARKS.md):
///
/// - the tag filter: each tag row keeps its account's sort name (`account_tags.sort_name`, written with the tags by
///   `AccountStore` on every create, edit and merge), so `account_tags_sorted` gives a tag's accounts in page order
///   and a page of 50 is about 50 index steps whether the tag is common or rare (before: every account with the
///   tag, sorted);
/// - visibility as a covering index (`accounts_visibility`: id, company, owner, team), so the lists that walk
///   another table in page order (contacts, tag rows) check a manager's accounts without reading account rows;
/// - the contacts list's status and account in its page-order index (`contacts_list_visible`), so a manager's page
///   reads only the contact rows it shows;
/// - credit notes by the invoice they correct (`invoices_credit_notes`, partial): what settled an invoice
///   (`InvoiceSettlementSQL`: aging, overdue lists, statements) looks its credit notes up there. The planner never
///   took `invoices_corrects`, whose statistics count every invoice's NULL as one value shared by all, and scanned
///   the invoices once per invoice instead.
struct M0036_QueryShapes: Migration {
    let number = 36
    let name = "query_shapes"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE account_tags ADD COLUMN sort_name TEXT NOT NULL DEFAULT ''",
            """
            UPDATE account_tags SET sort_name = (SELECT a.sort_name FROM accounts a WHERE a.id = account_tags.account_id)
            """,
            "CREATE INDEX account_tags_sorted ON account_tags (company_id, tag, sort_name, account_id)",
            "CREATE INDEX accounts_visibility ON accounts (id, company_id, owner_id, team_id)",
            "CREATE INDEX contacts_list_visible ON contacts (company_id, sort_name, id, status, account_id)",
            "CREATE INDEX invoices_credit_notes ON invoices (corrects_invoice_id) WHERE kind = 'credit_note'",
        ]
    }
}
