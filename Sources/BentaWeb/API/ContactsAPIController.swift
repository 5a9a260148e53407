import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/contacts`: list, show, create, update, archive, unarchive, export.
struct ContactsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.contacts, use: list)
        group.post(Paths.API.contacts, use: create)
        group.get(Paths.API.contactsExport, use: export)
        group.get(Paths.API.contact, use: show)
        group.patch(Paths.API.contact, use: update)
        group.post(Paths.API.archiveContact, use: archive)
        group.post(Paths.API.unarchiveContact, use: unarchive)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.contactFilter(request)
        let page = try await services.contacts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let names = try await accountNames(page.items, context: context)
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { ContactResponse($0, accountName: names[$0.fields.accountID]) },
                nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await services.contacts.contact(
            try PathID.parse(context, entity: "contact"), viewer: context.viewer)
        return try await respond(contact, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await ContactInput.decode(from: request)
        let contact = try await services.contacts.create(body.draft(), viewer: context.viewer)
        var response = try await respond(contact, context: context, status: .created)
        response.headers[.location] = Paths.API.contact(contact.id)
        return response
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        let body = try await ContactInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let contact = try await services.contacts.update(id, viewer: context.viewer, expectedVersion: version) {
            draft in
            body.apply(to: &draft)
        }
        return try await respond(contact, context: context)
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.archived, request: request, context: context)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.active, request: request, context: context)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.contactFilter(request)
        let csv = try await services.contacts.exportCSV(viewer: context.viewer, filter: filter)
        return CSVResponse.make(csv, filename: "contacts.csv")
    }

    private func setStatus(
        _ status: RecordStatus, request: Request, context: AuthenticatedContext
    ) async throws
        -> Response
    {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        let contact = try await services.contacts.setStatus(
            status, of: id, viewer: context.viewer, expectedVersion: try request.ifMatchVersion())
        return try await respond(contact, context: context)
    }

    private func respond(
        _ contact: Contact, context: AuthenticatedContext, status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let names = try await services.accounts.names(of: [contact.fields.accountID], viewer: context.viewer)
        var response = JSONResponse.make(
            ContactResponse(contact, accountName: names[contact.fields.accountID]), status: status)
        response.setVersionTag(contact.version)
        return response
    }

    private func accountNames(_ contacts: [Contact], context: AuthenticatedContext) async throws -> [Account.ID: String]
    {
        try await services.accounts.names(of: contacts.map(\.fields.accountID), viewer: context.viewer)
    }
}
