import BentaCore
import BentaServices
import Foundation

/// The head's dashboard (`head_dashboard.mustache`): the costs-covered meter, plan coverage, the cash-timed forecast
/// as an SVG chart with its table, the leaderboard's top rows, the aging summary, the top overdue customers, the
/// month's late-payment reasons and the 12-month trend (the leaderboard page's chart, ``PlanLeaderboardPage``).
/// Every figure links to the page that lists the records behind it.
struct HeadDashboardPage: PageModel {
    struct Figure {
        var label: String
        var value: String
        var url: String
    }

    struct Week {
        var start: String
        var end: String
        var invoices: String
        var pipeline: String
        var cumulative: String
        var covers: String
        var x: String
        var y: String
        var height: String
        var fill: String
    }

    struct Heading {
        var heading: String
    }

    struct Leader {
        var rank: Int
        var name: String
        var percent: String
        var actual: String
        /// The sales behind the actual (``PlanCreditsPage``).
        var credits_url: String
    }

    struct AgingLine {
        var currency: String
        var amounts: [Figure]
        var total: String
        var invoices: Int
    }

    struct Overdue {
        var name: String
        var url: String
        var amount: String
        var invoices: Int
    }

    struct Reason {
        var label: String
        var calls: Int
        var amount: String
    }

    var month: String
    var as_of: String
    var today: String
    var basis: String
    var currency: String
    var previous_url: String
    var next_url: String
    var csv_url: String
    var plan_url: String
    var attainment_url: String
    var leaderboard_url: String
    var receivables_url: String
    var overdue_url: String
    var late_url: String
    var deals_url: String
    var has_plan: Bool
    var meter_label: String
    var meter_width: String
    var meter_profit: String
    var meter_costs: String
    var coverage: [Figure]
    var forecast_label: String
    var forecast_covered: String
    var forecast_collected: String
    var plan_y: String
    var weeks: [Week]
    var leaders: [Leader]
    var has_leaders: Bool
    var bucket_labels: [Heading]
    var aging: [AgingLine]
    var has_aging: Bool
    var overdue: [Overdue]
    var has_overdue: Bool
    var reasons: [Reason]
    var has_reasons: Bool
    var trend_title: String
    var chart_label: String
    var bars: [PlanLeaderboardPage.Bar]
    var teams: [TeamRow]
    var has_teams: Bool
    /// The company's rows per quota type (`#plan-by-type`); empty when the plan is not split by type.
    var by_type: [QuotaTypeRow] = []
    var has_types = false
    var forecast_doubtful: String
    var as_of_form: PlanAsOfForm

    /// The forecast chart's drawing height in SVG units.
    static let chartHeight: Decimal = 160
    /// The forecast chart's width in SVG units.
    static let chartWidth = 600

