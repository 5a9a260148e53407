import Foundation

/// The billing-schedule entries already turned into invoice drafts, one row per (contract, entry).
///
/// The primary key is what makes the daily billing sweep idempotent on several app servers: the row is inserted in
/// the transaction that creates the draft, and a second server's insert finds it and rolls its draft back.
/// `invoice_id` becomes NULL when the draft is discarded; the entry stays billed (the user decided against it).
struct M0009_ContractBillingRuns: Migration {
    let number = 9
    let name = "contract_billing_runs"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE contract_billing_runs (
                contract_id TEXT NOT NULL REFERENCES contracts (id),
                entry_key TEXT NOT NULL,
                entry_date TEXT NOT NULL,
                invoice_id TEXT REFERENCES invoices (id) ON DELETE SET NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (contract_id, entry_key))
            """,
            "CREATE INDEX contract_billing_runs_invoice ON contract_billing_runs (invoice_id)",
        ]
    }
}
