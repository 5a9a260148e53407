import Foundation

/// A customer's promise to pay (PTP): how much, by when, for which invoices, and who logged it.
///
/// Stored with snake_case keys (`promised_date`, `invoice_ids`, `logged_by`, `grace_days`, …). While open it
/// pauses dunning (`DunningItem.promiseOpenUntil` = `deadline`); once broken it escalates dunning
/// (`DunningItem.promiseBrokenSince` = the evaluation's `unkeptSince`).
public struct PaymentPromise: Hashable, Sendable, Codable {
    /// The day the customer promised to pay by.
    public let promisedDate: CalendarDate
    /// The amount promised.
    public let amount: Money
    /// The invoices the promise covers (invoice ids as strings, as the payments code stores them).
    public let invoiceIDs: [String]
    /// The id of the user who logged the promise.
    public let loggedBy: String
    /// Who made the promise at the customer, if known.
    public let contactName: String?
    /// How the promise was made, if recorded.
    public let channel: DunningChannel?
    /// The reason the customer gave for paying late, if any.
    public let reason: LatePaymentReason?
    /// Free text.
    public let note: String?
    /// Days after the promised date a payment still counts as kept.
    public let graceDays: Int

    /// The grace period when none is given.
    public static let defaultGraceDays = 3
    /// The longest grace period accepted.
    public static let maximumGraceDays = 30
    /// The longest note accepted.
    public static let maximumNoteLength = 2000

    /// Checks and creates a promise; every problem is reported at once.
    public init(
        promisedDate: CalendarDate, amount: Money, invoiceIDs: [String], loggedBy: String,
        contactName: String? = nil, channel: DunningChannel? = nil, reason: LatePaymentReason? = nil,
        note: String? = nil, graceDays: Int = PaymentPromise.defaultGraceDays
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if !amount.isPositive {
            errors.add(field: "amount", code: "not_positive", message: "Enter the amount promised, above zero.")
        }
        let ids = invoiceIDs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if ids.isEmpty || ids.contains(where: \.isEmpty) {
            errors.add(field: "invoice_ids", code: "required", message: "Choose the invoices the promise covers.")
        } else if Set(ids).count != ids.count {
            errors.add(field: "invoice_ids", code: "duplicate", message: "An invoice is listed twice.")
        }
        let logger = Validate.requiredText(loggedBy, field: "logged_by", maxLength: 64, into: &errors)
        let contact = Validate.optionalText(contactName, field: "contact_name", maxLength: 200, into: &errors)
        let cleanNote = Validate.optionalText(note, field: "note", maxLength: Self.maximumNoteLength, into: &errors)
        if !(0...Self.maximumGraceDays).contains(graceDays) {
            errors.add(
                field: "grace_days", code: "out_of_range",
                message: "Use a grace period of 0 to \(Self.maximumGraceDays) days.")
        }
        try errors.throwIfAny()
        self.promisedDate = promisedDate
        self.amount = amount
        self.invoiceIDs = ids
        self.loggedBy = logger ?? loggedBy
        self.contactName = contact
        self.channel = channel
        self.reason = reason
        self.note = cleanNote
        self.graceDays = graceDays
    }

    /// The last day a payment counts toward the promise: the promised date plus the grace period.
    public var deadline: CalendarDate { promisedDate.adding(days: graceDays) }

    /// The promise's state as of `date`, given the payments made toward its invoices.
    ///
    /// Payments dated after `date` are not known yet, and payments after the deadline do not keep the promise (they
    /// still reduce the balance, but the promise was not kept). Fully paid by the deadline → kept, even before the
    /// deadline; otherwise open until the deadline; after it, partly kept when something was paid, else broken.
    /// Throws `MoneyError.currencyMismatch` for a payment in another currency.
    public func evaluate(payments: [PromisePayment], asOf date: CalendarDate) throws(MoneyError) -> PromiseEvaluation {
        let counted = payments.filter { $0.date <= date && $0.date <= deadline }
        let paid = try Money.sum(counted.map(\.amount), currency: amount.currency)
        let status: PaymentPromiseStatus
        if try !paid.isLess(than: amount) {
            status = .kept
        } else if date <= deadline {
            status = .open
        } else {
            status = paid.isPositive ? .partlyKept : .broken
        }
        return PromiseEvaluation(status: status, paidByDeadline: paid, deadline: deadline)
    }

    enum CodingKeys: String, CodingKey {
        case promisedDate = "promised_date"
        case amount
        case invoiceIDs = "invoice_ids"
        case loggedBy = "logged_by"
        case contactName = "contact_name"
        case channel
        case reason
        case note
        case graceDays = "grace_days"
    }

    /// Decodes and validates; an invalid promise is a `DecodingError.dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                promisedDate: container.decode(CalendarDate.self, forKey: .promisedDate),
                amount: container.decode(Money.self, forKey: .amount),
                invoiceIDs: container.decode([String].self, forKey: .invoiceIDs),
                loggedBy: container.decode(String.self, forKey: .loggedBy),
                contactName: container.decodeIfPresent(String.self, forKey: .contactName),
                channel: container.decodeIfPresent(DunningChannel.self, forKey: .channel),
                reason: container.decodeIfPresent(LatePaymentReason.self, forKey: .reason),
                note: container.decodeIfPresent(String.self, forKey: .note),
                graceDays: container.decodeIfPresent(Int.self, forKey: .graceDays) ?? Self.defaultGraceDays)
        } catch let errors as ValidationErrors {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "Invalid payment promise: \(errors)"))
        }
    }
}

/// A payment toward a promise's invoices: when it arrived and how much.
public struct PromisePayment: Hashable, Sendable {
    /// The value date of the payment.
    public var date: CalendarDate
    /// The amount applied to the promised invoices.
    public var amount: Money

    /// Creates a payment.
    public init(date: CalendarDate, amount: Money) {
        self.date = date
        self.amount = amount
    }
}

/// Where a promise to pay stands.
public enum PaymentPromiseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not fully paid, and the deadline has not passed.
    case open
    /// Fully paid by the deadline.
    case kept
    /// Something, not everything, was paid by the deadline.
    case partlyKept = "partly_kept"
    /// Nothing was paid by the deadline.
    case broken

    /// The translation key: "promise_status.partly_kept".
    public var labelKey: String { "promise_status.\(rawValue)" }
}

/// A promise's status as of a date, with the figures behind it.
public struct PromiseEvaluation: Hashable, Sendable {
    /// The status.
    public var status: PaymentPromiseStatus
    /// What was paid toward it by the deadline (and by the evaluation date).
    public var paidByDeadline: Money
    /// The promised date plus grace.
    public var deadline: CalendarDate

    /// The day after the deadline when the promise was broken or only partly kept; nil otherwise. A partly kept
    /// promise escalates dunning like a broken one: the rest of the promised money did not come.
    public var unkeptSince: CalendarDate? {
        status == .broken || status == .partlyKept ? deadline.adding(days: 1) : nil
    }

    /// Whether the promise still pauses dunning.
    public var isOpen: Bool { status == .open }
}
