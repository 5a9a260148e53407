import Foundation

/// Gapless number series, line items of deals and quotes, and quotes.
struct M0005_Quotes: Migration {
    let number = 5
    let name = "quotes"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        let falseValue = engine == .sqlite ? "0" : "FALSE"
        return [
            // One counter row per (company, document type, branch); the row lock queues concurrent issuers.
            """
            CREATE TABLE number_series (
                company_id TEXT NOT NULL REFERENCES companies (id),
                document_type TEXT NOT NULL,
                branch TEXT NOT NULL,
                format TEXT NOT NULL,
                next_value BIGINT NOT NULL CHECK (next_value >= 1),
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (company_id, document_type, branch))
            """,
            "ALTER TABLE deals ADD COLUMN prices_include_tax \(bool) NOT NULL DEFAULT \(falseValue)",
            Self.lineTable("deal_lines", parent: "deal_id", parentTable: "deals"),
            "CREATE INDEX deal_lines_deal ON deal_lines (deal_id, position)",
            """
            CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                deal_id TEXT NOT NULL REFERENCES deals (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                contact_id TEXT REFERENCES contacts (id),
                owner_id TEXT NOT NULL REFERENCES users (id),
                number TEXT,
                sequence BIGINT,
                status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined')),
                currency TEXT NOT NULL,
                prices_include_tax \(bool) NOT NULL,
                issue_date TEXT,
                valid_until TEXT NOT NULL,
                terms TEXT,
                notes TEXT,
                total_without_tax_minor BIGINT NOT NULL,
                tax_minor BIGINT NOT NULL,
                total_minor BIGINT NOT NULL,
                sent_at BIGINT,
                decided_at BIGINT,
                decline_reason TEXT,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX quotes_number ON quotes (company_id, number)",
            "CREATE INDEX quotes_list ON quotes (company_id, created_at, id)",
            "CREATE INDEX quotes_deal ON quotes (deal_id)",
            "CREATE INDEX quotes_account ON quotes (account_id)",
            Self.lineTable("quote_lines", parent: "quote_id", parentTable: "quotes"),
            "CREATE INDEX quote_lines_quote ON quote_lines (quote_id, position)",
        ]
    }

    /// The shape every document's lines share: decimals as text, money as minor units.
    static func lineTable(_ name: String, parent: String, parentTable: String) -> String {
        """
        CREATE TABLE \(name) (
            id TEXT PRIMARY KEY,
            \(parent) TEXT NOT NULL REFERENCES \(parentTable) (id),
            position BIGINT NOT NULL,
            product_id TEXT REFERENCES products (id),
            description TEXT NOT NULL,
            quantity TEXT NOT NULL,
            unit TEXT NOT NULL,
            unit_price TEXT NOT NULL,
            discount_percent TEXT,
            discount_minor BIGINT,
            tax_category TEXT NOT NULL CHECK (tax_category IN ('vatable', 'zero_rated', 'exempt')),
            rate_percent TEXT NOT NULL,
            amount_minor BIGINT NOT NULL)
        """
    }
}
