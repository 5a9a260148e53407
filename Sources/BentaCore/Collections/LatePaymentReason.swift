import Foundation

/// Why a customer says an invoice is unpaid, as the account owner records it on the collection call.
public enum LatePaymentReason: String, Sendable, Hashable, Codable, CaseIterable {
    case cashFlowProblem = "cash_flow_problem"
    case disputesInvoice = "disputes_invoice"
    case didNotReceive = "did_not_receive"
    case wrongAmount = "wrong_amount"
    case awaitingApproval = "awaiting_approval"
    case alreadyPaid = "already_paid"
    case other

    /// The translation key of the reason: "late_payment_reason.cash_flow_problem".
    public var labelKey: String { "late_payment_reason.\(rawValue)" }
}
