import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/products`: the catalogue — list and show for everyone, create and update for the head and admins.
struct ProductsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.products, use: list)
        group.post(Paths.API.products, use: create)
        group.get(Paths.API.productsExport, use: export)
        group.post(Paths.API.importProducts, use: importCSV)
        group.get(Paths.API.product, use: show)
        group.patch(Paths.API.product, use: update)
    }

    /// `?active=true|false|all` (default true) and `?q=` over code and name.
    static func filter(_ request: Request) throws -> ProductFilter {
        var filter = ProductFilter(query: try ListQuery.search(request))
        switch request.query("active") {
        case nil, "true": filter.isActive = true
        case "false": filter.isActive = false
        case "all": filter.isActive = nil
        default: throw RequestError.invalidParameter(name: "active", message: "must be true, false or all.")
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.products.list(
            viewer: context.viewer, filter: try Self.filter(request), page: try ListQuery.page(request))
        return JSONResponse.make(ListResponse(data: page.items.map(ProductResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.products.exportCSV(viewer: context.viewer, filter: try Self.filter(request))
        return CSVResponse.make(csv, filename: "products.csv")
    }

    /// A catalogue CSV as the body; `?dry_run=true` checks every row and writes nothing.
    @Sendable func importCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/csv") || type.hasPrefix("text/plain") else {
            throw RequestError.unsupportedMediaType(expected: "text/csv")
        }
        let dryRun: Bool
        switch request.query("dry_run") {
        case nil, "false": dryRun = false
        case "true": dryRun = true
        default: throw RequestError.invalidParameter(name: "dry_run", message: "must be true or false.")
        }
        let data = try await JSONBody.bytes(request, limit: 10 * 1024 * 1024)
        guard let text = String(validating: data, as: UTF8.self) else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "invalid_encoding", message: "Save the file as UTF-8 CSV.")
            throw errors
        }
        let result = try await services.products.importCSV(text, dryRun: dryRun, viewer: context.viewer)
        let status: HTTPResponse.Status = result.rejected.isEmpty ? .ok : .unprocessableContent
        return JSONResponse.make(ProductImportResponse(result: result), status: status)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let product = try await services.products.product(
            try PathID.parse(context, entity: "product"), viewer: context.viewer)
        return respond(product)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await ProductInput.decode(from: request)
        let product = try await services.products.create(body.draft(), viewer: context.viewer)
        return respond(product, status: .created, location: Paths.API.product(product.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Product.ID = try PathID.parse(context, entity: "product")
        let body = try await ProductInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let product = try await services.products.update(id, viewer: context.viewer, expectedVersion: version) {
            body.apply(to: &$0)
        }
        return respond(product)
    }

    private func respond(_ product: Product, status: HTTPResponse.Status = .ok, location: String? = nil) -> Response {
        JSONResponse.record(ProductResponse(product), version: product.version, status: status, location: location)
    }
}

/// A catalogue entry on the wire; money as a decimal string, the rate as a number.
struct ProductResponse: Encodable {
    let product: Product

    init(_ product: Product) {
        self.product = product
    }

    func encode(to encoder: any Encoder) throws {
        let f = product.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(product.id.description, forKey: .id)
        try c.encode(f.code, forKey: .code)
        try c.encode(f.name, forKey: .name)
        try c.encode(f.description, forKey: .description)
        try c.encode(f.unit, forKey: .unit)
        try c.encode(f.unitPrice.decimalString, forKey: .unitPrice)
        try c.encode(f.unitPrice.currency.code, forKey: .currency)
        try c.encode(f.priceIncludesTax, forKey: .priceIncludesTax)
        try c.encode(f.taxCategory.rawValue, forKey: .taxCategory)
        try c.encode(f.taxRatePercent, forKey: .taxRatePercent)
        try c.encode(f.isActive, forKey: .isActive)
        try c.encode(product.createdAt, forKey: .createdAt)
        try c.encode(product.updatedAt, forKey: .updatedAt)
        try c.encode(product.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, code, name, description, unit, unitPrice, currency, priceIncludesTax, taxCategory, taxRatePercent
        case isActive, createdAt, updatedAt, version
    }
}

/// What a catalogue import did: counts, and every rejected row with its line and column.
struct ProductImportResponse: Encodable {
    let result: ProductImportResult

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.created, forKey: .created)
        try c.encode(result.updated, forKey: .updated)
        try c.encode(result.applied, forKey: .applied)
        try c.encode(
            result.rejected.map { Rejection(line: $0.line, column: $0.column, code: $0.code, message: $0.message) },
            forKey: .rejected)
    }

    private enum Keys: String, CodingKey { case created, updated, applied, rejected }

    struct Rejection: Encodable {
        let line: Int
        let column: String
        let code: String
        let message: String
    }
}
