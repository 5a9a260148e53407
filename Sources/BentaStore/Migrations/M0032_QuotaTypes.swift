import Foundation

/// Several quota types per period (issue 13): the company's quota types (the built-in `total` is not stored), each
/// manager's plan per type in a version of a month's plan (append-only, like the version's shares, so a report as of
/// an earlier day reads the split by type of the version then in force), and the index the credit events read to
/// tell a new customer from an existing one: the account's issued invoices by issue date.
struct M0032_QuotaTypes: Migration {
    let number = 32
    let name = "quota_types"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE quota_types (
                company_id TEXT NOT NULL REFERENCES companies (id),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                rule TEXT NOT NULL CHECK (rule IN ('new_customers', 'existing_customers')),
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (company_id, code))
            """,
            """
            CREATE TABLE plan_type_shares (
                version_id TEXT NOT NULL REFERENCES plan_versions (id),
                position BIGINT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users (id),
                quota_type TEXT NOT NULL,
                amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
                PRIMARY KEY (version_id, position),
                UNIQUE (version_id, user_id, quota_type))
            """,
            "CREATE INDEX invoices_account_issued ON invoices (account_id, kind, status, issue_date)",
        ] + appendOnly(["plan_type_shares"], on: engine)
    }
}
