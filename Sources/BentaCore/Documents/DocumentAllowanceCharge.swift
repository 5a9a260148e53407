import Foundation

/// A document-level allowance (a discount on the whole document) or charge (freight, handling), EN 16931 BG-20/BG-21.
///
/// It carries its own tax category and rate, and so changes the taxable base of that one (category, rate) group.
/// Its amount is positive and in the document's price mode (VAT-inclusive on a VAT-inclusive document).
public struct DocumentAllowanceCharge: Sendable, Hashable, Codable {
    /// Whether the amount is taken off (allowance) or added (charge).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case allowance
        case charge
    }

    /// Allowance or charge.
    public var kind: Kind
    /// The amount, positive, in the document currency.
    public var amount: Money
    /// The tax category of the group the amount belongs to.
    public var taxCategory: TaxCategory
    /// The VAT rate in percent of that group.
    public var ratePercent: Decimal
    /// Why the amount is there (BT-97/BT-104), printed on the document.
    public var reason: String?

    /// Creates an allowance or charge; `ratePercent` defaults to the category's PH rate (12% or 0%).
    public init(
        kind: Kind, amount: Money, taxCategory: TaxCategory = .vatable, ratePercent: Decimal? = nil,
        reason: String? = nil
    ) {
        self.kind = kind
        self.amount = amount
        self.taxCategory = taxCategory
        self.ratePercent = ratePercent ?? taxCategory.ratePercent()
        self.reason = reason
    }

    /// A document allowance (discount) of `amount`.
    public static func allowance(
        _ amount: Money, taxCategory: TaxCategory = .vatable, ratePercent: Decimal? = nil, reason: String? = nil
    ) -> DocumentAllowanceCharge {
        DocumentAllowanceCharge(
            kind: .allowance, amount: amount, taxCategory: taxCategory, ratePercent: ratePercent, reason: reason)
    }

    /// A document charge of `amount`.
    public static func charge(
        _ amount: Money, taxCategory: TaxCategory = .vatable, ratePercent: Decimal? = nil, reason: String? = nil
    ) -> DocumentAllowanceCharge {
        DocumentAllowanceCharge(
            kind: .charge, amount: amount, taxCategory: taxCategory, ratePercent: ratePercent, reason: reason)
    }

    /// The amount with the sign it has in the document total: negative for an allowance.
    public func signedAmount() throws(MoneyError) -> Money {
        kind == .allowance ? try amount.negated() : amount
    }

    /// Checks the amount, currency and rate; field names are relative ("amount", "ratePercent").
    public func validate(currency: Currency) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if amount.currency != currency {
            errors.add(
                field: "amount", code: "currency_mismatch",
                message: "Must be in the document currency \(currency.code).")
        } else if amount.isNegative {
            errors.add(field: "amount", code: "negative", message: "Must not be negative.")
        }
        taxCategory.checkRate(ratePercent, field: "ratePercent", into: &errors)
        try errors.throwIfAny()
    }
}
