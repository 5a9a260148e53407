import Foundation

/// What the head enters to derive a month's company plan: the operating costs, a target profit and the expected
/// gross margin (DOMAIN.md §4).
///
/// Checked on creation; every problem is reported at once as `ValidationErrors` with snake_case field names
/// (`cost_lines[1].amount`, `target_profit`, `gross_margin`).
public struct CompanyPlanInputs: Hashable, Sendable, Codable {
    /// The month the plan is for.
    public let month: PlanMonth
    /// The currency of every amount.
    public let currency: Currency
    /// The month's operating costs, in the order entered.
    public let costLines: [CostLine]
    /// The profit the company wants on top of its costs; zero plans for break-even.
    public let targetProfit: Money
    /// The expected gross margin in percent, 0 < margin ≤ 100: (net sales − cost of sales) ÷ net sales × 100.
    public let grossMarginPercent: Decimal

    /// Checks and creates the inputs.
    ///
    /// Errors: a blank or too long label (`cost_lines[i].label`: "required", "too_long"), a negative cost
    /// (`cost_lines[i].amount`: "negative"), an amount in another currency ("currency_mismatch" on its field), a
    /// negative target profit (`target_profit`: "negative"), a margin outside 0 < m ≤ 100 (`gross_margin`:
    /// "out_of_range"), costs too large to add up (`cost_lines`: "too_large").
    public init(
        month: PlanMonth, currency: Currency, costLines: [CostLine], targetProfit: Money, grossMarginPercent: Decimal
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        var cleanLines: [CostLine] = []
        for (index, line) in costLines.enumerated() {
            let prefix = "cost_lines[\(index)]."
            let label = Validate.requiredText(
                line.label, field: prefix + "label", maxLength: CostLine.maximumLabelLength, into: &errors)
            Self.checkAmount(line.amount, field: prefix + "amount", currency: currency, into: &errors)
            var clean = line
            clean.label = label ?? line.label
            cleanLines.append(clean)
        }
        Self.checkAmount(targetProfit, field: "target_profit", currency: currency, into: &errors)
        if grossMarginPercent.isNaN || grossMarginPercent <= 0 || grossMarginPercent > 100 {
            errors.add(
                field: "gross_margin", code: "out_of_range",
                message: "Enter a gross margin above 0% and at most 100%.")
        }
        if errors.isEmpty, (try? Money.sum(costLines.map(\.amount), currency: currency)) == nil {
            errors.add(field: "cost_lines", code: "too_large", message: "The costs are too large to add up.")
        }
        try errors.throwIfAny()
        self.month = month
        self.currency = currency
        self.costLines = cleanLines
        self.targetProfit = targetProfit
        self.grossMarginPercent = grossMarginPercent
    }

    /// The sum of the cost lines (checked to fit on creation).
    public var totalCosts: Money {
        (try? Money.sum(costLines.map(\.amount), currency: currency)) ?? .zero(currency)
    }

    /// The next month's inputs with the recurring cost lines copied forward and the same profit and margin.
    ///
    /// One-off lines are left behind. The result needs no new check: its lines were valid here.
    public func copiedForward() -> CompanyPlanInputs {
        CompanyPlanInputs(
            checkedMonth: month.next, currency: currency, costLines: costLines.filter(\.isRecurringMonthly),
            targetProfit: targetProfit, grossMarginPercent: grossMarginPercent)
    }

    private init(
        checkedMonth: PlanMonth, currency: Currency, costLines: [CostLine], targetProfit: Money,
        grossMarginPercent: Decimal
    ) {
        self.month = checkedMonth
        self.currency = currency
        self.costLines = costLines
        self.targetProfit = targetProfit
        self.grossMarginPercent = grossMarginPercent
    }

    private static func checkAmount(
        _ amount: Money, field: String, currency: Currency, into errors: inout ValidationErrors
    ) {
        if amount.currency != currency {
            errors.add(
                field: field, code: "currency_mismatch", message: "Enter the amount in \(currency.code).")
        } else if amount.isNegative {
            errors.add(field: field, code: "negative", message: "Enter an amount of zero or more.")
        }
    }

    enum CodingKeys: String, CodingKey {
        case month
        case currency
        case costLines = "cost_lines"
        case targetProfit = "target_profit"
        case grossMarginPercent = "gross_margin_percent"
    }
}
