import Foundation

/// A stored line of a deal, quote or invoice: the computed `DocumentLine` plus the catalogue entry it came from.
public struct LineItem: Sendable, Hashable {
    /// The catalogue product, when the line was picked from it (free-text lines have none).
    public var productID: Product.ID?
    public var line: DocumentLine

    public init(productID: Product.ID? = nil, line: DocumentLine) {
        self.productID = productID
        self.line = line
    }
}

/// A decimal typed by a person or sent as a JSON string: digits with an optional point, never a float.
public enum DecimalText {
    /// The value of `text` such as "2.5", "-1" or "1500.00"; nil for anything else ("1,500", "1e3", "", "NaN").
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 32, !trimmed.isEmpty else { return nil }
        var digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        guard let first = digits.first, first.isASCII, first.isNumber else { return nil }
        var seenPoint = false
        while let character = digits.first {
            digits = digits.dropFirst()
            if character == "." {
                guard !seenPoint, let next = digits.first, next.isASCII, next.isNumber else { return nil }
                seenPoint = true
            } else if !(character.isASCII && character.isNumber) {
                return nil
            }
        }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The plain decimal text of `value` ("2.5", "1500"), as stored and sent.
    public static func format(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }
}

/// A line as typed in a form or sent in an API body, before it is checked and completed from the catalogue.
///
/// Blank fields take the product's values: its name as the description, its unit, its price (converted into the
/// document's price mode at its own VAT rate), its tax category and rate. A free-text line needs a description
/// and a price. Quantity defaults to 1.
public struct LineDraft: Sendable, Hashable {
    public var productID = ""
    public var description = ""
    public var quantity = ""
    public var unit = ""
    public var unitPrice = ""
    /// A percentage off the line (0…100); excludes `discountAmount`.
    public var discountPercent = ""
    /// A fixed amount off the line, in the document currency and price mode; excludes `discountPercent`.
    public var discountAmount = ""
    public var taxCategory = ""
    public var ratePercent = ""

    /// Decimals kept when a catalogue price is converted between VAT-inclusive and VAT-exclusive.
    public static let convertedPriceScale = 6
    /// The most lines a document takes.
    public static let maxLines = 200

    public init() {}

    public init(_ item: LineItem, currency: Currency) {
        productID = item.productID?.description ?? ""
        description = item.line.description
        quantity = DecimalText.format(item.line.quantity)
        unit = item.line.unit
        unitPrice = DecimalText.format(item.line.unitPrice)
        switch item.line.discount {
        case .percent(let rate)?: discountPercent = DecimalText.format(rate)
        case .amount(let money)?: discountAmount = money.decimalString
        case nil: break
        }
        taxCategory = item.line.taxCategory.rawValue
        ratePercent = DecimalText.format(item.line.ratePercent)
    }

    /// The product id typed, if any; an unparseable one is reported by `resolved`.
    public var productIDValue: Product.ID? {
        Product.ID(string: productID.trimmingCharacters(in: .whitespaces))
    }

    /// Checks the line and completes it from `product` (already looked up by the caller for `productIDValue`).
    ///
    /// Field names are relative ("quantity", "unit_price"); codes: "unknown_product" (an id given but no product
    /// passed), "required", "invalid_number", "negative", "zero", "out_of_range", "both_discounts",
    /// "currency_mismatch" (a catalogue price in another currency and no price typed), "exceeds_line_amount".
    ///
    /// A seller that is not VAT-registered charges no VAT (RR 7-2024): unless a category is typed, its lines are
    /// exempt at 0% whatever the catalogue says, and a catalogue price is taken as it stands.
    public func resolved(
        product: Product?, currency: Currency, pricesIncludeTax: Bool, standardRatePercent: Decimal,
        sellerIsVATRegistered: Bool = true
    ) throws(ValidationErrors) -> LineItem {
        var errors = ValidationErrors()
        let productText = productID.trimmingCharacters(in: .whitespaces)
        if !productText.isEmpty && product == nil {
            errors.add(field: "product_id", code: "unknown_product", message: "Choose a product from the catalogue.")
        }
        let fields = product?.fields
        var description = self.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty, let fields { description = fields.name }
        var unit = self.unit.trimmingCharacters(in: .whitespaces)
        if unit.isEmpty, let fields { unit = fields.unit }
        let quantity = Self.number(quantity, field: "quantity", default: 1, into: &errors)
        let categoryText = taxCategory.trimmingCharacters(in: .whitespaces)
        let catalogueCategory = sellerIsVATRegistered ? fields?.taxCategory : nil
        var category = catalogueCategory ?? (sellerIsVATRegistered ? .vatable : .exempt)
        if !categoryText.isEmpty {
            if let chosen = TaxCategory(rawValue: categoryText) {
                category = chosen
            } else {
                errors.add(
                    field: "tax_category", code: "invalid_choice", message: "Choose vatable, zero_rated or exempt.")
            }
        }
        var rate =
            category == catalogueCategory
            ? (fields?.ratePercent(standard: standardRatePercent) ?? 0)
            : category.ratePercent(standard: standardRatePercent)
        if !ratePercent.trimmingCharacters(in: .whitespaces).isEmpty {
            if let typed = Self.number(ratePercent, field: "rate_percent", default: 0, into: &errors) { rate = typed }
        }
        var price: Decimal?
        if unitPrice.trimmingCharacters(in: .whitespaces).isEmpty {
            if let fields {
                if fields.unitPrice.currency != currency {
                    errors.add(
                        field: "unit_price", code: "currency_mismatch",
                        message: "The catalogue price is in \(fields.unitPrice.currency.code); enter the price in "
                            + "\(currency.code).")
                } else {
                    price = Self.convert(
                        fields.unitPrice, includesTax: fields.priceIncludesTax,
                        ratePercent: sellerIsVATRegistered ? fields.ratePercent(standard: standardRatePercent) : 0,
                        toInclusive: pricesIncludeTax)
                }
            } else if productText.isEmpty {
                errors.add(field: "unit_price", code: "required", message: "Enter the unit price.")
            }
        } else {
            price = Self.number(unitPrice, field: "unit_price", default: 0, into: &errors)
        }
        var discount: LineDiscount?
        let percentText = discountPercent.trimmingCharacters(in: .whitespaces)
        let amountText = discountAmount.trimmingCharacters(in: .whitespaces)
        if !percentText.isEmpty && !amountText.isEmpty {
            errors.add(
                field: "discount_amount", code: "both_discounts",
                message: "Give a discount percent or an amount, not both."
            )
        } else if !percentText.isEmpty {
            if let value = Self.number(percentText, field: "discount_percent", default: 0, into: &errors) {
                discount = .percent(value)
            }
        } else if !amountText.isEmpty {
            if let money = try? Money(decimalString: amountText, currency: currency) {
                discount = .amount(money)
            } else {
                errors.add(
                    field: "discount_amount", code: "invalid_number",
                    message: "Enter an amount such as 100.00 (at most \(currency.minorUnitDigits) decimals).")
            }
        }
        try errors.throwIfAny()
        guard let quantity, let price else { throw errors }
        let line = DocumentLine(
            description: description, quantity: quantity, unit: unit, unitPrice: price, discount: discount,
            taxCategory: category, ratePercent: rate)
        do throws(ValidationErrors) {
            try line.validate(currency: currency)
        } catch {
            var names = Self.wireNames
            names["discount"] = percentText.isEmpty ? "discount_amount" : "discount_percent"
            throw error.renamingFields(names)
        }
        return LineItem(productID: product?.id, line: line)
    }

