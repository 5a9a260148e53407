import Foundation

/// One customer's overdue receivables in one currency as of a day (issue 12, the overdue list per manager): the open
/// parts of its issued invoices (each instalment by its own due date) that fell due before the day, with the
/// customer's manager (the account's owner).
public struct OverdueListRow: Sendable, Hashable {
    public var managerID: User.ID
    public var accountID: Account.ID
    public var accountName: String
    /// Σ of the open parts due before the day.
    public var overdue: Money
    /// Everything the customer owes that day in this currency, due or not yet due.
    public var open: Money
    /// The invoices with an overdue part.
    public var invoiceCount: Int
    /// The due date of the oldest overdue part.
    public var oldestDue: CalendarDate

    public init(
        managerID: User.ID, accountID: Account.ID, accountName: String, overdue: Money, open: Money,
        invoiceCount: Int, oldestDue: CalendarDate
    ) {
        self.managerID = managerID
        self.accountID = accountID
        self.accountName = accountName
        self.overdue = overdue
        self.open = open
        self.invoiceCount = invoiceCount
        self.oldestDue = oldestDue
    }

    /// Days between the oldest overdue part's due date and `asOf`.
    public func daysLate(asOf: CalendarDate) -> Int { oldestDue.days(until: asOf) }
}

/// One manager's overdue customers in one currency, summed.
public struct OverdueManagerTotal: Sendable, Hashable {
    public var managerID: User.ID
    public var overdue: Money
    public var customerCount: Int
    public var invoiceCount: Int

    public init(managerID: User.ID, overdue: Money, customerCount: Int, invoiceCount: Int) {
        self.managerID = managerID
        self.overdue = overdue
        self.customerCount = customerCount
        self.invoiceCount = invoiceCount
    }
}

/// The overdue list as of a day: the totals per manager and currency, and one keyset page of the customers by
/// manager, customer and currency.
public struct OverdueList: Sendable {
    public var asOf: CalendarDate
    public var managers: [OverdueManagerTotal]
    public var customers: Page<OverdueListRow>

    public init(asOf: CalendarDate, managers: [OverdueManagerTotal], customers: Page<OverdueListRow>) {
        self.asOf = asOf
        self.managers = managers
        self.customers = customers
    }
}