    static func make(
        _ dashboard: HeadDashboard, asked: CalendarDate? = nil, viewer: Viewer, strings: [String: String]
    ) -> HeadDashboardPage {
        let dash = "—"
        func text(_ value: Decimal) -> String { DecimalText.format(value) }
        func percent(_ value: Decimal?) -> String { value.map { text($0) + "%" } ?? dash }
        func label(_ key: String, _ fallback: String) -> String { strings[key] ?? fallback }
        let month = dashboard.month
        let company = dashboard.company
        let meter = dashboard.costsCovered
        let meterPercent = percent(meter?.percent)
        let coverage = [
            Figure(label: label("plan_target", "Plan"), value: company.plan.decimalString, url: Paths.planPage(month)),
            Figure(
                label: label("plan_actual", "Actual"), value: company.actual.decimalString,
                url: Paths.planAttainmentPage(month)),
            Figure(
                label: label("plan_attainment", "Attainment"), value: percent(company.attainmentPercent),
                url: Paths.planAttainmentPage(month)),
            Figure(
                label: label("plan_gap", "Gap"), value: company.gap.decimalString, url: Paths.planAttainmentPage(month)),
            Figure(
                label: label("plan_run_rate", "Run-rate projection"),
                value: company.runRateProjection?.decimalString ?? dash, url: Paths.planAttainmentPage(month)),
            Figure(
                label: label("plan_weighted_pipeline", "Weighted pipeline"),
                value: company.weightedPipeline.decimalString,
                url: Paths.deals()),
            Figure(
                label: label("plan_coverage", "Coverage of the gap"),
                value: company.weightedCoverage.map { text($0) + "×" } ?? dash, url: Paths.deals()),
        ]
        let forecast = dashboard.forecast
        let largest = max(forecast.plan.minorUnits, forecast.weeks.last?.cumulative.minorUnits ?? 0)
        func height(_ minorUnits: Int64) -> Decimal {
            guard largest > 0, minorUnits > 0 else { return 0 }
            return Rounding.roundHalfUp(Decimal(minorUnits) * chartHeight / Decimal(largest), scale: 1)
        }
        let slot = forecast.weeks.isEmpty ? chartWidth : chartWidth / forecast.weeks.count
        let weeks = forecast.weeks.enumerated().map { index, week in
            let barHeight = height(week.cumulative.minorUnits)
            return Week(
                start: week.start.iso8601String, end: week.end.iso8601String, invoices: week.invoices.decimalString,
                pipeline: week.pipeline.decimalString, cumulative: week.cumulative.decimalString,
                covers: week.coversPlan ? label("plan_yes", "Yes") : label("plan_no", "No"),
                x: String(index * slot + 2), y: text(chartHeight - barHeight), height: text(barHeight),
                fill: week.coversPlan ? "#16a34a" : "#2563eb")
        }
        let covered =
            forecast.coveredOn.map {
                label("head_forecast_covered_on", "The plan is covered in cash on {date}.")
                    .replacingOccurrences(of: "{date}", with: $0.iso8601String)
            } ?? label("head_forecast_not_covered", "The plan is not covered in cash within the horizon.")
        let forecastLabel =
            label("head_forecast_chart", "Cash expected, cumulative by week, against the plan")
            + " (" + label("leaderboard_chart_alt", "the table below lists the figures") + ")"
        let leaders = dashboard.leaderboard.map {
            Leader(
                rank: $0.rank, name: $0.managerName, percent: percent($0.attainmentPercent),
                actual: $0.actual?.decimalString ?? dash, credits_url: Paths.planCreditsPage(month, $0.managerID))
        }
        let bucketLabels = dashboard.agingBuckets.map { key in
            strings[key.replacingOccurrences(of: ".", with: "_")] ?? key
        }
        let aging = dashboard.aging.map { row in
            AgingLine(
                currency: row.currency.code,
                amounts: zip(bucketLabels, row.amounts).map {
                    Figure(label: $0, value: $1.decimalString, url: Paths.receivables())
                }, total: row.total.decimalString, invoices: row.invoiceCount)
        }
        let overdue = dashboard.topOverdue.map {
            Overdue(
                name: $0.accountName, url: Paths.accountStatement($0.accountID), amount: $0.overdue.decimalString,
                invoices: $0.invoiceCount)
        }
        let reasons = dashboard.latePaymentReasons.map {
            Reason(
                label: strings[$0.reason.labelKey] ?? $0.reason.rawValue, calls: $0.calls,
                amount: $0.overdue.decimalString)
        }
        let chart = PlanLeaderboardPage.make(dashboard.board, trend: dashboard.trend, viewer: viewer, strings: strings)
        let doubtful = label(
            "head_forecast_doubtful",
            "Doubtful, not expected: {currency} {amount} in {count} invoices more than 90 days past due."
        )
        .replacingOccurrences(of: "{currency}", with: dashboard.currency.code)
        .replacingOccurrences(of: "{amount}", with: forecast.doubtful.decimalString)
        .replacingOccurrences(of: "{count}", with: String(forecast.doubtfulInvoices))
        var page = HeadDashboardPage(
            month: month.text, as_of: dashboard.asOf.iso8601String, today: dashboard.today.iso8601String,
            basis: strings["plan_basis_\(dashboard.basis.rawValue)"] ?? dashboard.basis.rawValue,
            currency: dashboard.currency.code,
            previous_url: Paths.headDashboard() + "?month=" + month.previous.text,
            next_url: Paths.headDashboard() + "?month=" + month.next.text,
            csv_url: Paths.headDashboardCSV() + "?month=" + month.text, plan_url: Paths.planPage(month),
            attainment_url: Paths.planAttainmentPage(month), leaderboard_url: Paths.planLeaderboardPage(month),
            receivables_url: Paths.receivables(), overdue_url: Paths.overdueCustomers(),
            late_url: Paths.latePaymentReasons(), deals_url: Paths.deals(), has_plan: meter != nil,
            meter_label: label("plan_meter_label", "Costs covered: {percent}")
                .replacingOccurrences(of: "{percent}", with: meterPercent),
            meter_width: text(min(100, max(0, meter?.percent ?? 0)) * 2),
            meter_profit: meter?.grossProfit.decimalString ?? dash, meter_costs: meter?.costs.decimalString ?? dash,
            coverage: coverage, forecast_label: forecastLabel, forecast_covered: covered,
            forecast_collected: forecast.collected.decimalString,
            plan_y: text(chartHeight - height(forecast.plan.minorUnits)), weeks: weeks, leaders: leaders,
            has_leaders: !leaders.isEmpty, bucket_labels: bucketLabels.map(Heading.init), aging: aging,
            has_aging: !aging.isEmpty,
            overdue: overdue, has_overdue: !overdue.isEmpty, reasons: reasons, has_reasons: !reasons.isEmpty,
            trend_title: chart.trend_title, chart_label: chart.chart_label, bars: chart.bars,
            teams: dashboard.teams.map(TeamRow.init), has_teams: !dashboard.teams.isEmpty,
            forecast_doubtful: doubtful,
            as_of_form: PlanAsOfForm(action: Paths.headDashboard(), month: month, asked: asked))
        page.by_type = dashboard.byType.map(QuotaTypeRow.init)
        page.has_types = !page.by_type.isEmpty
        return page
    }

