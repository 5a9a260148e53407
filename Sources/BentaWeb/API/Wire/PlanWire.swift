import BentaCore
import BentaServices
import Foundation

// The wire shapes of monthly plans and attainment (issue 13): months as YYYY-MM, amounts as decimal strings in
// major units, percentages and ratios as decimal strings, snake_case keys (the decoder converts them; the encoder
// writes them).

/// A number sent as a JSON number or as decimal text; kept as text for the service to check.
struct DecimalInput: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            text = try container.numberText(DecimalText.format)
        }
    }
}

/// `PUT /api/v1/plans/{month}`: the month's costs, target profit, margin and split; a new version each time.
struct PlanRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "cost_lines", "target_profit", "gross_margin", "split_method", "weight_scale", "weights", "amounts", "reason",
        "type_amounts", "version",
    ]

    struct CostLine: Decodable {
        let kind: String?
        let label: String?
        let amount: DecimalInput?
        let isRecurringMonthly: Bool?
    }

    struct Weight: Decodable {
        let managerId: String?
        let weight: DecimalInput?
    }

    struct Amount: Decodable {
        let managerId: String?
        let amount: DecimalInput?
    }

    /// One manager's plan for one quota type.
    struct TypeAmount: Decodable {
        let managerId: String?
        let quotaType: String?
        let amount: DecimalInput?
    }

    let costLines: [CostLine]?
    let targetProfit: DecimalInput?
    let grossMargin: DecimalInput?
    let splitMethod: String?
    let weightScale: String?
    let weights: [Weight]?
    let amounts: [Amount]?
    let reason: String?
    let typeAmounts: [TypeAmount]?
    /// The number of the version read (0: no plan yet), or send `If-Match`; a later save answers 412.
    let version: Int64?

    var draft: MonthPlanDraft {
        var draft = MonthPlanDraft(
            costLines: (costLines ?? []).map {
                MonthPlanDraft.CostLineDraft(
                    kind: $0.kind ?? "", label: $0.label ?? "", amount: $0.amount?.text ?? "",
                    isRecurringMonthly: $0.isRecurringMonthly ?? false)
            },
            targetProfit: targetProfit?.text ?? "", grossMargin: grossMargin?.text ?? "",
            splitMethod: splitMethod ?? (amounts != nil && weights == nil ? "amounts" : "weights"),
            weightScale: weightScale ?? "percent",
            weights: (weights ?? []).map {
                MonthPlanDraft.ShareDraft(managerID: $0.managerId ?? "", value: $0.weight?.text ?? "")
            },
            amounts: (amounts ?? []).map {
                MonthPlanDraft.ShareDraft(managerID: $0.managerId ?? "", value: $0.amount?.text ?? "")
            },
            reason: reason ?? "")
        draft.typeAmounts = (typeAmounts ?? []).map {
            MonthPlanDraft.TypeShareDraft(
                managerID: $0.managerId ?? "", quotaType: $0.quotaType ?? "", amount: $0.amount?.text ?? "")
        }
        return draft
    }
}

