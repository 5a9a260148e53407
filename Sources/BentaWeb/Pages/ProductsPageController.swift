import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The catalogue pages: the list with search, export and import for everyone who may edit; the product form.
struct ProductsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/products", use: list)
        group.get("/products/new", use: new)
        group.get("/products/export.csv", use: export)
        group.post("/products", use: create)
        group.post("/products/import", use: importFile)
        group.get("/products/:id", use: show)
        group.post("/products/:id", use: update)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await listPage(request: request, context: context, importResult: nil, errors: nil)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.products.exportCSV(
            viewer: context.viewer, filter: try ProductsAPIController.filter(request))
        return CSVResponse.make(csv, filename: "products.csv")
    }

    @Sendable func importFile(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard let file = context.multipart?.file("file"), !file.data.isEmpty else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "required", message: "Choose a CSV file.")
            return try await listPage(request: request, context: context, importResult: nil, errors: errors)
        }
        do {
            guard let text = String(validating: Data(file.data), as: UTF8.self) else {
                var errors = ValidationErrors()
                errors.add(field: "file", code: "invalid_encoding", message: "Save the file as UTF-8 CSV.")
                throw errors
            }
            let result = try await services.products.importCSV(
                text, dryRun: form["dry_run"] == "true", viewer: context.viewer)
            return try await listPage(request: request, context: context, importResult: result, errors: nil)
        } catch let errors as ValidationErrors {
            return try await listPage(request: request, context: context, importResult: nil, errors: errors)
        }
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ProductService.checkMayEdit(context.viewer)
        var draft = ProductDraft()
        draft.unit = "pc"
        return page(draft: draft, product: nil, errors: nil, context: context)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ProductService.checkMayEdit(context.viewer)
        let product = try await services.products.product(
            try PathID.parse(context, entity: "product"), viewer: context.viewer)
        return page(draft: ProductDraft(product.fields), product: product, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let draft = Self.draft(from: context.form ?? FormData())
        do {
            _ = try await services.products.create(draft, viewer: context.viewer)
            return .redirect(to: "/products", type: .normal)
        } catch let errors as ValidationErrors {
            return page(draft: draft, product: nil, errors: errors, context: context)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Product.ID = try PathID.parse(context, entity: "product")
        let form = context.form ?? FormData()
        let draft = Self.draft(from: form)
        do {
            _ = try await services.products.update(
                id, viewer: context.viewer, expectedVersion: Int64(form["version"])
            ) { $0 = draft }
            return .redirect(to: "/products", type: .normal)
        } catch let errors as ValidationErrors {
            let product = try await services.products.product(id, viewer: context.viewer)
            return page(draft: draft, product: product, errors: errors, context: context)
        }
    }

    static func draft(from form: FormData) -> ProductDraft {
        var draft = ProductDraft()
        draft.code = form["code"]
        draft.name = form["name"]
        draft.description = form["description"]
        draft.unit = form["unit"]
        draft.unitPrice = form["unit_price"]
        draft.currency = form["currency"]
        draft.priceIncludesTax = form.all("price_includes_tax").contains("true")
        draft.taxCategory = form["tax_category"]
        draft.taxRatePercent = form["tax_rate_percent"]
        draft.isActive = form.all("is_active").contains("true")
        return draft
    }

    private func listPage(
        request: Request, context: AuthenticatedContext, importResult: ProductImportResult?, errors: ValidationErrors?
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let filter = try ProductsAPIController.filter(request)
        let pageRequest = try ListQuery.page(request)
        let page = try await services.products.list(viewer: context.viewer, filter: filter, page: pageRequest)
        let money = MoneyFormatter(language: context.user.language)
        let mayEdit = context.user.role.mayReassignOwners
        let filters: [(String, String?)] = [
            ("q", filter.query), ("active", filter.isActive.map { $0 ? "true" : "false" } ?? "all"),
        ]
        var values: [String: Any] = [
            "products": page.items.map { product -> [String: Any] in
                let f = product.fields
                return [
                    "url": "/products/\(product.id)", "code": f.code, "name": f.name, "unit": f.unit,
                    "price": money.format(f.unitPrice), "includes_tax": f.priceIncludesTax,
                    "tax": strings["tax_\(f.taxCategory.rawValue)"] ?? f.taxCategory.rawValue,
                    "is_active": f.isActive, "may_edit": mayEdit,
                ]
            },
            "has_products": !page.items.isEmpty, "q": filter.query ?? "", "may_edit": mayEdit,
            "active_true": filter.isActive == true, "active_false": filter.isActive == false,
            "active_all": filter.isActive == nil,
            "export_url": "/products/export.csv" + QueryString.make(filters), "has_next": page.nextCursor != nil,
            "next_url": page.nextCursor.map { "/products" + QueryString.make(filters + [("cursor", $0)]) } ?? "",
            "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
            "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_products": true,
        ]
        if let result = importResult {
            let template: String
            if !result.rejected.isEmpty {
                template = (strings["products_import_rejected"] ?? "{count}")
                    .replacingOccurrences(of: "{count}", with: String(result.rejected.count))
            } else {
                template = strings[result.applied ? "products_import_applied" : "products_import_checked"] ?? ""
            }
            values["has_import_result"] = true
            values["import_applied"] = result.applied
            values["import_summary"] =
                template.replacingOccurrences(of: "{created}", with: String(result.created))
                .replacingOccurrences(of: "{updated}", with: String(result.updated))
            values["has_rejections"] = !result.rejected.isEmpty
            values["rejections"] = result.rejected.prefix(200).map {
                [
                    "line_label": strings["import_line"] ?? "Line", "line": $0.line, "column": $0.column,
                    // English keeps the most specific message; other languages use the translated one for the code.
                    "message": context.user.language == .english
                        ? $0.message : strings["error_\($0.code)"] ?? $0.message,
                ] as [String: Any]
            }
        }
        return renderer.render(
            "products_list", title: strings["products_title"] ?? "Products", values: values,
            identity: context.identity, language: context.user.language,
            status: errors == nil && importResult?.rejected.isEmpty != false ? .ok : .unprocessableContent)
    }

    private func page(
        draft: ProductDraft, product: Product?, errors: ValidationErrors?, context: AuthenticatedContext
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "product_form", title: product?.fields.name ?? (strings["product_new"] ?? "New product"),
            values: [
                "is_new": product == nil, "action": product.map { "/products/\($0.id)" } ?? "/products",
                "version": product.map { String($0.version) } ?? "", "code": draft.code, "name": draft.name,
                "description": draft.description, "unit": draft.unit, "unit_price": draft.unitPrice,
                "currency": draft.currency, "price_includes_tax": draft.priceIncludesTax,
                "tax_rate_percent": draft.taxRatePercent, "is_active": draft.isActive,
                "units": ProductDraft.commonUnits,
                "categories": TaxCategory.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == draft.taxCategory
                            || (draft.taxCategory.isEmpty && $0 == .vatable),
                    ]
                },
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_products": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
