import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The service functions the API and the pages of an archivable record call (accounts, contacts).
protocol ArchivableRecordServing: Sendable {
    associatedtype Record: ArchivableRecord
    associatedtype Filter: Sendable

    func list(viewer: Viewer, filter: Filter, page: PageRequest) async throws -> Page<Record>
    /// The record, or `notFound` when it does not exist or the viewer may not see it.
    func record(_ id: Record.ID, viewer: Viewer) async throws -> Record
    func create(_ draft: Record.Draft, viewer: Viewer) async throws -> Record
    func update(
        _ id: Record.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout Record.Draft) -> Void
    ) async throws -> Record
    func setStatus(
        _ status: RecordStatus, of id: Record.ID, viewer: Viewer, expectedVersion: Int64?
    )
        async throws -> Record
    /// Every record the viewer may see that matches the filter, as CSV.
    func exportCSV(viewer: Viewer, filter: Filter) async throws -> String

    /// The list's filter as the query string gives it (the API's and the page's list and export read the same).
    static func filter(_ request: Request) throws -> Filter
    /// The CSV export's file name (`accounts.csv`).
    static var exportFilename: String { get }
}

extension AccountService: ArchivableRecordServing {
    func record(_ id: Account.ID, viewer: Viewer) async throws -> Account { try await account(id, viewer: viewer) }
    static func filter(_ request: Request) throws -> AccountFilter { try ListQuery.accountFilter(request) }
    static var exportFilename: String { "accounts.csv" }
}

extension ContactService: ArchivableRecordServing {
    func record(_ id: Contact.ID, viewer: Viewer) async throws -> Contact { try await contact(id, viewer: viewer) }
    static func filter(_ request: Request) throws -> ContactFilter { try ListQuery.contactFilter(request) }
    static var exportFilename: String { "contacts.csv" }
}

/// An input that carries the version the client edited (JSON only) and reads every value it is given, so its
/// `apply` never throws (what it cannot use is left to the core's validation).
protocol VersionedRecordInput: RecordInput {
    var version: Int64? { get }
    func apply(to draft: inout Draft)
}

extension AccountInput: VersionedRecordInput {}
extension ContactInput: VersionedRecordInput {}

/// The API routes of an archivable record, from `Paths.API`.
struct ArchivableRecordAPIRoutes<ID: CustomStringConvertible>: Sendable {
    /// The list (GET) and create (POST).
    let collection: Route
    /// The CSV export of the list.
    let export: Route
    /// One record: show (GET) and update (PATCH).
    let record: Route1<ID>
    let archive: Route1<ID>
    let unarchive: Route1<ID>
}

/// The JSON API of an archivable record, written once: list (keyset page and the record's filters), show,
/// create, update (a version in the body or `If-Match` is required), archive and unarchive (`If-Match` optional)
/// and the CSV export. A controller names its routes, service, input and wire type and how its wire form is made.
protocol ArchivableRecordAPI: Sendable {
    associatedtype Service: ArchivableRecordServing
    associatedtype Input: VersionedRecordInput & Sendable where Input.Draft == Service.Record.Draft
    associatedtype Wire: Encodable
    typealias Record = Service.Record

    var services: Services { get }
    var service: Service { get }

    static var routes: ArchivableRecordAPIRoutes<Record.ID> { get }
    /// One record as the API returns it.
    func wire(_ record: Record, context: AuthenticatedContext) async throws -> Wire
    /// A page of records as the API returns them, with one lookup of what they show for all of them.
    func wires(_ records: [Record], context: AuthenticatedContext) async throws -> [Wire]
}

extension ArchivableRecordAPI {
    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Self.routes.collection, use: list)
        group.post(Self.routes.collection, use: create)
        group.get(Self.routes.export, use: export)
        group.get(Self.routes.record, use: show)
        group.patch(Self.routes.record, use: update)
        group.post(Self.routes.archive, use: archive)
        group.post(Self.routes.unarchive, use: unarchive)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try Service.filter(request)
        let page = try await service.list(viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: try await wires(page.items, context: context), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let record = try await service.record(try recordID(context), viewer: context.viewer)
        return try await respond(record, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await Input.decode(from: request)
        let record = try await service.create(body.draft(), viewer: context.viewer)
        var response = try await respond(record, context: context, status: .created)
        response.headers[.location] = Self.routes.record(record.id)
        return response
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        let body = try await Input.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let record = try await service.update(id, viewer: context.viewer, expectedVersion: version) { draft in
            body.apply(to: &draft)
        }
        return try await respond(record, context: context)
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.archived, request: request, context: context)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.active, request: request, context: context)
    }

    /// Every record matching the filters, as CSV, page by page under the same visibility as the list.
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await service.exportCSV(viewer: context.viewer, filter: try Service.filter(request))
        return CSVResponse.make(csv, filename: Service.exportFilename)
    }

    private func setStatus(
        _ status: RecordStatus, request: Request, context: AuthenticatedContext
    ) async throws -> Response {
        let record = try await service.setStatus(
            status, of: try recordID(context), viewer: context.viewer,
            expectedVersion: try request.ifMatchVersion())
        return try await respond(record, context: context)
    }

    private func recordID(_ context: AuthenticatedContext) throws -> Record.ID {
        try PathID.parse(context, entity: Record.entity)
    }

    private func respond(
        _ record: Record, context: AuthenticatedContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var response = JSONResponse.make(try await wire(record, context: context), status: status)
        response.setVersionTag(record.version)
        return response
    }
}
