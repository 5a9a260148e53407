import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/collection-calls`, `/api/v1/promises`, invoice disputes and `/api/v1/reports/late-payments` (issue 12,
/// collections): the calls to make with what is overdue, logging a call's outcome, promises to pay, disputes and
/// the late-payment reasons report. A manager sees their own calls and customers.
struct CollectionsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.collectionCalls, use: calls)
        group.post(Paths.API.collectionCalls, use: createCall)
        group.post(Paths.API.collectionCallOutcome, use: logOutcome)
        group.get(Paths.API.promises, use: promises)
        group.post(Paths.API.promises, use: recordPromise)
        group.post(Paths.API.invoiceDisputes, use: openDispute)
        group.post(Paths.API.disputeResolution, use: resolveDispute)
        group.get(Paths.API.latePaymentsReport, use: report)
    }

    // MARK: Calls

    @Sendable func calls(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let open: Bool
        switch request.query("status") {
        case nil, "open": open = true
        case "done": open = false
        default: throw RequestError.invalidParameter(name: "status", message: "must be open or done.")
        }
        let page = try await services.collections.calls(
            viewer: context.viewer, open: open, assigneeID: try ListQuery.owner(request, name: "assignee_id"),
            page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { CollectionCallResponse(call: $0.call, detail: $0) }, nextCursor: page.nextCursor)
        )
    }

    @Sendable func createCall(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            CollectionCallCreateRequest.self, from: request, allowedKeys: CollectionCallCreateRequest.allowedKeys)
        let made = try await services.collections.createCall(
            accountID: body.accountId ?? "", dueOn: body.dueOn ?? "", assigneeID: body.assigneeId,
            viewer: context.viewer)
        return JSONResponse.make(
            CollectionCallResponse(call: made.call, detail: nil), status: made.created ? .created : .ok)
    }

    @Sendable func logOutcome(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: CollectionCall.ID = try PathID.parse(context, entity: "collection_call")
        let body = try await JSONBody.decode(
            CallOutcomeRequest.self, from: request, allowedKeys: CallOutcomeRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let result = try await services.collections.logOutcome(
            id, draft: body.draft, expectedVersion: version, viewer: context.viewer)
        return JSONResponse.make(CallOutcomeResponse(result: result))
    }

    // MARK: Promises

    @Sendable func promises(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID? = try ListQuery.id(request, "account_id", message: "must be an account id.")
        var status: PaymentPromiseStatus?
        if let text = request.query("status") {
            guard let value = PaymentPromiseStatus(rawValue: text) else {
                throw RequestError.invalidParameter(
                    name: "status", message: "must be open, kept, partly_kept or broken.")
            }
            status = value
        }
        let page = try await services.collections.promises(
            viewer: context.viewer, accountID: accountID, status: status, page: try ListQuery.page(request))
        return JSONResponse.make(ListResponse(data: page.items.map(PromiseResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func recordPromise(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            PromiseRequest.self, from: request, allowedKeys: PromiseRequest.allowedKeys)
        let stored = try await services.collections.recordPromise(body.draft, viewer: context.viewer)
        return JSONResponse.make(PromiseResponse(stored: stored), status: .created)
    }

    // MARK: Disputes

    @Sendable func openDispute(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let body = try await JSONBody.decode(
            DisputeCreateRequest.self, from: request, allowedKeys: DisputeCreateRequest.allowedKeys)
        let dispute = try await services.collections.openDispute(id, note: body.note, viewer: context.viewer)
        return JSONResponse.make(DisputeResponse(dispute: dispute), status: .created)
    }

    @Sendable func resolveDispute(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: InvoiceDispute.ID = try PathID.parse(context, entity: "invoice_dispute")
        let body = try await JSONBody.decode(
            DisputeResolutionRequest.self, from: request, allowedKeys: DisputeResolutionRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let dispute = try await services.collections.resolveDispute(
            id, resolution: body.resolution ?? "", expectedVersion: version, viewer: context.viewer)
        return JSONResponse.make(DisputeResponse(dispute: dispute))
    }

    // MARK: Report

    @Sendable func report(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (from, to) = try await Self.period(request, services: services, viewer: context.viewer)
        let report = try await services.collections.latePaymentReport(
            viewer: context.viewer, from: from, to: to, ownerID: try ListQuery.owner(request))
        return JSONResponse.make(LatePaymentReportResponse(report: report))
    }

    /// `from` and `to` (YYYY-MM-DD); absent: the 30 days up to the company's today.
    static func period(
        _ request: Request, services: Services, viewer: Viewer
    ) async throws
        -> (CalendarDate, CalendarDate)
    {
        func day(_ name: String) throws -> CalendarDate? {
            guard let text = request.query(name) else { return nil }
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: name, message: "must be a date as YYYY-MM-DD.")
            }
            return date
        }
        var to = try day("to")
        if to == nil { to = try await services.invoices.today(companyID: viewer.companyID) }
        guard let to else { throw RecordError.notFound(entity: "company") }
        return (try day("from") ?? to.adding(days: -29), to)
    }
}