/// One version of a month's plan: what was entered, what it derives, how it is split, who made it and why.
struct PlanResponse: Encodable {
    let plan: MonthPlan

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let version = plan.version
        let inputs = version.content.inputs
        try c.encode(plan.month.text, forKey: .month)
        try c.encode(version.number, forKey: .version)
        try c.encode(version.effectiveAt, forKey: .effectiveAt)
        try c.encode(version.authorID, forKey: .authorId)
        try c.encode(version.reason, forKey: .reason)
        try c.encode(inputs.currency.code, forKey: .currency)
        try c.encode(inputs.costLines.map(CostLineResponse.init), forKey: .costLines)
        try c.encode(inputs.targetProfit.decimalString, forKey: .targetProfit)
        try c.encode(DecimalText.format(inputs.grossMarginPercent), forKey: .grossMargin)
        try c.encode(plan.plan.totalCosts.decimalString, forKey: .totalCosts)
        try c.encode(plan.plan.breakEvenRevenue.decimalString, forKey: .breakEvenRevenue)
        try c.encode(plan.plan.targetRevenue.decimalString, forKey: .targetRevenue)
        try c.encode(version.content.splitMethod.rawValue, forKey: .splitMethod)
        try c.encode(version.content.weightScale.rawValue, forKey: .weightScale)
        try c.encode(plan.split.shares.map(ShareResponse.init), forKey: .shares)
        try c.encode(plan.split.difference.decimalString, forKey: .splitDifference)
        try c.encode(plan.typeShares.map(TypeShareWire.init), forKey: .typeShares)
    }

    private enum Keys: String, CodingKey {
        case month, version, effectiveAt, authorId, reason, currency, costLines, targetProfit, grossMargin
        case totalCosts, breakEvenRevenue, targetRevenue, splitMethod, weightScale, shares, splitDifference
        case typeShares
    }

    struct TypeShareWire: Encodable {
        let managerId: String
        let quotaType: String
        let amount: String

        init(_ share: TypeShare) {
            managerId = share.managerID
            quotaType = share.quotaType
            amount = share.amount.decimalString
        }
    }

    struct CostLineResponse: Encodable {
        let kind: String
        let label: String
        let amount: String
        let isRecurringMonthly: Bool

        init(_ line: BentaCore.CostLine) {
            kind = line.kind.rawValue
            label = line.label
            amount = line.amount.decimalString
            isRecurringMonthly = line.isRecurringMonthly
        }
    }

    struct ShareResponse: Encodable {
        let share: PlanSplit.Share

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(share.managerID, forKey: .managerId)
            try c.encode(share.amount.decimalString, forKey: .amount)
            try c.encode(share.weight.map(DecimalText.format), forKey: .weight)
        }

        private enum Keys: String, CodingKey { case managerId, amount, weight }
    }
}

/// `GET /api/v1/plans/{month}/attainment`.
struct AttainmentReportResponse: Encodable {
    let report: PlanAttainmentReport

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.month.text, forKey: .month)
        try c.encode(report.asOf.iso8601String, forKey: .asOf)
        try c.encode(report.basis.rawValue, forKey: .creditBasis)
        try c.encode(report.planVersion, forKey: .planVersion)
        try c.encode(report.currency.code, forKey: .currency)
        try c.encode(report.rows.map(Row.init), forKey: .rows)
        try c.encode(report.costsCovered.map(Meter.init), forKey: .costsCovered)
        try c.encode(report.teams.map(TeamAttainmentWire.init), forKey: .teams)
    }

    private enum Keys: String, CodingKey {
        case month, asOf, creditBasis, planVersion, currency, rows, costsCovered, teams
    }

    struct Row: Encodable {
        let row: ManagerAttainment

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let a = row.attainment
            try c.encode(row.managerID.description, forKey: .managerId)
            try c.encode(row.managerName, forKey: .managerName)
            try c.encode(a.plan.decimalString, forKey: .plan)
            try c.encode(a.actual.decimalString, forKey: .actual)
            try c.encode(a.attainmentPercent.map(DecimalText.format), forKey: .attainmentPercent)
            try c.encode(a.gap.decimalString, forKey: .gap)
            try c.encode(a.remainingGap.decimalString, forKey: .remainingGap)
            try c.encode(a.workingDaysInMonth, forKey: .workingDaysInMonth)
            try c.encode(a.workingDaysElapsed, forKey: .workingDaysElapsed)
            try c.encode(a.runRateProjection?.decimalString, forKey: .runRateProjection)
            try c.encode(a.openPipeline.decimalString, forKey: .openPipeline)
            try c.encode(a.weightedPipeline.decimalString, forKey: .weightedPipeline)
            try c.encode(a.pipelineCoverage.map(DecimalText.format), forKey: .pipelineCoverage)
            try c.encode(a.weightedCoverage.map(DecimalText.format), forKey: .weightedCoverage)
            try c.encode(row.byType.map(TypedAttainmentWire.init), forKey: .byType)
        }

        private enum Keys: String, CodingKey {
            case managerId, managerName, plan, actual, attainmentPercent, gap, remainingGap, workingDaysInMonth
            case workingDaysElapsed, runRateProjection, openPipeline, weightedPipeline, pipelineCoverage
            case weightedCoverage, byType
        }
    }

    struct Meter: Encodable {
        let meter: CostsCovered

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(meter.costs.decimalString, forKey: .costs)
            try c.encode(meter.actual.decimalString, forKey: .actual)
            try c.encode(meter.grossProfit.decimalString, forKey: .grossProfit)
            try c.encode(meter.percent.map(DecimalText.format), forKey: .percent)
        }

        private enum Keys: String, CodingKey { case costs, actual, grossProfit, percent }
    }
}

