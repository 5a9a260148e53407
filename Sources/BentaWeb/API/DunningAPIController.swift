import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/dunning`: the company's dunning ladder (read by everyone, changed by the head or the admin at the version
/// read), a run on demand for the caller's company, and `/api/v1/invoices/{id}/dunning`: an invoice's steps taken
/// and today's decision (issue 12).
struct DunningAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.dunningPolicy, use: policy)
        group.put(Paths.API.dunningPolicy, use: savePolicy)
        group.post(Paths.API.dunningRuns, use: run)
        group.get(Paths.API.invoiceDunning, use: invoiceDunning)
    }

    @Sendable func policy(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.dunning.policy(viewer: context.viewer)
        return JSONResponse.record(
            DunningPolicyResponse(policy: saved.policy, version: saved.version), version: saved.version)
    }

    @Sendable func savePolicy(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            DunningPolicyRequest.self, from: request, allowedKeys: DunningPolicyRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let saved = try await services.dunning.savePolicy(
            steps: try body.ladder(), viewer: context.viewer, expectedVersion: version)
        return JSONResponse.record(
            DunningPolicyResponse(policy: saved.policy, version: saved.version), version: saved.version)
    }

    @Sendable func run(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let data = try await JSONBody.bytes(request)
        var date: CalendarDate?
        if !data.isEmpty {
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("application/json") else {
                throw RequestError.unsupportedMediaType(expected: "application/json")
            }
            let body = try JSONBody.decode(
                DunningRunRequest.self, data: data, allowedKeys: DunningRunRequest.allowedKeys)
            if let text = body.date {
                guard let parsed = CalendarDate(iso8601: text) else {
                    throw ValidationErrors([FieldError(field: "date", code: "invalid_date", message: "Use YYYY-MM-DD.")]
                    )
                }
                date = parsed
            }
        }
        let today: CalendarDate
        if let date {
            today = date
        } else {
            today = try await services.invoices.today(companyID: context.viewer.companyID)
        }
        let summary = try await services.dunning.run(viewer: context.viewer, date: today)
        return JSONResponse.make(DunningRunResponse(date: today, summary: summary))
    }

    @Sendable func invoiceDunning(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let dunning = try await services.dunning.invoiceDunning(id, viewer: context.viewer)
        return JSONResponse.make(InvoiceDunningResponse(invoiceID: id, dunning: dunning))
    }
}
