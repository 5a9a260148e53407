import Foundation

/// Invoices and credit notes with their lines, invoicing settings, and the idempotency keys of money-creating
/// requests.
struct M0007_Invoices: Migration {
    let number = 7
    let name = "invoices"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        return [
            """
            CREATE TABLE invoice_settings (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                profile TEXT NOT NULL CHECK (profile IN ('ph', 'eu', 'none')),
                prices_include_tax \(bool) NOT NULL,
                default_payment_terms TEXT NOT NULL,
                title TEXT NOT NULL,
                acknowledgement_number TEXT,
                acknowledgement_date TEXT,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE invoices (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
                branch TEXT NOT NULL,
                number TEXT,
                sequence BIGINT,
                status TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                contact_id TEXT REFERENCES contacts (id),
                owner_id TEXT NOT NULL REFERENCES users (id),
                deal_id TEXT REFERENCES deals (id),
                contract_id TEXT,
                corrects_invoice_id TEXT REFERENCES invoices (id),
                currency TEXT NOT NULL,
                prices_include_tax \(bool) NOT NULL,
                payment_terms TEXT NOT NULL,
                exchange_rate TEXT,
                exchange_rate_date TEXT,
                notes TEXT,
                reason TEXT,
                adjustments_json TEXT NOT NULL,
                issue_date TEXT,
                due_date TEXT,
                payment_reference TEXT,
                seller_json TEXT,
                buyer_json TEXT,
                total_without_tax_minor BIGINT NOT NULL,
                tax_minor BIGINT NOT NULL,
                total_minor BIGINT NOT NULL,
                vatable_minor BIGINT NOT NULL,
                zero_rated_minor BIGINT NOT NULL,
                exempt_minor BIGINT NOT NULL,
                created_by TEXT REFERENCES users (id),
                issued_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL,
                CHECK ((status = 'draft') = (number IS NULL)))
            """,
            "CREATE UNIQUE INDEX invoices_number ON invoices (company_id, kind, branch, number)",
            "CREATE INDEX invoices_register ON invoices (company_id, kind, branch, sequence)",
            "CREATE INDEX invoices_account ON invoices (account_id, status)",
            "CREATE INDEX invoices_corrects ON invoices (corrects_invoice_id)",
            "CREATE INDEX invoices_list ON invoices (company_id, id)",
            M0005_Quotes.lineTable("invoice_lines", parent: "invoice_id", parentTable: "invoices"),
            "CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position)",
            """
            CREATE TABLE idempotency_keys (
                user_id TEXT NOT NULL REFERENCES users (id),
                idempotency_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status_code BIGINT,
                location TEXT,
                body TEXT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, idempotency_key))
            """,
        ]
    }
}
