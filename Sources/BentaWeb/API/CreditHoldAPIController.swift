import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/accounts/{id}/credit-hold`: an account's credit hold, placing it by hand, releasing it and the head's
/// or admin's override (issue 12, collections). An account the viewer does not see is 404.
struct CreditHoldAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.accountCreditHold, use: show)
        group.post(Paths.API.accountCreditHold, use: place)
        group.post(Paths.API.releaseCreditHold, use: release)
        group.post(Paths.API.creditHoldOverrides, use: override)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let state = try await services.creditHolds.state(
            accountID: try PathID.parse(context, entity: "account"), viewer: context.viewer)
        return JSONResponse.make(CreditHoldStateResponse(state))
    }

    @Sendable func place(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await JSONBody.decode(
            CreditHoldPlaceRequest.self, from: request, allowedKeys: CreditHoldPlaceRequest.allowedKeys)
        let state = try await services.creditHolds.place(
            accountID: accountID, reason: body.reason, viewer: context.viewer)
        return JSONResponse.make(CreditHoldStateResponse(state), status: .created)
    }

    @Sendable func release(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await JSONBody.decode(
            CreditHoldReleaseRequest.self, from: request, allowedKeys: CreditHoldReleaseRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let state = try await services.creditHolds.release(
            accountID: accountID, note: body.note, viewer: context.viewer, expectedVersion: version)
        return JSONResponse.make(CreditHoldStateResponse(state))
    }

    @Sendable func override(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await JSONBody.decode(
            CreditHoldOverrideRequest.self, from: request, allowedKeys: CreditHoldOverrideRequest.allowedKeys)
        let state = try await services.creditHolds.override(
            accountID: accountID, try body.draft(), viewer: context.viewer)
        return JSONResponse.make(CreditHoldStateResponse(state), status: .created)
    }
}
