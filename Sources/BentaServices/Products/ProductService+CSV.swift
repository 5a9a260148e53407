import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// What a catalogue import did, or would do on a dry run.
public struct ProductImportResult: Sendable {
    /// A row that cannot be imported: its line in the file, the column at fault and why.
    public struct Rejection: Sendable, Hashable {
        public var line: Int
        public var column: String
        public var code: String
        public var message: String
    }

    public var created = 0
    public var updated = 0
    public var rejected: [Rejection] = []
    /// True when the rows were written: not a dry run, and no row was rejected.
    public var applied = false
}

extension ProductService {
    /// The columns of the catalogue file, for export and import alike.
    public static let csvColumns = [
        "code", "name", "description", "unit", "unit_price", "currency", "price_includes_tax", "tax_category",
        "tax_rate_percent", "is_active",
    ]

    public func exportCSV(viewer: Viewer, filter: ProductFilter) async throws -> String {
        var writer = CSVWriter(header: Self.csvColumns)
        var cursor: String?
        repeat {
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            for product in page.items {
                let f = product.fields
                writer.appendRow([
                    f.code, f.name, f.description ?? "", f.unit, f.unitPrice.decimalString, f.unitPrice.currency.code,
                    f.priceIncludesTax ? "true" : "false", f.taxCategory.rawValue,
                    f.taxRatePercent.map { "\($0)" } ?? "", f.isActive ? "true" : "false",
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return writer.text
    }

    /// Imports a catalogue file: a row whose code exists updates that product, any other row creates one. Every row
    /// is checked first; the file is written in one transaction only when no row is rejected (all or nothing).
    public func importCSV(_ text: String, dryRun: Bool, viewer: Viewer) async throws -> ProductImportResult {
        try Self.checkMayEdit(viewer)
        let table: CSVTable
        do throws(CSVError) {
            table = try CSVReader(options: .init(maximumBytes: 10 * 1024 * 1024)).read(text)
        } catch {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "invalid_csv", message: error.description)
            throw errors
        }
        let header = table.header.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
        let missing = ["code", "name", "unit", "unit_price"].filter { !header.contains($0) }
        if !missing.isEmpty {
            var errors = ValidationErrors()
            errors.add(
                field: "file", code: "missing_columns",
                message: "The file needs the columns \(missing.joined(separator: ", ")) in its first line.")
            throw errors
        }
        guard table.rows.count <= 10_000 else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "too_many_rows", message: "Import at most 10,000 products at a time.")
            throw errors
        }
        let (clock, audit, changes) = (clock, audit, changes)
        return try await Self.mappingDuplicates {
            try await database.transaction { db in
                guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                    throw RecordError.notFound(entity: "company")
                }
                let store = ProductStore(db)
                var result = ProductImportResult()
                var seen: [String: Int] = [:]
                var ready: [(ProductFields, Product?)] = []
                for row in table.rows {
                    func value(_ column: String) -> String? {
                        header.firstIndex(of: column).map { row[$0].trimmingCharacters(in: .whitespaces) }
                    }
                    func reject(_ column: String, _ code: String, _ message: String) {
                        result.rejected.append(.init(line: row.number, column: column, code: code, message: message))
                    }
                    var draft = ProductDraft()
                    draft.code = value("code") ?? ""
                    draft.name = value("name") ?? ""
                    draft.description = value("description") ?? ""
                    draft.unit = value("unit") ?? ""
                    draft.unitPrice = value("unit_price") ?? ""
                    draft.currency = value("currency") ?? ""
                    draft.taxCategory = value("tax_category") ?? ""
                    draft.taxRatePercent = value("tax_rate_percent") ?? ""
                    var flagsOK = true
                    for column in ["price_includes_tax", "is_active"] {
                        guard let text = value(column), !text.isEmpty else { continue }
                        guard let flag = Self.flag(text) else {
                            reject(column, "invalid_boolean", "Write true or false (or yes/no, 1/0, oo/hindi).")
                            flagsOK = false
                            continue
                        }
                        if column == "is_active" { draft.isActive = flag } else { draft.priceIncludesTax = flag }
                    }
                    let fields: ProductFields
                    do throws(ValidationErrors) {
                        fields = try draft.validated(defaultCurrency: company.settings.baseCurrency)
                    } catch {
                        for error in error.errors { reject(error.field, error.code, error.message) }
                        continue
                    }
                    guard flagsOK else { continue }
                    let key = fields.code.lowercased()
                    if let earlier = seen[key] {
                        reject("code", "duplicate_in_file", "The code \(fields.code) is also on line \(earlier).")
                        continue
                    }
                    seen[key] = row.number
                    ready.append((fields, try await store.find(code: fields.code, companyID: viewer.companyID)))
                }
                for (_, existing) in ready {
                    if existing == nil { result.created += 1 } else { result.updated += 1 }
                }
                guard !dryRun, result.rejected.isEmpty else { return result }
                let now = clock.now()
                for (fields, existing) in ready {
                    if let product = existing {
                        // The import's one audit row tells every product it changed.
                        _ = try await changes.change(
                            Self.changeTarget(product.id, companyID: viewer.companyID),
                            expectedVersion: product.version, by: viewer, on: db
                        ) { product, _ in
                            guard product.fields != fields else { return nil }
                            product.fields = fields
                            return .toldByTheEnclosingChange
                        }
                    } else {
                        try await store.insert(
                            Product(
                                id: clock.newID(), companyID: viewer.companyID, fields: fields, createdAt: now,
                                updatedAt: now, version: 1))
                    }
                }
                try await audit.record(
                    "product.imported", entityType: "product", entityID: "*", companyID: viewer.companyID,
                    by: viewer,
                    details: ["created": String(result.created), "updated": String(result.updated)], on: db)
                result.applied = true
                return result
            }
        }
    }

    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "oo", "active": true
        case "false", "no", "n", "0", "hindi", "inactive": false
        default: nil
        }
    }
}
