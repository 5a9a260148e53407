import Foundation

/// A quote line whose discount is above the company's limit, given by a role without
/// ``Duty/discountsAboveLimit``: saved, but awaiting a head's or an admin's approval (issue 13, "give discounts
/// above a limit without approval"). While any line of a quote awaits approval or was rejected, the quote cannot be
/// sent; a rejected line stays rejected until the line is changed.
///
/// A request belongs to the line as it was written (``lineKey``), not to its position: moving or adding other lines
/// keeps it, and changing the line itself replaces it with a new request.
public struct DiscountApproval: Sendable, Hashable {
    public typealias ID = Identifier<DiscountApproval>

    /// Where a request stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting in the head's queue.
        case pending
        /// A head or admin allowed the discount.
        case approved
        /// A head or admin refused it, with a reason; the line must change before the quote is sent.
        case rejected
        /// The line changed or went away before a decision: nothing to decide any more.
        case superseded
    }

    public var id: ID
    public var companyID: Company.ID
    public var quoteID: Quote.ID
    /// The line's position when last saved (from 0).
    public var lineIndex: Int
    /// The line as written, in a stable text form: what the request is for.
    public var lineKey: String
    public var lineDescription: String
    /// The discount as the line gives it: "15%", or an amount "PHP 1500.00".
    public var discount: String
    /// The company's limit when the request was made, in percent.
    public var limitPercent: Decimal
    public var requestedBy: User.ID
    public var requestedAt: Date
    public var status: Status
    public var decidedBy: User.ID?
    public var decidedAt: Date?
    /// Why it was approved or rejected (required to reject).
    public var reason: String?
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, quoteID: Quote.ID, lineIndex: Int, lineKey: String, lineDescription: String,
        discount: String, limitPercent: Decimal, requestedBy: User.ID, requestedAt: Date, status: Status = .pending,
        decidedBy: User.ID? = nil, decidedAt: Date? = nil, reason: String? = nil, version: Int64 = 1
    ) {
        self.id = id
        self.companyID = companyID
        self.quoteID = quoteID
        self.lineIndex = lineIndex
        self.lineKey = lineKey
        self.lineDescription = lineDescription
        self.discount = discount
        self.limitPercent = limitPercent
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
        self.version = version
    }

    /// Whether the request keeps its quote from being sent.
    public var blocksSending: Bool { status == .pending || status == .rejected }

    /// The stable text form of a line that a request is tied to (its JSON with sorted keys).
    public static func key(of line: DocumentLine) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(line)).map { String(decoding: $0, as: UTF8.self) } ?? line.description
    }

    /// A line's discount as people read it: "15%" or "PHP 1500.00"; empty without one.
    public static func text(of discount: LineDiscount?) -> String {
        switch discount {
        case .percent(let rate): "\(rate)%"
        case .amount(let money): "\(money.currency.code) \(money.decimalString)"
        case nil: ""
        }
    }

    /// The decision on a pending request: approved or rejected by `by` at `at`; a rejection needs a reason
    /// (`reason`, `required`). A decided request refuses another decision (409 `approval_decided`).
    public mutating func decide(
        approve: Bool, reason: String?, by: User.ID, at: Date
    ) throws {
        guard status == .pending else { throw DiscountApprovalError.decided(status) }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var errors = ValidationErrors()
        if !approve && reason.isEmpty {
            errors.add(field: "reason", code: "required", message: "Say why the discount is refused.")
        }
        if reason.count > 500 {
            errors.add(field: "reason", code: "too_long", message: "Keep the reason to 500 characters.")
        }
        try errors.throwIfAny()
        status = approve ? .approved : .rejected
        decidedBy = by
        decidedAt = at
        self.reason = reason.isEmpty ? nil : reason
    }
}

/// What the discount approvals refuse.
public enum DiscountApprovalError: ClassifiedError, Equatable, Sendable {
    /// The quote has lines awaiting approval, or rejected (409 `discount_approval_required`).
    case awaiting(count: Int)
    /// The request was already decided or superseded (409 `approval_decided`).
    case decided(DiscountApproval.Status)
    /// Only a head or an admin decides (403).
    case notApprover

    public var kind: ErrorKind {
        switch self {
        case .awaiting, .decided: .conflict
        case .notApprover: .forbidden
        }
    }

    public var code: String {
        switch self {
        case .awaiting: "discount_approval_required"
        case .decided: "approval_decided"
        case .notApprover: "forbidden"
        }
    }

    public var detail: String {
        switch self {
        case .awaiting(let count):
            "\(count) line(s) of the quote have a discount awaiting a head's approval, or refused; the quote can be "
                + "sent once every discount is approved or the lines are changed."
        case .decided(let status): "This discount request is already \(status.rawValue)."
        case .notApprover: "Discounts above the limit are approved by a head or an admin."
        }
    }
}
