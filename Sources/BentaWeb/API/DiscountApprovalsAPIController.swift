import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/discount-approvals`: the head's and admin's queue of quote lines whose discount is above the company's
/// limit (`?status=` pending by default, approved, rejected or superseded), approving or rejecting one with a reason;
/// `/api/v1/quotes/{id}/discount-approvals`: a quote's requests and their outcomes, for anyone who sees the quote
/// (issue 13).
struct DiscountApprovalsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.discountApprovals, use: list)
        group.post(Paths.API.approveDiscount, use: approve)
        group.post(Paths.API.rejectDiscount, use: reject)
        group.get(Paths.API.quoteDiscountApprovals, use: forQuote)
    }

    /// The `status` filter of the queue (pending when absent; 422 for anything else).
    static func status(_ request: Request) throws -> DiscountApproval.Status {
        guard let text = request.query("status"), !text.isEmpty else { return .pending }
        guard let status = DiscountApproval.Status(rawValue: text) else {
            throw RequestError.invalidParameter(
                name: "status", message: "must be pending, approved, rejected or superseded.")
        }
        return status
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.quotes.discountApprovals(
            status: try Self.status(request), viewer: context.viewer, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(DiscountApprovalResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func approve(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await decide(request, context: context, approve: true)
    }

    @Sendable func reject(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await decide(request, context: context, approve: false)
    }

    private func decide(_ request: Request, context: AuthenticatedContext, approve: Bool) async throws -> Response {
        let id: DiscountApproval.ID = try PathID.parse(context, entity: "discount_approval")
        let body = try await JSONBody.decode(
            DiscountDecisionRequest.self, from: request, allowedKeys: DiscountDecisionRequest.allowedKeys)
        let decided = try await services.quotes.decideDiscount(
            id, approve: approve, reason: body.reason, viewer: context.viewer,
            expectedVersion: try VersionPrecondition.optional(body: body.version, request: request))
        return JSONResponse.make(DiscountApprovalResponse(decided))
    }

    @Sendable func forQuote(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let approvals = try await services.quotes.discountApprovals(
            quoteID: try PathID.parse(context, entity: "quote"), viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: approvals.map(DiscountApprovalResponse.init), nextCursor: nil))
    }
}
