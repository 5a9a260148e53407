import Foundation

/// One manager's figure in a split among managers: a weight or percentage (``PlanSplit/Weight``,
/// ``CreditSplit/Share``) or an amount (``PlanSplit/Amount``).
public struct ManagerShare<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The manager's user id.
    public var managerID: String
    /// The manager's weight, percentage or amount.
    public var value: Value

    /// Creates a share.
    public init(managerID: String, value: Value) {
        self.managerID = managerID
        self.value = value
    }

    /// The manager id without surrounding blanks, as a split stores it.
    public var trimmedManagerID: String { managerID.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Checks the managers of a split, the one check every split shares: at least one (`listField`: "required"),
    /// none blank (`listField[i].manager_id`: "required") or listed twice ("duplicate").
    public static func checkManagers(
        _ shares: [ManagerShare], listField: String, into errors: inout ValidationErrors
    ) {
        guard !shares.isEmpty else {
            errors.add(field: listField, code: "required", message: "Choose at least one manager.")
            return
        }
        var seen = Set<String>()
        for (index, share) in shares.enumerated() {
            let field = "\(listField)[\(index)].manager_id"
            let id = share.trimmedManagerID
            if id.isEmpty {
                errors.add(field: field, code: "required", message: "Choose a manager.")
            } else if !seen.insert(id).inserted {
                errors.add(field: field, code: "duplicate", message: "This manager is listed twice.")
            }
        }
    }
}

extension ManagerShare: Codable where Value: Codable {
    enum CodingKeys: String, CodingKey {
        case managerID = "manager_id"
        case value
    }
}

extension ManagerShare where Value == Decimal {
    /// Creates a manager's weight in a split by weights (``PlanSplit/Weight``).
    public init(managerID: String, weight: Decimal) {
        self.init(managerID: managerID, value: weight)
    }

    /// Creates a manager's percentage of a credit split (``CreditSplit/Share``).
    public init(managerID: String, percent: Decimal) {
        self.init(managerID: managerID, value: percent)
    }

    /// The shares' weights added up.
    static func total(of shares: [ManagerShare]) -> Decimal {
        shares.map(\.value).reduce(Decimal(0), +)
    }

    /// Adds `listField`: "not_100" unless `total`, a sum of percentages, is exactly 100.
    static func checkHundredPercent(_ total: Decimal, listField: String, into errors: inout ValidationErrors) {
        if total != 100 {
            errors.add(
                field: listField, code: "not_100",
                message: "The percentages add up to \(total)%; they must add up to 100%.")
        }
    }

    /// Splits `amount` by the shares' weights with ``Rounding/allocate(_:weights:)``: the parts add up to the amount
    /// exactly (largest remainder, ties to the manager listed first).
    static func allocate(_ amount: Money, among shares: [ManagerShare]) -> [Money] {
        Rounding.allocate(amount, weights: shares.map(\.value))
    }
}

extension ManagerShare where Value == Money {
    /// Creates a manager's amount in a split by hand (``PlanSplit/Amount``).
    public init(managerID: String, amount: Money) {
        self.init(managerID: managerID, value: amount)
    }
}