    /// The dashboard's figures as CSV rows: section, item, value (amounts in the base currency).
    static func csvRows(_ dashboard: HeadDashboard) -> [[String]] {
        var rows: [[String]] = [["section", "item", "value"]]
        let company = dashboard.company
        rows.append(["month", "month", dashboard.month.text])
        rows.append(["month", "currency", dashboard.currency.code])
        rows.append(["month", "credit_basis", dashboard.basis.rawValue])
        if let meter = dashboard.costsCovered {
            rows.append(["costs_covered", "costs", meter.costs.decimalString])
            rows.append(["costs_covered", "gross_profit", meter.grossProfit.decimalString])
            rows.append(["costs_covered", "percent", meter.percent.map(DecimalText.format) ?? ""])
        }
        rows.append(["plan_coverage", "plan", company.plan.decimalString])
        rows.append(["plan_coverage", "actual", company.actual.decimalString])
        rows.append(["plan_coverage", "attainment_percent", company.attainmentPercent.map(DecimalText.format) ?? ""])
        rows.append(["plan_coverage", "gap", company.gap.decimalString])
        rows.append(["plan_coverage", "run_rate_projection", company.runRateProjection?.decimalString ?? ""])
        rows.append(["plan_coverage", "weighted_pipeline", company.weightedPipeline.decimalString])
        rows.append(["plan_coverage", "weighted_coverage", company.weightedCoverage.map(DecimalText.format) ?? ""])
        let forecast = dashboard.forecast
        rows.append(["cash_forecast", "collected", forecast.collected.decimalString])
        rows.append(["cash_forecast", "covered_on", forecast.coveredOn?.iso8601String ?? ""])
        rows.append(["cash_forecast", "doubtful", forecast.doubtful.decimalString])
        rows.append(["cash_forecast", "doubtful_invoices", String(forecast.doubtfulInvoices)])
        for week in forecast.weeks {
            rows.append(["cash_forecast_week", week.start.iso8601String, week.cumulative.decimalString])
        }
        for team in dashboard.teams {
            rows.append(["team_plan", team.teamName, team.plan.decimalString])
            rows.append(["team_actual", team.teamName, team.actual.decimalString])
            let percent = team.attainmentPercent.map(DecimalText.format) ?? ""
            rows.append(["team_attainment_percent", team.teamName, percent])
            rows.append(["team_gap", team.teamName, team.gap.decimalString])
        }
        for row in dashboard.leaderboard {
            rows.append(
                ["leaderboard", "\(row.rank) \(row.managerName)", row.attainmentPercent.map(DecimalText.format) ?? ""])
        }
        for row in dashboard.aging {
            for (key, amount) in zip(dashboard.agingBuckets, row.amounts) {
                rows.append(["aging_\(row.currency.code)", key, amount.decimalString])
            }
        }
        for customer in dashboard.topOverdue {
            rows.append(["top_overdue", customer.accountName, customer.overdue.decimalString])
        }
        for reason in dashboard.latePaymentReasons {
            rows.append(["late_payment_reasons", reason.reason.rawValue, String(reason.calls)])
        }
        for month in dashboard.trend.months {
            rows.append(["trend_actual", month.month.text, month.actual.decimalString])
            rows.append(["trend_plan", month.month.text, month.plan.decimalString])
        }
        return rows
    }
}
