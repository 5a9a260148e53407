import BentaCore
import BentaStore
import Foundation

extension PlanService {
    // MARK: Leaderboard and trend

    /// Every manager of `month` ranked by attainment (``Leaderboard/rank(_:month:asOf:basis:currency:viewer:)``):
    /// plan, actual on the company's credit basis, attainment, gap and the commission earned so far and payable —
    /// the month's statement when a run made one, else the statement of the credits so far by the same calculator,
    /// with the manager's commission plan in force (its draw) and the deficit their last approved statement carried
    /// (``CommissionService/carriedDeficit(from:plan:)``, read with the month's statements in one statement).
    /// Everyone may read it; a manager sees every rank, name and attainment %, but only their own amounts. A fixed
    /// number of statements, whatever the number of managers. With `asOf` the plan is the version
    /// in force at the end of that day and the actuals are counted through it, as ``attainment(month:asOf:viewer:)``
    /// measures them. `order` ranks by attainment, collected revenue or commission; the collected revenue is
    /// read when ranked on or `includeCollected` (the CSV), else only where the basis is collected (it is the actual).
    public func leaderboard(
        month: PlanMonth, asOf: CalendarDate? = nil, by order: LeaderboardOrder = .attainment,
        includeCollected: Bool = false, viewer: Viewer
    ) async throws -> Leaderboard {
        let now = clock.now()
        return try await database.read { db in
            let store = CommissionStore(db)
            let plans = try await store.plansInForce(companyID: viewer.companyID, month: month)
            // A plan with per-product rates estimates from the credits divided by product (the actuals are the same).
            let byProduct = ([plans.companyDefault] + plans.users.values.map(Optional.some)).contains {
                $0.map { !$0.plan.productRates.isEmpty } ?? false
            }
            let measured = try await MonthMeasure.read(
                month: month, companyID: viewer.companyID, onlyUser: nil, now: now, asOfDate: asOf,
                byProduct: byProduct, on: db)
            var collected: [User.ID: [CreditEvent]]?
            if measured.basis == .collected {
                collected = measured.credits
            } else if order == .collected || includeCollected {
                collected = try await CreditEventStore(db).credits(
                    companyID: viewer.companyID, month: month, basis: .collected)
            }
            let (ofMonth, carried) = try await store.statementsWithCarried(companyID: viewer.companyID, month: month)
            var statements: [User.ID: CommissionStatement] = [:]
            // Newest revision first: keep the first statement per manager.
            for stored in ofMonth where statements[stored.userID] == nil {
                statements[stored.userID] = stored.statement
            }
            let quotaTypes = try await measured.quotaTypes(of: plans, companyID: viewer.companyID, on: db)
            let entries = try measured.rows.map { row in
                var statement = statements[row.managerID]
                var source: LeaderboardCommissionSource? = statement == nil ? nil : .statement
                if statement == nil, let target = measured.share(of: row.managerID),
                    let plan = (plans.users[row.managerID] ?? plans.companyDefault)?.plan,
                    plan.currency == measured.currency
                {
                    let (scoped, read) = measured.commissionInputs(
                        plan, managerID: row.managerID, total: target, types: quotaTypes)
                    // Read by product for another manager's plan: this plan's rate applies to each event whole.
                    let credits = plan.productRates.isEmpty ? try CreditEvent.undivided(read) : read
                    statement = try CommissionCalculator.statement(
                        month: month, plan: plan, target: scoped, credits: credits,
                        carriedDeficit: CommissionService.carriedDeficit(from: carried[row.managerID], plan: plan))
                    source = .estimate
                }
                return Leaderboard.Entry(
                    managerID: row.managerID, managerName: row.managerName, attainment: row.attainment,
                    commission: statement?.earned, commissionSource: source, payable: statement?.payable,
                    collected: try collected.map { try measured.actual($0[row.managerID] ?? []) })
            }
            return Leaderboard.rank(
                entries, month: month, asOf: measured.asOf, basis: measured.basis, currency: measured.currency,
                by: order, viewer: viewer)
        }
    }

    /// The ``PlanTrend/monthCount`` months ending with `last` (the company's running month when nil) of plan
    /// against actual: for one manager (a manager only their own; nil `userID` is the viewer for a manager), or
    /// the team — every share and every credit — for the head, the admin and the accountant when `userID` is nil.
    /// The plan of a month is the version in force now. Four statements for the whole range (company, users, plan
    /// versions and shares, one per kind of credit), never one per month or manager. Throws
    /// `RecordError.notFound` for a user who is not the company's, or another manager's trend for a manager.
    public func trend(userID: User.ID?, last: PlanMonth?, viewer: Viewer) async throws -> PlanTrend {
        let now = clock.now()
        return try await database.read { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let today = company.settings.today(at: now)
            let base = company.settings.baseCurrency
            let subject = viewer.role == .manager ? (userID ?? viewer.userID) : userID
            var user: User?
            if let subject {
                guard viewer.role != .manager || subject == viewer.userID,
                    let found = try await UserStore(db).all(companyID: viewer.companyID).first(where: {
                        $0.id == subject
                    })
                else { throw RecordError.notFound(entity: "user") }
                user = found
            }
            let months = PlanTrend.months(endingWith: last ?? PlanMonth(containing: today))
            let store = PlanStore(db)
            let basis = try await store.creditBasis(companyID: viewer.companyID).basis
            let versions = try await store.versions(companyID: viewer.companyID, months: months)
            let actuals = try await CreditEventStore(db).monthlyActuals(
                companyID: viewer.companyID, months: months, basis: basis, ownerIDs: subject.map { [$0] },
                through: today)
            var trend: [TrendMonth] = []
            var month = months.lowerBound
            while month <= months.upperBound {
                let stored = versions[month] ?? []
                var shares: [Money] = []
                if let inForce = PlanVersion.inForce(at: now, among: stored.map(\.version)),
                    let plan = try stored.first(where: { $0.version.number == inForce.number })?.monthPlan()
                {
                    shares = plan.split.shares.filter { subject == nil || $0.managerID == subject?.description }
                        .map(\.amount)
                }
                let actual = Array((actuals[month] ?? [:]).values)
                trend.append(
                    TrendMonth(
                        month: month, plan: try Money.sum(shares, currency: base),
                        actual: try Money.sum(actual, currency: base)))
                month = month.next
            }
            return PlanTrend(userID: user?.id, userName: user?.name, basis: basis, currency: base, months: trend)
        }
    }
}
