import Foundation

/// A company plan split among managers, by weights or by hand (DOMAIN.md §4).
///
/// By weights the shares always add up to the plan exactly: each share is the plan × weight ÷ Σ weights, and the
/// centavos lost to rounding go by the largest-remainder method (``Rounding/allocate(_:weights:)``), ties to the
/// manager listed first. By hand the amounts are taken as given and ``difference`` says how far they are from the
/// plan, so a page can show it; pass `requireExact` to refuse a split that does not add up.
public struct PlanSplit: Hashable, Sendable, Codable {
    /// How the weights of a split by weights are read.
    public enum WeightScale: String, Hashable, Sendable, Codable {
        /// Any non-negative numbers (territory potential, trailing sales, capacity); only their ratios count.
        case relative
        /// Percentages of the plan, which must add up to exactly 100.
        case percent
    }

    /// One manager's weight in a split by weights (`value`), at least zero.
    public typealias Weight = ManagerShare<Decimal>

    /// One manager's plan in a split by hand (`value`), at least zero.
    public typealias Amount = ManagerShare<Money>

    /// One manager's part of the plan.
    public struct Share: Hashable, Sendable, Codable {
        /// The manager's user id.
        public let managerID: String
        /// The manager's plan for the month.
        public let amount: Money
        /// The weight the share came from; nil for a split by hand.
        public let weight: Decimal?

        enum CodingKeys: String, CodingKey {
            case managerID = "manager_id"
            case amount
            case weight
        }
    }

    /// The company plan being split.
    public let plan: Money
    /// The managers' shares, in the order given.
    public let shares: [Share]
    /// plan − Σ shares: zero for every split by weights; for a split by hand, what is still unassigned (negative
    /// when the managers carry more than the plan).
    public let difference: Money

    /// True when the shares add up to the plan exactly.
    public var addsUp: Bool { difference.isZero }

    /// Splits `plan` by weights; the shares add up to the plan exactly.
    ///
    /// Errors (`ValidationErrors`): no managers (`weights`: "required"), a blank manager id
    /// (`weights[i].manager_id`: "required") or one listed twice ("duplicate"), a negative weight
    /// (`weights[i].weight`: "negative"), weights that are all zero (`weights`: "all_zero"), percentages that do not
    /// add up to 100 (`weights`: "not_100"), a negative plan (`plan`: "negative").
    public static func byWeights(
        plan: Money, weights: [Weight], scale: WeightScale = .relative
    ) throws(ValidationErrors) -> PlanSplit {
        var errors = ValidationErrors()
        checkPlan(plan, into: &errors)
        Weight.checkManagers(weights, listField: "weights", into: &errors)
        for (index, entry) in weights.enumerated() where entry.value.isNaN || entry.value < 0 {
            errors.add(
                field: "weights[\(index)].weight", code: "negative", message: "Enter a weight of zero or more.")
        }
        let total = Weight.total(of: weights)
        if !weights.isEmpty, errors.isEmpty {
            if total.isZero {
                errors.add(field: "weights", code: "all_zero", message: "Give at least one manager a weight.")
            } else if scale == .percent {
                Weight.checkHundredPercent(total, listField: "weights", into: &errors)
            }
        }
        try errors.throwIfAny()
        let amounts = Weight.allocate(plan, among: weights)
        let shares = zip(weights, amounts).map { entry, amount in
            Share(managerID: entry.trimmedManagerID, amount: amount, weight: entry.value)
        }
        return PlanSplit(plan: plan, shares: shares, difference: .zero(plan.currency))
    }

    /// Takes the managers' plans as given and reports the difference from the company plan.
    ///
    /// Errors (`ValidationErrors`): as ``byWeights(plan:weights:scale:)`` for the managers and the plan, plus a
    /// negative amount (`amounts[i].amount`: "negative") or one in another currency ("currency_mismatch"), amounts
    /// too large to add up (`amounts`: "too_large"), and with `requireExact` a split that does not add up
    /// (`amounts`: "does_not_add_up").
    public static func byHand(
        plan: Money, amounts: [Amount], requireExact: Bool = false
    ) throws(ValidationErrors) -> PlanSplit {
        var errors = ValidationErrors()
        checkPlan(plan, into: &errors)
        Amount.checkManagers(amounts, listField: "amounts", into: &errors)
        for (index, entry) in amounts.enumerated() {
            let field = "amounts[\(index)].amount"
            if entry.value.currency != plan.currency {
                errors.add(
                    field: field, code: "currency_mismatch", message: "Enter the amount in \(plan.currency.code).")
            } else if entry.value.isNegative {
                errors.add(field: field, code: "negative", message: "Enter an amount of zero or more.")
            }
        }
        try errors.throwIfAny()
        guard let assigned = try? Money.sum(amounts.map(\.value), currency: plan.currency),
            let difference = try? plan.subtracting(assigned)
        else {
            errors.add(field: "amounts", code: "too_large", message: "The amounts are too large to add up.")
            throw errors
        }
        if requireExact, !difference.isZero {
            errors.add(
                field: "amounts", code: "does_not_add_up",
                message: "The managers' plans add up to \(assigned.decimalString), not to the company plan "
                    + "\(plan.decimalString).")
            throw errors
        }
        let shares = amounts.map { Share(managerID: $0.trimmedManagerID, amount: $0.value, weight: nil) }
        return PlanSplit(plan: plan, shares: shares, difference: difference)
    }

    private static func checkPlan(_ plan: Money, into errors: inout ValidationErrors) {
        if plan.isNegative {
            errors.add(field: "plan", code: "negative", message: "The plan cannot be negative.")
        }
    }

    private init(plan: Money, shares: [Share], difference: Money) {
        self.plan = plan
        self.shares = shares
        self.difference = difference
    }
}
