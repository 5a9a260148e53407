import BentaCore
import Foundation

/// The head's dashboard for a month (issue 13): the costs-covered meter, the company's plan coverage, the
/// cash-timed forecast, the leaderboard's top rows, the aging summary, the top overdue customers, the month's
/// late-payment reasons and the 12-month trend.
///
/// Plan figures are measured through ``asOf`` (the company's today, within the month); receivables (aging, overdue
/// customers, the open invoices the forecast times) as of the company's ``today``.
public struct HeadDashboard: Sendable, Hashable {
    /// One customer among the most overdue.
    public struct OverdueCustomer: Sendable, Hashable {
        public let accountID: Account.ID
        public let accountName: String
        /// Σ open amount (with VAT, base currency) of the customer's invoices past their due date.
        public let overdue: Money
        /// How many of their invoices are past due.
        public let invoiceCount: Int
    }

    /// One late-payment reason over the month's logged calls.
    public struct ReasonTotal: Sendable, Hashable {
        public let reason: LatePaymentReason
        /// The calls that logged it.
        public let calls: Int
        /// The overdue amounts they were logged with, in the base currency.
        public let overdue: Money
    }

    /// How many leaderboard rows the dashboard shows.
    public static let leaderboardRows = 5
    /// How many overdue customers the dashboard shows.
    public static let overdueCustomers = 5

    /// The month shown.
    public let month: PlanMonth
    /// The day the plan figures are measured through.
    public let asOf: CalendarDate
    /// The company's today: the day receivables are measured and the forecast starts from (not before the month).
    public let today: CalendarDate
    /// The company's credit basis.
    public let basis: CreditBasis
    /// The base currency: every amount's.
    public let currency: Currency
    /// The plan version in force; nil when the month has no plan.
    public let planVersion: Int?
    /// The costs-covered meter; nil when the month has no plan.
    public let costsCovered: CostsCovered?
    /// The company's plan (the plan's target revenue, zero without a plan), actual, attainment, gap, run-rate and
    /// weighted pipeline with its coverage of the remaining gap.
    public let company: Attainment
    /// One row per team: its members' plans and actuals added up.
    public let teams: [TeamAttainment]
    /// The cash-timed forecast against the company's plan.
    public let forecast: CashForecast
    /// The month's leaderboard (every row; the dashboard shows ``leaderboard``).
    public let board: Leaderboard
    /// The aging buckets' label keys, in order.
    public let agingBuckets: [String]
    /// The aging summary: one row per currency, open amounts per bucket.
    public let aging: [AgingRow]
    /// The customers with the largest overdue amounts, largest first.
    public let topOverdue: [OverdueCustomer]
    /// The month's late-payment reasons (calls logged from the first day through ``asOf``), most calls first.
    public let latePaymentReasons: [ReasonTotal]
    /// Twelve months of plan against actual for the team, ending with ``month``.
    public let trend: PlanTrend
    /// The company's plan, actual and attainment per quota type the plan is split by (the managers' plans of the
    /// type added up, against every credit the type's rule counts); empty when the plan is not split by type.
    public var byType: [TypedAttainment] = []

    /// The first ``leaderboardRows`` rows of the month's leaderboard.
    public var leaderboard: [LeaderboardRow] { Array(board.rows.prefix(Self.leaderboardRows)) }
}
