import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The page routes of an archivable record, from `Paths`.
struct ArchivableRecordPageRoutes<ID: CustomStringConvertible>: Sendable {
    /// The list (GET) and the new form's submit (POST).
    let collection: Route
    let new: Route
    /// The CSV export of the list.
    let export: Route
    /// The record's page (GET) and the edit form's submit (POST).
    let record: Route1<ID>
    let edit: Route1<ID>
    let archive: Route1<ID>
    let unarchive: Route1<ID>
    let merge: Route1<ID>
}

/// The flow the pages of an archivable record share (accounts, contacts), written once: archive and unarchive,
/// the CSV export, merging a duplicate in, the likely duplicates shown before a new record is saved and on the
/// record's page, and saving the new and edit forms (back to the form with every error, or with "someone else
/// changed it" on a stale version). A controller names its service, its routes and how duplicates are found and
/// merged, and renders its own list, detail and form.
protocol ArchivableRecordPages: Sendable {
    associatedtype Service: ArchivableRecordServing
    typealias Record = Service.Record

    var services: Services { get }
    var service: Service { get }

    static var routes: ArchivableRecordPageRoutes<Record.ID> { get }
    /// What a malformed ID of the record is told (`must be an account id.`).
    static var invalidIDMessage: String { get }

    /// The viewer's records that look like `fields`, other than `excluding`.
    func duplicates(
        like fields: Record.Fields, excluding: Record.ID?, viewer: Viewer
    ) async throws
        -> [DuplicateMatch<Record>]
    /// Merges the duplicate `from` into `into`.
    func mergeDuplicate(_ from: Record.ID, into: Record.ID, viewer: Viewer) async throws

    /// The pages the controller renders itself: the list, the record's page, the new and edit forms and their
    /// submits (``saveNew(_:context:reshow:)``, ``saveEdit(_:submitted:context:change:reshow:)``).
    func list(_ request: Request, context: AuthenticatedContext) async throws -> Response
    func show(_ request: Request, context: AuthenticatedContext) async throws -> Response
    func new(_ request: Request, context: AuthenticatedContext) async throws -> Response
    func create(_ request: Request, context: AuthenticatedContext) async throws -> Response
    func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response
    func update(_ request: Request, context: AuthenticatedContext) async throws -> Response
}

extension ArchivableRecordPages {
    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Self.routes.collection, use: list)
        group.post(Self.routes.collection, use: create)
        group.get(Self.routes.new, use: new)
        group.get(Self.routes.export, use: export)
        group.get(Self.routes.record, use: show)
        group.post(Self.routes.record, use: update)
        group.get(Self.routes.edit, use: edit)
        group.post(Self.routes.archive, use: archive)
        group.post(Self.routes.unarchive, use: unarchive)
        group.post(Self.routes.merge, use: merge)
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.archived, context: context)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.active, context: context)
    }

    /// Merges the record named by the form's `from` into this one.
    @Sendable func merge(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        guard let from = Record.ID(string: (context.form ?? FormData())["from"]) else {
            throw RequestError.invalidParameter(name: "from", message: Self.invalidIDMessage)
        }
        try await mergeDuplicate(from, into: id, viewer: context.viewer)
        return .redirect(to: Self.routes.record(id), type: .normal)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await service.exportCSV(viewer: context.viewer, filter: try Service.filter(request))
        return CSVResponse.make(csv, filename: Service.exportFilename)
    }

    /// The record the path names, or `notFound`.
    func recordID(_ context: AuthenticatedContext) throws -> Record.ID {
        try PathID.parse(context, entity: Record.entity)
    }

    /// The likely duplicates the viewer may merge into `record` (none unless they may reassign owners).
    func mergeCandidates(for record: Record, context: AuthenticatedContext) async throws -> [DuplicateMatch<Record>] {
        guard context.user.role.mayReassignOwners else { return [] }
        return try await duplicates(like: record.fields, excluding: record.id, viewer: context.viewer)
    }

    /// The likely duplicates of a new record's draft, shown before it is saved; none once the user confirmed
    /// (`confirm_duplicates`) or while the draft does not validate (saving shows its errors).
    func duplicatesBeforeCreating(
        _ draft: Record.Draft, submitted: FormData, context: AuthenticatedContext
    ) async throws -> [DuplicateMatch<Record>] {
        guard submitted["confirm_duplicates"] != "1" else { return [] }
        let country = try await services.companies.company(context.viewer.companyID).settings.country
        guard let fields = try? draft.validated(defaultCountry: country) else { return [] }
        return try await duplicates(like: fields, excluding: nil, viewer: context.viewer)
    }

    /// What a form's redirect adds to the record's address so that its page says the record was saved
    /// (`?saved=1`, read by the record's page).
    static var savedFlag: String { QueryString.make([("saved", "1")]) }

    /// Creates the record and goes to its page; invalid input goes back to the form (`reshow`) with its errors.
    func saveNew(
        _ draft: Record.Draft, context: AuthenticatedContext,
        reshow: (ValidationErrors) async throws -> Response
    ) async throws -> Response {
        do {
            let record = try await service.create(draft, viewer: context.viewer)
            return .redirect(to: Self.routes.record(record.id) + Self.savedFlag, type: .normal)
        } catch let errors as ValidationErrors {
            return try await reshow(errors)
        }
    }

    /// Saves an edit form (its hidden `version`, when sent, must still be the stored one) and goes to the record's
    /// page. Invalid input goes back to the form (`reshow`, with the record as stored) with its errors; a stale
    /// version with "Someone else changed this …" and 412.
    func saveEdit(
        _ id: Record.ID, submitted: FormData, context: AuthenticatedContext,
        change: @escaping @Sendable (inout Record.Draft) -> Void,
        reshow: (Record, ValidationErrors, HTTPResponse.Status?) async throws -> Response
    ) async throws -> Response {
        do {
            let record = try await service.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"]), change: change)
            return .redirect(to: Self.routes.record(record.id) + Self.savedFlag, type: .normal)
        } catch let errors as ValidationErrors {
            return try await reshow(try await service.record(id, viewer: context.viewer), errors, nil)
        } catch RecordError.staleVersion {
            let record = try await service.record(id, viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this \(Record.entity).")
            return try await reshow(record, stale, .preconditionFailed)
        }
    }

    private func setStatus(_ status: RecordStatus, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        _ = try await service.setStatus(status, of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Self.routes.record(id), type: .normal)
    }
}
