import BentaCore
import BentaServices
import Foundation

/// The catalogue: search, one row per product on this page, export and, after an upload, the import's result.
/// Property names are the template's (`products_list.mustache`).
struct ProductsListPage: PageModel {
    struct Row {
        var url: String
        var code: String
        var name: String
        var unit: String
        var price: String
        var includes_tax: Bool
        var tax: String
        var is_active: Bool
        var may_edit: Bool
    }

    struct Rejection {
        var line_label: String
        var line: Int
        var column: String
        var message: String
    }

    var products: [Row]
    var has_products: Bool
    var q: String
    var may_edit: Bool
    var active_true: Bool
    var active_false: Bool
    var active_all: Bool
    var export_url: String
    var has_next: Bool
    var next_url: String
    var errors: [String: String]
    var has_errors: Bool
    var has_import_result: Bool
    var import_applied: Bool
    var import_summary: String
    var has_rejections: Bool
    /// The first 200 rejected cells of an import.
    var rejections: [Rejection]

    /// The page for `page` of products read with `filter`; `importResult` is an upload's outcome, `errors` the
    /// translated field errors.
    static func make(
        _ page: Page<Product>, filter: ProductFilter, mayEdit: Bool, importResult: ProductImportResult?,
        language: LanguageCode, strings: [String: String], money: MoneyFormatter, errors: [String: String]?
    ) -> ProductsListPage {
        let filters: [(String, String?)] = [
            ("q", filter.query), ("active", filter.isActive.map { $0 ? "true" : "false" } ?? "all"),
        ]
        var model = ProductsListPage(
            products: page.items.map { product in
                let f = product.fields
                return Row(
                    url: Paths.product(product.id), code: f.code, name: f.name, unit: f.unit,
                    price: money.format(f.unitPrice), includes_tax: f.priceIncludesTax,
                    tax: strings["tax_\(f.taxCategory.rawValue)"] ?? f.taxCategory.rawValue, is_active: f.isActive,
                    may_edit: mayEdit)
            },
            has_products: !page.items.isEmpty, q: filter.query ?? "", may_edit: mayEdit,
            active_true: filter.isActive == true, active_false: filter.isActive == false,
            active_all: filter.isActive == nil, export_url: Paths.productsExport() + QueryString.make(filters),
            has_next: page.nextCursor != nil,
            next_url: page.nextCursor.map { Paths.products() + QueryString.make(filters + [("cursor", $0)]) } ?? "",
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false, has_import_result: false,
            import_applied: false, import_summary: "", has_rejections: false, rejections: [])
        if let result = importResult {
            let template: String
            if !result.rejected.isEmpty {
                template = (strings["products_import_rejected"] ?? "{count}")
                    .replacingOccurrences(of: "{count}", with: String(result.rejected.count))
            } else {
                template = strings[result.applied ? "products_import_applied" : "products_import_checked"] ?? ""
            }
            model.has_import_result = true
            model.import_applied = result.applied
            model.import_summary =
                template.replacingOccurrences(of: "{created}", with: String(result.created))
                .replacingOccurrences(of: "{updated}", with: String(result.updated))
            model.has_rejections = !result.rejected.isEmpty
            model.rejections = result.rejected.prefix(200).map {
                Rejection(
                    line_label: strings["import_line"] ?? "Line", line: $0.line, column: $0.column,
                    // English keeps the most specific message; other languages use the translated one for the code.
                    message: language == .english ? $0.message : strings["error_\($0.code)"] ?? $0.message)
            }
        }
        return model
    }
}

/// The product form, new or existing. Property names are the template's (`product_form.mustache`).
struct ProductFormPage: PageModel {
    var is_new: Bool
    var action: String
    /// The product's version ("" for a new one).
    var version: String
    var code: String
    var name: String
    var description: String
    var unit: String
    var unit_price: String
    var currency: String
    var price_includes_tax: Bool
    var tax_rate_percent: String
    var is_active: Bool
    var units: [String]
    var categories: [PageChoice]
    var errors: [String: String]
    var has_errors: Bool

    /// The form showing `draft` for `product` (nil: a new one); `errors` are the translated field errors.
    static func make(
        _ draft: ProductDraft, product: Product?, strings: [String: String], errors: [String: String]?
    ) -> ProductFormPage {
        ProductFormPage(
            is_new: product == nil, action: product.map { Paths.product($0.id) } ?? Paths.products(),
            version: product.map { String($0.version) } ?? "", code: draft.code, name: draft.name,
            description: draft.description, unit: draft.unit, unit_price: draft.unitPrice, currency: draft.currency,
            price_includes_tax: draft.priceIncludesTax, tax_rate_percent: draft.taxRatePercent,
            is_active: draft.isActive, units: ProductDraft.commonUnits,
            categories: TaxCategory.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == draft.taxCategory || (draft.taxCategory.isEmpty && $0 == .vatable))
            },
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}
