import Foundation

/// A month's company plan derived from its costs: the revenue that covers the costs (break-even) and the revenue
/// that also earns the target profit (the plan).
///
/// DOMAIN.md §4: break-even = costs ÷ gross margin; plan = (costs + target profit) ÷ gross margin. Fixed costs of
/// ₱1.2M at a 30% margin → break-even ₱4.0M; with ₱0.3M target profit → plan ₱5.0M. Each figure is computed
/// exactly and rounded once, half up to the currency's minor unit, through ``Rounding/toMoney(_:currency:)``.
public struct CompanyPlan: Hashable, Sendable, Codable {
    /// The inputs the plan was derived from.
    public let inputs: CompanyPlanInputs
    /// The sum of the cost lines.
    public let totalCosts: Money
    /// The revenue at which the gross profit pays the costs: costs ÷ gross margin.
    public let breakEvenRevenue: Money
    /// The plan: the revenue that pays the costs and the target profit, (costs + target profit) ÷ gross margin.
    public let targetRevenue: Money

    /// Derives the plan; throws `MoneyError.overflow` only when a figure does not fit in 64-bit minor units.
    public static func derive(_ inputs: CompanyPlanInputs) throws(MoneyError) -> CompanyPlan {
        let costs = inputs.totalCosts
        let costsAndProfit = try costs.adding(inputs.targetProfit)
        return CompanyPlan(
            inputs: inputs, totalCosts: costs,
            breakEvenRevenue: try grossedUp(costs, marginPercent: inputs.grossMarginPercent),
            targetRevenue: try grossedUp(costsAndProfit, marginPercent: inputs.grossMarginPercent))
    }

    /// The revenue whose gross margin equals `amount`: amount × 100 ÷ margin, rounded once.
    private static func grossedUp(_ amount: Money, marginPercent: Decimal) throws(MoneyError) -> Money {
        try Rounding.toMoney(Rounding.decimal(amount) * 100 / marginPercent, currency: amount.currency)
    }

    private init(inputs: CompanyPlanInputs, totalCosts: Money, breakEvenRevenue: Money, targetRevenue: Money) {
        self.inputs = inputs
        self.totalCosts = totalCosts
        self.breakEvenRevenue = breakEvenRevenue
        self.targetRevenue = targetRevenue
    }

    enum CodingKeys: String, CodingKey {
        case inputs
        case totalCosts = "total_costs"
        case breakEvenRevenue = "break_even_revenue"
        case targetRevenue = "target_revenue"
    }
}
