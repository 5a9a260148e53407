import Foundation

/// How a customer (or the whole company) has paid its invoices so far: from the invoices paid in full, the sum of
/// the days from due date to payment and from issue to payment, so averages over several customers stay exact.
public struct PaymentHabit: Hashable, Sendable {
    /// How many paid invoices the sums cover.
    public var paidInvoices: Int
    /// Σ (paid on − due date) in days; negative for invoices paid early.
    public var totalDaysLate: Int
    /// Σ (paid on − issue date) in days.
    public var totalDaysToPay: Int

    /// Creates a habit from its sums.
    public init(paidInvoices: Int, totalDaysLate: Int, totalDaysToPay: Int) {
        self.paidInvoices = paidInvoices
        self.totalDaysLate = totalDaysLate
        self.totalDaysToPay = totalDaysToPay
    }

    /// The average days late, rounded half up to whole days; nil without a paid invoice.
    public var averageDaysLate: Int? { Self.average(totalDaysLate, over: paidInvoices) }

    /// The average days from issue to payment, rounded half up to whole days; nil without a paid invoice.
    public var averageDaysToPay: Int? { Self.average(totalDaysToPay, over: paidInvoices) }

    /// The company's habit: every customer's sums added up.
    public static func combined(_ habits: some Sequence<PaymentHabit>) -> PaymentHabit {
        habits.reduce(PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0)) {
            PaymentHabit(
                paidInvoices: $0.paidInvoices + $1.paidInvoices, totalDaysLate: $0.totalDaysLate + $1.totalDaysLate,
                totalDaysToPay: $0.totalDaysToPay + $1.totalDaysToPay)
        }
    }

    private static func average(_ total: Int, over count: Int) -> Int? {
        guard count > 0 else { return nil }
        let exact = Rounding.roundHalfUp(Decimal(total) / Decimal(count), scale: 0)
        return NSDecimalNumber(decimal: exact).intValue
    }
}

/// When, at the customers' own pace, the month's plan is covered in cash (issue 13's cash-timed forecast).
///
/// Cash is counted net of VAT, as the plan is. The cash collected from the month's first day through the company's
/// today is the starting point; then every open invoice is expected at its due date plus its customer's average days late (the
/// company's average for a customer with no paid invoice), and every open deal at its expected close date plus its
/// customer's (else the company's) average days from issue to payment, weighted by its probability. Nothing is
/// expected before ``start``: what is overdue or should have closed already is expected on the first day, except an
/// invoice more than ``doubtfulAfterDays`` days past due on ``start``, which is not expected at all: it is counted in
/// ``doubtful`` instead (an explicit choice, no probability: debts that old are collected by the dunning ladder and
/// the demand letter, not planned on). The inflows are added up per week from ``start`` to ``horizonEnd`` (the last week may be shorter); the plan is
/// covered on the first day the running total reaches it.
public struct CashForecast: Hashable, Sendable {
    /// An open invoice's part of the forecast.
    public struct OpenInvoice: Hashable, Sendable {
        /// The invoice's id.
        public var invoiceID: String
        /// The customer.
        public var accountID: String
        /// The due date.
        public var dueDate: CalendarDate
        /// What is still open, net of VAT, in the plan's currency.
        public var openAmount: Money

        /// Creates an entry.
        public init(invoiceID: String, accountID: String, dueDate: CalendarDate, openAmount: Money) {
            self.invoiceID = invoiceID
            self.accountID = accountID
            self.dueDate = dueDate
            self.openAmount = openAmount
        }
    }

    /// An open deal's part of the forecast.
    public struct OpenDeal: Hashable, Sendable {
        /// The deal's id.
        public var dealID: String
        /// The customer.
        public var accountID: String
        /// The date the deal is expected to close.
        public var expectedClose: CalendarDate
        /// The deal's amount (without VAT), in the plan's currency.
        public var amount: Money
        /// The probability of winning in percent; clamped into 0...100.
        public var probabilityPercent: Int

        /// Creates an entry.
        public init(
            dealID: String, accountID: String, expectedClose: CalendarDate, amount: Money, probabilityPercent: Int
        ) {
            self.dealID = dealID
            self.accountID = accountID
            self.expectedClose = expectedClose
            self.amount = amount
            self.probabilityPercent = probabilityPercent
        }
    }

    /// Where an expected inflow comes from.
    public enum Source: String, Hashable, Sendable {
        case invoice
        case deal
    }

    /// One expected payment: its source, the day it is expected and the amount (a deal's weighted by probability).
    public struct Inflow: Hashable, Sendable {
        public let source: Source
        public let sourceID: String
        public let expectedOn: CalendarDate
        public let amount: Money
    }

    /// One week of the forecast.
    public struct Week: Hashable, Sendable {
        /// The week's first day.
        public let start: CalendarDate
        /// The week's last day (the horizon's end for the last one).
        public let end: CalendarDate
        /// What open invoices are expected to bring in that week.
        public let invoices: Money
        /// What the weighted pipeline is expected to bring in that week.
        public let pipeline: Money
        /// The cash collected since the month's first day plus every inflow through ``end``.
        public let cumulative: Money
        /// Whether ``cumulative`` reaches the plan (never for a zero plan).
        public let coversPlan: Bool
    }

