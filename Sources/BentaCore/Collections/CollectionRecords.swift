import Foundation

/// A call an account's manager has to make about the account's overdue invoices: put on their list by the dunning
/// ladder's call step, by a broken promise to pay, or by hand. At most one call per account is open at a time; it
/// closes when the outcome is logged (the reason the customer gave, and perhaps a promise to pay).
///
/// Which invoices, how much and how many days late are read live when the call is shown, so the list never shows
/// an amount the customer has since paid.
public struct CollectionCall: Sendable, Hashable {
    public typealias ID = Identifier<CollectionCall>

    /// Why the call is on the list.
    public enum Cause: String, Sendable, Hashable, Codable, CaseIterable {
        /// The dunning ladder reached its call step for one of the account's invoices.
        case dunning
        /// A promise to pay was broken.
        case brokenPromise = "broken_promise"
        /// Someone put it on the list by hand.
        case manual

        /// The translation key: "collection_call_cause.broken_promise".
        public var labelKey: String { "collection_call_cause.\(rawValue)" }
    }

    public var id: ID
    public var companyID: Company.ID
    public var accountID: Account.ID
    /// Who makes the call: the account's manager when it was put on the list.
    public var assigneeID: User.ID
    public var cause: Cause
    /// The day the call should be made.
    public var dueOn: CalendarDate
    /// The reason the customer gave; set when the outcome is logged.
    public var reason: LatePaymentReason?
    public var outcomeNote: String?
    /// What the account had overdue when the outcome was logged (for the late-payment reasons report).
    public var overdueAtOutcome: Money?
    /// The promise to pay made on the call, if any.
    public var promiseID: String?
    public var loggedBy: User.ID?
    public var loggedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, accountID: Account.ID, assigneeID: User.ID, cause: Cause,
        dueOn: CalendarDate, reason: LatePaymentReason? = nil, outcomeNote: String? = nil,
        overdueAtOutcome: Money? = nil, promiseID: String? = nil, loggedBy: User.ID? = nil, loggedAt: Date? = nil,
        createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.accountID = accountID
        self.assigneeID = assigneeID
        self.cause = cause
        self.dueOn = dueOn
        self.reason = reason
        self.outcomeNote = outcomeNote
        self.overdueAtOutcome = overdueAtOutcome
        self.promiseID = promiseID
        self.loggedBy = loggedBy
        self.loggedAt = loggedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Open until its outcome is logged.
    public var isOpen: Bool { loggedAt == nil }
}

/// An account on credit hold: no new invoice is issued and no deal is won for it unless a head of sales (or an
/// admin) recorded an override that is still valid. Placed by the dunning ladder's credit-hold step or by hand;
/// released by a head or admin. At most one hold per account is open.
public struct CreditHold: Sendable, Hashable {
    public typealias ID = Identifier<CreditHold>

    public var id: ID
    public var companyID: Company.ID
    public var accountID: Account.ID
    public var placedOn: CalendarDate
    /// Who placed it; nil when the dunning ladder did.
    public var placedBy: User.ID?
    /// The dunning step that placed it, if one did.
    public var dunningStepID: String?
    public var reason: String
    /// The reason as a message key (`<key>_reason`) when the dunning ladder placed the hold, so each reader sees it
    /// in their language; nil for a hold placed by hand and for rows written before keys existed.
    public var systemText: SystemText?
    public var releasedAt: Date?
    public var releasedBy: User.ID?
    public var releaseNote: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, accountID: Account.ID, placedOn: CalendarDate, placedBy: User.ID?,
        dunningStepID: String?, reason: String, systemText: SystemText? = nil, releasedAt: Date? = nil,
        releasedBy: User.ID? = nil, releaseNote: String? = nil, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.accountID = accountID
        self.placedOn = placedOn
        self.placedBy = placedBy
        self.dunningStepID = dunningStepID
        self.reason = reason
        self.systemText = systemText
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.releaseNote = releaseNote
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// In force until released.
    public var isOpen: Bool { releasedAt == nil }
}

/// A head's recorded permission to invoice or win deals for an account on hold, until a date (inclusive).
/// Append-only.
public struct CreditHoldOverride: Sendable, Hashable {
    public typealias ID = Identifier<CreditHoldOverride>

    public var id: ID
    public var companyID: Company.ID
    public var holdID: CreditHold.ID
    public var accountID: Account.ID
    public var grantedBy: User.ID
    public var reason: String
    public var validUntil: CalendarDate
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, holdID: CreditHold.ID, accountID: Account.ID, grantedBy: User.ID,
        reason: String, validUntil: CalendarDate, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.holdID = holdID
        self.accountID = accountID
        self.grantedBy = grantedBy
        self.reason = reason
        self.validUntil = validUntil
        self.createdAt = createdAt
    }

    /// Whether it lets a document through on `date`.
    public func isValid(on date: CalendarDate) -> Bool { date <= validUntil }
}

/// A customer disputes an invoice: dunning holds back (DOMAIN.md §3's blocked flag) until the dispute is resolved.
/// At most one dispute per invoice is open.
public struct InvoiceDispute: Sendable, Hashable {
    public typealias ID = Identifier<InvoiceDispute>

    public var id: ID
    public var companyID: Company.ID
    public var invoiceID: Invoice.ID
    public var accountID: Account.ID
    public var openedOn: CalendarDate
    public var openedBy: User.ID?
    /// The collection call on which the customer raised it, if any.
    public var callID: CollectionCall.ID?
    public var note: String?
    public var resolvedOn: CalendarDate?
    public var resolvedBy: User.ID?
    public var resolution: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, invoiceID: Invoice.ID, accountID: Account.ID, openedOn: CalendarDate,
        openedBy: User.ID?, callID: CollectionCall.ID?, note: String?, resolvedOn: CalendarDate? = nil,
        resolvedBy: User.ID? = nil, resolution: String? = nil, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.invoiceID = invoiceID
        self.accountID = accountID
        self.openedOn = openedOn
        self.openedBy = openedBy
        self.callID = callID
        self.note = note
        self.resolvedOn = resolvedOn
        self.resolvedBy = resolvedBy
        self.resolution = resolution
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Open until resolved.
    public var isOpen: Bool { resolvedOn == nil }
}
