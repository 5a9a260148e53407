import Foundation

/// Monthly company plans (issue 13, DOMAIN.md §4): each save of a month's plan is a new append-only version (its
/// number, content — cost lines, target profit, gross margin, currency, how it was split — author, reason and the
/// instant it takes effect) with the managers' shares of that version; and the company's credit basis.
///
/// Triggers on both engines refuse UPDATE and DELETE of versions and shares, so the plan as it stood on any date
/// can always be read back. The credit basis is one row per company (absent: `invoiced`), versioned for its edits.
struct M0025_Plans: Migration {
    let number = 25
    let name = "plans"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE plan_versions (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                month TEXT NOT NULL,
                number BIGINT NOT NULL CHECK (number >= 1),
                content_json TEXT NOT NULL,
                currency TEXT NOT NULL,
                target_minor BIGINT NOT NULL,
                author_id TEXT NOT NULL REFERENCES users (id),
                reason TEXT NOT NULL,
                effective_at BIGINT NOT NULL,
                UNIQUE (company_id, month, number))
            """,
            """
            CREATE TABLE plan_shares (
                version_id TEXT NOT NULL REFERENCES plan_versions (id),
                position BIGINT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users (id),
                amount_minor BIGINT NOT NULL,
                weight TEXT,
                PRIMARY KEY (version_id, position))
            """,
            """
            CREATE TABLE plan_settings (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                credit_basis TEXT NOT NULL CHECK (credit_basis IN ('booked', 'invoiced', 'collected')),
                updated_by TEXT REFERENCES users (id),
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
        ] + appendOnly(["plan_versions", "plan_shares"], on: engine)
    }
}
