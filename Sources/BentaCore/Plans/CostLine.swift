import Foundation

/// What an operating cost line is for; the kinds DOMAIN.md §4 names, plus free lines.
public enum CostKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Office or warehouse rent.
    case rent
    /// Taxes and government fees that do not depend on sales.
    case taxes
    /// Office salaries (not the managers' commission).
    case salaries
    /// Power, water, internet, telephone.
    case utilities
    /// Anything else; the line's label says what.
    case other
}

/// One operating cost of a month: what it is, how much, and whether it repeats every month.
///
/// Validated where it is used, by ``CompanyPlanInputs``: the label is required, the amount is not negative and is in
/// the plan's currency.
public struct CostLine: Hashable, Sendable, Codable {
    /// The longest label accepted.
    public static let maximumLabelLength = 200

    /// The kind of cost.
    public var kind: CostKind
    /// The name shown on the plan ("Office rent, Makati").
    public var label: String
    /// The monthly amount.
    public var amount: Money
    /// True when the line repeats every month and is copied forward to the next month's plan.
    public var isRecurringMonthly: Bool

    /// Creates a cost line.
    public init(kind: CostKind, label: String, amount: Money, isRecurringMonthly: Bool) {
        self.kind = kind
        self.label = label
        self.amount = amount
        self.isRecurringMonthly = isRecurringMonthly
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case label
        case amount
        case isRecurringMonthly = "is_recurring_monthly"
    }
}
