import Foundation

/// Why a commission statement or adjustment cannot be computed or changed.
public enum CommissionError: ClassifiedError, Hashable, Sendable {
    /// An amount is not in the plan's currency (the source id, or the field, names it).
    case currencyMismatch(source: String, expected: Currency, found: Currency)
    /// A credit event is dated outside the statement's month.
    case creditOutsideMonth(sourceID: String, date: CalendarDate, month: PlanMonth)
    /// A clawback event, but the plan has no clawback rule.
    case clawbackWithoutRule(sourceID: String)
    /// The manager's plan (target) is negative.
    case negativeTarget
    /// The deficit carried in is negative.
    case negativeCarriedDeficit
    /// A figure does not fit in 64-bit minor units.
    case overflow
    /// The statement is approved, so it cannot be approved or changed again; corrections are adjustments.
    case alreadyApproved
    /// The statement is not approved yet: recompute it instead of adjusting it.
    case notApproved

    public var kind: ErrorKind {
        switch self {
        case .alreadyApproved, .notApproved: .conflict
        default: .validation
        }
    }

    public var code: String {
        switch self {
        case .currencyMismatch: "currency_mismatch"
        case .creditOutsideMonth: "credit_outside_month"
        case .clawbackWithoutRule: "clawback_without_rule"
        case .negativeTarget: "negative_target"
        case .negativeCarriedDeficit: "negative_carried_deficit"
        case .overflow: "amount_too_large"
        case .alreadyApproved: "statement_approved"
        case .notApproved: "statement_not_approved"
        }
    }

    public var detail: String {
        switch self {
        case .currencyMismatch(_, let expected, _):
            "Every amount of a commission statement must be in \(expected.code)."
        case .creditOutsideMonth(_, _, let month): "A credited amount is dated outside \(month.text)."
        case .clawbackWithoutRule: "The commission plan has no clawback rule, so nothing can be clawed back."
        case .negativeTarget: "The manager's plan cannot be negative."
        case .negativeCarriedDeficit: "The deficit carried in cannot be negative."
        case .overflow: "An amount is too large."
        case .alreadyApproved: "The statement is approved and cannot change; corrections go on a later statement."
        case .notApproved: "The statement is not approved yet; recompute it instead."
        }
    }
}
