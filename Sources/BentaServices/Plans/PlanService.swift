import BentaCore
import BentaStore
import Foundation

/// Monthly plans from the company's costs (issue 13, DOMAIN.md §4–5): saving a month's plan as a new version,
/// copying the recurring costs forward, reading the plan as it stood at an instant, the company's credit basis, and
/// each manager's attainment with the costs-covered meter.
///
/// Plans and the credit basis are set by the head or the admin; the accountant and the head read every plan; a
/// manager reads only their own attainment row. Working days are Monday to Friday: there is no holiday table yet.
public struct PlanService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    // MARK: Reading

    /// The month's plan in force at `instant` (now when nil): its version, derived break-even and target, and
    /// split; nil when no version was in force. Not for managers.
    public func plan(month: PlanMonth, asOf instant: Date? = nil, viewer: Viewer) async throws -> MonthPlan? {
        try Self.requireReader(viewer)
        let at = instant ?? clock.now()
        return try await database.read { db in
            let stored = try await PlanStore(db).versions(companyID: viewer.companyID, month: month)
            guard let inForce = PlanVersion.inForce(at: at, among: stored.map(\.version)),
                let found = stored.first(where: { $0.version.number == inForce.number })
            else { return nil }
            return try found.monthPlan()
        }
    }

    /// Every version of the month's plan, newest first, each with what it derived. Not for managers.
    public func versions(month: PlanMonth, viewer: Viewer) async throws -> [MonthPlan] {
        try Self.requireReader(viewer)
        return try await database.read { db in
            try await PlanStore(db).versions(companyID: viewer.companyID, month: month).reversed()
                .map { try $0.monthPlan() }
        }
    }

    // MARK: Saving

    /// Saves the month's plan as a new version in force from now (head or admin).
    ///
    /// The costs, target profit and margin derive the company plan; it is split by weights (the shares add up
    /// exactly) or by hand (the difference is kept and shown). Refused as a whole with field errors, nothing saved:
    /// an amount or number that does not read, a negative cost or profit, a margin outside 0 < m ≤ 100, weights
    /// that are negative, all zero or (as percentages) not 100, someone in the split who is not an active manager
    /// or head (`not_a_manager`; a head may carry their own quota), and from the second version on a missing reason.
    /// With `expectedVersion` (the number of the latest version read, 0 for none) a version saved meanwhile is
    /// `RecordError.staleVersion` (412) and nothing is added.
    public func save(
        _ draft: MonthPlanDraft, month: PlanMonth, viewer: Viewer, expectedVersion: Int64? = nil
    ) async throws -> MonthPlan {
        try Self.requirePlanner(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = PlanStore(db)
            try await store.lockCompany(viewer.companyID)
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let existing = try await store.versions(companyID: viewer.companyID, month: month)
            let latest = Int64(existing.map(\.version.number).max() ?? 0)
            if let expectedVersion, expectedVersion != latest {
                throw RecordError.staleVersion(entity: "plan", expected: expectedVersion, actual: latest)
            }
            let users = try await UserStore(db).all(companyID: viewer.companyID)
            let types = draft.typeAmounts.isEmpty ? [] : try await QuotaTypeStore(db).all(companyID: viewer.companyID)
            let plan = try Self.checked(
                draft, month: month, currency: company.settings.baseCurrency, users: users,
                number: PlanVersion.nextNumber(after: existing.map(\.version)), now: Self.stored(clock.now()),
                author: viewer.userID, quotaTypes: types)
            return try await Self.insert(plan, action: "plan.saved", viewer: viewer, store: store, audit: audit, on: db)
        }
    }

    /// Makes the next month's plan from this month's plan in force: the recurring cost lines, the same profit,
    /// margin and split (head or admin). A new version of the next month, so it never overwrites one silently;
    /// the reason says where it came from unless one is given. 404 when this month has no plan.
    public func copyForward(from month: PlanMonth, reason: String = "", viewer: Viewer) async throws -> MonthPlan {
        try Self.requirePlanner(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = PlanStore(db)
            try await store.lockCompany(viewer.companyID)
            let now = Self.stored(clock.now())
            let source = try await store.versions(companyID: viewer.companyID, month: month)
            guard let inForce = PlanVersion.inForce(at: now, among: source.map(\.version)),
                let current = try source.first(where: { $0.version.number == inForce.number })?.monthPlan()
            else { throw RecordError.notFound(entity: "plan") }
            let target = try await store.versions(companyID: viewer.companyID, month: month.next)
            let content = current.version.content
            let inputs = content.inputs.copiedForward()
            let derived = try CompanyPlan.derive(inputs)
            let split: PlanSplit
            switch content.splitMethod {
            case .weights:
                split = try PlanSplit.byWeights(
                    plan: derived.targetRevenue,
                    weights: current.split.shares.map {
                        PlanSplit.Weight(managerID: $0.managerID, weight: $0.weight ?? 0)
                    },
                    scale: content.weightScale)
            case .amounts:
                split = try PlanSplit.byHand(
                    plan: derived.targetRevenue,
                    amounts: current.split.shares.map { PlanSplit.Amount(managerID: $0.managerID, amount: $0.amount) })
            }
            let given = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            let version = try PlanVersion(
                number: PlanVersion.nextNumber(after: target.map(\.version)), effectiveAt: now,
                authorID: viewer.userID.description,
                reason: given.isEmpty ? "Copied forward from \(month.text)" : given,
                content: MonthPlanContent(
                    inputs: inputs, splitMethod: content.splitMethod, weightScale: content.weightScale))
            // The shares by type are amounts: they carry over as they are, for the managers still in the split.
            let inSplit = Set(split.shares.map(\.managerID))
            return try await Self.insert(
                MonthPlan(
                    version: version, plan: derived, split: split,
                    typeShares: current.typeShares.filter { inSplit.contains($0.managerID) }),
                action: "plan.copied_forward",
                viewer: viewer, store: store, audit: audit, on: db)
        }
    }

    private static func insert(
        _ plan: MonthPlan, action: String, viewer: Viewer, store: PlanStore, audit: AuditWriter,
        on db: StoreConnection
    ) async throws -> MonthPlan {
        let id = UUID().uuidString.lowercased()
        try await store.insert(id: id, companyID: viewer.companyID, plan: plan)
        try await audit.record(
            action, entityType: "plan_version", entityID: id, companyID: viewer.companyID, by: viewer,
            details: [
                "month": plan.month.text, "number": String(plan.version.number), "reason": plan.version.reason,
                "target": plan.plan.targetRevenue.decimalString,
            ], on: db)
        return plan
    }

    /// The draft checked into a version with its derived plan and split; every problem reported at once.
    static func checked(
        _ draft: MonthPlanDraft, month: PlanMonth, currency: Currency, users: [User], number: Int, now: Date,
        author: User.ID, quotaTypes: [QuotaType] = []
    ) throws -> MonthPlan {
        var errors = ValidationErrors()
        func amount(_ text: String, field: String, blankIsZero: Bool = false) -> Money? {
            let clean = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if clean.isEmpty, blankIsZero { return .zero(currency) }
            guard let money = try? Money(decimalString: clean, currency: currency) else {
                errors.add(field: field, code: "invalid_amount", message: "Enter an amount such as 1200000.00.")
                return nil
            }
            return money
        }
        func decimal(_ text: String, field: String) -> Decimal? {
            guard let value = DecimalText.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                errors.add(field: field, code: "invalid_number", message: "Enter a number such as 30 or 27.5.")
                return nil
            }
            return value
        }
        var lines: [CostLine] = []
        for (index, line) in draft.costLines.enumerated() {
            let prefix = "cost_lines[\(index)]."
            let kind = CostKind(rawValue: line.kind.trimmingCharacters(in: .whitespacesAndNewlines))
            if kind == nil {
                errors.add(
                    field: prefix + "kind", code: "invalid_choice",
                    message: "Choose rent, taxes, salaries, utilities or other.")
            }
            let money = amount(line.amount, field: prefix + "amount")
            lines.append(
                CostLine(
                    kind: kind ?? .other, label: line.label, amount: money ?? .zero(currency),
                    isRecurringMonthly: line.isRecurringMonthly))
        }
        let profit = amount(draft.targetProfit, field: "target_profit", blankIsZero: true)
        let margin = decimal(draft.grossMargin, field: "gross_margin")
        let method = PlanSplitMethod(rawValue: draft.splitMethod.trimmingCharacters(in: .whitespacesAndNewlines))
        if method == nil {
            errors.add(field: "split_method", code: "invalid_choice", message: "Choose weights or amounts.")
        }
        let scaleText = draft.weightScale.trimmingCharacters(in: .whitespacesAndNewlines)
        let scale = scaleText.isEmpty ? .percent : PlanSplit.WeightScale(rawValue: scaleText)
        if scale == nil {
            errors.add(field: "weight_scale", code: "invalid_choice", message: "Choose percent or relative.")
        }
        let shares = method == .amounts ? draft.amounts : draft.weights
        let listField = method == .amounts ? "amounts" : "weights"
        var weights: [PlanSplit.Weight] = []
        var amounts: [PlanSplit.Amount] = []
        // A head may carry their own quota (issue 13): their share is a plan share like a manager's.
        let managers = Set(
            users.filter { ($0.role == .manager || $0.role == .head) && $0.isActive }.map(\.id.description))
        for (index, share) in shares.enumerated() {
            let managerID = Self.cleanID(share.managerID)
            if !managerID.isEmpty, !managers.contains(managerID) {
                errors.add(
                    field: "\(listField)[\(index)].manager_id", code: "not_a_manager",
                    message: "Only active sales managers and heads carry a plan.")
            }
            if method == .amounts {
                let money = amount(share.value, field: "amounts[\(index)].amount")
                amounts.append(PlanSplit.Amount(managerID: managerID, amount: money ?? .zero(currency)))
            } else {
                weights.append(
                    PlanSplit.Weight(
                        managerID: managerID, weight: decimal(share.value, field: "weights[\(index)].weight") ?? 0))
            }
        }
        var reason = draft.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            if number > 1 {
                errors.add(field: "reason", code: "required", message: "Say why the plan changes.")
            } else {
                reason = "First plan for \(month.text)"
            }
        }
        var inputs: CompanyPlanInputs?
        do {
            inputs = try CompanyPlanInputs(
                month: month, currency: currency, costLines: lines, targetProfit: profit ?? .zero(currency),
                grossMarginPercent: margin ?? 1)
        } catch {
            errors.merge(error)
        }
        var derived: CompanyPlan?
        if let inputs {
            do { derived = try CompanyPlan.derive(inputs) } catch {
                errors.add(field: "cost_lines", code: "too_large", message: "The plan is too large.")
            }
        }
        var split: PlanSplit?
        if let derived, let method {
            do {
                switch method {
                case .weights:
                    split = try PlanSplit.byWeights(
                        plan: derived.targetRevenue, weights: weights, scale: scale ?? .percent)
                case .amounts: split = try PlanSplit.byHand(plan: derived.targetRevenue, amounts: amounts)
                }
            } catch {
                for item in error.errors where errors[item.field].isEmpty { errors.add(item) }
            }
        }
        let typeShares = Self.checkedTypeShares(
            draft.typeAmounts, currency: currency, inSplit: Set(shares.map(\.managerID).map(Self.cleanID)),
            types: quotaTypes, into: &errors)
        try errors.throwIfAny()
        guard let inputs, let derived, let split, let method else { throw errors }
        let version = try PlanVersion(
            number: number, effectiveAt: now, authorID: author.description, reason: reason,
            content: MonthPlanContent(inputs: inputs, splitMethod: method, weightScale: scale ?? .percent))
        return MonthPlan(version: version, plan: derived, split: split, typeShares: typeShares)
    }

    // MARK: Credit basis

    /// The company's credit basis and the setting's version (0 and `invoiced` until saved). Everyone reads it.
    public func creditBasis(viewer: Viewer) async throws -> (basis: CreditBasis, version: Int64) {
        try await database.read { db in try await PlanStore(db).creditBasis(companyID: viewer.companyID) }
    }

    /// Sets the credit basis at the version read (head or admin); a stale version is 412.
    public func setCreditBasis(
        _ basis: CreditBasis, viewer: Viewer, expectedVersion: Int64
    ) async throws -> (basis: CreditBasis, version: Int64) {
        try Self.requirePlanner(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = PlanStore(db)
            let saved = try await store.saveCreditBasis(
                basis, companyID: viewer.companyID, by: viewer.userID, at: clock.now(),
                expectedVersion: expectedVersion)
            guard saved else {
                let current = try await store.creditBasis(companyID: viewer.companyID)
                throw RecordError.staleVersion(
                    entity: "credit_basis", expected: expectedVersion, actual: current.version)
            }
            try await audit.record(
                "plan.credit_basis_set", entityType: "company", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer, details: ["credit_basis": basis.rawValue], on: db)
            return (basis, expectedVersion + 1)
        }
    }

    // MARK: Attainment

    /// Each manager's plan, actual (on the company's credit basis, through the company's today), attainment, gap,
    /// run-rate projection and weighted pipeline for `month`; a manager gets their own row only. The head, the
    /// admin and the accountant also get the costs-covered meter (Σ actual × gross margin against the month's
    /// costs) and one row per team, its members' plans and actuals added up (``TeamAttainment``).
    ///
    /// The plan is the version in force now, or with `asOf` the version in force at the end of that day in the
    /// company's time zone, and the actuals are then counted through that day (within the month): the report as it
    /// stood on that date. The open pipeline is always today's.
    public func attainment(
        month: PlanMonth, asOf: CalendarDate? = nil, viewer: Viewer
    ) async throws -> PlanAttainmentReport {
        let now = clock.now()
        return try await database.read { db in
            let ownOnly = viewer.role == .manager
            let measured = try await MonthMeasure.read(
                month: month, companyID: viewer.companyID, onlyUser: ownOnly ? viewer.userID : nil, now: now,
                asOfDate: asOf, on: db)
            var covered: CostsCovered?
            if !ownOnly, let plan = measured.plan {
                covered = try CostsCovered.measure(
                    costs: plan.plan.totalCosts, actual: try measured.actual(measured.credits.values.flatMap { $0 }),
                    grossMarginPercent: plan.version.content.inputs.grossMarginPercent)
            }
            return PlanAttainmentReport(
                month: month, asOf: measured.asOf, basis: measured.basis, currency: measured.currency,
                planVersion: measured.plan?.version.number, rows: measured.rows, costsCovered: covered,
                teams: ownOnly ? [] : try await measured.teams(companyID: viewer.companyID, on: db))
        }
    }

    /// The instant as it reads back from the database (whole milliseconds), so a saved plan equals the one read.
    static func stored(_ instant: Date) -> Date {
        Date(millisecondsSince1970: instant.millisecondsSince1970)
    }

    // MARK: Roles

    static func requirePlanner(_ viewer: Viewer) throws {
        guard viewer.role == .head || viewer.role == .admin else {
            throw RecordError.forbidden(detail: "Plans and the credit basis are set by the head or the admin.")
        }
    }

    static func requireReader(_ viewer: Viewer) throws {
        guard viewer.role != .manager else {
            throw RecordError.forbidden(detail: "A manager reads their own attainment, not the company plan.")
        }
    }
}

