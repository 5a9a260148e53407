import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/accounts`: list, show, create, update, archive, unarchive, export.
struct AccountsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.accounts, use: list)
        group.post(Paths.API.accounts, use: create)
        group.get(Paths.API.accountsExport, use: export)
        group.get(Paths.API.account, use: show)
        group.patch(Paths.API.account, use: update)
        group.post(Paths.API.archiveAccount, use: archive)
        group.post(Paths.API.unarchiveAccount, use: unarchive)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.accountFilter(request)
        let page = try await services.accounts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let owners = try await ownerNames(context)
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { AccountResponse($0, ownerName: owners[$0.fields.ownerID]) },
                nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let account = try await services.accounts.account(
            try PathID.parse(context, entity: "account"), viewer: context.viewer)
        return try await respond(account, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await AccountInput.decode(from: request)
        let account = try await services.accounts.create(body.draft(), viewer: context.viewer)
        var response = try await respond(account, context: context, status: .created)
        response.headers[.location] = Paths.API.account(account.id)
        return response
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await AccountInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let account = try await services.accounts.update(id, viewer: context.viewer, expectedVersion: version) {
            draft in
            body.apply(to: &draft)
        }
        return try await respond(account, context: context)
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.archived, request: request, context: context)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setStatus(.active, request: request, context: context)
    }

    /// Every account matching the filters, as CSV, page by page under the same visibility as the list.
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.accountFilter(request)
        let csv = try await services.accounts.exportCSV(viewer: context.viewer, filter: filter)
        return CSVResponse.make(csv, filename: "accounts.csv")
    }

    private func setStatus(
        _ status: RecordStatus, request: Request, context: AuthenticatedContext
    ) async throws
        -> Response
    {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let account = try await services.accounts.setStatus(
            status, of: id, viewer: context.viewer, expectedVersion: try request.ifMatchVersion())
        return try await respond(account, context: context)
    }

    private func respond(
        _ account: Account, context: AuthenticatedContext, status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let owner = try await services.users.user(account.fields.ownerID)
        var response = JSONResponse.make(AccountResponse(account, ownerName: owner?.name), status: status)
        response.setVersionTag(account.version)
        return response
    }

    private func ownerNames(_ context: AuthenticatedContext) async throws -> [User.ID: String] {
        let users = try await services.users.all(companyID: context.viewer.companyID)
        return Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
