import Foundation

/// One line of a quote, invoice or credit note: what was sold, how many, at what unit price, and how it is taxed.
///
/// The unit price is in the document's price mode (VAT-exclusive, or VAT-inclusive when the document says so) and
/// may carry more decimals than the currency; the line amount is rounded once, to the currency's minor unit (BT-131).
public struct DocumentLine: Sendable, Hashable, Codable {
    /// Description or nature of the goods or service (a BIR critical field).
    public var description: String
    /// How many units, above zero; decimals allowed (2.5 hours).
    public var quantity: Decimal
    /// The unit of measure as printed ("pc", "hr", "kg"); may be empty.
    public var unit: String
    /// The price of one unit in major units of the document currency, zero or more; any number of decimals.
    public var unitPrice: Decimal
    /// A discount shown on the line, if any.
    public var discount: LineDiscount?
    /// The tax category of the line.
    public var taxCategory: TaxCategory
    /// The VAT rate in percent (12 for PH VATable sales, 0 for zero-rated and exempt ones).
    public var ratePercent: Decimal

    /// The longest description accepted.
    public static let maxDescriptionLength = 1000
    /// The longest unit of measure accepted.
    public static let maxUnitLength = 20

    /// Creates a line; `ratePercent` defaults to the category's PH rate (12% VATable, otherwise 0%).
    ///
    /// The initializer stores what it is given; call `validate(currency:)` (as `DocumentTotals.compute` does).
    public init(
        description: String, quantity: Decimal, unit: String = "", unitPrice: Decimal, discount: LineDiscount? = nil,
        taxCategory: TaxCategory = .vatable, ratePercent: Decimal? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxCategory = taxCategory
        self.ratePercent = ratePercent ?? taxCategory.ratePercent()
    }

    /// The line before its discount: quantity × unit price, rounded half up to the currency's minor unit.
    public func grossAmount(currency: Currency) throws(MoneyError) -> Money {
        try Rounding.toMoney(quantity * unitPrice, currency: currency)
    }

    /// The discount in money; a percentage is taken of `grossAmount` and rounded first (10 × 25.2125…% → 2.52).
    public func discountAmount(currency: Currency) throws(MoneyError) -> Money {
        guard let discount else { return .zero(currency) }
        return try discount.amount(on: grossAmount(currency: currency))
    }

    /// The line amount: rounded gross minus rounded discount (EN 16931 BT-131), in the document's price mode.
    ///
    /// 1 × 10.00 − 2.00 = 8.00. Equal to round(quantity × price − discount), since the discount is whole minor units.
    public func amount(currency: Currency) throws(MoneyError) -> Money {
        try grossAmount(currency: currency).subtracting(discountAmount(currency: currency))
    }

    /// Checks every field and throws all problems at once; field names are relative ("quantity", "discount").
    ///
    /// Codes: "required" and "too_long" (text), "invalid" (NaN), "negative" (quantity, price or discount below
    /// zero), "zero" (quantity), "out_of_range" (percent or rate outside 0…100), "exceeds_line_amount" (discount
    /// above the line), "currency_mismatch" (amount discount), "must_be_positive"/"must_be_zero" (rate vs category).
    public func validate(currency: Currency) throws(ValidationErrors) {
        var errors = ValidationErrors()
        _ = Validate.requiredText(
            description, field: "description", maxLength: Self.maxDescriptionLength, into: &errors)
        _ = Validate.optionalText(unit, field: "unit", maxLength: Self.maxUnitLength, into: &errors)
        if quantity.isNaN {
            errors.add(field: "quantity", code: "invalid", message: "Enter a number.")
        } else if quantity < 0 {
            errors.add(field: "quantity", code: "negative", message: "Must not be negative.")
        } else if quantity.isZero {
            errors.add(field: "quantity", code: "zero", message: "Must be more than zero.")
        }
        if unitPrice.isNaN {
            errors.add(field: "unitPrice", code: "invalid", message: "Enter a number.")
        } else if unitPrice < 0 {
            errors.add(field: "unitPrice", code: "negative", message: "Must not be negative.")
        }
        checkDiscount(currency: currency, into: &errors)
        taxCategory.checkRate(ratePercent, field: "ratePercent", into: &errors)
        try errors.throwIfAny()
    }

    private func checkDiscount(currency: Currency, into errors: inout ValidationErrors) {
        switch discount {
        case nil:
            return
        case .percent(let rate):
            if rate.isNaN {
                errors.add(field: "discount", code: "invalid", message: "Enter a number.")
            } else if rate < 0 || rate > 100 {
                errors.add(field: "discount", code: "out_of_range", message: "Must be between 0 and 100 percent.")
            }
        case .amount(let money):
            if money.currency != currency {
                errors.add(
                    field: "discount", code: "currency_mismatch",
                    message: "Must be in the document currency \(currency.code).")
            } else if money.isNegative {
                errors.add(field: "discount", code: "negative", message: "Must not be negative.")
            } else if !quantity.isNaN, !unitPrice.isNaN, quantity >= 0, unitPrice >= 0 {
                // An unrepresentable gross is reported by the compute step as an overflow.
                if let gross = try? grossAmount(currency: currency), money.minorUnits > gross.minorUnits {
                    errors.add(
                        field: "discount", code: "exceeds_line_amount",
                        message: "Must not be more than the line amount.")
                }
            }
        }
    }
}
