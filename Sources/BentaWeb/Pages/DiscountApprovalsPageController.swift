import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The discount approval queue's page (issue 13): `/approvals/discounts` lists the pending requests for a head or
/// an admin (keyset pages, `?cursor=`), each with a form that approves or rejects it with a reason
/// (`POST /approvals/discounts/{id}`, `decision=approve|reject`), calling the same service function as the API.
struct DiscountApprovalsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.discountApprovalsPage, use: queue)
        group.post(Paths.discountDecisionPage, use: decide)
    }

    @Sendable func queue(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.quotes.discountApprovals(
            viewer: context.viewer, page: try ListQuery.page(request))
        let company = try await services.companies.company(context.viewer.companyID)
        let users = try await services.users.all(companyID: context.viewer.companyID)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "discount_approvals", title: strings["discount_approvals_title"] ?? "Discounts awaiting approval",
            model: DiscountApprovalsPage.make(
                page, users: users, decided: request.query("decided") != nil, timeZone: company.settings.timeZone),
            section: .quotes, identity: context.identity, language: context.user.language)
    }

    @Sendable func decide(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: DiscountApproval.ID = try PathID.parse(context, entity: "discount_approval")
        let form = context.form ?? FormData()
        let back = Paths.discountApprovalsPage()
        return try await FormSubmission.submit {
            let decision = form["decision"]
            guard decision == "approve" || decision == "reject" else {
                throw ValidationErrors([
                    FieldError(field: "decision", code: "invalid_choice", message: "Approve or reject the discount.")
                ])
            }
            _ = try await services.quotes.decideDiscount(
                id, approve: decision == "approve", reason: form["reason"], viewer: context.viewer,
                expectedVersion: Int64(form["version"]))
            return back + "?decided=1"
        } refused: { errors in
            renderer.formProblem(errors, returnTo: back, section: .quotes, context: context)
        }
    }
}
