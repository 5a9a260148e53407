import Foundation

/// Collections (issue 12): the company's dunning ladder, every dunning step taken (once per invoice and level), the
/// calls an account's manager has to make, promises to pay and their outcomes, disputed invoices, and credit holds
/// with the head's overrides.
///
/// Each guarantee that a daily job on several app servers does a thing once is a unique key: `dunning_steps`
/// `(invoice_id, level)`; one open call, one open hold per account and one open dispute per invoice through an
/// `open_*` column that holds the key while the row is open and NULL once it is closed (NULLs never collide on either
/// engine). Steps taken, promises, promise outcomes and overrides are append-only; calls, disputes and holds are
/// versioned records that close.
struct M0021_Collections: Migration {
    let number = 21
    let name = "collections"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE dunning_policies (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                policy TEXT NOT NULL,
                updated_by TEXT REFERENCES users (id),
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE collection_calls (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                assignee_id TEXT NOT NULL REFERENCES users (id),
                cause TEXT NOT NULL CHECK (cause IN ('dunning', 'broken_promise', 'manual')),
                due_on TEXT NOT NULL,
                open_account_id TEXT UNIQUE,
                reason TEXT,
                outcome_note TEXT,
                overdue_minor BIGINT,
                currency TEXT,
                promise_id TEXT,
                logged_by TEXT REFERENCES users (id),
                logged_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX collection_calls_assignee ON collection_calls (company_id, assignee_id, logged_at, due_on)",
            "CREATE INDEX collection_calls_account ON collection_calls (account_id, id)",
            "CREATE INDEX collection_calls_logged ON collection_calls (company_id, logged_at)",
            """
            CREATE TABLE dunning_steps (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                level INTEGER NOT NULL,
                action TEXT NOT NULL,
                channel TEXT NOT NULL,
                taken_on TEXT NOT NULL,
                open_minor BIGINT NOT NULL,
                currency TEXT NOT NULL,
                days_late INTEGER NOT NULL,
                call_id TEXT REFERENCES collection_calls (id),
                message_id TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (invoice_id, level))
            """,
            "CREATE INDEX dunning_steps_company ON dunning_steps (company_id, taken_on)",
            "CREATE INDEX dunning_steps_account ON dunning_steps (account_id, taken_on)",
            """
            CREATE TABLE payment_promises (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                call_id TEXT REFERENCES collection_calls (id),
                promised_on TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                currency TEXT NOT NULL,
                grace_days INTEGER NOT NULL,
                contact_name TEXT,
                channel TEXT,
                reason TEXT,
                note TEXT,
                logged_by TEXT NOT NULL REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX payment_promises_account ON payment_promises (account_id, promised_on)",
            "CREATE INDEX payment_promises_company ON payment_promises (company_id, promised_on)",
            """
            CREATE TABLE payment_promise_invoices (
                promise_id TEXT NOT NULL REFERENCES payment_promises (id),
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                PRIMARY KEY (promise_id, invoice_id))
            """,
            "CREATE INDEX payment_promise_invoices_invoice ON payment_promise_invoices (invoice_id)",
            """
            CREATE TABLE payment_promise_outcomes (
                promise_id TEXT PRIMARY KEY REFERENCES payment_promises (id),
                company_id TEXT NOT NULL REFERENCES companies (id),
                status TEXT NOT NULL CHECK (status IN ('kept', 'partly_kept', 'broken')),
                decided_on TEXT NOT NULL,
                paid_minor BIGINT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX payment_promise_outcomes_company ON payment_promise_outcomes (company_id, decided_on)",
            """
            CREATE TABLE invoice_disputes (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                open_invoice_id TEXT UNIQUE,
                opened_on TEXT NOT NULL,
                opened_by TEXT REFERENCES users (id),
                call_id TEXT REFERENCES collection_calls (id),
                note TEXT,
                resolved_on TEXT,
                resolved_by TEXT REFERENCES users (id),
                resolution TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX invoice_disputes_invoice ON invoice_disputes (invoice_id, opened_on)",
            "CREATE INDEX invoice_disputes_account ON invoice_disputes (account_id, opened_on)",
            """
            CREATE TABLE credit_holds (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                open_account_id TEXT UNIQUE,
                placed_on TEXT NOT NULL,
                placed_by TEXT REFERENCES users (id),
                dunning_step_id TEXT REFERENCES dunning_steps (id),
                reason TEXT NOT NULL,
                released_at BIGINT,
                released_by TEXT REFERENCES users (id),
                release_note TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX credit_holds_account ON credit_holds (account_id, placed_on)",
            """
            CREATE TABLE credit_hold_overrides (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                hold_id TEXT NOT NULL REFERENCES credit_holds (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                granted_by TEXT NOT NULL REFERENCES users (id),
                reason TEXT NOT NULL,
                valid_until TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX credit_hold_overrides_hold ON credit_hold_overrides (hold_id, valid_until)",
        ]
            + appendOnly(
                [
                    "dunning_steps", "payment_promises", "payment_promise_invoices", "payment_promise_outcomes",
                    "credit_hold_overrides",
                ], on: engine)
    }
}
