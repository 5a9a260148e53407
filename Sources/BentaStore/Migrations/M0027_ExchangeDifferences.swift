import Foundation

/// Exchange differences (issue 12, DOMAIN.md §2 "Multi-currency"): a foreign-currency payment keeps the rate it was
/// converted at (`payments.exchange_rate`, a decimal as text, frozen like the invoice's `exchange_rate`), and each
/// journal line of an entry valued in the base currency keeps that value (`base_currency`, `base_minor`): the
/// receivable at the invoice's rate, the customer's credit at the payment's, and the exchange difference between
/// them. Lines posted before stay as they were (NULL: not valued); the tables stay append-only.
struct M0027_ExchangeDifferences: Migration {
    let number = 27
    let name = "exchange_differences"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE payments ADD COLUMN exchange_rate TEXT",
            "ALTER TABLE journal_lines ADD COLUMN base_currency TEXT",
            "ALTER TABLE journal_lines ADD COLUMN base_minor BIGINT",
        ]
    }
}
