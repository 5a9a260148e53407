import BentaCore
import BentaServices
import Foundation

// The wire shapes of the month's leaderboard and the 12-month trend (issue 13): months as YYYY-MM, amounts as
// decimal strings in major units, percentages as decimal strings; a member the viewer may not see is null.

/// `GET /api/v1/plans/{month}/leaderboard`: every manager ranked by attainment, best first.
struct LeaderboardResponse: Encodable {
    struct Row: Encodable {
        let rank: Int
        let managerId: String
        let managerName: String
        let isViewer: Bool
        let attainmentPercent: String?
        let plan: String?
        let actual: String?
        let gap: String?
        let commission: String?
        let commissionSource: String?
        let payable: String?
        let collected: String?

        init(_ row: LeaderboardRow) {
            rank = row.rank
            managerId = row.managerID.description
            managerName = row.managerName
            isViewer = row.isViewer
            attainmentPercent = row.attainmentPercent.map(DecimalText.format)
            plan = row.plan?.decimalString
            actual = row.actual?.decimalString
            gap = row.gap?.decimalString
            commission = row.commission?.decimalString
            commissionSource = row.commissionSource?.rawValue
            payable = row.payable?.decimalString
            collected = row.collected?.decimalString
        }
    }

    let month: String
    let asOf: String
    let creditBasis: String
    let currency: String
    let rankedBy: String
    let rows: [Row]

    init(_ board: Leaderboard) {
        rankedBy = board.order.rawValue
        month = board.month.text
        asOf = board.asOf.iso8601String
        creditBasis = board.basis.rawValue
        currency = board.currency.code
        rows = board.rows.map(Row.init)
    }
}

/// `GET /api/v1/plans/trend`: twelve months of plan against actual, oldest first, for a manager or the team.
struct PlanTrendResponse: Encodable {
    struct Month: Encodable {
        let month: String
        let plan: String
        let actual: String
        let attainmentPercent: String?

        init(_ month: TrendMonth) {
            self.month = month.month.text
            plan = month.plan.decimalString
            actual = month.actual.decimalString
            attainmentPercent = month.attainmentPercent.map(DecimalText.format)
        }
    }

    let userId: String?
    let userName: String?
    let creditBasis: String
    let currency: String
    let months: [Month]

    init(_ trend: PlanTrend) {
        userId = trend.userID?.description
        userName = trend.userName
        creditBasis = trend.basis.rawValue
        currency = trend.currency.code
        months = trend.months.map(Month.init)
    }
}
