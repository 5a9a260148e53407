import BentaCore
import Foundation
import SQLKit

/// The lines of one kind of document (deal, quote, …), stored in a table of the shared line shape.
public struct LineStore: Sendable {
    /// The tables that hold lines, with the column naming their parent.
    public enum Table: String, Sendable {
        case deal = "deal_lines"
        case quote = "quote_lines"
        case invoice = "invoice_lines"

        var parentColumn: String {
            switch self {
            case .deal: "deal_id"
            case .quote: "quote_id"
            case .invoice: "invoice_id"
            }
        }
    }

    let db: any SQLDatabase
    let table: Table

    public init(_ db: any SQLDatabase, table: Table) {
        self.db = db
        self.table = table
    }

    /// Replaces the parent's lines with `items`, in order, each with its printed amount in `currency`.
    public func replace(parentID: String, with items: [LineItem], currency: Currency, now: Date) async throws {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now.millisecondsSince1970))
        try await db.raw(
            "DELETE FROM \(unsafeRaw: table.rawValue) WHERE \(unsafeRaw: table.parentColumn) = \(bind: parentID)"
        ).run()
        for (position, item) in items.enumerated() {
            let line = item.line
            let amount = try line.amount(currency: currency)
            let id = UUIDv7.make(unixMilliseconds: milliseconds, using: &generator).uuidString.lowercased()
            var percent: String?
            var discountMinor: Int64?
            switch line.discount {
            case .percent(let rate)?: percent = DecimalText.format(rate)
            case .amount(let money)?: discountMinor = money.minorUnits
            case nil: break
            }
            try await db.raw(
                """
                INSERT INTO \(unsafeRaw: table.rawValue) (id, \(unsafeRaw: table.parentColumn), position, product_id,
                    description, quantity, unit, unit_price, discount_percent, discount_minor, tax_category,
                    rate_percent, amount_minor)
                VALUES (\(bind: id), \(bind: parentID), \(bind: Int64(position)),
                    \(bind: item.productID?.description), \(bind: line.description),
                    \(bind: DecimalText.format(line.quantity)), \(bind: line.unit),
                    \(bind: DecimalText.format(line.unitPrice)), \(bind: percent), \(bind: discountMinor),
                    \(bind: line.taxCategory.rawValue), \(bind: DecimalText.format(line.ratePercent)),
                    \(bind: amount.minorUnits))
                """
            ).run()
        }
    }

    /// The lines of each parent, in order; parents without lines are absent from the result.
    public func lines(of parentIDs: [String], currencies: [String: Currency]) async throws -> [String: [LineItem]] {
        guard !parentIDs.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT * FROM \(unsafeRaw: table.rawValue) WHERE \(unsafeRaw: table.parentColumn) IN (\(binds: parentIDs))
            ORDER BY \(unsafeRaw: table.parentColumn), position
            """
        ).all()
        var result: [String: [LineItem]] = [:]
        for row in rows {
            let parent = try row.string(table.parentColumn)
            guard let currency = currencies[parent] else { continue }
            result[parent, default: []].append(try Self.decode(row, currency: currency))
        }
        return result
    }

    static func decode(_ row: any SQLRow, currency: Currency) throws -> LineItem {
        guard let quantity = DecimalText.parse(try row.string("quantity")),
            let price = DecimalText.parse(try row.string("unit_price")),
            let category = TaxCategory(rawValue: try row.string("tax_category")),
            let rate = DecimalText.parse(try row.string("rate_percent"))
        else { throw CorruptRow(description: "document line decimals") }
        var discount: LineDiscount?
        if let percent = try row.optionalString("discount_percent") {
            guard let value = DecimalText.parse(percent) else { throw CorruptRow(description: "line discount") }
            discount = .percent(value)
        } else if let minor = try row.optionalInt64("discount_minor") {
            discount = .amount(Money(minorUnits: minor, currency: currency))
        }
        let line = DocumentLine(
            description: try row.string("description"), quantity: quantity, unit: try row.string("unit"),
            unitPrice: price, discount: discount, taxCategory: category, ratePercent: rate)
        return LineItem(productID: try row.optionalID("product_id"), line: line)
    }
}

/// A record whose lines live in a ``LineStore`` table (deals, quotes, invoices): the store reads and writes its
/// lines through ``LineStore/withLines(_:on:)`` and ``LineStore/replaceLines(of:on:)`` instead of a copy each.
protocol LinedRecord {
    /// The table its lines are in.
    static var lineTable: LineStore.Table { get }
    /// The parent id its lines carry.
    var lineParentID: String { get }
    /// The currency its line amounts are in.
    var lineCurrency: Currency { get }
    var lineItems: [LineItem] { get set }
    var updatedAt: Date { get }
}

extension LineStore {
    /// `records` with their lines filled in; one statement for all of them.
    static func withLines<R: LinedRecord>(_ records: [R], on db: any SQLDatabase) async throws -> [R] {
        guard !records.isEmpty else { return [] }
        let currencies = Dictionary(records.map { ($0.lineParentID, $0.lineCurrency) }) { first, _ in first }
        let lines = try await LineStore(db, table: R.lineTable).lines(
            of: Array(currencies.keys), currencies: currencies)
        return records.map { record in
            var copy = record
            copy.lineItems = lines[record.lineParentID] ?? []
            return copy
        }
    }

    /// Replaces the stored lines of `record` with its own, stamped with its `updatedAt`.
    static func replaceLines<R: LinedRecord>(of record: R, on db: any SQLDatabase) async throws {
        try await LineStore(db, table: R.lineTable).replace(
            parentID: record.lineParentID, with: record.lineItems, currency: record.lineCurrency,
            now: record.updatedAt)
    }
}
