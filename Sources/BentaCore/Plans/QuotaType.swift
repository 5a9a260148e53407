import Foundation

/// What counts toward a quota type: a rule on each credit event (issue 13: several quota types per period).
///
/// "New customer" is decided on the credited document, never on the month: a sale is to a new customer when no
/// invoice had been issued to the account before it (``CreditEvent/isNewCustomer``) — before the invoice's issue
/// date for an invoice and the payments allocated to it, before the corrected invoice's issue date for a credit
/// note (so a credit note lands in the type its invoice counted in), before the day a deal is won for a deal.
public enum QuotaRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every credit: the plan's total.
    case all
    /// Credits for sales to new customers (no invoice issued to the account before the credited document).
    case newCustomers = "new_customers"
    /// Credits for sales to existing customers (an invoice was issued to the account before it).
    case existingCustomers = "existing_customers"

    /// True when `event` counts toward a quota of this rule. Clawbacks never count toward sales.
    public func counts(_ event: CreditEvent) -> Bool {
        guard event.sourceKind != .clawback else { return false }
        switch self {
        case .all: return true
        case .newCustomers: return event.isNewCustomer
        case .existingCustomers: return !event.isNewCustomer
        }
    }
}

/// One of a company's quota types: a code, a name and the rule that decides which credits count toward it.
///
/// Every company has the built-in type ``total`` (every credit), which is the plan share itself; the others are
/// defined by the head or the admin and split a manager's plan share per period by type (``TypeShare``).
public struct QuotaType: Hashable, Sendable, Codable {
    /// The code of the built-in type.
    public static let totalCode = "total"
    /// The built-in type: every credit, against the manager's whole plan share.
    public static let total = QuotaType(uncheckedCode: totalCode, name: "Total", rule: .all)
    /// The longest code accepted.
    public static let maximumCodeLength = 32
    /// The longest name accepted.
    public static let maximumNameLength = 80

    /// Lower-case letters, digits, `_` and `-`: "new", "existing", "key_accounts".
    public let code: String
    /// What people call it: "New customers".
    public let name: String
    /// What counts toward it.
    public let rule: QuotaRule

    /// Checks and creates a type: a code of lower-case letters, digits, `_` or `-` (`code`: "required",
    /// "too_long", "invalid"; "reserved" for `total`), a name (`name`: "required", "too_long") and a rule
    /// (`rule`: "invalid_choice").
    public static func checked(code: String, name: String, rule: String) throws(ValidationErrors) -> QuotaType {
        var errors = ValidationErrors()
        let cleanCode = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if let valid = checkCode(cleanCode, field: "code", into: &errors), valid == totalCode {
            errors.add(field: "code", code: "reserved", message: "“total” is the built-in type; choose another code.")
        }
        let cleanName = Validate.requiredText(name, field: "name", maxLength: maximumNameLength, into: &errors)
        let parsed = QuotaRule(rawValue: rule.trimmingCharacters(in: .whitespacesAndNewlines))
        if parsed == nil || parsed == .all {
            errors.add(
                field: "rule", code: "invalid_choice", message: "Choose new customers or existing customers.")
        }
        try errors.throwIfAny()
        return QuotaType(uncheckedCode: cleanCode, name: cleanName ?? name, rule: parsed ?? .all)
    }

    /// Checks a type code as typed (`field`: "required", "too_long", "invalid"); the clean code, or nil.
    @discardableResult
    public static func checkCode(_ code: String, field: String, into errors: inout ValidationErrors) -> String? {
        let clean = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.isEmpty {
            errors.add(field: field, code: "required", message: "Enter a code such as “new”.")
            return nil
        }
        if clean.count > maximumCodeLength {
            errors.add(field: field, code: "too_long", message: "Use at most \(maximumCodeLength) characters.")
            return nil
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        guard clean.allSatisfy(allowed.contains) else {
            errors.add(field: field, code: "invalid", message: "Use lower-case letters, digits, “_” and “-”.")
            return nil
        }
        return clean
    }

    /// A type as stored (already checked).
    public init(uncheckedCode code: String, name: String, rule: QuotaRule) {
        self.code = code
        self.name = name
        self.rule = rule
    }
}

/// One manager's plan share of one quota type in a version of a month's plan (the shares by type are entered by
/// hand, beside the split of the total).
public struct TypeShare: Hashable, Sendable, Codable {
    /// The manager's user id.
    public var managerID: String
    /// The quota type's code (never ``QuotaType/totalCode``).
    public var quotaType: String
    /// The manager's plan for the type.
    public var amount: Money

    /// Creates a share.
    public init(managerID: String, quotaType: String, amount: Money) {
        self.managerID = managerID
        self.quotaType = quotaType
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case managerID = "manager_id"
        case quotaType = "quota_type"
        case amount
    }
}

/// A manager's standing in one quota type for a month: the type's plan, the credits that count toward it,
/// attainment % and gap (DOMAIN.md §4, per type).
public struct TypedAttainment: Hashable, Sendable {
    /// The quota type.
    public let quotaType: QuotaType
    /// The manager's plan for the type (zero when their share is not split by it).
    public let plan: Money
    /// Σ the credits the type's rule counts.
    public let actual: Money
    /// actual ÷ plan × 100, one decimal; nil when the plan is zero.
    public let attainmentPercent: Decimal?
    /// plan − actual.
    public let gap: Money

    /// Measures a type: the credits (already limited to the day measured) that its rule counts, against `plan`.
    /// Throws `MoneyError` for mixed currencies or an overflow.
    public static func measure(
        _ type: QuotaType, plan: Money, credits: [CreditEvent]
    ) throws(MoneyError) -> TypedAttainment {
        let actual = try Money.sum(credits.filter(type.rule.counts).map(\.amount), currency: plan.currency)
        return TypedAttainment(
            quotaType: type, plan: plan, actual: actual, attainmentPercent: Attainment.percent(actual, of: plan),
            gap: try plan.subtracting(actual))
    }

    private init(quotaType: QuotaType, plan: Money, actual: Money, attainmentPercent: Decimal?, gap: Money) {
        self.quotaType = quotaType
        self.plan = plan
        self.actual = actual
        self.attainmentPercent = attainmentPercent
        self.gap = gap
    }
}
