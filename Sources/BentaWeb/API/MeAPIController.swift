import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/me`, `/api/v1/users` and `/api/v1/company`: who am I, who are my colleagues, what are the settings.
struct MeAPIController {
    let services: Services
    let publicURL: PublicURL

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.me, use: me)
        group.get(Paths.API.users, use: users)
        group.get(Paths.API.company, use: company)
        group.patch(Paths.API.company, use: updateCompany)
    }

    @Sendable func me(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let teams = try await services.users.teamIDs(of: context.user.id)
        let token = try await services.calendar.token(for: context.user.id)
        var me = UserResponse(context.user, teamIDs: teams)
        me.calendarFeedUrl = "\(publicURL.base(for: request))/calendar/\(token).ics"
        return JSONResponse.make(me)
    }

    @Sendable func users(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let users = try await services.users.all(companyID: context.viewer.companyID)
        return JSONResponse.make(ListResponse(data: users.map { UserResponse($0) }, nextCursor: nil))
    }

    @Sendable func company(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let company = try await services.companies.company(context.viewer.companyID)
        return JSONResponse.record(CompanyResponse(company), version: company.version)
    }

    @Sendable func updateCompany(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.requireAdministrator(to: "change the company settings")
        let body = try await JSONBody.decode(
            CompanyRequest.self, from: request, allowedKeys: CompanyRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let current = try await services.companies.company(context.viewer.companyID)
        var draft = CompanySettingsDraft(current.settings)
        body.apply(to: &draft)
        let company = try await services.companies.updateSettings(
            draft, expectedVersion: version, viewer: context.viewer)
        return JSONResponse.record(CompanyResponse(company), version: company.version)
    }
}
