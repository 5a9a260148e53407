import Foundation

/// What an account is as a buyer for tax: its country (ISO 3166 two letters), whether it is VAT-registered and
/// whether it buys as a business or as an individual consumer (`buyer_kind`).
///
/// The columns carry defaults, so existing rows stay valid: not VAT-registered, a business, and the country of the
/// account's company (backfilled from `companies.country`; the column default `PH` only stands in until then).
struct M0012_AccountTaxProfile: Migration {
    let number = 12
    let name = "account_tax_profile"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        let falseValue = engine == .sqlite ? "0" : "FALSE"
        return [
            "ALTER TABLE accounts ADD COLUMN country TEXT NOT NULL DEFAULT 'PH'",
            "ALTER TABLE accounts ADD COLUMN is_vat_registered \(bool) NOT NULL DEFAULT \(falseValue)",
            """
            ALTER TABLE accounts ADD COLUMN buyer_kind TEXT NOT NULL DEFAULT 'business'
                CHECK (buyer_kind IN ('business', 'individual'))
            """,
            """
            UPDATE accounts SET country = (SELECT c.country FROM companies c WHERE c.id = accounts.company_id)
            WHERE country <> (SELECT c.country FROM companies c WHERE c.id = accounts.company_id)
            """,
        ]
    }
}
