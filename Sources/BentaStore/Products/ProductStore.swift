import BentaCore
import Foundation
import SQLKit

/// The product and service catalogue. Every user of the company may read it.
public struct ProductStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The company's product; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: Product.ID, companyID: Company.ID, forUpdate: Bool = false) async throws -> Product? {
        var sql: SQLQueryString =
            "SELECT * FROM products WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)"
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        return try await db.raw(sql).first().map(Self.decode)
    }

    /// The product with this code (compared without regard to case).
    public func find(code: String, companyID: Company.ID) async throws -> Product? {
        try await db.raw(
            """
            SELECT * FROM products WHERE company_id = \(bind: companyID.description)
                AND code_key = \(bind: code.lowercased())
            """
        ).first().map(Self.decode)
    }

    /// Whether another product of the company already uses `code` (compared without regard to case).
    public func codeTaken(_ code: String, companyID: Company.ID, except: Product.ID? = nil) async throws -> Bool {
        let rows = try await db.raw(
            """
            SELECT id FROM products WHERE company_id = \(bind: companyID.description)
                AND code_key = \(bind: code.lowercased())
            """
        ).all()
        return try rows.contains { try $0.string("id") != except?.description }
    }

    /// One page of the company's products that match `filter`, sorted by name.
    ///
    /// The text filter (`filter.query`) goes through the full-text index, over the code and the name, by the rule
    /// of ``SearchWords``: every word whole but the last, which may be a prefix ("arabica 1" finds "Arabica 1kg";
    /// "SKU-00" finds "SKU-0042"). A text found only inside a word ("rabica") no longer matches, as it did with the
    /// `LIKE` scan this replaces: that is the price of a filter that reads an index at a million records.
    public func list(companyID: Company.ID, filter: ProductFilter, page: PageRequest) async throws -> Page<Product> {
        var sql: SQLQueryString = "SELECT p.* FROM "
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            sql += "products p WHERE "
        } else {
            let search = SearchStore.textFilter(.product, column: "p.id", text: text, companyID: companyID, db: db)
            sql += search.from + "products p WHERE " + search.condition + " AND "
        }
        sql += "p.company_id = \(bind: companyID.description)"
        if let active = filter.isActive { sql += " AND p.is_active = \(bind: active)" }
        return try await db.sortedPage(sql, alias: "p", page: page, decode: Self.decode)
    }

    public func insert(_ product: Product) async throws {
        let f = product.fields
        try await db.raw(
            """
            INSERT INTO products (id, company_id, code, code_key, name, sort_name, description, unit, unit_price_minor,
                currency, price_includes_tax, tax_category, tax_rate_percent, is_active, created_at, updated_at, version)
            VALUES (\(bind: product.id.description), \(bind: product.companyID.description), \(bind: f.code),
                \(bind: f.code.lowercased()), \(bind: f.name), \(bind: f.name.lowercased()), \(bind: f.description),
                \(bind: f.unit), \(bind: f.unitPrice.minorUnits), \(bind: f.unitPrice.currency.code),
                \(bind: f.priceIncludesTax), \(bind: f.taxCategory.rawValue),
                \(bind: f.taxRatePercent.map { "\($0)" }), \(bind: f.isActive),
                \(bind: product.createdAt.millisecondsSince1970), \(bind: product.updatedAt.millisecondsSince1970),
                \(bind: product.version))
            """
        ).run()
        try await writeIndex(product)
    }

    public func update(_ product: Product, expectedVersion: Int64) async throws -> Bool {
        let f = product.fields
        let saved =
            !(try await db.raw(
                """
                UPDATE products SET code = \(bind: f.code), code_key = \(bind: f.code.lowercased()), name = \(bind: f.name),
                    sort_name = \(bind: f.name.lowercased()), description = \(bind: f.description), unit = \(bind: f.unit),
                    unit_price_minor = \(bind: f.unitPrice.minorUnits), currency = \(bind: f.unitPrice.currency.code),
                    price_includes_tax = \(bind: f.priceIncludesTax), tax_category = \(bind: f.taxCategory.rawValue),
                    tax_rate_percent = \(bind: f.taxRatePercent.map { "\($0)" }), is_active = \(bind: f.isActive),
                    updated_at = \(bind: product.updatedAt.millisecondsSince1970), version = \(bind: product.version)
                WHERE id = \(bind: product.id.description) AND company_id = \(bind: product.companyID.description)
                    AND version = \(bind: expectedVersion)
                RETURNING id
                """
            ).all().isEmpty)
        if saved { try await writeIndex(product) }
        return saved
    }

    /// The product's row in the full-text index: its code and name.
    private func writeIndex(_ product: Product) async throws {
        try await SearchStore(db).index(
            .product, id: product.id.description, companyID: product.companyID,
            content: SearchWords.document(product: product.fields.code, name: product.fields.name))
    }

    static func decode(_ row: any SQLRow) throws -> Product {
        guard let currency = Currency(code: try row.string("currency")),
            let category = TaxCategory(rawValue: try row.string("tax_category"))
        else { throw CorruptRow(description: "product currency or tax category") }
        var rate: Decimal?
        if let text = try row.optionalString("tax_rate_percent") {
            guard let parsed = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw CorruptRow(description: "product tax rate")
            }
            rate = parsed
        }
        let fields = ProductFields(
            code: try row.string("code"), name: try row.string("name"),
            description: try row.optionalString("description"),
            unit: try row.string("unit"),
            unitPrice: Money(minorUnits: try row.int64("unit_price_minor"), currency: currency),
            priceIncludesTax: try row.bool("price_includes_tax"), taxCategory: category, taxRatePercent: rate,
            isActive: try row.bool("is_active"))
        return Product(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields,
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
