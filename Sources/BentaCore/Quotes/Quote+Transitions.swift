import Foundation

/// What can be done to a quote in its current state; the pages and the services both ask ``Quote/allowedActions(today:)``.
public enum QuoteAction: String, Sendable, Hashable, CaseIterable {
    /// Change the draft's fields and lines.
    case edit
    /// Number and date the draft, which freezes it.
    case send
    /// Record the customer's yes (not once the quote has expired).
    case accept
    /// Record the customer's no.
    case decline
}

/// What a quote refuses to do in its current state.
public enum QuoteError: ClassifiedError, Equatable, Sendable {
    /// Only a draft changes; a sent quote is a document.
    case notEditable(number: String?)
    /// Only a draft is sent, once.
    case alreadySent(number: String?)
    /// An answer is recorded for a sent quote only.
    case notSent
    /// The customer has already answered.
    case alreadyDecided(number: String?, status: QuoteStatus)
    /// A sent quote past its validity date cannot be accepted; it needs a new quote.
    case expired(number: String?, validUntil: CalendarDate)

    public var kind: ErrorKind { .conflict }

    public var code: String {
        switch self {
        case .notEditable: "quote_not_editable"
        case .alreadySent: "quote_already_sent"
        case .notSent: "quote_not_sent"
        case .alreadyDecided: "quote_already_decided"
        case .expired: "quote_expired"
        }
    }

    public var detail: String {
        switch self {
        case .notEditable(let number):
            "Quote \(number ?? "") was sent and can no longer change; make a new quote instead."
        case .alreadySent(let number): "Quote \(number ?? "") has already been sent."
        case .notSent: "Send the quote before recording an answer."
        case .alreadyDecided(let number, let status): "Quote \(number ?? "") was already \(status.rawValue)."
        case .expired(let number, let validUntil): "Quote \(number ?? "") expired on \(validUntil); make a new quote."
        }
    }
}

extension Quote {
    /// The actions the quote allows on `today`: a draft is edited and sent; a sent quote is declined, and accepted
    /// until it expires; an answered quote allows nothing.
    public func allowedActions(today: CalendarDate) -> Set<QuoteAction> {
        switch status {
        case .draft: [.edit, .send]
        case .sent: fields.validUntil < today ? [.decline] : [.accept, .decline]
        case .accepted, .declined: []
        }
    }

    /// Refuses unless the quote is a draft whose fields may change; the caller then sets `fields`.
    public func checkEditable() throws(QuoteError) {
        guard status == .draft else { throw .notEditable(number: number) }
    }

    /// draft → sent under `number`, dated `today`. A quote without lines, or valid until a day before `today`, is
    /// refused with the fields to fix.
    public mutating func send(number: String, today: CalendarDate, now: Date) throws {
        guard status == .draft else { throw QuoteError.alreadySent(number: self.number) }
        var errors = ValidationErrors()
        if fields.lines.isEmpty {
            errors.add(field: "lines", code: "required", message: "Add at least one line before sending.")
        }
        if fields.validUntil < today {
            errors.add(field: "valid_until", code: "in_the_past", message: "The validity date must be today or later.")
        }
        try errors.throwIfAny()
        self.number = number
        status = .sent
        issueDate = today
        sentAt = now
    }

    /// sent → accepted, unless the quote expired before `today`.
    public mutating func accept(today: CalendarDate, now: Date) throws(QuoteError) {
        try checkDecidable()
        if fields.validUntil < today { throw .expired(number: number, validUntil: fields.validUntil) }
        status = .accepted
        decidedAt = now
    }

    /// sent (or expired) → declined, with the customer's reason if given (at most 500 characters).
    public mutating func decline(reason: String?, now: Date) throws {
        try checkDecidable()
        var errors = ValidationErrors()
        let reason = Validate.optionalText(reason ?? "", field: "reason", maxLength: 500, into: &errors)
        try errors.throwIfAny()
        status = .declined
        declineReason = reason
        decidedAt = now
    }

    private func checkDecidable() throws(QuoteError) {
        switch status {
        case .sent: return
        case .draft: throw .notSent
        case .accepted, .declined: throw .alreadyDecided(number: number, status: status)
        }
    }
}
