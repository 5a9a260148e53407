import Foundation

/// A document-level allowance (a discount on the whole document) or charge (freight, handling), EN 16931 BG-20/BG-21.
///
/// It carries its own tax category and rate, and so changes the taxable base of that one (category, rate) group.
/// Its amount is positive and in the document's price mode (VAT-inclusive on a VAT-inclusive document). An allowance
/// taken as a percentage of the order (see `PercentageAllowance`) also keeps that percentage and the amount it was
/// taken of, so it can be taken again when the lines change; stored allowances without them still decode.
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
    /// For an allowance taken as a percentage of the order: the percentage (BT-94), above 0 and at most 100.
    public var percent: Decimal?
    /// For an allowance taken as a percentage: the amount it was taken of (BT-93), its group's lines in the
    /// document's price mode.
    public var baseAmount: Money?

    /// Creates an allowance or charge; `ratePercent` defaults to the category's PH rate (12% or 0%).
    public init(
        kind: Kind, amount: Money, taxCategory: TaxCategory = .vatable, ratePercent: Decimal? = nil,
        reason: String? = nil, percent: Decimal? = nil, baseAmount: Money? = nil
    ) {
        self.kind = kind
        self.amount = amount
        self.taxCategory = taxCategory
        self.ratePercent = ratePercent ?? taxCategory.ratePercent()
        self.reason = reason
        self.percent = percent
        self.baseAmount = baseAmount
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

    /// The English label a printed document (PDF, print view) gives it beside its VAT-exclusive amount:
    /// "Less: Discount 5% (VATable)", "Add: Delivery to Cebu (VAT-exempt)"; ", net of VAT" is added inside the
    /// brackets when the document's prices include VAT and the rate is above zero (the amount printed then differs
    /// from the one entered).
    public func printedLabel(pricesIncludeTax: Bool) -> String {
        let isCharge = kind == .charge
        var label = (isCharge ? "Add: " : "Less: ") + (reason ?? (isCharge ? "Charge" : "Discount"))
        if let percent { label += " \(DecimalText.format(percent))%" }
        let category =
            switch taxCategory {
            case .vatable: "VATable"
            case .zeroRated: "zero-rated"
            case .exempt: "VAT-exempt"
            }
        return label + " (\(category)\(pricesIncludeTax && ratePercent > 0 ? ", net of VAT" : ""))"
    }

    /// Checks the amount, currency, rate, percentage and base; field names are relative ("amount", "ratePercent",
    /// "percent", "baseAmount").
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
        if let percent {
            if kind == .charge {
                errors.add(
                    field: "percent", code: "percent_not_allowed",
                    message: "Only a discount can be a percentage; give a charge as an amount.")
            } else {
                PercentageAllowance.checkPercent(percent, field: "percent", into: &errors)
            }
        }
        if let baseAmount {
            if baseAmount.currency != currency {
                errors.add(
                    field: "baseAmount", code: "currency_mismatch",
                    message: "Must be in the document currency \(currency.code).")
            } else if baseAmount.isNegative {
                errors.add(field: "baseAmount", code: "negative", message: "Must not be negative.")
            }
        }
        try errors.throwIfAny()
    }
}
