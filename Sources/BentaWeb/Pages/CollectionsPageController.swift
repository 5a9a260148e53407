import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// "My calls to make" (issue 12, collections): the open calls with what is overdue, and the log-call form, which
/// calls the same service function as the API and comes back to the list with a success message (the call has
/// left it). A head or admin sees anyone's calls, a manager their own. "Why customers pay late": the reasons and
/// promise-kept report of a period as a page and CSV, a manager's own customers only.
struct CollectionsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.collectionCalls, use: calls)
        group.post(Paths.collectionCallOutcome, use: logOutcome)
        group.get(Paths.latePaymentReasons, use: latePayments)
        group.get(Paths.latePaymentReasonsCSV, use: latePaymentsCSV)
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

    // MARK: Why customers pay late

    /// `?from=&to=` (default: the 30 days up to today), `?owner_id=` (a head's or admin's choice of manager; a
    /// manager always sees their own customers).
    @Sendable func latePayments(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (from, to) = try await CollectionsAPIController.period(
            request, services: services, viewer: context.viewer)
        let isManager = context.viewer.role == .manager
        let owner = isManager ? context.user.id : try ListQuery.owner(request)
        let report = try await services.collections.latePaymentReport(
            viewer: context.viewer, from: from, to: to, ownerID: owner)
        let directory = try await PageDirectory.load(services, context: context)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        return renderer.render(
            "late_payments", title: strings["late_payments_title"] ?? "Why customers pay late",
            model: LatePaymentsPage.make(
                report, ownerID: isManager ? nil : owner, mayFilter: !isManager, isManager: isManager,
                directory: directory, strings: strings, language: language),
            section: .receivables, identity: context.identity, language: language)
    }

    /// One table of the report as CSV: `?table=reasons` (default) or `promises`, with the page's filters.
    @Sendable func latePaymentsCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (from, to) = try await CollectionsAPIController.period(
            request, services: services, viewer: context.viewer)
        let owner = context.viewer.role == .manager ? context.user.id : try ListQuery.owner(request)
        let table: CollectionsService.LatePaymentTable
        if let text = request.query("table") {
            guard let value = CollectionsService.LatePaymentTable(rawValue: text) else {
                throw RequestError.invalidParameter(name: "table", message: "must be reasons or promises.")
            }
            table = value
        } else {
            table = .reasons
        }
        let csv = try await services.collections.latePaymentCSV(
            viewer: context.viewer, from: from, to: to, ownerID: owner, table: table)
        return CSVResponse.make(
            csv, filename: "late-payments-\(table.rawValue)-\(from.iso8601String)-\(to.iso8601String).csv")
    }
}
