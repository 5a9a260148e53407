import Foundation

/// How a month's company plan is split among managers.
public enum PlanSplitMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// By weights (``PlanSplit/byWeights(plan:weights:scale:)``): the shares add up to the plan exactly.
    case weights
    /// By hand (``PlanSplit/byHand(plan:amounts:requireExact:)``): the difference from the plan is shown.
    case amounts
}

/// What one version of a month's plan says: the inputs the company plan is derived from and how it was split.
/// The managers' shares are stored beside it, one row each.
public struct MonthPlanContent: Hashable, Sendable, Codable {
    /// Cost lines, target profit, gross margin and currency.
    public let inputs: CompanyPlanInputs
    /// By weights or by hand.
    public let splitMethod: PlanSplitMethod
    /// How the weights read (for a split by weights).
    public let weightScale: PlanSplit.WeightScale

    /// Creates the content.
    public init(inputs: CompanyPlanInputs, splitMethod: PlanSplitMethod, weightScale: PlanSplit.WeightScale) {
        self.inputs = inputs
        self.splitMethod = splitMethod
        self.weightScale = weightScale
    }

    enum CodingKeys: String, CodingKey {
        case inputs
        case splitMethod = "split_method"
        case weightScale = "weight_scale"
    }
}

/// A month's plan as one version states it: the version (who, when, why), the derived company plan (break-even
/// and target) and its split among managers.
public struct MonthPlan: Hashable, Sendable {
    /// The version read.
    public let version: PlanVersion<MonthPlanContent>
    /// Break-even and target revenue derived from the version's inputs.
    public let plan: CompanyPlan
    /// The managers' shares and what is left unassigned.
    public let split: PlanSplit
    /// The managers' plans per quota type, in the order entered; empty when the plan is not split by type.
    public let typeShares: [TypeShare]

    /// Creates the read model.
    public init(
        version: PlanVersion<MonthPlanContent>, plan: CompanyPlan, split: PlanSplit, typeShares: [TypeShare] = []
    ) {
        self.version = version
        self.plan = plan
        self.split = split
        self.typeShares = typeShares
    }

    /// The plan of `managerID` for the quota type `code`: their split share for ``QuotaType/totalCode``, their
    /// share of that type otherwise; nil when they have none.
    public func share(of managerID: String, quotaType code: String) -> Money? {
        if code == QuotaType.totalCode { return split.shares.first { $0.managerID == managerID }?.amount }
        return typeShares.first { $0.managerID == managerID && $0.quotaType == code }?.amount
    }

    /// The month the plan is for.
    public var month: PlanMonth { version.content.inputs.month }

    /// Derives the plan and its split again from a version and its stored shares (a split by weights comes out as
    /// it was stored: the allocation is deterministic). Throws when the stored content no longer derives, which
    /// is a bug.
    public static func rebuild(
        version: PlanVersion<MonthPlanContent>, weights: [PlanSplit.Weight], amounts: [PlanSplit.Amount],
        typeShares: [TypeShare] = []
    ) throws -> MonthPlan {
        let content = version.content
        let plan = try CompanyPlan.derive(content.inputs)
        let split: PlanSplit
        switch content.splitMethod {
        case .weights:
            split = try PlanSplit.byWeights(plan: plan.targetRevenue, weights: weights, scale: content.weightScale)
        case .amounts: split = try PlanSplit.byHand(plan: plan.targetRevenue, amounts: amounts)
        }
        return MonthPlan(version: version, plan: plan, split: split, typeShares: typeShares)
    }
}

/// What a head enters to save a month's plan, as typed: amounts, percentages and weights as decimal text, checked
/// by `PlanService` into ``CompanyPlanInputs`` and a ``PlanSplit``.
///
/// Field errors use these names: `cost_lines[i].kind|label|amount`, `target_profit`, `gross_margin`,
/// `split_method`, `weight_scale`, `weights[i].manager_id|weight`, `amounts[i].manager_id|amount`, `reason`.
/// Plans are in the company's base currency, the currency the actuals are counted in.
public struct MonthPlanDraft: Hashable, Sendable {
    /// One cost line as typed.
    public struct CostLineDraft: Hashable, Sendable {
        /// rent, taxes, salaries, utilities or other.
        public var kind: String
        /// What the cost is.
        public var label: String
        /// The monthly amount as decimal text.
        public var amount: String
        /// Whether the line repeats every month (copied forward).
        public var isRecurringMonthly: Bool

        /// Creates a cost line draft.
        public init(kind: String, label: String, amount: String, isRecurringMonthly: Bool) {
            self.kind = kind
            self.label = label
            self.amount = amount
            self.isRecurringMonthly = isRecurringMonthly
        }
    }

    /// One manager's weight or amount as typed.
    public struct ShareDraft: Hashable, Sendable {
        /// The manager's user id.
        public var managerID: String
        /// The weight (split by weights) or the amount (by hand) as decimal text.
        public var value: String

        /// Creates a share draft.
        public init(managerID: String, value: String) {
            self.managerID = managerID
            self.value = value
        }
    }

