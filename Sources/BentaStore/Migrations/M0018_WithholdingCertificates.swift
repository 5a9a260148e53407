import Foundation

/// BIR Form 2307 certificates and collection receipts (issue 12): a certificate a customer gave for the tax it
/// withheld in one quarter, the allocations (with withholding) it covers — each at most once — and the collection
/// receipt issued for a payment, numbered in its own gapless series, once per payment.
///
/// All three tables are append-only (triggers refuse UPDATE and DELETE on both engines, as for the payments).
struct M0018_WithholdingCertificates: Migration {
    let number = 18
    let name = "withholding_certificates"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE withholding_certificates (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                number TEXT NOT NULL,
                period_from TEXT NOT NULL,
                period_to TEXT NOT NULL,
                received_on TEXT NOT NULL,
                notes TEXT,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX withholding_certificates_account ON withholding_certificates (account_id, id)",
            """
            CREATE TABLE certificate_allocations (
                allocation_id TEXT PRIMARY KEY REFERENCES payment_allocations (id),
                certificate_id TEXT NOT NULL REFERENCES withholding_certificates (id))
            """,
            "CREATE INDEX certificate_allocations_certificate ON certificate_allocations (certificate_id)",
            """
            CREATE TABLE collection_receipts (
                payment_id TEXT PRIMARY KEY REFERENCES payments (id),
                company_id TEXT NOT NULL REFERENCES companies (id),
                number TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                issued_on TEXT NOT NULL,
                issued_by TEXT REFERENCES users (id),
                issued_at BIGINT NOT NULL,
                UNIQUE (company_id, number))
            """,
        ]
            + appendOnly(["withholding_certificates", "certificate_allocations", "collection_receipts"], on: engine)
    }
}
