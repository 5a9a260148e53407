import Foundation

/// What the account page shows of an account's business besides its own fields (issue 14, the 360° view): the
/// newest few deals, quotes, invoices and contracts, each with its status, and what the customer owes.
public struct AccountOverview: Sendable, Hashable {
    /// How many of each kind the page lists; `hasMore` says when the account has others.
    public static let shortListLength = 5

    /// A deal in the short list.
    public struct DealItem: Sendable, Hashable {
        public var id: Deal.ID
        public var title: String
        public var status: DealStatus
        public var amount: Money
        public var expectedClose: CalendarDate?

        public init(id: Deal.ID, title: String, status: DealStatus, amount: Money, expectedClose: CalendarDate?) {
            self.id = id
            self.title = title
            self.status = status
            self.amount = amount
            self.expectedClose = expectedClose
        }
    }

    /// A quote in the short list; a draft has no number yet.
    public struct QuoteItem: Sendable, Hashable {
        public var id: Quote.ID
        public var number: String?
        public var status: QuoteStatus
        public var total: Money
        public var validUntil: CalendarDate?

        public init(id: Quote.ID, number: String?, status: QuoteStatus, total: Money, validUntil: CalendarDate?) {
            self.id = id
            self.number = number
            self.status = status
            self.total = total
            self.validUntil = validUntil
        }

        /// As ``Quote/displayStatus(today:)``: a sent quote past its validity date has expired.
        public func displayStatus(today: CalendarDate) -> QuoteDisplayStatus {
            switch status {
            case .draft: .draft
            case .sent: (validUntil.map { $0 < today } ?? false) ? .expired : .sent
            case .accepted: .accepted
            case .declined: .declined
            }
        }
    }

    /// An invoice or credit note in the short list, with what settled it and how much of it is past due.
    public struct InvoiceItem: Sendable, Hashable {
        public var id: Invoice.ID
        public var kind: InvoiceKind
        public var number: String?
        public var status: InvoiceStatus
        public var issueDate: CalendarDate?
        public var total: Money
        /// Credit notes issued against it.
        public var credited: Money
        /// Cash and withholding allocated to it.
        public var paid: Money
        /// The part of its open amount whose (instalment) due date is before the day it was read for.
        public var overdue: Money

        public init(
            id: Invoice.ID, kind: InvoiceKind, number: String?, status: InvoiceStatus, issueDate: CalendarDate?,
            total: Money, credited: Money, paid: Money, overdue: Money
        ) {
            self.id = id
            self.kind = kind
            self.number = number
            self.status = status
            self.issueDate = issueDate
            self.total = total
            self.credited = credited
            self.paid = paid
            self.overdue = overdue
        }

        /// total − credited − paid.
        public var open: Money {
            Money(minorUnits: total.minorUnits - credited.minorUnits - paid.minorUnits, currency: total.currency)
        }

        /// The one-word status, by the order of ``InvoiceBalance/status(of:today:)``: a draft, an issued credit
        /// note, cancelled (credited away, never paid), paid, overdue, partly paid, issued.
        public var displayStatus: InvoiceDisplayStatus {
            guard status == .issued else { return .draft }
            if kind == .creditNote { return .issued }
            if credited.minorUnits != 0 && open.minorUnits <= 0 && paid.minorUnits == 0 { return .cancelled }
            if open.minorUnits <= 0 { return .paid }
            if overdue.minorUnits > 0 { return .overdue }
            return paid.minorUnits == 0 ? .issued : .partiallyPaid
        }
    }

    /// A contract in the short list; a draft has no number yet.
    public struct ContractItem: Sendable, Hashable {
        public var id: Contract.ID
        public var number: String?
        public var title: String
        public var status: ContractStatus
        public var value: Money
        public var endDate: CalendarDate?

        public init(
            id: Contract.ID, number: String?, title: String, status: ContractStatus, value: Money,
            endDate: CalendarDate?
        ) {
            self.id = id
            self.number = number
            self.title = title
            self.status = status
            self.value = value
            self.endDate = endDate
        }
    }

    /// What the customer owes in one currency: the open amount of its issued invoices and the part of it past due.
    public struct Balance: Sendable, Hashable {
        public var open: Money
        public var overdue: Money
        /// Invoices with something past due.
        public var overdueInvoices: Int

        public init(open: Money, overdue: Money, overdueInvoices: Int) {
            self.open = open
            self.overdue = overdue
            self.overdueInvoices = overdueInvoices
        }
    }

    /// A short list, newest first, and whether the account has more.
    public struct ShortList<Item: Sendable & Hashable>: Sendable, Hashable {
        public var items: [Item]
        public var hasMore: Bool

        public init(items: [Item], hasMore: Bool) {
            self.items = items
            self.hasMore = hasMore
        }
    }

    public var deals: ShortList<DealItem>
    public var quotes: ShortList<QuoteItem>
    public var invoices: ShortList<InvoiceItem>
    public var contracts: ShortList<ContractItem>
    /// One per currency the customer owes in, by currency code; empty when nothing is open.
    public var balances: [Balance]
    /// The day "past due" was measured on.
    public var today: CalendarDate

    public init(
        deals: ShortList<DealItem>, quotes: ShortList<QuoteItem>, invoices: ShortList<InvoiceItem>,
        contracts: ShortList<ContractItem>, balances: [Balance], today: CalendarDate
    ) {
        self.deals = deals
        self.quotes = quotes
        self.invoices = invoices
        self.contracts = contracts
        self.balances = balances
        self.today = today
    }
}