    /// `DocumentLine`'s field names as the API and forms spell them.
    static let wireNames = [
        "unitPrice": "unit_price", "ratePercent": "rate_percent", "discount": "discount",
    ]

    private static func number(
        _ text: String, field: String, default value: Decimal, into errors: inout ValidationErrors
    ) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return value }
        guard let parsed = DecimalText.parse(trimmed) else {
            errors.add(field: field, code: "invalid_number", message: "Enter a number such as 2.5 (no commas).")
            return nil
        }
        return parsed
    }

    /// A catalogue price in the document's price mode: inclusive ↔ exclusive at the product's rate.
    static func convert(_ price: Money, includesTax: Bool, ratePercent: Decimal, toInclusive: Bool) -> Decimal {
        let major = price.decimalValue
        if includesTax == toInclusive || ratePercent.isZero { return major }
        let factor = 1 + ratePercent / 100
        let converted = toInclusive ? major * factor : major / factor
        return Rounding.roundHalfUp(converted, scale: convertedPriceScale)
    }
}

extension LineDraft {
    /// Checks a whole list of lines, reporting every problem under "lines[i].field"; `products` holds the ones the
    /// caller found for the drafts' product ids (missing ones are reported as unknown).
    public static func resolveAll(
        _ drafts: [LineDraft], products: [Product.ID: Product], currency: Currency, pricesIncludeTax: Bool,
        standardRatePercent: Decimal, sellerIsVATRegistered: Bool = true
    ) throws(ValidationErrors) -> [LineItem] {
        var errors = ValidationErrors()
        if drafts.count > maxLines {
            errors.add(field: "lines", code: "too_many", message: "At most \(maxLines) lines.")
            throw errors
        }
        var items: [LineItem] = []
        for (index, draft) in drafts.enumerated() {
            do throws(ValidationErrors) {
                let product = draft.productIDValue.flatMap { products[$0] }
                items.append(
                    try draft.resolved(
                        product: product, currency: currency, pricesIncludeTax: pricesIncludeTax,
                        standardRatePercent: standardRatePercent, sellerIsVATRegistered: sellerIsVATRegistered))
            } catch {
                errors.merge(error, prefix: "lines[\(index)].")
            }
        }
        try errors.throwIfAny()
        return items
    }
}

extension Money {
    /// The amount in major units as an exact decimal: 1234.50 for 123450 centavos.
    public var decimalValue: Decimal {
        Decimal(minorUnits) / Decimal(currency.minorUnitsPerMajorUnit)
    }
}

extension ValidationErrors {
    /// The same problems with field names mapped through `names` (names not in it stay as they are).
    public func renamingFields(_ names: [String: String]) -> ValidationErrors {
        ValidationErrors(
            errors.map { FieldError(field: names[$0.field] ?? $0.field, code: $0.code, message: $0.message) })
    }
}

extension DocumentLine {
    /// The unit price as printed: grouped with the currency's decimals ("38,500.00") when it has no more than those,
    /// else rounded half up to `shownPriceDecimals` with trailing zeros dropped down to the currency's
    /// ("16,955.3571" for a stored 16955.357143).
    ///
    /// Only the text is rounded: the stored price keeps every decimal and the line amount is computed from it.
    public func unitPriceText(currency: Currency) -> String {
        let shown = Rounding.roundHalfUp(unitPrice, scale: max(Self.shownPriceDecimals, currency.minorUnitDigits))
        let text = DecimalText.format(shown)
        if let money = try? Money(decimalString: text, currency: currency) {
            return MoneyFormatter().formatPlain(money)
        }
        let isNegative = text.hasPrefix("-")
        let parts = text.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        var grouped = ""
        for (index, digit) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return (isNegative ? "-" : "") + grouped + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// The most decimals a unit price is shown with (EN 16931 lets prices carry more; people read four).
    public static let shownPriceDecimals = 4
}
