import Foundation

/// The product and service catalogue.
struct M0004_Products: Migration {
    let number = 4
    let name = "products"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        return [
            """
            CREATE TABLE products (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                code TEXT NOT NULL,
                code_key TEXT NOT NULL,
                name TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                description TEXT,
                unit TEXT NOT NULL,
                unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
                currency TEXT NOT NULL,
                price_includes_tax \(bool) NOT NULL,
                tax_category TEXT NOT NULL CHECK (tax_category IN ('vatable', 'zero_rated', 'exempt')),
                tax_rate_percent TEXT,
                is_active \(bool) NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX products_code ON products (company_id, code_key)",
            "CREATE INDEX products_list ON products (company_id, sort_name, id)",
        ]
    }
}