/// A month measured for every manager (or one): what the attainment report and the leaderboard share.
struct MonthMeasure {
    let basis: CreditBasis
    let currency: Currency
    /// The company's today (or the `as_of` date asked for), within the month.
    let asOf: CalendarDate
    /// The plan version in force now (or at the end of the `as_of` date); nil when the month has no plan.
    let plan: MonthPlan?
    /// The month's credits per manager.
    let credits: [User.ID: [CreditEvent]]
    /// One row per manager (active managers and anyone with a share), by name.
    let rows: [ManagerAttainment]

    /// Σ `events` dated through ``asOf``, clawbacks aside: an actual.
    func actual(_ events: [CreditEvent]) throws -> Money {
        try Money.sum(events.filter { $0.date <= asOf && $0.sourceKind != .clawback }.map(\.amount), currency: currency)
    }

    /// The month's share of `managerID` in the plan in force; nil without one.
    func share(of managerID: User.ID) -> Money? {
        plan?.split.shares.first { $0.managerID == managerID.description }?.amount
    }

    /// Each team's plan, actual, attainment and gap: its members' rows added up (two statements).
    func teams(companyID: Company.ID, on db: StoreConnection) async throws -> [TeamAttainment] {
        let users = UserStore(db)
        return try TeamAttainment.rollUp(
            teams: try await users.teams(companyID: companyID),
            memberships: try await users.memberships(companyID: companyID), rows: rows, currency: currency)
    }

