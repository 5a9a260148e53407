import Foundation

extension CollectionCall: VersionedRecord {}
extension InvoiceDispute: VersionedRecord {}

/// An overdue invoice as a collection call shows it: read live, so an amount paid since never shows.
public struct OverdueInvoice: Sendable, Hashable {
    public var invoiceID: Invoice.ID
    public var accountID: Account.ID
    public var number: String
    public var dueDate: CalendarDate
    /// Total − issued credit notes − allocations (cash and withholding); always above zero here.
    public var openAmount: Money
    /// Days past the due date, as of the day it was read.
    public var daysLate: Int

    public init(
        invoiceID: Invoice.ID, accountID: Account.ID, number: String, dueDate: CalendarDate, openAmount: Money,
        daysLate: Int
    ) {
        self.invoiceID = invoiceID
        self.accountID = accountID
        self.number = number
        self.dueDate = dueDate
        self.openAmount = openAmount
        self.daysLate = daysLate
    }
}

/// Whom to call at the customer: the account's first active contact with a phone, else the account's own phone.
public struct CallContact: Sendable, Hashable {
    /// Nil when the phone is the account's own.
    public var name: String?
    /// E.164, for a `tel:` link.
    public var phone: String?
    /// As entered.
    public var phoneDisplay: String?

    public init(name: String?, phone: String?, phoneDisplay: String?) {
        self.name = name
        self.phone = phone
        self.phoneDisplay = phoneDisplay
    }
}

/// A collection call with what the caller needs on the phone: the account, whom to call, the overdue invoices and
/// their total per currency.
public struct CallToMake: Sendable, Hashable {
    public var call: CollectionCall
    public var accountName: String
    public var contact: CallContact
    public var overdueInvoices: [OverdueInvoice]
    /// One total per currency the account owes in, by currency code.
    public var overdueTotals: [Money]

    public init(
        call: CollectionCall, accountName: String, contact: CallContact, overdueInvoices: [OverdueInvoice],
        overdueTotals: [Money]
    ) {
        self.call = call
        self.accountName = accountName
        self.contact = contact
        self.overdueInvoices = overdueInvoices
        self.overdueTotals = overdueTotals
    }
}

/// A stored promise to pay with its id, the call it was made on, and its outcome once the dunning run decided it.
public struct StoredPromise: Sendable, Hashable {
    public typealias ID = Identifier<StoredPromise>

    public var id: ID
    public var companyID: Company.ID
    public var accountID: Account.ID
    public var callID: CollectionCall.ID?
    public var promise: PaymentPromise
    /// `.open` until an outcome row exists.
    public var status: PaymentPromiseStatus
    /// What was paid by the deadline, once decided.
    public var paid: Money?
    public var decidedOn: CalendarDate?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, accountID: Account.ID, callID: CollectionCall.ID?, promise: PaymentPromise,
        status: PaymentPromiseStatus, paid: Money?, decidedOn: CalendarDate?, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.accountID = accountID
        self.callID = callID
        self.promise = promise
        self.status = status
        self.paid = paid
        self.decidedOn = decidedOn
        self.createdAt = createdAt
    }
}

/// The late-payment reasons report over calls logged in a period (issue 12).
public struct LatePaymentReport: Sendable, Hashable {
    /// Calls per reason, manager and currency, with the overdue amounts they were logged with.
    public struct ReasonRow: Sendable, Hashable {
        public var managerID: User.ID
        public var reason: LatePaymentReason
        public var calls: Int
        public var overdue: Money?

        public init(managerID: User.ID, reason: LatePaymentReason, calls: Int, overdue: Money?) {
            self.managerID = managerID
            self.reason = reason
            self.calls = calls
            self.overdue = overdue
        }
    }

    /// Promises decided in the period per manager (the account's owner).
    public struct PromiseRow: Sendable, Hashable {
        public var managerID: User.ID
        public var kept: Int
        public var partlyKept: Int
        public var broken: Int

        public init(managerID: User.ID, kept: Int, partlyKept: Int, broken: Int) {
            self.managerID = managerID
            self.kept = kept
            self.partlyKept = partlyKept
            self.broken = broken
        }

        /// All decided promises.
        public var decided: Int { kept + partlyKept + broken }

        /// Kept ÷ decided, in percent with one decimal (half up); nil when none was decided. Partly kept promises
        /// count as decided, not kept: they are shown apart.
        public var keptPercent: Decimal? {
            guard decided > 0 else { return nil }
            return Rounding.roundHalfUp(Decimal(kept) * 100 / Decimal(decided), scale: 1)
        }
    }

    /// Broken promises per customer in the period.
    public struct BrokenRow: Sendable, Hashable {
        public var accountID: Account.ID
        public var accountName: String
        public var broken: Int

        public init(accountID: Account.ID, accountName: String, broken: Int) {
            self.accountID = accountID
            self.accountName = accountName
            self.broken = broken
        }
    }

    public var from: CalendarDate
    public var to: CalendarDate
    public var reasons: [ReasonRow]
    public var promises: [PromiseRow]
    public var broken: [BrokenRow]

    public init(
        from: CalendarDate, to: CalendarDate, reasons: [ReasonRow], promises: [PromiseRow], broken: [BrokenRow]
    ) {
        self.from = from
        self.to = to
        self.reasons = reasons
        self.promises = promises
        self.broken = broken
    }
}
