import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/bank-statement-lines/{id}/candidates` (the matcher's proposals for a line) and `…/unmatch` (undo a wrong
/// match: the payment is voided and the line goes back to the review queue). For the accountant, the head and the
/// admin (issue 12, "Matching").
struct StatementMatchingAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.statementLineCandidates, use: candidates)
        group.post(Paths.API.unmatchStatementLine, use: unmatch)
    }

    @Sendable func candidates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let found = try await services.payments.candidates(
            for: try PathID.parse(context, entity: "statement_line"), viewer: context.viewer)
        return JSONResponse.make(LineCandidatesResponse(found))
    }

    /// The body is optional: none, or `{"reason": "…"}`.
    @Sendable func unmatch(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: StatementLineRecord.ID = try PathID.parse(context, entity: "statement_line")
        let data = try await JSONBody.bytes(request)
        var reason: String?
        if !data.isEmpty {
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("application/json") else {
                throw RequestError.unsupportedMediaType(expected: "application/json")
            }
            reason = try JSONBody.decode(
                UnmatchLineRequest.self, data: data, allowedKeys: UnmatchLineRequest.allowedKeys
            )
            .reason
        }
        let line = try await services.payments.unmatchLine(id, reason: reason, viewer: context.viewer)
        return JSONResponse.make(StatementLineResponse(line))
    }
}
