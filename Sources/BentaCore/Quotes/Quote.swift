import Foundation

/// An offer to a customer, made from a deal: priced lines, a validity date and terms. It is numbered from a
/// gapless series when it is sent; from then on it is a document that no longer changes (only its outcome does).
public struct Quote: Sendable, Hashable {
    public typealias ID = Identifier<Quote>

    public var id: ID
    public var companyID: Company.ID
    public var dealID: Deal.ID
    public var accountID: Account.ID
    public var ownerID: User.ID
    public var fields: QuoteFields
    /// The printed number, assigned when the quote is sent; nil while it is a draft.
    public var number: String?
    public var status: QuoteStatus
    /// The date printed on the quote: the day it was sent.
    public var issueDate: CalendarDate?
    public var sentAt: Date?
    /// When the customer accepted or declined.
    public var decidedAt: Date?
    public var declineReason: String?
    public var createdBy: User.ID?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, dealID: Deal.ID, accountID: Account.ID, ownerID: User.ID, fields: QuoteFields,
        number: String? = nil, status: QuoteStatus = .draft, issueDate: CalendarDate? = nil, sentAt: Date? = nil,
        decidedAt: Date? = nil, declineReason: String? = nil, createdBy: User.ID? = nil, createdAt: Date,
        updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.dealID = dealID
        self.accountID = accountID
        self.ownerID = ownerID
        self.fields = fields
        self.number = number
        self.status = status
        self.issueDate = issueDate
        self.sentAt = sentAt
        self.decidedAt = decidedAt
        self.declineReason = declineReason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The status as the customer sees it on `today`: a sent quote past its validity date has expired.
    public func displayStatus(today: CalendarDate) -> QuoteDisplayStatus {
        switch status {
        case .draft: .draft
        case .sent: fields.validUntil < today ? .expired : .sent
        case .accepted: .accepted
        case .declined: .declined
        }
    }

    /// The totals of the lines by the EN 16931 method.
    public func totals() throws -> DocumentTotals {
        try DocumentTotals.compute(
            lines: fields.lines.map(\.line), pricesIncludeTax: fields.pricesIncludeTax, currency: fields.currency)
    }
}

/// The stored states of a quote; "expired" is derived from the validity date (see `Quote.displayStatus`).
public enum QuoteStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case sent
    case accepted
    case declined
}

/// What a quote shows as its state: the stored one, or `expired` for a sent quote past its validity date.
public enum QuoteDisplayStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case sent
    case accepted
    case declined
    case expired
}

/// The editable content of a quote (while it is a draft).
public struct QuoteFields: Sendable, Hashable {
    /// The customer's person the quote is addressed to; a contact of the account.
    public var contactID: Contact.ID?
    public var currency: Currency
    public var pricesIncludeTax: Bool
    /// The last day the offer holds.
    public var validUntil: CalendarDate
    /// Payment, delivery and other terms printed on the quote.
    public var terms: String?
    /// A note to the customer printed above the terms.
    public var notes: String?
    public var lines: [LineItem]

    public init(
        contactID: Contact.ID? = nil, currency: Currency, pricesIncludeTax: Bool = false, validUntil: CalendarDate,
        terms: String? = nil, notes: String? = nil, lines: [LineItem] = []
    ) {
        self.contactID = contactID
        self.currency = currency
        self.pricesIncludeTax = pricesIncludeTax
        self.validUntil = validUntil
        self.terms = terms
        self.notes = notes
        self.lines = lines
    }
}

/// Changes to a draft quote as typed or sent; nil members stay as they are.
public struct QuoteDraft: Sendable, Hashable {
    /// "" clears the contact.
    public var contactID: String?
    public var validUntil: String?
    public var terms: String?
    public var notes: String?
    public var pricesIncludeTax: Bool?
    public var lines: [LineDraft]?

    public init() {}

    /// The text fields checked and applied to `fields`; contact membership and lines are checked by the caller.
    public func apply(to fields: QuoteFields) throws(ValidationErrors) -> QuoteFields {
        var result = fields
        var errors = ValidationErrors()
        DocumentContact.apply(contactID, to: &result.contactID, errors: &errors)
        if let validUntil {
            if let date = CalendarDate(iso8601: validUntil.trimmingCharacters(in: .whitespaces)) {
                result.validUntil = date
            } else {
                errors.add(field: "valid_until", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
            }
        }
        if let terms { result.terms = Validate.optionalText(terms, field: "terms", maxLength: 4000, into: &errors) }
        if let notes { result.notes = Validate.optionalText(notes, field: "notes", maxLength: 4000, into: &errors) }
        if let pricesIncludeTax { result.pricesIncludeTax = pricesIncludeTax }
        try errors.throwIfAny()
        return result
    }
}
