import BentaCore
import BentaStore
import Foundation

/// What a commission run needs from the company's sales plan: each manager's plan share for a month (their target)
/// and the company's credit basis.
public protocol CommissionTargets: Sendable {
    /// The managers with a plan share for `month`, with their share; managers without one get no statement.
    func targets(companyID: Company.ID, month: PlanMonth, on db: StoreConnection) async throws -> [User.ID: Money]
    /// The company's credit basis (DOMAIN.md §4).
    func basis(companyID: Company.ID, on db: StoreConnection) async throws -> CreditBasis
    /// The managers' plans per quota type for `month` (by type code, then manager), for commission plans whose rules
    /// apply to one quota type; none by default.
    func typeTargets(
        companyID: Company.ID, month: PlanMonth, on db: StoreConnection
    ) async throws -> [String: [User.ID: Money]]
}

extension CommissionTargets {
    public func typeTargets(
        companyID: Company.ID, month: PlanMonth, on db: StoreConnection
    ) async throws -> [String: [User.ID: Money]] { [:] }
}

/// What a run did: the month's statements after it, and the managers with a plan share but no commission plan.
public struct CommissionRunResult: Sendable, Hashable {
    public var month: PlanMonth
    public var statements: [StoredCommissionStatement]
    /// Managers with a plan share for the month but no commission plan of their own and no company default.
    public var withoutPlan: [User.ID]

    public init(month: PlanMonth, statements: [StoredCommissionStatement], withoutPlan: [User.ID]) {
        self.month = month
        self.statements = statements
        self.withoutPlan = withoutPlan
    }
}

