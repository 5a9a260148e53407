import BentaCore
import BentaStore
import Foundation

/// The catalogue: everyone in the company reads it; the head of sales and admins change it.
public struct ProductService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: ProductFilter, page: PageRequest) async throws -> Page<Product> {
        try await database.read { db in
            try await ProductStore(db).list(companyID: viewer.companyID, filter: filter, page: page)
        }
    }

    public func product(_ id: Product.ID, viewer: Viewer) async throws -> Product {
        let found = try await database.read { db in try await ProductStore(db).find(id, companyID: viewer.companyID) }
        guard let found else { throw RecordError.notFound(entity: "product") }
        return found
    }

    public func create(_ draft: ProductDraft, viewer: Viewer) async throws -> Product {
        try Self.checkMayEdit(viewer)
        let (clock, audit) = (clock, audit)
        return try await Self.mappingDuplicates {
            try await database.transaction { db in
                let fields = try await Self.validate(draft, except: nil, viewer: viewer, db: db)
                let now = clock.now()
                let product = Product(
                    id: clock.newID(), companyID: viewer.companyID, fields: fields, createdAt: now, updatedAt: now,
                    version: 1)
                try await ProductStore(db).insert(product)
                try await audit.record(
                    "product.created", entityType: "product", entityID: product.id.description,
                    companyID: viewer.companyID, by: viewer, details: ["code": fields.code], created: product, on: db)
                return product
            }
        }
    }

    public func update(
        _ id: Product.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout ProductDraft) -> Void
    ) async throws -> Product {
        try Self.checkMayEdit(viewer)
        let changes = changes
        return try await Self.mappingDuplicates {
            try await changes.change(
                Self.changeTarget(id, companyID: viewer.companyID), expectedVersion: expectedVersion, by: viewer,
                in: database
            ) { product, context in
                var draft = ProductDraft(product.fields)
                change(&draft)
                product.fields = try await Self.validate(draft, except: id, viewer: viewer, db: context.db)
                return AuditEntry("product.updated")
            }
        }
    }

    /// The product as the change path loads (the company's, locked) and saves it.
    static func changeTarget(_ id: Product.ID, companyID: Company.ID) -> ChangeTarget<Product> {
        ChangeTarget(
            entity: "product",
            load: { db in try await ProductStore(db).find(id, companyID: companyID, forUpdate: true) },
            save: { product, loaded, db in try await ProductStore(db).update(product, expectedVersion: loaded.version) }
        )
    }

    /// Only the head of sales and admins change the catalogue.
    public static func checkMayEdit(_ viewer: Viewer) throws {
        guard viewer.role.mayReassignOwners else {
            throw RecordError.forbidden(detail: "Only the head of sales or an admin can change the catalogue.")
        }
    }

    static func validate(
        _ draft: ProductDraft, except: Product.ID?, viewer: Viewer, db: StoreConnection
    ) async throws -> ProductFields {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let fields = try draft.validated(defaultCurrency: company.settings.baseCurrency)
        if try await ProductStore(db).codeTaken(fields.code, companyID: viewer.companyID, except: except) {
            throw Self.codeTaken
        }
        return fields
    }

    static var codeTaken: ValidationErrors {
        var errors = ValidationErrors()
        errors.add(field: "code", code: "taken", message: "Another product already has this code.")
        return errors
    }

    /// Two people saving the same new code at once: the unique index decides, and the loser hears why.
    static func mappingDuplicates<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch StorageError.duplicate { throw codeTaken }
    }
}