    /// Reads the plan in force now (with `asOfDate`: at the end of that day in the company's time zone), the
    /// credits on the company's basis and the open pipeline (a fixed number of statements), and measures each
    /// manager through the company's today (with `asOfDate`: through that day), within the month; `onlyUser`
    /// narrows it to one manager. `byProduct` reads the credits divided by product (one more statement) for a
    /// commission plan with per-product rates; the actuals are the same, the parts adding up to each event.
    static func read(
        month: PlanMonth, companyID: Company.ID, onlyUser: User.ID?, now: Date, asOfDate: CalendarDate? = nil,
        byProduct: Bool = false, on db: StoreConnection
    ) async throws -> MonthMeasure {
        guard let company = try await CompanyStore(db).find(companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let base = company.settings.baseCurrency
        let asOf = min(asOfDate ?? company.settings.today(at: now), month.lastDay)
        let store = PlanStore(db)
        let basis = try await store.creditBasis(companyID: companyID).basis
        let stored = try await store.versions(companyID: companyID, month: month)
        let versions = stored.map(\.version)
        let inForce =
            if let asOfDate {
                PlanVersion.inForce(on: asOfDate, timeZone: company.settings.timeZone, among: versions)
            } else {
                PlanVersion.inForce(at: now, among: versions)
            }
        var plan: MonthPlan?
        if let inForce {
            plan = try stored.first(where: { $0.version.number == inForce.number })?.monthPlan()
        }
        let users = try await UserStore(db).all(companyID: companyID)
        var managers = users.filter { $0.role == .manager && $0.isActive }
        let shareIDs = Set(plan?.split.shares.map(\.managerID) ?? [])
        managers += users.filter { shareIDs.contains($0.id.description) && !($0.role == .manager && $0.isActive) }
        if let onlyUser { managers = managers.filter { $0.id == onlyUser } }
        managers.sort { $0.name != $1.name ? $0.name < $1.name : $0.id < $1.id }
        let ownerFilter = onlyUser.map { [$0] }
        let credits = try await CreditEventStore(db).credits(
            companyID: companyID, month: month, basis: basis, ownerIDs: ownerFilter, byProduct: byProduct)
        let pipeline = try await store.openPipeline(
            companyID: companyID, month: month, currency: base, ownerIDs: ownerFilter)
        let partial = MonthMeasure(basis: basis, currency: base, asOf: asOf, plan: plan, credits: credits, rows: [])
        // A plan split by quota type: its types (one more statement, only then).
        let types = try await partial.quotaTypes(companyID: companyID, on: db)
        let rows = try managers.map { manager in
            ManagerAttainment(
                managerID: manager.id, managerName: manager.name,
                attainment: try Attainment.measure(
                    month: month, plan: partial.share(of: manager.id) ?? .zero(base),
                    actual: try partial.actual(credits[manager.id] ?? []), asOf: asOf, workingDays: WorkingDays(),
                    pipeline: pipeline[manager.id] ?? []),
                byType: try partial.byType(manager.id, types: types))
        }
        return MonthMeasure(basis: basis, currency: base, asOf: asOf, plan: plan, credits: credits, rows: rows)
    }
}