/// Commission (issue 13, DOMAIN.md §4): plans per manager or the company default, monthly runs that make one
/// statement per manager with a plan share, approval, and the running month's estimate.
///
/// A run computes each manager's statement with ``CommissionCalculator`` from the month's credits
/// (`CreditEventStore` on the company's basis), their plan share, the deficit carried by their last approved
/// statement and the adjustments for events that reached an approved month after its approval:
/// - a credit dated in an approved month that its statement does not hold (and no later statement adjusted yet),
/// - a credit note of the run's month that corrects an invoice credited on an approved statement (instead of a
///   credit of the run's month).
///
/// Each adjustment is exactly the difference the late events make to the approved month's earnings
/// (``CommissionCalculator/adjustment(correcting:lateCredits:reason:)``, net of earlier adjustments of the same
/// month). Re-running a month replaces its drafts; an approved statement never changes. Setting plans, running and
/// approving are the head's and admins'; a manager reads only their own statements and estimate; the accountant
/// reads all.
public struct CommissionService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    let targets: any CommissionTargets

    /// How many months back a run looks for approved statements that late events may correct.
    public static let adjustmentWindowMonths = 12

    init(database: any AppDatabase, clock: AppClock, audit: AuditWriter, targets: any CommissionTargets) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.targets = targets
    }

    /// A service whose plan shares and credit basis come from `targets` (tests construct them).
    public init(database: any AppDatabase, clock: AppClock, targets: any CommissionTargets) {
        self.init(database: database, clock: clock, audit: AuditWriter(clock: clock), targets: targets)
    }

    // MARK: Plans

    /// Adds a version of a manager's plan or of the company default (head or admin), in force from `effectiveFrom`
    /// (the company's current month when nil). A user who is not an active manager or head of the company is
    /// `user_id`: "not_a_manager"; a blank reason is `reason`: "required".
    public func savePlan(
        _ plan: CommissionPlan, for subject: CommissionPlanVersion.Subject, effectiveFrom: PlanMonth?, reason: String,
        viewer: Viewer, expectedVersion: Int64? = nil
    ) async throws -> CommissionPlanVersion {
        try Self.requireManage(viewer)
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var reasonErrors = ValidationErrors()
        if reason.isEmpty {
            reasonErrors.add(field: "reason", code: "required", message: "Say why the plan is set or changed.")
        }
        let (clock, audit, checked) = (clock, audit, reasonErrors)
        return try await database.transaction { db in
            var errors = checked
            if let userID = subject.userID {
                let user = try await UserStore(db).find(userID)
                if user == nil || user?.companyID != viewer.companyID || user?.isActive != true
                    || !(user?.role == .manager || user?.role == .head)
                {
                    errors.add(
                        field: "user_id", code: "not_a_manager",
                        message: "A commission plan is for an active manager or head of the company.")
                }
            }
            if let code = plan.quotaType,
                !(try await QuotaTypeStore(db).all(companyID: viewer.companyID)).contains(where: { $0.code == code })
            {
                errors.add(
                    field: "quota_type", code: "invalid_choice", message: "Choose one of the company's quota types.")
            }
            try errors.throwIfAny()
            let store = CommissionStore(db)
            let latest = try await store.planVersions(companyID: viewer.companyID, subject: subject).first
            // With the version read, a version saved meanwhile refuses this one (issue 15): nothing is added.
            if let expectedVersion, expectedVersion != latest?.version ?? 0 {
                throw RecordError.staleVersion(
                    entity: "commission_plan", expected: expectedVersion, actual: latest?.version ?? 0)
            }
            let version = CommissionPlanVersion(
                id: clock.newID(), companyID: viewer.companyID, subject: subject, version: (latest?.version ?? 0) + 1,
                plan: plan, effectiveFrom: effectiveFrom ?? PlanMonth(containing: today), reason: reason,
                authorID: viewer.userID, createdAt: clock.now())
            try await store.insert(version)
            try await audit.record(
                "commission_plan.saved", entityType: "commission_plan", entityID: version.id.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "subject": subject.key, "version": "\(version.version)",
                    "effective_from": version.effectiveFrom.text,
                    "reason": reason,
                ], created: version, on: db)
            return version
        }
    }

    /// Every version of a plan, newest first. The head, admins and the accountant read any; a manager their own and
    /// the company default. A user of another company is `RecordError.notFound`.
    public func planVersions(
        for subject: CommissionPlanVersion.Subject, viewer: Viewer
    ) async throws -> [CommissionPlanVersion] {
        if viewer.role == .manager, let userID = subject.userID, userID != viewer.userID {
            throw RecordError.notFound(entity: "commission_plan")
        }
        return try await database.read { db in
            if let userID = subject.userID {
                guard let user = try await UserStore(db).find(userID), user.companyID == viewer.companyID else {
                    throw RecordError.notFound(entity: "user")
                }
            }
            return try await CommissionStore(db).planVersions(companyID: viewer.companyID, subject: subject)
        }
    }

    // MARK: Runs

    /// Computes the month's statement of every manager with a plan share and a commission plan (head or admin),
    /// replacing their drafts; approved statements are left as they are. Throws `CommissionError.alreadyApproved`
    /// when every statement the run would make is already approved (nothing to run), and the calculator's errors.
    public func run(month: PlanMonth, viewer: Viewer) async throws -> CommissionRunResult {
        try Self.requireManage(viewer)
        let (clock, audit, targets) = (clock, audit, targets)
        return try await database.transaction { db in
            let companyID = viewer.companyID
            let store = CommissionStore(db)
            try await store.lockRun(companyID: companyID, month: month)
            let today = try await Self.today(companyID: companyID, at: clock.now(), on: db)
            let shares = try await targets.targets(companyID: companyID, month: month, on: db)
            let basis = try await targets.basis(companyID: companyID, on: db)
            var scope = QuotaScope(targets: targets, companyID: companyID, month: month)
            let managers = shares.keys.sorted { $0.description < $1.description }
            var source = CreditSource(companyID: companyID, basis: basis, owners: managers, db: db)
            var withoutPlan: [User.ID] = []
            var computed = 0
            var approvedCount = 0
            for userID in managers {
                guard let target = shares[userID] else { continue }
                let existing = try await store.statement(
                    companyID: companyID, userID: userID, month: month, forUpdate: true)
                if existing?.status == .approved {
                    approvedCount += 1
                    continue
                }
                guard let plan = try await store.planInForce(companyID: companyID, userID: userID, month: month)
                else {
                    withoutPlan.append(userID)
                    continue
                }
                let (scoped, rule) = try await scope.target(
                    plan: plan.plan, userID: userID, total: target, on: db)
                let statement = try await Self.compute(
                    userID: userID, month: month, plan: plan.plan, target: scoped, today: today, source: &source,
                    store: store, counts: rule)
                let stored = StoredCommissionStatement(
                    id: existing?.id ?? clock.newID(), companyID: companyID, userID: userID, month: month,
                    revision: (existing?.revision ?? 0) + 1, status: .draft, statement: statement,
                    createdBy: viewer.userID, createdAt: clock.now())
                if existing == nil {
                    try await store.insert(stored)
                } else {
                    try await store.replaceDraft(stored)
                }
                try await audit.record(
                    "commission_statement.computed", entityType: "commission_statement",
                    entityID: stored.id.description, companyID: companyID, by: viewer,
                    details: [
                        "user_id": userID.description, "month": month.text, "revision": "\(stored.revision)",
                        "earned": statement.earned.decimalString, "payable": statement.payable.decimalString,
                    ], on: db)
                computed += 1
            }
            if computed == 0, approvedCount > 0, withoutPlan.isEmpty { throw CommissionError.alreadyApproved }
            return CommissionRunResult(
                month: month, statements: try await store.statements(companyID: companyID, month: month, userID: nil),
                withoutPlan: withoutPlan)
        }
    }

    /// The month's credits, the adjustments and the statement of one manager.
    /// With a plan whose rules apply to one quota type, `counts` is the type's rule and only the credits it counts
    /// (of the month and of late events) are the statement's.
    static func compute(
        userID: User.ID, month: PlanMonth, plan: CommissionPlan, target: Money, today: CalendarDate,
        source: inout CreditSource, store: CommissionStore, counts rule: QuotaRule = .all
    ) async throws -> CommissionStatement {
        var credits = rule.scoped(try await source.credits(month, for: plan)[userID] ?? [])
        let window = (0..<adjustmentWindowMonths).reduce(month) { earlier, _ in earlier.previous }
        let approved = try await store.approvedStatements(
            companyID: source.companyID, userID: userID, from: window, before: month)
        var adjustments: [CommissionAdjustment] = []
        if let rule = plan.clawback, !approved.isEmpty {
            credits += try await Self.clawbacks(
                rule: rule, userID: userID, month: month, today: today, approved: approved,
                others: try await store.statements(companyID: source.companyID, userID: userID, after: window)
                    .filter { $0.month != month }, currency: plan.currency, companyID: source.companyID, store: store)
        }
        if !approved.isEmpty {
            // Credit notes of this month that correct an invoice credited on an approved statement.
            let invoiceMonth = Dictionary(
                approved.flatMap { stored in
                    stored.statement.credits.filter { $0.sourceKind == .invoice }.map { ($0.sourceID, stored.month) }
                }, uniquingKeysWith: { first, _ in first })
            let notes = credits.filter { $0.sourceKind == .creditNote }.map(\.sourceID)
            let corrected = try await store.correctedInvoices(creditNoteIDs: notes, companyID: source.companyID)
            var moved: [PlanMonth: [CreditEvent]] = [:]
            credits.removeAll { event in
                guard event.sourceKind == .creditNote, let invoice = corrected[event.sourceID],
                    let approvedMonth = invoiceMonth[invoice]
                else { return false }
                moved[approvedMonth, default: []].append(event)
                return true
            }
            let later = try await store.statements(companyID: source.companyID, userID: userID, after: window)
            for stored in approved {
                // What later statements (other than this month's) already adjusted for this month.
                let earlier = later.filter { $0.month != month }.flatMap(\.statement.adjustments)
                    .filter { $0.correctsMonth == stored.month }
                let known = Set((stored.statement.credits + earlier.flatMap(\.sources)).map(CreditKey.init))
                // Read as the approved statement's plan read them (by product or not), so its credits match.
                let read = try await source.credits(stored.month, for: stored.statement.plan)
                let dated = rule.scoped(read[userID] ?? [])
                let late = dated.filter { !known.contains(CreditKey($0)) } + (moved[stored.month] ?? [])
                guard !late.isEmpty else { continue }
                let whole = try CommissionCalculator.adjustment(
                    correcting: stored.statement, lateCredits: earlier.flatMap(\.sources) + late,
                    reason: Self.reason(for: late, month: stored.month))
                let already = try Money.sum(earlier.map(\.amount), currency: plan.currency)
                adjustments.append(
                    CommissionAdjustment(
                        correctsMonth: stored.month, amount: try whole.amount.subtracting(already),
                        reason: whole.reason, sources: late))
            }
        }
        let carried = try await store.lastApproved(companyID: source.companyID, userID: userID, before: month)
        return try CommissionCalculator.statement(
            month: month, plan: plan, target: target, credits: credits,
            carriedDeficit: carriedDeficit(from: carried, plan: plan), adjustments: adjustments)
    }

    /// The deficit (unrecovered draw and clawbacks) a manager's last approved statement carries into a statement
    /// under `plan`; nil (none) without one, or when the plan changed currency.
    static func carriedDeficit(from last: StoredCommissionStatement?, plan: CommissionPlan) -> Money? {
        last.map(\.statement.deficitCarried).flatMap { $0.currency == plan.currency ? $0 : nil }
    }

    /// The month's clawback events under `rule` (DOMAIN.md §4): for each invoice credited to the manager on an
    /// approved statement of the window, the difference between what is due now — −the credited part still unpaid
    /// net of VAT once the invoice is `daysAfterDue` past its due date as of the month's last day (or today in the
    /// running month) — and what the manager's statements of other months already clawed back for it. So an
    /// unpaid invoice is clawed back once, on the first run that finds it overdue, and paying it later re-releases
    /// the part paid as a positive clawback event on the next run; both trace to the invoice. Credit notes are not
    /// clawbacks: they are negative credits (or adjustments of an approved month) on every basis, and they lower
    /// the open amount, so a credited-back invoice is never taken back twice. Deals (booked basis) and payments
    /// (collected basis) are never clawed back: on the collected basis nothing unpaid was paid commission.
    static func clawbacks(
        rule: ClawbackRule, userID: User.ID, month: PlanMonth, today: CalendarDate,
        approved: [StoredCommissionStatement], others: [StoredCommissionStatement], currency: Currency,
        companyID: Company.ID, store: CommissionStore
    ) async throws -> [CreditEvent] {
        let asOf = min(month.lastDay, today)
        guard month.contains(asOf) else { return [] }
        var credited: [String: Money] = [:]
        for event in approved.flatMap(\.statement.credits) where event.sourceKind == .invoice {
            credited[event.sourceID] = try (credited[event.sourceID] ?? .zero(currency)).adding(event.amount)
        }
        guard !credited.isEmpty else { return [] }
        var clawedBack: [String: Money] = [:]
        for event in others.flatMap(\.statement.credits) where event.sourceKind == .clawback {
            clawedBack[event.sourceID] = try (clawedBack[event.sourceID] ?? .zero(currency)).adding(event.amount)
        }
        let invoices = try await store.clawbackInvoices(Array(credited.keys), companyID: companyID, asOf: asOf)
        var events: [CreditEvent] = []
        for (invoiceID, amount) in credited.sorted(by: { $0.key < $1.key }) where amount.isPositive {
            guard let invoice = invoices[invoiceID], let dueDate = invoice.dueDate,
                let unpaid = try invoice.unpaidNet(in: currency, credited: amount),
                let event = try rule.clawbackChange(
                    invoiceID: invoiceID, dueDate: dueDate, unpaidNet: unpaid,
                    clawedBack: clawedBack[invoiceID] ?? .zero(currency), asOf: asOf)
            else { continue }
            events.append(event)
        }
        return events
    }

    static func reason(for late: [CreditEvent], month: PlanMonth) -> String {
        let kinds = Set(late.map(\.sourceKind.rawValue)).sorted().joined(separator: ", ")
        return "\(late.count) event(s) after the approval of \(month.text) (\(kinds))"
    }

    // MARK: Statements

    /// Approves a draft statement (head or admin): from now on it never changes. An approved one is
    /// `CommissionError.alreadyApproved` (409), nothing changed.
    public func approve(_ id: StoredCommissionStatement.ID, viewer: Viewer) async throws -> StoredCommissionStatement {
        try Self.requireManage(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = CommissionStore(db)
            guard var stored = try await store.statement(id, companyID: viewer.companyID, forUpdate: true) else {
                throw RecordError.notFound(entity: "commission_statement")
            }
            guard stored.status == .draft else { throw CommissionError.alreadyApproved }
            try stored.statement.approve(by: viewer.userID.description, at: clock.now())
            stored.status = .approved
            guard try await store.approve(stored) else { throw CommissionError.alreadyApproved }
            try await audit.record(
                "commission_statement.approved", entityType: "commission_statement", entityID: id.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "user_id": stored.userID.description, "month": stored.month.text,
                    "payable": stored.statement.payable.decimalString,
                ],
                changes: ["status": AuditChanges.Change(from: "draft", to: stored.status.rawValue)], on: db)
            return stored
        }
    }

    /// A statement: the head, admins and the accountant read any of the company's; a manager only their own (any
    /// other is `RecordError.notFound`).
    public func statement(_ id: StoredCommissionStatement.ID, viewer: Viewer) async throws -> StoredCommissionStatement
    {
        try await database.read { db in
            guard let stored = try await CommissionStore(db).statement(id, companyID: viewer.companyID),
                viewer.role != .manager || stored.userID == viewer.userID
            else { throw RecordError.notFound(entity: "commission_statement") }
            return stored
        }
    }

    /// The statements of a month and/or a manager, newest month first; a manager gets only their own.
    public func statements(
        month: PlanMonth?, userID: User.ID?, viewer: Viewer
    ) async throws -> [StoredCommissionStatement] {
        if viewer.role == .manager, let userID, userID != viewer.userID { return [] }
        let user = viewer.role == .manager ? viewer.userID : userID
        return try await database.read { db in
            try await CommissionStore(db).statements(companyID: viewer.companyID, month: month, userID: user)
        }
    }

    /// The month's statement of the manager with `email`, for `benta commission explain`; nil when none was run.
    public func statement(
        managerEmail email: String, month: PlanMonth, viewer: Viewer
    ) async throws -> (user: User, statement: StoredCommissionStatement)? {
        let found = try await database.read { db -> (User, StoredCommissionStatement?)? in
            let wanted = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard
                let user = try await UserStore(db).all(companyID: viewer.companyID)
                    .first(where: { $0.email.description.lowercased() == wanted })
            else { return nil }
            let stored = try await CommissionStore(db).statement(
                companyID: viewer.companyID, userID: user.id, month: month)
            return (user, stored)
        }
        guard let (user, stored) = found else { throw RecordError.notFound(entity: "user") }
        guard let stored else { return nil }
        guard viewer.role != .manager || stored.userID == viewer.userID else {
            throw RecordError.notFound(entity: "commission_statement")
        }
        return (user, stored)
    }

    // MARK: Estimate

    /// The running month's estimate for a manager (a manager their own; the head, admins and the accountant any
    /// manager's): the statement of the credits so far, the same with the open deals expected to close in the
    /// month added as booked credits on their expected close dates (new customer when the account had no invoice
    /// issued before that date; only the deals a quota-typed plan's rule counts), and the difference. Throws
    /// `RecordError.notFound` for a manager without a plan share or commission plan for the month.
    public func estimate(month: PlanMonth, userID: User.ID?, viewer: Viewer) async throws -> CommissionEstimate {
        let userID = viewer.role == .manager ? viewer.userID : (userID ?? viewer.userID)
        let (clock, targets) = (clock, targets)
        return try await database.read { db in
            try await Duties.require(.seeCommissionEstimate, viewer: viewer, db: db)
            let companyID = viewer.companyID
            let store = CommissionStore(db)
            guard let total = try await targets.targets(companyID: companyID, month: month, on: db)[userID],
                let plan = try await store.planInForce(companyID: companyID, userID: userID, month: month)
            else { throw RecordError.notFound(entity: "commission_plan") }
            let basis = try await targets.basis(companyID: companyID, on: db)
            var source = CreditSource(companyID: companyID, basis: basis, owners: [userID], db: db)
            var scope = QuotaScope(targets: targets, companyID: companyID, month: month)
            let (target, rule) = try await scope.target(plan: plan.plan, userID: userID, total: total, on: db)
            let current = try await Self.compute(
                userID: userID, month: month, plan: plan.plan, target: target,
                today: try await Self.today(companyID: companyID, at: clock.now(), on: db), source: &source,
                store: store, counts: rule)
            // Open deals are classified by the account's invoices, as a won deal is, and a plan of one quota type
            // counts only the deals its rule counts.
            let deals = try await store.openDeals(
                companyID: companyID, ownerID: userID, month: month, currency: plan.plan.currency
            ).filter { rule.counts($0.credit) }
            let withDeals = try CommissionCalculator.statement(
                month: month, plan: plan.plan, target: target, credits: current.credits + deals.map(\.credit),
                carriedDeficit: current.carriedDeficitIn, adjustments: current.adjustments)
            return CommissionEstimate(
                userID: userID, month: month, current: current, withDeals: withDeals, deals: deals,
                additional: try withDeals.earned.subtracting(current.earned))
        }
    }

    /// The company's date at `instant`, read in the caller's unit of work.
    static func today(companyID: Company.ID, at instant: Date, on db: StoreConnection) async throws -> CalendarDate {
        guard let company = try await CompanyStore(db).find(companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        return company.settings.today(at: instant)
    }

    static func requireManage(_ viewer: Viewer) throws {
        guard CommissionRules.mayManage(viewer.role) else {
            throw RecordError.forbidden(detail: "Only the head or an admin manages commission.")
        }
    }
}

