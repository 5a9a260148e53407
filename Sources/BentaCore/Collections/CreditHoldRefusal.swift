import Foundation

/// Why an invoice is not issued or a deal not won (409 `credit_hold`): the account has been on credit hold since
/// ``since`` for ``reason``. The API answers the English ``detail``; a page reads the message key
/// `error_credit_hold` in the reader's language with the date and the reason, the dunning ladder's reason as its own
/// message key too (``reasonText``, `<key>_reason`).
public struct CreditHoldRefusal: ClassifiedError, Equatable, Sendable {
    public var since: CalendarDate
    /// The reason as stored: a person's words, or the dunning ladder's English.
    public var reason: String
    /// The dunning ladder's reason as a message key; nil for a hold placed by hand.
    public var reasonText: SystemText?

    public init(since: CalendarDate, reason: String, reasonText: SystemText? = nil) {
        self.since = since
        self.reason = reason
        self.reasonText = reasonText
    }

    public init(_ hold: CreditHold) {
        self.init(since: hold.placedOn, reason: hold.reason, reasonText: hold.systemText)
    }

    public var kind: ErrorKind { .conflict }
    public var code: String { "credit_hold" }
    public var detail: String {
        "The customer is on credit hold since \(since.iso8601String) (\(reason)). "
            + "A head of sales or an admin can release the hold or record an override."
    }

    /// The sentence's message key (`error_credit_hold`) with its arguments: the date, and `reason` as the reader
    /// reads it.
    public func message(reason: String) -> SystemText {
        SystemText("error_credit_hold", ["since": since.iso8601String, "reason": reason])
    }
}