    /// The month whose plan is measured.
    public let month: PlanMonth
    /// The month's company plan.
    public let plan: Money
    /// The cash collected (net of VAT) from the month's first day through the company's today.
    public let collected: Money
    /// The forecast's first day.
    public let start: CalendarDate
    /// The forecast's last day: the end of the month after next.
    public let horizonEnd: CalendarDate
    /// Every expected inflow within the horizon, by date.
    public let inflows: [Inflow]
    /// The weeks from ``start`` through ``horizonEnd``.
    public let weeks: [Week]
    /// The day the running total first reaches the plan: ``start`` when the cash collected already does, nil when
    /// it is not reached within the horizon or there is no plan (a zero plan).
    public let coveredOn: CalendarDate?
    /// Σ open amount (net of VAT) of the invoices more than ``doubtfulAfterDays`` days past due on ``start``: left
    /// out of the expected cash.
    public let doubtful: Money
    /// How many invoices ``doubtful`` adds up.
    public let doubtfulInvoices: Int

    /// An open invoice more than this many days past due on the forecast's first day is doubtful: not expected.
    public static let doubtfulAfterDays = 90

    /// The days a week has.
    public static let daysPerWeek = 7

    /// The horizon's last day for `month`: the rest of the month and the next two months.
    public static func horizonEnd(of month: PlanMonth) -> CalendarDate {
        month.next.next.lastDay
    }

    /// Builds the forecast. `habits` holds each customer's payment habit by account id; `company` is the habit of
    /// every customer together, used for customers without one. Throws `MoneyError` when an amount is in another
    /// currency than the plan, or a total does not fit.
    public static func make(
        month: PlanMonth, plan: Money, collected: Money, start: CalendarDate, invoices: [OpenInvoice],
        deals: [OpenDeal], habits: [String: PaymentHabit], company: PaymentHabit
    ) throws(MoneyError) -> CashForecast {
        let currency = plan.currency
        guard collected.currency == currency else { throw .currencyMismatch(collected.currency, currency) }
        let end = horizonEnd(of: month)
        func daysLate(_ account: String) -> Int {
            habits[account]?.averageDaysLate ?? company.averageDaysLate ?? 0
        }
        func daysToPay(_ account: String) -> Int {
            habits[account]?.averageDaysToPay ?? company.averageDaysToPay ?? 0
        }
        var inflows: [Inflow] = []
        var doubtful = Money.zero(currency)
        var doubtfulInvoices = 0
        for invoice in invoices {
            guard invoice.openAmount.currency == currency else {
                throw .currencyMismatch(invoice.openAmount.currency, currency)
            }
            guard invoice.openAmount.isPositive else { continue }
            if invoice.dueDate.adding(days: doubtfulAfterDays) < start {
                doubtful = try doubtful.adding(invoice.openAmount)
                doubtfulInvoices += 1
                continue
            }
            let expected = max(start, invoice.dueDate.adding(days: daysLate(invoice.accountID)))
            inflows.append(
                Inflow(source: .invoice, sourceID: invoice.invoiceID, expectedOn: expected, amount: invoice.openAmount))
        }
        for deal in deals {
            guard deal.amount.currency == currency else { throw .currencyMismatch(deal.amount.currency, currency) }
            let probability = Decimal(min(100, max(0, deal.probabilityPercent)))
            let weighted = try Rounding.toMoney(Rounding.decimal(deal.amount) * probability / 100, currency: currency)
            guard weighted.isPositive else { continue }
            let expected = max(start, max(start, deal.expectedClose).adding(days: daysToPay(deal.accountID)))
            inflows.append(Inflow(source: .deal, sourceID: deal.dealID, expectedOn: expected, amount: weighted))
        }
        inflows = inflows.filter { $0.expectedOn <= end }.sorted {
            $0.expectedOn != $1.expectedOn
                ? $0.expectedOn < $1.expectedOn
                : ($0.source != $1.source ? $0.source == .invoice : $0.sourceID < $1.sourceID)
        }
        var running = collected
        func covers(_ total: Money) -> Bool { plan.isPositive && total.minorUnits >= plan.minorUnits }
        var coveredOn: CalendarDate? = covers(collected) ? start : nil
        var weeks: [Week] = []
        var weekStart = start
        var index = 0
        while weekStart <= end {
            let weekEnd = min(end, weekStart.adding(days: daysPerWeek - 1))
            var (fromInvoices, fromDeals) = (Money.zero(currency), Money.zero(currency))
            while index < inflows.count, inflows[index].expectedOn <= weekEnd {
                let inflow = inflows[index]
                running = try running.adding(inflow.amount)
                if inflow.source == .invoice {
                    fromInvoices = try fromInvoices.adding(inflow.amount)
                } else {
                    fromDeals = try fromDeals.adding(inflow.amount)
                }
                if coveredOn == nil, covers(running) { coveredOn = inflow.expectedOn }
                index += 1
            }
            weeks.append(
                Week(
                    start: weekStart, end: weekEnd, invoices: fromInvoices, pipeline: fromDeals, cumulative: running,
                    coversPlan: covers(running)))
            weekStart = weekEnd.adding(days: 1)
        }
        return CashForecast(
            month: month, plan: plan, collected: collected, start: start, horizonEnd: end, inflows: inflows,
            weeks: weeks, coveredOn: coveredOn, doubtful: doubtful, doubtfulInvoices: doubtfulInvoices)
    }

    private init(
        month: PlanMonth, plan: Money, collected: Money, start: CalendarDate, horizonEnd: CalendarDate,
        inflows: [Inflow], weeks: [Week], coveredOn: CalendarDate?, doubtful: Money, doubtfulInvoices: Int
    ) {
        self.doubtful = doubtful
        self.doubtfulInvoices = doubtfulInvoices
        self.month = month
        self.plan = plan
        self.collected = collected
        self.start = start
        self.horizonEnd = horizonEnd
        self.inflows = inflows
        self.weeks = weeks
        self.coveredOn = coveredOn
    }
}
