import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The catalogue pages: the list with search, export and import for everyone who may edit; the product form.
struct ProductsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.products, use: list)
        group.get(Paths.newProduct, use: new)
        group.get(Paths.productsExport, use: export)
        group.post(Paths.products, use: create)
        group.post(Paths.importProducts, use: importFile)
        group.get(Paths.product, use: show)
        group.post(Paths.product, use: update)
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
        // A role that may not change the catalogue is refused (403) before its upload is read, not asked for a file.
        try ProductService.checkMayEdit(context.viewer)
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
        let draft = try ProductInput(form: context.form ?? FormData()).draft()
        return try await FormSubmission.submit {
            _ = try await services.products.create(draft, viewer: context.viewer)
            return Paths.products()
        } refused: { errors in
            page(draft: draft, product: nil, errors: errors, context: context)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Product.ID = try PathID.parse(context, entity: "product")
        let form = context.form ?? FormData()
        let draft = try ProductInput(form: form).draft()
        return try await FormSubmission.submit {
            _ = try await services.products.update(
                id, viewer: context.viewer, expectedVersion: Int64(form["version"])
            ) { $0 = draft }
            return Paths.products()
        } refused: { errors in
            let product = try await services.products.product(id, viewer: context.viewer)
            return page(draft: draft, product: product, errors: errors, context: context)
        }
    }

    private func listPage(
        request: Request, context: AuthenticatedContext, importResult: ProductImportResult?, errors: ValidationErrors?
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let filter = try ProductsAPIController.filter(request)
        let pageRequest = try ListQuery.page(request)
        let page = try await services.products.list(viewer: context.viewer, filter: filter, page: pageRequest)
        let model = ProductsListPage.make(
            page, filter: filter, mayEdit: context.user.role.mayReassignOwners, importResult: importResult,
            language: context.user.language, strings: strings,
            money: MoneyFormatter(language: context.user.language),
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "products_list", title: strings["products_title"] ?? "Products", model: model, section: .products,
            identity: context.identity, language: context.user.language,
            status: errors == nil && importResult?.rejected.isEmpty != false ? .ok : .unprocessableContent)
    }

    private func page(
        draft: ProductDraft, product: Product?, errors: ValidationErrors?, context: AuthenticatedContext
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        let model = ProductFormPage.make(
            draft, product: product, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "product_form", title: product?.fields.name ?? (strings["product_new"] ?? "New product"), model: model,
            section: .products, identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
