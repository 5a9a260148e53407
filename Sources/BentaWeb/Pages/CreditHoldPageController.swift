import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The account page's credit-hold forms (issue 12, collections): place a hold, release it, record an override.
/// Each calls the same service function as the API and returns to the account page; a form with a problem gets
/// the small problem page with a way back, any other refusal the error page.
struct CreditHoldPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.accountCreditHold, use: place)
        group.post(Paths.releaseCreditHold, use: release)
        group.post(Paths.creditHoldOverrides, use: override)
    }

    @Sendable func place(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let form = context.form ?? FormData()
        return try await answer(id, context: context) {
            _ = try await services.creditHolds.place(accountID: id, reason: form["reason"], viewer: context.viewer)
        }
    }

    @Sendable func release(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let form = context.form ?? FormData()
        return try await answer(id, context: context) {
            _ = try await services.creditHolds.release(
                accountID: id, note: form["note"], viewer: context.viewer, expectedVersion: Int64(form["version"]))
        }
    }

    @Sendable func override(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let form = context.form ?? FormData()
        return try await answer(id, context: context) {
            let body = CreditHoldOverrideRequest(reason: form["reason"], validUntil: form["valid_until"])
            _ = try await services.creditHolds.override(accountID: id, try body.draft(), viewer: context.viewer)
        }
    }

    /// Runs the change; back to the account page when it is done, the problem page when the form has problems.
    private func answer(
        _ id: Account.ID, context: AuthenticatedContext, change: () async throws -> Void
    ) async throws -> Response {
        try await FormSubmission.submit {
            try await change()
            return Paths.account(id)
        } refused: { errors in
            renderer.formProblem(
                errors, returnTo: Paths.account(id), section: .accounts, context: context)
        }
    }
}
