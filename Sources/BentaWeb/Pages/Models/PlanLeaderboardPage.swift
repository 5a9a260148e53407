import BentaCore
import Foundation

/// The month's leaderboard and the 12-month trend of plan against actual as a server-rendered SVG bar chart with
/// its text alternative (a table). Property names are the template's (`plan_leaderboard.mustache`).
struct PlanLeaderboardPage: PageModel {
    struct Row {
        var rank: Int
        var name: String
        var is_viewer: Bool
        var percent: String
        var plan: String
        var actual: String
        /// The sales behind the actual (``PlanCreditsPage``), where the viewer sees the amount.
        var credits_url: String?
        var gap: String
        var commission: String
        var payable: String
        var collected: String
        var has_trend: Bool
        var trend_url: String
    }

    /// One month's pair of bars (plan, actual) and its row of the table.
    struct Bar {
        var month: String
        var plan: String
        var actual: String
        var percent: String
        var label_x: String
        var plan_x: String
        var plan_y: String
        var plan_height: String
        var actual_x: String
        var actual_y: String
        var actual_height: String
    }

    var month: String
    var as_of: String
    var basis: String
    var currency: String
    var attainment_url: String
    var previous_url: String
    var next_url: String
    var has_rows: Bool
    var rows: [Row]
    var trend_title: String
    var chart_label: String
    var bars: [Bar]
    /// The "plan as it stood on" form; nil where the chart is shown inside another page.
    var as_of_form: PlanAsOfForm? = nil
    /// The "rank by" form and the CSV link; nil where the chart is shown inside another page.
    var order_form: LeaderboardOrderForm? = nil
    /// Whether the rows carry the collected revenue (ranked by it, or the basis is collected).
    var has_collected: Bool

    /// The chart's drawing height in SVG units; bars scale to the largest plan or actual of the twelve months.
    static let chartHeight: Decimal = 160

    static func make(
        _ board: Leaderboard, trend: PlanTrend, viewer: Viewer, strings: [String: String]
    ) -> PlanLeaderboardPage {
        let dash = "—"
        let seesAll = viewer.role.seesAllRecords
        let rows = board.rows.map { row in
            Row(
                rank: row.rank, name: row.managerName, is_viewer: row.isViewer,
                percent: row.attainmentPercent.map { DecimalText.format($0) + "%" } ?? dash,
                plan: row.plan?.decimalString ?? dash, actual: row.actual?.decimalString ?? dash,
                credits_url: row.actual.map { _ in Paths.planCreditsPage(board.month, row.managerID) },
                gap: row.gap?.decimalString ?? dash,
                commission: row.commission.map { amount in
                    let source = row.commissionSource.map {
                        strings["leaderboard_source_\($0.rawValue)"] ?? $0.rawValue
                    }
                    return amount.decimalString + (source.map { " (\($0))" } ?? "")
                } ?? dash,
                payable: row.payable?.decimalString ?? dash,
                collected: row.collected?.decimalString ?? dash,
                has_trend: seesAll || row.isViewer,
                trend_url: Paths.planLeaderboardPage(board.month) + "?user_id=" + row.managerID.description)
        }
        let largest = trend.months.map { max($0.plan.minorUnits, $0.actual.minorUnits) }.max() ?? 0
        func height(_ amount: Money) -> Decimal {
            guard largest > 0, amount.minorUnits > 0 else { return 0 }
            return Rounding.roundHalfUp(Decimal(amount.minorUnits) * chartHeight / Decimal(largest), scale: 1)
        }
        func text(_ value: Decimal) -> String { DecimalText.format(value) }
        let bars = trend.months.enumerated().map { index, month in
            let (planHeight, actualHeight) = (height(month.plan), height(month.actual))
            let left = Decimal(index * 50 + 5)
            return Bar(
                month: month.month.text, plan: month.plan.decimalString, actual: month.actual.decimalString,
                percent: month.attainmentPercent.map { DecimalText.format($0) + "%" } ?? dash,
                label_x: text(left + 20), plan_x: text(left), plan_y: text(chartHeight - planHeight),
                plan_height: text(planHeight), actual_x: text(left + 20), actual_y: text(chartHeight - actualHeight),
                actual_height: text(actualHeight))
        }
        let who = trend.userName ?? (strings["leaderboard_team"] ?? "Team")
        let title = (strings["leaderboard_trend_title"] ?? "Plan and actual, last 12 months: {who}")
            .replacingOccurrences(of: "{who}", with: who)
        return PlanLeaderboardPage(
            month: board.month.text, as_of: board.asOf.iso8601String,
            basis: strings["plan_basis_\(board.basis.rawValue)"] ?? board.basis.rawValue,
            currency: board.currency.code, attainment_url: Paths.planAttainmentPage(board.month),
            previous_url: Paths.planLeaderboardPage(board.month.previous),
            next_url: Paths.planLeaderboardPage(board.month.next), has_rows: !rows.isEmpty, rows: rows,
            trend_title: title,
            chart_label: title + " (" + (strings["leaderboard_chart_alt"] ?? "the table below lists the figures") + ")",
            bars: bars, has_collected: board.order == .collected || board.basis == .collected)
    }

    /// The leaderboard as CSV rows (header first), as `viewer` sees it: another manager's amounts are blank for a
    /// manager, as on the page. Formula-looking cells are neutralised by the CSV writer.
    static func csvRows(_ board: Leaderboard) -> [[String]] {
        var rows: [[String]] = [
            [
                "rank", "manager", "attainment_percent", "plan", "actual", "gap", "collected", "commission",
                "commission_source", "payable",
            ]
        ]
        for row in board.rows {
            rows.append([
                String(row.rank), row.managerName, row.attainmentPercent.map(DecimalText.format) ?? "",
                row.plan?.decimalString ?? "", row.actual?.decimalString ?? "", row.gap?.decimalString ?? "",
                row.collected?.decimalString ?? "", row.commission?.decimalString ?? "",
                row.commissionSource?.rawValue ?? "", row.payable?.decimalString ?? "",
            ])
        }
        return rows
    }
}

/// The leaderboard page's "rank by" form (a plain GET form with a select: works without JavaScript) and its CSV
/// link, both keeping the day asked for.
struct LeaderboardOrderForm {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    var action: String
    var has_as_of: Bool
    var as_of: String
    var options: [Option]
    var csv_url: String

    init(month: PlanMonth, order: LeaderboardOrder, asked: CalendarDate?, strings: [String: String]) {
        action = Paths.planLeaderboardPage(month)
        has_as_of = asked != nil
        as_of = asked?.iso8601String ?? ""
        options = LeaderboardOrder.allCases.map {
            Option(
                value: $0.rawValue, label: strings["leaderboard_by_\($0.rawValue)"] ?? $0.rawValue,
                selected: $0 == order)
        }
        var query = ["by=" + order.rawValue]
        if let asked { query.append("as_of=" + asked.iso8601String) }
        csv_url = Paths.planLeaderboardCSV(month) + "?" + query.joined(separator: "&")
    }
}
