import BentaCore
import BentaServices
import Foundation

// The wire shape of the head's dashboard (issue 13): months as YYYY-MM, days as YYYY-MM-DD, amounts as decimal
// strings in major units of the company's base currency, percentages and ratios as decimal strings.

/// `GET /api/v1/dashboards/head?month=YYYY-MM`.
struct HeadDashboardResponse: Encodable {
    struct CostsCoveredPart: Encodable {
        let costs: String
        let actual: String
        let grossProfit: String
        let percent: String?
    }

    struct PlanCoverage: Encodable {
        let plan: String
        let actual: String
        let attainmentPercent: String?
        let gap: String
        let remainingGap: String
        let workingDaysInMonth: Int
        let workingDaysElapsed: Int
        let runRateProjection: String?
        let openPipeline: String
        let weightedPipeline: String
        let weightedCoverage: String?

        init(_ attainment: Attainment) {
            plan = attainment.plan.decimalString
            actual = attainment.actual.decimalString
            attainmentPercent = attainment.attainmentPercent.map(DecimalText.format)
            gap = attainment.gap.decimalString
            remainingGap = attainment.remainingGap.decimalString
            workingDaysInMonth = attainment.workingDaysInMonth
            workingDaysElapsed = attainment.workingDaysElapsed
            runRateProjection = attainment.runRateProjection?.decimalString
            openPipeline = attainment.openPipeline.decimalString
            weightedPipeline = attainment.weightedPipeline.decimalString
            weightedCoverage = attainment.weightedCoverage.map(DecimalText.format)
        }
    }

    struct ForecastWeek: Encodable {
        let start: String
        let end: String
        let invoices: String
        let pipeline: String
        let cumulative: String
        let coversPlan: Bool
    }

    struct Forecast: Encodable {
        let plan: String
        let collected: String
        let start: String
        let horizonEnd: String
        let coveredOn: String?
        let doubtful: String
        let doubtfulInvoices: Int
        let weeks: [ForecastWeek]

        init(_ forecast: CashForecast) {
            plan = forecast.plan.decimalString
            collected = forecast.collected.decimalString
            start = forecast.start.iso8601String
            horizonEnd = forecast.horizonEnd.iso8601String
            coveredOn = forecast.coveredOn?.iso8601String
            doubtful = forecast.doubtful.decimalString
            doubtfulInvoices = forecast.doubtfulInvoices
            weeks = forecast.weeks.map {
                ForecastWeek(
                    start: $0.start.iso8601String, end: $0.end.iso8601String, invoices: $0.invoices.decimalString,
                    pipeline: $0.pipeline.decimalString, cumulative: $0.cumulative.decimalString,
                    coversPlan: $0.coversPlan)
            }
        }
    }

    struct AgingPart: Encodable {
        struct Bucket: Encodable {
            let labelKey: String
            let amount: String
        }

        let currency: String
        let buckets: [Bucket]
        let total: String
        let invoiceCount: Int
    }

    struct OverdueCustomer: Encodable {
        let accountId: String
        let accountName: String
        let overdue: String
        let invoiceCount: Int
    }

    struct Reason: Encodable {
        let reason: String
        let calls: Int
        let overdue: String
    }

    let month: String
    let asOf: String
    let today: String
    let creditBasis: String
    let currency: String
    let planVersion: Int?
    let costsCovered: CostsCoveredPart?
    let planCoverage: PlanCoverage
    let teams: [TeamAttainmentWire]
    let cashForecast: Forecast
    let leaderboard: [LeaderboardResponse.Row]
    let aging: [AgingPart]
    let topOverdueCustomers: [OverdueCustomer]
    let latePaymentReasons: [Reason]
    let trend: [PlanTrendResponse.Month]
    /// The company's plan, actual and attainment per quota type of the plan.
    let planByType: [TypedAttainmentWire]

    init(_ dashboard: HeadDashboard) {
        planByType = dashboard.byType.map(TypedAttainmentWire.init)
        month = dashboard.month.text
        asOf = dashboard.asOf.iso8601String
        today = dashboard.today.iso8601String
        creditBasis = dashboard.basis.rawValue
        currency = dashboard.currency.code
        planVersion = dashboard.planVersion
        costsCovered = dashboard.costsCovered.map {
            CostsCoveredPart(
                costs: $0.costs.decimalString, actual: $0.actual.decimalString,
                grossProfit: $0.grossProfit.decimalString, percent: $0.percent.map(DecimalText.format))
        }
        planCoverage = PlanCoverage(dashboard.company)
        teams = dashboard.teams.map(TeamAttainmentWire.init)
        cashForecast = Forecast(dashboard.forecast)
        leaderboard = dashboard.leaderboard.map(LeaderboardResponse.Row.init)
        aging = dashboard.aging.map { row in
            AgingPart(
                currency: row.currency.code,
                buckets: zip(dashboard.agingBuckets, row.amounts).map {
                    AgingPart.Bucket(labelKey: $0, amount: $1.decimalString)
                },
                total: row.total.decimalString, invoiceCount: row.invoiceCount)
        }
        topOverdueCustomers = dashboard.topOverdue.map {
            OverdueCustomer(
                accountId: $0.accountID.description, accountName: $0.accountName, overdue: $0.overdue.decimalString,
                invoiceCount: $0.invoiceCount)
        }
        latePaymentReasons = dashboard.latePaymentReasons.map {
            Reason(reason: $0.reason.rawValue, calls: $0.calls, overdue: $0.overdue.decimalString)
        }
        trend = dashboard.trend.months.map(PlanTrendResponse.Month.init)
    }
}
