import BentaCore
import BentaStore
import Foundation

/// The head's dashboard (issue 13, DOMAIN.md §4–5): what the month's plan, the receivables and the pipeline say
/// together, for the head and the admin, who see every team's figures.
///
/// A fixed number of statements whatever the number of managers, customers, invoices or deals: the month measured
/// once (as the attainment report does), one statement each for the payment habits, the open invoices and the open
/// deals, plus the leaderboard, the aging summary, the late-payment report and the trend as their own services
/// read them.
public struct HeadDashboardService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let plans: PlanService
    let payments: PaymentService
    let collections: CollectionsService

    /// Creates the service over the services it reads through.
    public init(
        database: any AppDatabase, clock: AppClock, plans: PlanService, payments: PaymentService,
        collections: CollectionsService
    ) {
        self.database = database
        self.clock = clock
        self.plans = plans
        self.payments = payments
        self.collections = collections
    }

    /// The dashboard of `month` (head or admin; anyone else is refused with `RecordError.forbidden`). With `asOf`
    /// the plan figures (the company's and the teams' coverage, the meter, the leaderboard, the forecast's plan)
    /// read the plan version in force at the end of that day and the actuals through it; receivables, the forecast's
    /// inflows and the trend stay as of the company's today.
    public func dashboard(month: PlanMonth, asOf: CalendarDate? = nil, viewer: Viewer) async throws -> HeadDashboard {
        guard viewer.role == .head || viewer.role == .admin else {
            throw RecordError.forbidden(detail: "The head's dashboard is for the head and the admin.")
        }
        let now = clock.now()
        let core = try await database.read { db in
            try await Self.measure(month: month, asOf: asOf, viewer: viewer, now: now, on: db)
        }
        let board = try await plans.leaderboard(month: month, asOf: asOf, viewer: viewer)
        let trend = try await plans.trend(userID: nil, last: month, viewer: viewer)
        let aging = try await payments.aging(
            viewer: viewer, asOf: core.today, grouping: .currency, cursor: nil, limit: AgingBuckets.maximumCount)
        let late = try await collections.latePaymentReport(
            viewer: viewer, from: month.firstDay, to: max(month.firstDay, core.asOf), ownerID: nil)
        var reasons: [LatePaymentReason: (calls: Int, overdue: Int64)] = [:]
        for row in late.reasons {
            var total = reasons[row.reason] ?? (0, 0)
            total.calls += row.calls
            if let overdue = row.overdue, overdue.currency == core.currency { total.overdue += overdue.minorUnits }
            reasons[row.reason] = total
        }
        let totals: [HeadDashboard.ReasonTotal] = reasons.map { reason, total in
            HeadDashboard.ReasonTotal(
                reason: reason, calls: total.calls, overdue: Money(minorUnits: total.overdue, currency: core.currency))
        }
        let reasonTotals = totals.sorted { (lhs: HeadDashboard.ReasonTotal, rhs: HeadDashboard.ReasonTotal) in
            lhs.calls != rhs.calls ? lhs.calls > rhs.calls : lhs.reason.rawValue < rhs.reason.rawValue
        }
        var dashboard = HeadDashboard(
            month: month, asOf: core.asOf, today: core.today, basis: core.basis, currency: core.currency,
            planVersion: core.planVersion, costsCovered: core.costsCovered, company: core.company,
            teams: core.teams, forecast: core.forecast, board: board,
            agingBuckets: AgingBuckets.standard.buckets.map(\.labelKey), aging: aging.rows,
            topOverdue: core.topOverdue, latePaymentReasons: reasonTotals, trend: trend)
        dashboard.byType = core.byType
        return dashboard
    }

    /// What one read measures: the month, the company's figures, the forecast and the overdue customers.
    private struct Measured: Sendable {
        let asOf: CalendarDate
        let today: CalendarDate
        let basis: CreditBasis
        let currency: Currency
        let planVersion: Int?
        let costsCovered: CostsCovered?
        let company: Attainment
        let teams: [TeamAttainment]
        let forecast: CashForecast
        let topOverdue: [HeadDashboard.OverdueCustomer]
        let byType: [TypedAttainment]
    }

    private static func measure(
        month: PlanMonth, asOf: CalendarDate?, viewer: Viewer, now: Date, on db: StoreConnection
    ) async throws -> Measured {
        let measured = try await MonthMeasure.read(
            month: month, companyID: viewer.companyID, onlyUser: nil, now: now, asOfDate: asOf, on: db)
        guard let settings = try await CompanyStore(db).find(viewer.companyID)?.settings else {
            throw RecordError.notFound(entity: "company")
        }
        let base = measured.currency
        let today = settings.today(at: now)
        let actual = try measured.actual(measured.credits.values.flatMap { $0 })
        let plan = measured.plan?.plan.targetRevenue ?? .zero(base)
        let pipeline = try await PlanStore(db).openPipeline(companyID: viewer.companyID, month: month, currency: base)
        let company = try Attainment.measure(
            month: month, plan: plan, actual: actual, asOf: measured.asOf, workingDays: WorkingDays(),
            pipeline: pipeline.values.flatMap { $0 })
        var covered: CostsCovered?
        if let monthPlan = measured.plan {
            covered = try CostsCovered.measure(
                costs: monthPlan.plan.totalCosts, actual: actual,
                grossMarginPercent: monthPlan.version.content.inputs.grossMarginPercent)
        }
        // The cash forecast: collected (net of VAT) from the month's first day through today, then the open
        // invoices and the weighted pipeline timed by each customer's habit.
        let start = max(today, month.firstDay)
        let store = HeadDashboardStore(db)
        var collected: Int64 = 0
        if today >= month.firstDay {
            let cash = try await CreditEventStore(db).credits(
                companyID: viewer.companyID, months: month...PlanMonth(containing: today), basis: .collected)
            for event in cash.values.flatMap({ $0.values.flatMap { $0 } })
            where event.sourceKind == .payment && event.date >= month.firstDay && event.date <= today {
                collected += event.amount.minorUnits
            }
        }
        let habits = try await store.paymentHabits(viewer: viewer)
        let open = try await store.openInvoices(viewer: viewer, asOf: today, base: base)
        let deals = try await store.openDeals(viewer: viewer, through: CashForecast.horizonEnd(of: month), base: base)
        let forecast = try CashForecast.make(
            month: month, plan: plan, collected: Money(minorUnits: collected, currency: base), start: start,
            invoices: open.map {
                CashForecast.OpenInvoice(
                    invoiceID: $0.invoiceID.description, accountID: $0.accountID.description, dueDate: $0.dueDate,
                    openAmount: $0.openNet)
            },
            deals: deals,
            habits: Dictionary(uniqueKeysWithValues: habits.map { ($0.key.description, $0.value) }),
            company: PaymentHabit.combined(habits.values))
        return Measured(
            asOf: measured.asOf, today: today, basis: measured.basis, currency: base,
            planVersion: measured.plan?.version.number, costsCovered: covered, company: company,
            teams: try await measured.teams(companyID: viewer.companyID, on: db), forecast: forecast,
            topOverdue: topOverdue(open, today: today, currency: base), byType: try measured.companyByType())
    }

    /// The customers with the largest amounts past due on `today`, largest first (then by name).
    static func topOverdue(
        _ open: [HeadDashboardStore.OpenInvoice], today: CalendarDate, currency: Currency
    ) -> [HeadDashboard.OverdueCustomer] {
        var totals: [Account.ID: (name: String, amount: Int64, count: Int)] = [:]
        for invoice in open where invoice.dueDate < today {
            var total = totals[invoice.accountID] ?? (invoice.accountName, 0, 0)
            total.amount += invoice.open.minorUnits
            total.count += 1
            totals[invoice.accountID] = total
        }
        let customers: [HeadDashboard.OverdueCustomer] = totals.map { id, total in
            HeadDashboard.OverdueCustomer(
                accountID: id, accountName: total.name, overdue: Money(minorUnits: total.amount, currency: currency),
                invoiceCount: total.count)
        }
        let ordered = customers.sorted { (lhs: HeadDashboard.OverdueCustomer, rhs: HeadDashboard.OverdueCustomer) in
            if lhs.overdue.minorUnits != rhs.overdue.minorUnits {
                return lhs.overdue.minorUnits > rhs.overdue.minorUnits
            }
            if lhs.accountName != rhs.accountName { return lhs.accountName < rhs.accountName }
            return lhs.accountID < rhs.accountID
        }
        return Array(ordered.prefix(HeadDashboard.overdueCustomers))
    }
}

extension Services {
    /// The head's dashboard, over the plan, payment and collection services.
    public var headDashboard: HeadDashboardService {
        HeadDashboardService(
            database: database, clock: clock, plans: plans, payments: payments, collections: collections)
    }
}
