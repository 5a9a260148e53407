import Foundation

// The filters of the record lists: what the API and the pages ask for, read by the stores' list queries.

/// Filters of the account list; every filter is optional.
public struct AccountFilter: Sendable, Hashable {
    public var ownerID: User.ID?
    /// nil lists every status.
    public var status: RecordStatus?
    public var tag: String?
    /// Matches name, registered name, TIN, phone (any format) and email.
    public var query: String?

    public init(ownerID: User.ID? = nil, status: RecordStatus? = .active, tag: String? = nil, query: String? = nil) {
        self.ownerID = ownerID
        self.status = status
        self.tag = tag
        self.query = query
    }
}

/// Filters of the contact list.
public struct ContactFilter: Sendable, Hashable {
    public var accountID: Account.ID?
    /// Contacts of accounts owned by this user.
    public var ownerID: User.ID?
    public var status: RecordStatus?
    /// Matches name, position, phone (any format) and email.
    public var query: String?

    public init(
        accountID: Account.ID? = nil, ownerID: User.ID? = nil, status: RecordStatus? = .active,
        query: String? = nil
    ) {
        self.accountID = accountID
        self.ownerID = ownerID
        self.status = status
        self.query = query
    }
}

/// Filters of the contract list.
public struct ContractFilter: Sendable, Hashable {
    public var status: ContractStatus?
    public var accountID: Account.ID?
    public var ownerID: User.ID?
    /// Signed or active contracts whose effective end date is in `[endingFrom, endingTo]`.
    public var endingFrom: CalendarDate?
    public var endingTo: CalendarDate?
    public var query: String?

    public init(
        status: ContractStatus? = nil, accountID: Account.ID? = nil, ownerID: User.ID? = nil,
        endingFrom: CalendarDate? = nil, endingTo: CalendarDate? = nil, query: String? = nil
    ) {
        self.status = status
        self.accountID = accountID
        self.ownerID = ownerID
        self.endingFrom = endingFrom
        self.endingTo = endingTo
        self.query = query
    }
}

/// Filters of the deal list.
public struct DealFilter: Sendable, Hashable {
    public var ownerID: User.ID?
    public var accountID: Account.ID?
    public var status: DealStatus?
    public var stageID: Pipeline.Stage.ID?
    public var query: String?
    /// Expected to close in `[closeFrom, closeTo)`.
    public var closeFrom: CalendarDate?
    public var closeTo: CalendarDate?

    public init(
        ownerID: User.ID? = nil, accountID: Account.ID? = nil, status: DealStatus? = .open,
        stageID: Pipeline.Stage.ID? = nil, query: String? = nil, closeFrom: CalendarDate? = nil,
        closeTo: CalendarDate? = nil
    ) {
        self.ownerID = ownerID
        self.accountID = accountID
        self.status = status
        self.stageID = stageID
        self.query = query
        self.closeFrom = closeFrom
        self.closeTo = closeTo
    }
}

/// Which invoices to list.
public struct InvoiceFilter: Sendable, Hashable {
    public var kind: InvoiceKind?
    public var accountID: Account.ID?
    public var ownerID: User.ID?
    public var dealID: Deal.ID?
    public var status: InvoiceStatus?
    /// Credit notes of this invoice.
    public var correctsInvoiceID: Invoice.ID?
    /// Only invoices that may be overdue on this day: issued invoices with an open amount and a due date (theirs or
    /// an instalment's) before it. A narrowing for the overdue list, which still decides each one by its balance.
    public var mayBeOverdueOn: CalendarDate?

    public init(
        kind: InvoiceKind? = nil, accountID: Account.ID? = nil, ownerID: User.ID? = nil, dealID: Deal.ID? = nil,
        status: InvoiceStatus? = nil, correctsInvoiceID: Invoice.ID? = nil
    ) {
        self.kind = kind
        self.accountID = accountID
        self.ownerID = ownerID
        self.dealID = dealID
        self.status = status
        self.correctsInvoiceID = correctsInvoiceID
    }
}

/// Filters of the lead list.
public struct LeadFilter: Sendable, Hashable {
    public var ownerID: User.ID?
    /// nil = open leads (new, contacted, qualified); otherwise exactly these statuses.
    public var statuses: [LeadStatus]?
    public var source: LeadSource?
    public var query: String?
    /// Only leads created at or after this instant (for "new leads assigned").
    public var createdSince: Date?

    public init(
        ownerID: User.ID? = nil, statuses: [LeadStatus]? = nil, source: LeadSource? = nil, query: String? = nil,
        createdSince: Date? = nil
    ) {
        self.ownerID = ownerID
        self.statuses = statuses
        self.source = source
        self.query = query
        self.createdSince = createdSince
    }
}

/// Which outbox messages a list shows.
public struct OutboxFilter: Sendable, Hashable {
    public var status: OutboxStatus?
    /// Only messages this user queued (a manager's view).
    public var queuedBy: User.ID?

    public init(status: OutboxStatus? = nil, queuedBy: User.ID? = nil) {
        self.status = status
        self.queuedBy = queuedBy
    }
}

/// Which catalogue entries a list shows.
public struct ProductFilter: Sendable, Hashable {
    /// nil lists active and inactive products.
    public var isActive: Bool?
    /// Matches code or name.
    public var query: String?

    public init(isActive: Bool? = true, query: String? = nil) {
        self.isActive = isActive
        self.query = query
    }
}

/// Which quotes to list.
public struct QuoteFilter: Sendable, Hashable {
    public var dealID: Deal.ID?
    public var accountID: Account.ID?
    public var ownerID: User.ID?
    /// A display status; `expired` means sent and past its validity date on `today`.
    public var status: QuoteDisplayStatus?
    /// The company's today, for the expired status.
    public var today: CalendarDate?

    public init(
        dealID: Deal.ID? = nil, accountID: Account.ID? = nil, ownerID: User.ID? = nil,
        status: QuoteDisplayStatus? = nil, today: CalendarDate? = nil
    ) {
        self.dealID = dealID
        self.accountID = accountID
        self.ownerID = ownerID
        self.status = status
        self.today = today
    }
}

/// Filters of task lists.
public struct TaskFilter: Sendable, Hashable {
    public var assigneeID: User.ID?
    public var includeDone: Bool
    /// Only tasks due before this instant (overdue and today's).
    public var dueBefore: Date?
    public var accountID: Account.ID?
    public var leadID: Lead.ID?

    public init(
        assigneeID: User.ID? = nil, includeDone: Bool = false, dueBefore: Date? = nil, accountID: Account.ID? = nil,
        leadID: Lead.ID? = nil
    ) {
        self.assigneeID = assigneeID
        self.includeDone = includeDone
        self.dueBefore = dueBefore
        self.accountID = accountID
        self.leadID = leadID
    }
}

/// Which timeline to read.
public enum TimelineOwner: Sendable, Hashable {
    case account(Account.ID)
    case contact(Contact.ID)
    case lead(Lead.ID)
}