    /// One manager's plan for one quota type as typed.
    public struct TypeShareDraft: Hashable, Sendable {
        /// The manager's user id (someone in the split).
        public var managerID: String
        /// The quota type's code.
        public var quotaType: String
        /// The amount as decimal text.
        public var amount: String

        /// Creates a draft.
        public init(managerID: String, quotaType: String, amount: String) {
            self.managerID = managerID
            self.quotaType = quotaType
            self.amount = amount
        }
    }

    /// The month's operating costs.
    public var costLines: [CostLineDraft]
    /// The target profit as decimal text; zero when blank.
    public var targetProfit: String
    /// The gross margin in percent as decimal text.
    public var grossMargin: String
    /// `weights` or `amounts`.
    public var splitMethod: String
    /// `percent` or `relative` (for weights); `percent` when blank.
    public var weightScale: String
    /// The weights (split by weights).
    public var weights: [ShareDraft]
    /// The amounts (split by hand).
    public var amounts: [ShareDraft]
    /// Why the plan changed; required from the second version on.
    public var reason: String
    /// The managers' plans per quota type (`type_amounts[i].manager_id|quota_type|amount`); empty for none.
    public var typeAmounts: [TypeShareDraft] = []

    /// Creates a draft.
    public init(
        costLines: [CostLineDraft] = [], targetProfit: String = "", grossMargin: String = "",
        splitMethod: String = "weights", weightScale: String = "percent", weights: [ShareDraft] = [],
        amounts: [ShareDraft] = [], reason: String = ""
    ) {
        self.costLines = costLines
        self.targetProfit = targetProfit
        self.grossMargin = grossMargin
        self.splitMethod = splitMethod
        self.weightScale = weightScale
        self.weights = weights
        self.amounts = amounts
        self.reason = reason
    }
}

/// One manager's row of a month's attainment.
public struct ManagerAttainment: Hashable, Sendable {
    /// The manager's user id.
    public let managerID: User.ID
    /// The manager's name.
    public let managerName: String
    /// Plan, actual, attainment, gap, run-rate and pipeline coverage.
    public let attainment: Attainment
    /// The manager's standing per quota type of the plan (empty when the plan is not split by type).
    public let byType: [TypedAttainment]

    /// Creates a row.
    public init(
        managerID: User.ID, managerName: String, attainment: Attainment, byType: [TypedAttainment] = []
    ) {
        self.managerID = managerID
        self.managerName = managerName
        self.attainment = attainment
        self.byType = byType
    }
}

/// How much of the month's costs the gross profit on the actuals covers so far: Σ actual × margin ÷ costs.
public struct CostsCovered: Hashable, Sendable {
    /// The month's costs (the plan's cost lines).
    public let costs: Money
    /// Every manager's actual so far, on the company's credit basis.
    public let actual: Money
    /// actual × gross margin, rounded once.
    public let grossProfit: Money
    /// grossProfit ÷ costs × 100, one decimal; nil when there are no costs.
    public let percent: Decimal?

    /// Measures the meter; throws `MoneyError` for mixed currencies or an overflow.
    public static func measure(
        costs: Money, actual: Money, grossMarginPercent: Decimal
    ) throws(MoneyError) -> CostsCovered {
        let profit = try Rounding.percent(of: actual, rate: grossMarginPercent)
        guard profit.currency == costs.currency else { throw .currencyMismatch(profit.currency, costs.currency) }
        return CostsCovered(
            costs: costs, actual: actual, grossProfit: profit, percent: Attainment.percent(profit, of: costs))
    }

    private init(costs: Money, actual: Money, grossProfit: Money, percent: Decimal?) {
        self.costs = costs
        self.actual = actual
        self.grossProfit = grossProfit
        self.percent = percent
    }
}

/// A month's attainment: one row per manager (a manager reads only their own), and for the head and the admin the
/// company's costs-covered meter.
public struct PlanAttainmentReport: Hashable, Sendable {
    /// The month measured.
    public let month: PlanMonth
    /// The day measured (the company's today, or the `as_of` date asked for, within the month).
    public let asOf: CalendarDate
    /// The company's credit basis the actuals were counted on.
    public let basis: CreditBasis
    /// The currency of every figure (the company's base currency).
    public let currency: Currency
    /// The plan version the shares come from; nil when the month has no plan.
    public let planVersion: Int?
    /// One row per manager, by name.
    public let rows: [ManagerAttainment]
    /// The costs-covered meter; nil for a manager, or when the month has no plan.
    public let costsCovered: CostsCovered?
    /// The teams' rows, each the sum of its members' rows (``TeamAttainment``); empty for a manager.
    public let teams: [TeamAttainment]

    /// Creates the report.
    public init(
        month: PlanMonth, asOf: CalendarDate, basis: CreditBasis, currency: Currency, planVersion: Int?,
        rows: [ManagerAttainment], costsCovered: CostsCovered?, teams: [TeamAttainment] = []
    ) {
        self.teams = teams
        self.month = month
        self.asOf = asOf
        self.basis = basis
        self.currency = currency
        self.planVersion = planVersion
        self.rows = rows
        self.costsCovered = costsCovered
    }
}