/// `PUT /api/v1/settings/credit-basis`: the basis and the version read (or `If-Match`).
struct CreditBasisRequest: Decodable {
    static let allowedKeys: Set<String> = ["credit_basis", "version"]
    let creditBasis: String?
    let version: Int64?

    /// The basis; anything else is 422 `invalid_choice` on `credit_basis`.
    func basis() throws -> CreditBasis {
        guard let basis = creditBasis.flatMap(CreditBasis.init(rawValue:)) else {
            throw ValidationErrors([
                FieldError(
                    field: "credit_basis", code: "invalid_choice", message: "Choose booked, invoiced or collected.")
            ])
        }
        return basis
    }
}

struct CreditBasisResponse: Encodable {
    let creditBasis: String
    let version: Int64

    init(_ saved: (basis: CreditBasis, version: Int64)) {
        creditBasis = saved.basis.rawValue
        version = saved.version
    }
}

/// One team's row of the attainment report and the head's dashboard: its members' plans and actuals added up.
struct TeamAttainmentWire: Encodable {
    let teamId: String
    let teamName: String
    let memberIds: [String]
    let plan: String
    let actual: String
    let attainmentPercent: String?
    let gap: String

    init(_ team: TeamAttainment) {
        teamId = team.teamID.description
        teamName = team.teamName
        memberIds = team.memberIDs.map(\.description)
        plan = team.plan.decimalString
        actual = team.actual.decimalString
        attainmentPercent = team.attainmentPercent.map(DecimalText.format)
        gap = team.gap.decimalString
    }
}

/// A manager's standing in one quota type (the attainment rows' `by_type`).
struct TypedAttainmentWire: Encodable {
    let quotaType: String
    let name: String
    let plan: String
    let actual: String
    let attainmentPercent: String?
    let gap: String

    init(_ typed: TypedAttainment) {
        quotaType = typed.quotaType.code
        name = typed.quotaType.name
        plan = typed.plan.decimalString
        actual = typed.actual.decimalString
        attainmentPercent = typed.attainmentPercent.map(DecimalText.format)
        gap = typed.gap.decimalString
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(quotaType, forKey: .quotaType)
        try c.encode(name, forKey: .name)
        try c.encode(plan, forKey: .plan)
        try c.encode(actual, forKey: .actual)
        try c.encode(attainmentPercent, forKey: .attainmentPercent)
        try c.encode(gap, forKey: .gap)
    }

    private enum Keys: String, CodingKey { case quotaType, name, plan, actual, attainmentPercent, gap }
}

/// `POST /api/v1/quota-types`: a new quota type.
struct QuotaTypeRequest: Decodable {
    static let allowedKeys: Set<String> = ["code", "name", "rule"]
    let code: String?
    let name: String?
    let rule: String?
}

/// One quota type.
struct QuotaTypeWire: Encodable {
    let code: String
    let name: String
    let rule: String

    init(_ type: QuotaType) {
        code = type.code
        name = type.name
        rule = type.rule.rawValue
    }
}
