import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// "My calls to make" (issue 12, collections): the open calls with what is overdue, and the log-call form, which
/// calls the same service function as the API and comes back to the list with a success message (the call has
/// left it). A head or admin sees anyone's calls, a manager their own.
struct CollectionsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.collectionCalls, use: calls)
        group.post(Paths.collectionCallOutcome, use: logOutcome)
    }

    @Sendable func calls(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let mayFilter = context.viewer.role == .head || context.viewer.role == .admin
        let assignee = mayFilter ? try ListQuery.owner(request, name: "assignee_id") : context.user.id
        let page = try await services.collections.calls(
            viewer: context.viewer, open: true, assigneeID: assignee, page: try ListQuery.page(request))
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        return renderer.render(
            "collection_calls", title: strings["collection_calls_title"] ?? "My calls to make",
            model: CollectionCallsPage.make(
                page, assigneeID: assignee, mayFilter: mayFilter, logged: request.query("logged") != nil,
                today: today, directory: directory, strings: strings, language: language),
            section: .receivables, identity: context.identity, language: language)
    }

    /// Logs the outcome from the form: a promise when a date or an amount is given (its invoices: the account's
    /// overdue ones), a dispute for each ticked invoice.
    @Sendable func logOutcome(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: CollectionCall.ID = try PathID.parse(context, entity: "collection_call")
        let form = context.form ?? FormData()
        var promise: PromiseDraft?
        if !form["promised_on"].isEmpty || !form["promised_amount"].isEmpty {
            promise = PromiseDraft(promisedOn: form["promised_on"], amount: form["promised_amount"])
        }
        let draft = CallOutcomeDraft(
            reason: form["reason"], note: form["note"], promise: promise,
            disputedInvoiceIDs: form.all("disputed_invoice_ids"))
        return try await FormSubmission.submit {
            _ = try await services.collections.logOutcome(
                id, draft: draft, expectedVersion: Int64(form["version"]), viewer: context.viewer)
            return Paths.collectionCalls() + QueryString.make([("logged", "1")])
        } refused: { errors in
            renderer.formProblem(
                errors, returnTo: Paths.collectionCalls(), section: .receivables,
                context: context)
        }
    }
}
