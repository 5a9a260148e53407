import Foundation

/// One open deal expected to close in the month, for the weighted pipeline (DOMAIN.md §5).
public struct PipelineDeal: Hashable, Sendable {
    /// The deal's amount (net of VAT, as the plan is).
    public var amount: Money
    /// The probability of winning in percent, 0...100: the stage's default or the manager's override.
    public var probabilityPercent: Int

    /// Creates a pipeline entry.
    public init(amount: Money, probabilityPercent: Int) {
        self.amount = amount
        self.probabilityPercent = probabilityPercent
    }
}

/// A manager's standing in a month: plan, actual, attainment, gap, run-rate projection and pipeline coverage.
///
/// DOMAIN.md §4–5. Percentages are rounded once, half up, to ``percentScale`` decimals and coverage ratios to
/// ``ratioScale``; money figures are rounded once to the minor unit. A figure that would divide by zero is nil.
public struct Attainment: Hashable, Sendable, Codable {
    /// The decimals of ``attainmentPercent``.
    public static let percentScale = 1
    /// The decimals of the coverage ratios.
    public static let ratioScale = 2

    /// The month measured.
    public let month: PlanMonth
    /// The manager's plan for the month.
    public let plan: Money
    /// What was credited so far, on the company's credit basis.
    public let actual: Money
    /// actual ÷ plan × 100 (₱2.3M of ₱2.0M → 115.0); nil when the plan is zero.
    public let attainmentPercent: Decimal?
    /// plan − actual; negative once the plan is exceeded.
    public let gap: Money
    /// The gap still to close: the gap, or zero once the plan is reached.
    public let remainingGap: Money
    /// The working days of the month.
    public let workingDaysInMonth: Int
    /// The working days elapsed, up to and including the day measured.
    public let workingDaysElapsed: Int
    /// actual ÷ working days elapsed × working days in the month; nil before the first working day.
    public let runRateProjection: Money?
    /// Σ amount over the open deals.
    public let openPipeline: Money
    /// Σ amount × probability over the open deals.
    public let weightedPipeline: Money
    /// Open pipeline ÷ remaining gap (DOMAIN.md §5 coverage: 2.0M ÷ 1.2M → 1.67); nil when nothing is left to
    /// close.
    public let pipelineCoverage: Decimal?
    /// Weighted pipeline ÷ remaining gap: how much of the gap the likely deals close; nil when nothing is left.
    public let weightedCoverage: Decimal?

    /// Measures a month as of `date`.
    ///
    /// Throws `MoneyError.currencyMismatch` when the amounts are in different currencies, and `.overflow` when a
    /// figure does not fit. Probabilities outside 0...100 are clamped into it.
    public static func measure(
        month: PlanMonth, plan: Money, actual: Money, asOf date: CalendarDate, workingDays: WorkingDays,
        pipeline: [PipelineDeal]
    ) throws(MoneyError) -> Attainment {
        let currency = plan.currency
        let gap = try plan.subtracting(actual)
        let remainingGap = gap.isPositive ? gap : .zero(currency)
        let inMonth = workingDays.count(in: month)
        let elapsed = workingDays.elapsed(in: month, through: date)
        var runRate: Money?
        if elapsed > 0 {
            let exact = Rounding.decimal(actual) * Decimal(inMonth) / Decimal(elapsed)
            runRate = try Rounding.toMoney(exact, currency: currency)
        }
        var open = Money.zero(currency)
        var weightedExact = Decimal(0)
        for deal in pipeline {
            open = try open.adding(deal.amount)
            let probability = Decimal(min(100, max(0, deal.probabilityPercent)))
            weightedExact += Rounding.decimal(deal.amount) * probability / 100
        }
        let weighted = try Rounding.toMoney(weightedExact, currency: currency)
        return Attainment(
            month: month, plan: plan, actual: actual, attainmentPercent: percent(actual, of: plan), gap: gap,
            remainingGap: remainingGap,
            workingDaysInMonth: inMonth, workingDaysElapsed: elapsed, runRateProjection: runRate,
            openPipeline: open, weightedPipeline: weighted,
            pipelineCoverage: ratio(open, of: remainingGap), weightedCoverage: ratio(weighted, of: remainingGap))
    }

    /// actual ÷ plan × 100, rounded once half up to ``percentScale`` decimals (₱2.3M of ₱2.0M → 115.0); nil when
    /// the plan is zero.
    public static func percent(_ actual: Money, of plan: Money) -> Decimal? {
        guard !plan.isZero else { return nil }
        return Rounding.roundHalfUp(Decimal(actual.minorUnits) * 100 / Decimal(plan.minorUnits), scale: percentScale)
    }

    private static func ratio(_ amount: Money, of gap: Money) -> Decimal? {
        guard gap.isPositive else { return nil }
        return Rounding.roundHalfUp(Decimal(amount.minorUnits) / Decimal(gap.minorUnits), scale: ratioScale)
    }

    private init(
        month: PlanMonth, plan: Money, actual: Money, attainmentPercent: Decimal?, gap: Money, remainingGap: Money,
        workingDaysInMonth: Int, workingDaysElapsed: Int, runRateProjection: Money?, openPipeline: Money,
        weightedPipeline: Money, pipelineCoverage: Decimal?, weightedCoverage: Decimal?
    ) {
        self.month = month
        self.plan = plan
        self.actual = actual
        self.attainmentPercent = attainmentPercent
        self.gap = gap
        self.remainingGap = remainingGap
        self.workingDaysInMonth = workingDaysInMonth
        self.workingDaysElapsed = workingDaysElapsed
        self.runRateProjection = runRateProjection
        self.openPipeline = openPipeline
        self.weightedPipeline = weightedPipeline
        self.pipelineCoverage = pipelineCoverage
        self.weightedCoverage = weightedCoverage
    }

    enum CodingKeys: String, CodingKey {
        case month
        case plan
        case actual
        case attainmentPercent = "attainment_percent"
        case gap
        case remainingGap = "remaining_gap"
        case workingDaysInMonth = "working_days_in_month"
        case workingDaysElapsed = "working_days_elapsed"
        case runRateProjection = "run_rate_projection"
        case openPipeline = "open_pipeline"
        case weightedPipeline = "weighted_pipeline"
        case pipelineCoverage = "pipeline_coverage"
        case weightedCoverage = "weighted_coverage"
    }
}
