import BentaCore
import Foundation

/// A discount approval request on the wire (issue 13): the quote line, the discount, the limit, who asked and
/// when, and the decision with its reason.
struct DiscountApprovalResponse: Encodable {
    let id: String
    let quoteId: String
    let lineIndex: Int
    let lineDescription: String
    let discount: String
    let limitPercent: String
    let status: String
    let requestedBy: String
    let requestedAt: Date
    let decidedBy: String?
    let decidedAt: Date?
    let reason: String?
    let version: Int64

    init(_ approval: DiscountApproval) {
        id = approval.id.description
        quoteId = approval.quoteID.description
        lineIndex = approval.lineIndex
        lineDescription = approval.lineDescription
        discount = approval.discount
        limitPercent = DecimalText.format(approval.limitPercent)
        status = approval.status.rawValue
        requestedBy = approval.requestedBy.description
        requestedAt = approval.requestedAt
        decidedBy = approval.decidedBy?.description
        decidedAt = approval.decidedAt
        reason = approval.reason
        version = approval.version
    }
}

/// `POST /api/v1/discount-approvals/{id}/approve` and `…/reject`: the reason (required to reject) and the version
/// the head saw (optional; `If-Match` works too).
struct DiscountDecisionRequest: Decodable {
    static let allowedKeys: Set<String> = ["reason", "version"]
    let reason: String?
    let version: Int64?
}
