import Foundation

/// Money in the bank (issue 12): the company's bank accounts, payments received, their allocations to invoices with
/// what the customer withheld, each customer's withholding default, the append-only receivables ledger — with
/// a journal entry backfilled for every invoice and credit note issued before it — and imported bank statements,
/// whose lines are unique per bank account by their dedupe key (a statement imported twice adds nothing).
///
/// Payments, allocations, withholdings and journal rows are never updated or deleted (triggers refuse it on both
/// engines); an allocation is undone by a reversing allocation that points at it (`reverses_id`, unique, so an
/// allocation is reversed at most once).
struct M0016_Payments: Migration {
    let number = 16
    let name = "payments"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE company_bank_accounts (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                bank TEXT NOT NULL,
                number TEXT,
                match_key TEXT NOT NULL,
                iban TEXT,
                currency TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX company_bank_accounts_key ON company_bank_accounts (company_id, match_key)",
            """
            CREATE TABLE payments (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                received_on TEXT NOT NULL,
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
                method TEXT NOT NULL,
                reference TEXT,
                bank_account_id TEXT REFERENCES company_bank_accounts (id),
                notes TEXT,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX payments_list ON payments (company_id, id)",
            "CREATE INDEX payments_account ON payments (account_id, id)",
            """
            CREATE TABLE payment_allocations (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                payment_id TEXT NOT NULL REFERENCES payments (id),
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                currency TEXT NOT NULL,
                cash_minor BIGINT NOT NULL,
                withheld_minor BIGINT NOT NULL,
                allocated_on TEXT NOT NULL,
                reverses_id TEXT UNIQUE REFERENCES payment_allocations (id),
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id)",
            "CREATE INDEX payment_allocations_payment ON payment_allocations (payment_id)",
            "CREATE INDEX payment_allocations_account ON payment_allocations (account_id, allocated_on)",
            """
            CREATE TABLE allocation_withholdings (
                allocation_id TEXT NOT NULL REFERENCES payment_allocations (id),
                position BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('ewt', 'vat')),
                tax_code TEXT NOT NULL,
                rate_percent TEXT NOT NULL,
                base_minor BIGINT NOT NULL,
                amount_minor BIGINT NOT NULL,
                PRIMARY KEY (allocation_id, position))
            """,
            """
            CREATE TABLE account_withholding (
                account_id TEXT PRIMARY KEY REFERENCES accounts (id),
                company_id TEXT NOT NULL REFERENCES companies (id),
                rates_json TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE journal_entries (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                entry_date TEXT NOT NULL,
                source TEXT NOT NULL,
                source_id TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX journal_entries_source ON journal_entries (source, source_id)",
            """
            CREATE TABLE journal_lines (
                entry_id TEXT NOT NULL REFERENCES journal_entries (id),
                position BIGINT NOT NULL,
                company_id TEXT NOT NULL,
                ledger_account TEXT NOT NULL,
                party_id TEXT,
                bank_account_id TEXT,
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                entry_date TEXT NOT NULL,
                PRIMARY KEY (entry_id, position))
            """,
            "CREATE INDEX journal_lines_account ON journal_lines (company_id, ledger_account, party_id, entry_date)",
            """
            CREATE TABLE bank_statements (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                bank_account_id TEXT NOT NULL REFERENCES company_bank_accounts (id),
                format TEXT NOT NULL,
                file_name TEXT NOT NULL,
                identifier TEXT,
                from_date TEXT,
                to_date TEXT,
                currency TEXT NOT NULL,
                opening_minor BIGINT,
                closing_minor BIGINT,
                line_count BIGINT NOT NULL,
                duplicate_count BIGINT NOT NULL,
                warnings_json TEXT NOT NULL,
                imported_by TEXT REFERENCES users (id),
                imported_at BIGINT NOT NULL)
            """,
            "CREATE INDEX bank_statements_list ON bank_statements (company_id, id)",
            """
            CREATE TABLE bank_statement_lines (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                bank_account_id TEXT NOT NULL REFERENCES company_bank_accounts (id),
                statement_id TEXT NOT NULL REFERENCES bank_statements (id),
                dedupe_key TEXT NOT NULL,
                booking_date TEXT NOT NULL,
                value_date TEXT,
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                bank_reference TEXT,
                end_to_end_id TEXT,
                counterparty_name TEXT,
                counterparty_account TEXT,
                remittance TEXT NOT NULL,
                creditor_reference TEXT,
                transaction_code TEXT,
                is_reversal \(SQLDialectFacts.booleanType(engine)) NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('unmatched', 'matched', 'ignored')),
                payment_id TEXT REFERENCES payments (id),
                created_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX bank_statement_lines_dedupe ON bank_statement_lines (bank_account_id, dedupe_key)",
            "CREATE INDEX bank_statement_lines_queue ON bank_statement_lines (company_id, status, id)",
            "CREATE INDEX bank_statement_lines_statement ON bank_statement_lines (statement_id, id)",
        ] + Self.backfill
            + appendOnly(
                ["payments", "payment_allocations", "allocation_withholdings", "journal_entries", "journal_lines"],
                on: engine, createFunction: true)
    }

    /// A journal entry for every issued invoice and credit note: receivables, sales net of VAT, output VAT.
    static let backfill: [String] = [
        """
        INSERT INTO journal_entries (id, company_id, entry_date, source, source_id, created_at)
        SELECT id, company_id, issue_date, kind, id, COALESCE(issued_at, updated_at)
        FROM invoices WHERE status = 'issued'
        """,
        """
        INSERT INTO journal_lines (entry_id, position, company_id, ledger_account, party_id, currency, amount_minor,
            entry_date)
        SELECT id, 0, company_id, 'receivables', account_id, currency,
            CASE WHEN kind = 'invoice' THEN total_minor ELSE -total_minor END, issue_date
        FROM invoices WHERE status = 'issued' AND total_minor <> 0
        """,
        """
        INSERT INTO journal_lines (entry_id, position, company_id, ledger_account, party_id, currency, amount_minor,
            entry_date)
        SELECT id, 1, company_id, 'sales', NULL, currency,
            CASE WHEN kind = 'invoice' THEN -(total_minor - tax_minor) ELSE total_minor - tax_minor END, issue_date
        FROM invoices WHERE status = 'issued' AND total_minor - tax_minor <> 0
        """,
        """
        INSERT INTO journal_lines (entry_id, position, company_id, ledger_account, party_id, currency, amount_minor,
            entry_date)
        SELECT id, 2, company_id, 'output_tax', NULL, currency,
            CASE WHEN kind = 'invoice' THEN -tax_minor ELSE tax_minor END, issue_date
        FROM invoices WHERE status = 'issued' AND tax_minor <> 0
        """,
    ]
}
