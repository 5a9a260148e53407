import Foundation

/// Split credit on deals (issue 13, DOMAIN.md §4): the managers who share a deal's credit and their percentages,
/// one row per manager in the order given. The credit events of the deal, of its invoices and credit notes and of
/// the payments allocated to them are credited by these percentages instead of to the owner. A split is set while
/// the deal is open and is fixed once the deal is won or lost (the service's rule), so an approved commission
/// statement never meets a credit it did not see.
struct M0028_DealCreditSplits: Migration {
    let number = 28
    let name = "deal_credit_splits"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE deal_credit_splits (
                deal_id TEXT NOT NULL REFERENCES deals (id),
                position BIGINT NOT NULL,
                company_id TEXT NOT NULL REFERENCES companies (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                percent TEXT NOT NULL,
                PRIMARY KEY (deal_id, position))
            """,
            "CREATE INDEX deal_credit_splits_user ON deal_credit_splits (company_id, user_id, deal_id)",
        ]
    }
}