/// The credits of the months a run reads, each month fetched once for all the run's managers: undivided, and
/// divided by product (`CreditEventStore`'s `byProduct`) only for a commission plan with per-product rates.
struct CreditSource {
    let companyID: Company.ID
    let basis: CreditBasis
    let owners: [User.ID]
    let db: StoreConnection
    private var cache: [PlanMonth: [User.ID: [CreditEvent]]] = [:]
    private var byProductCache: [PlanMonth: [User.ID: [CreditEvent]]] = [:]

    init(companyID: Company.ID, basis: CreditBasis, owners: [User.ID], db: StoreConnection) {
        self.companyID = companyID
        self.basis = basis
        self.owners = owners
        self.db = db
    }

    /// The month's credits as `plan` reads them: divided by product when it has per-product rates.
    mutating func credits(_ month: PlanMonth, for plan: CommissionPlan) async throws -> [User.ID: [CreditEvent]] {
        try await credits(month, byProduct: !plan.productRates.isEmpty)
    }

    mutating func credits(_ month: PlanMonth, byProduct: Bool = false) async throws -> [User.ID: [CreditEvent]] {
        if let known = byProduct ? byProductCache[month] : cache[month] { return known }
        let found = try await CreditEventStore(db).credits(
            companyID: companyID, month: month, basis: basis, ownerIDs: owners, byProduct: byProduct)
        if byProduct { byProductCache[month] = found } else { cache[month] = found }
        return found
    }
}

/// A credit's identity: its kind and source id (a payment allocated twice in a month is two events of one id, told
/// apart by date and amount; a document divided by product, by product).
struct CreditKey: Hashable {
    let kind: CreditEvent.SourceKind
    let sourceID: String
    let date: CalendarDate
    let amountMinor: Int64
    let productID: String?

    init(_ event: CreditEvent) {
        kind = event.sourceKind
        sourceID = event.sourceID
        date = event.date
        amountMinor = event.amount.minorUnits
        productID = event.productID
    }
}
