import Foundation

/// The discount approval queue (issue 13): a quote line whose discount is above the company's limit, given by a role
/// without the duty, waits here for a head's or an admin's decision (`DiscountApproval`). One row per request; a
/// decision or a change of the line moves its status on, and nothing is deleted.
struct M0034_DiscountApprovals: Migration {
    let number = 34
    let name = "discount_approvals"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE discount_approvals (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                quote_id TEXT NOT NULL REFERENCES quotes (id),
                line_index BIGINT NOT NULL,
                line_key TEXT NOT NULL,
                line_description TEXT NOT NULL,
                discount TEXT NOT NULL,
                limit_percent TEXT NOT NULL,
                requested_by TEXT NOT NULL REFERENCES users (id),
                requested_at BIGINT NOT NULL,
                status TEXT NOT NULL,
                decided_by TEXT REFERENCES users (id),
                decided_at BIGINT,
                reason TEXT,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX discount_approvals_queue ON discount_approvals (company_id, status, id)",
            "CREATE INDEX discount_approvals_quote ON discount_approvals (quote_id, id)",
        ]
    }
}
