import Foundation

/// Where a leaderboard row's commission comes from.
public enum LeaderboardCommissionSource: String, Hashable, Sendable, CaseIterable {
    /// The month's statement from a commission run (draft or approved).
    case statement
    /// No run yet: the statement of the month's credits so far by the calculator a run uses, with the manager's
    /// commission plan (its draw too) and the deficit carried by their last approved statement; clawbacks and
    /// adjustments of approved months are worked out by the run only.
    case estimate
}

/// One manager's place in a month's leaderboard.
///
/// Everyone sees every manager's rank, name and attainment % (as sales leaderboards do); the money figures are
/// the viewer's own only, unless the viewer sees every record (head, admin, accountant): for anyone else's row they
/// are nil.
public struct LeaderboardRow: Hashable, Sendable {
    /// 1 for the highest figure ranked on (attainment by default); equal figures share a rank (1, 1, 3).
    public let rank: Int
    /// The manager's user id.
    public let managerID: User.ID
    /// The manager's name.
    public let managerName: String
    /// actual ÷ plan × 100, one decimal; nil when the manager has no plan.
    public let attainmentPercent: Decimal?
    /// True for the viewer's own row.
    public let isViewer: Bool
    /// The manager's plan share; nil when hidden from the viewer.
    public let plan: Money?
    /// The actual so far on the company's credit basis; nil when hidden.
    public let actual: Money?
    /// plan − actual; nil when hidden.
    public let gap: Money?
    /// The commission earned so far; nil when hidden, or without a plan share or commission plan.
    public let commission: Money?
    /// Where ``commission`` comes from; nil when it is nil.
    public let commissionSource: LeaderboardCommissionSource?
    /// What the same statement pays for the month: max(draw, earned − deficit carried in), never below zero
    /// (``CommissionStatement/payable``); nil when ``commission`` is.
    public let payable: Money?
    /// The month's collected revenue (``LeaderboardOrder/collected``); nil when hidden or not read.
    public let collected: Money?
}

/// A month's ranking of managers by attainment, collected revenue or commission (issue 13).
public struct Leaderboard: Hashable, Sendable {
    /// One manager's figures before ranking.
    public struct Entry: Hashable, Sendable {
        public var managerID: User.ID
        public var managerName: String
        public var attainment: Attainment
        public var commission: Money?
        public var commissionSource: LeaderboardCommissionSource?
        /// What the statement pays for the month (``CommissionStatement/payable``); nil without a statement.
        public var payable: Money?
        /// The month's collected revenue; nil when not read.
        public var collected: Money?

        /// Creates an entry.
        public init(
            managerID: User.ID, managerName: String, attainment: Attainment, commission: Money?,
            commissionSource: LeaderboardCommissionSource?, payable: Money? = nil, collected: Money? = nil
        ) {
            self.managerID = managerID
            self.managerName = managerName
            self.attainment = attainment
            self.commission = commission
            self.commissionSource = commissionSource
            self.payable = payable
            self.collected = collected
        }
    }

    /// The month ranked.
    public let month: PlanMonth
    /// The day measured (the company's today, within the month).
    public let asOf: CalendarDate
    /// The company's credit basis the actuals were counted on.
    public let basis: CreditBasis
    /// The currency of every amount.
    public let currency: Currency
    /// What the rows are ranked by.
    public var order: LeaderboardOrder = .attainment
    /// The rows, best first.
    public let rows: [LeaderboardRow]

    /// Ranks `entries` for `viewer` by `order` (attainment % by default; highest first, managers without the
    /// figure last), then by actual (highest first), then by name. Equal figures share a rank. A viewer who does
    /// not see every record (``Role/seesAllRecords``) gets the money figures of their own row only.
    public static func rank(
        _ entries: [Entry], month: PlanMonth, asOf: CalendarDate, basis: CreditBasis, currency: Currency,
        by order: LeaderboardOrder = .attainment, viewer: Viewer
    ) -> Leaderboard {
        let ordered = entries.sorted { lhs, rhs in
            let (left, right) = (order.key(lhs), order.key(rhs))
            if left != right {
                guard let left else { return false }
                guard let right else { return true }
                return left > right
            }
            if lhs.attainment.actual != rhs.attainment.actual {
                return lhs.attainment.actual.minorUnits > rhs.attainment.actual.minorUnits
            }
            return lhs.managerName != rhs.managerName
                ? lhs.managerName < rhs.managerName : lhs.managerID < rhs.managerID
        }
        var rows: [LeaderboardRow] = []
        for (index, entry) in ordered.enumerated() {
            let percent = entry.attainment.attainmentPercent
            let rank =
                index > 0 && order.key(ordered[index - 1]) == order.key(entry) ? rows[index - 1].rank : index + 1
            let own = entry.managerID == viewer.userID
            let shown = own || viewer.role.seesAllRecords
            rows.append(
                LeaderboardRow(
                    rank: rank, managerID: entry.managerID, managerName: entry.managerName, attainmentPercent: percent,
                    isViewer: own, plan: shown ? entry.attainment.plan : nil,
                    actual: shown ? entry.attainment.actual : nil, gap: shown ? entry.attainment.gap : nil,
                    commission: shown ? entry.commission : nil,
                    commissionSource: shown && entry.commission != nil ? entry.commissionSource : nil,
                    payable: shown && entry.commission != nil ? entry.payable : nil,
                    collected: shown ? entry.collected : nil))
        }
        return Leaderboard(month: month, asOf: asOf, basis: basis, currency: currency, order: order, rows: rows)
    }
}

/// One month of a plan-against-actual trend.
public struct TrendMonth: Hashable, Sendable {
    /// The month.
    public let month: PlanMonth
    /// The plan share (the sum of the shares for a team); zero without a plan.
    public let plan: Money
    /// The actual on the company's credit basis (through the company's today for the running month).
    public let actual: Money
    /// actual ÷ plan × 100, one decimal; nil when the plan is zero.
    public let attainmentPercent: Decimal?

    /// Measures one month.
    public init(month: PlanMonth, plan: Money, actual: Money) {
        self.month = month
        self.plan = plan
        self.actual = actual
        self.attainmentPercent = Attainment.percent(actual, of: plan)
    }
}

/// The last months of plan against actual for one manager, or for the team (every manager) when ``userID`` is nil.
public struct PlanTrend: Hashable, Sendable {
    /// How many months a trend shows.
    public static let monthCount = 12

    /// The manager; nil for the team.
    public let userID: User.ID?
    /// The manager's name; nil for the team.
    public let userName: String?
    /// The company's credit basis.
    public let basis: CreditBasis
    /// The currency of every amount.
    public let currency: Currency
    /// The months, oldest first, ending with the month asked for.
    public let months: [TrendMonth]

    /// Creates a trend.
    public init(userID: User.ID?, userName: String?, basis: CreditBasis, currency: Currency, months: [TrendMonth]) {
        self.userID = userID
        self.userName = userName
        self.basis = basis
        self.currency = currency
        self.months = months
    }

    /// The ``monthCount`` months ending with `last`, oldest first.
    public static func months(endingWith last: PlanMonth) -> ClosedRange<PlanMonth> {
        (1..<monthCount).reduce(last) { month, _ in month.previous }...last
    }
}
