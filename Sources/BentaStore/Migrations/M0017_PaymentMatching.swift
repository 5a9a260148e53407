import Foundation

/// Matching bank lines to invoices (issue 12): the payer accounts confirmed per customer (a line from one of them
/// points to that customer), the indexes candidate look-ups use (invoice numbers named in a remittance text, issued
/// invoices of an exact total), and `payment_voids`, the append-only record of a payment undone because its bank
/// line was matched wrongly (the payment row itself is never changed).
struct M0017_PaymentMatching: Migration {
    let number = 17
    let name = "payment_matching"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE payer_accounts (
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_key TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                confirmed_at BIGINT NOT NULL,
                PRIMARY KEY (company_id, account_key, account_id))
            """,
            "CREATE INDEX payer_accounts_customer ON payer_accounts (account_id)",
            "CREATE INDEX invoices_match_amount ON invoices (company_id, kind, status, total_minor)",
            "CREATE INDEX invoices_match_number ON invoices (company_id, number)",
            "CREATE INDEX invoices_match_customer ON invoices (account_id, kind, status, due_date)",
            """
            CREATE TABLE payment_voids (
                payment_id TEXT PRIMARY KEY REFERENCES payments (id),
                company_id TEXT NOT NULL REFERENCES companies (id),
                reason TEXT NOT NULL,
                voided_by TEXT REFERENCES users (id),
                voided_at BIGINT NOT NULL)
            """,
        ] + appendOnly(["payment_voids"], on: engine)
    }
}
