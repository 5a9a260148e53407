import Foundation

/// A product or service in the company's catalogue: what deals, quotes and invoices are made of.
public struct Product: Sendable, Hashable {
    public typealias ID = Identifier<Product>

    public var id: ID
    public var companyID: Company.ID
    public var fields: ProductFields
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(id: ID, companyID: Company.ID, fields: ProductFields, createdAt: Date, updatedAt: Date, version: Int64)
    {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// The editable content of a catalogue entry.
public struct ProductFields: Sendable, Hashable {
    /// The company's own code (SKU), unique in the catalogue regardless of case.
    public var code: String
    public var name: String
    public var description: String?
    /// The selling unit as printed on documents: pc, hour, month, …
    public var unit: String
    public var unitPrice: Money
    /// Whether `unitPrice` already contains VAT (a shelf price) or is net of it.
    public var priceIncludesTax: Bool
    public var taxCategory: TaxCategory
    /// The VAT rate in percent for a VATable product; nil uses the company's standard rate. Always nil otherwise.
    public var taxRatePercent: Decimal?
    /// Inactive products stay on old documents but are not offered for new ones.
    public var isActive: Bool

    public init(
        code: String, name: String, description: String? = nil, unit: String, unitPrice: Money,
        priceIncludesTax: Bool = false, taxCategory: TaxCategory = .vatable, taxRatePercent: Decimal? = nil,
        isActive: Bool = true
    ) {
        self.code = code
        self.name = name
        self.description = description
        self.unit = unit
        self.unitPrice = unitPrice
        self.priceIncludesTax = priceIncludesTax
        self.taxCategory = taxCategory
        self.taxRatePercent = taxRatePercent
        self.isActive = isActive
    }

    /// The rate in force, given the company's standard VAT rate.
    public func ratePercent(standard: Decimal) -> Decimal {
        taxCategory == .vatable ? taxRatePercent ?? standard : 0
    }
}

/// A product as typed in a form or an API body, before validation.
public struct ProductDraft: Sendable, Hashable {
    /// Units offered in forms; any other short unit is accepted too.
    public static let commonUnits = ["pc", "box", "set", "hour", "day", "month", "year", "license", "kg", "lot"]

    public var code = ""
    public var name = ""
    public var description = ""
    public var unit = ""
    public var unitPrice = ""
    public var currency = ""
    public var priceIncludesTax = false
    public var taxCategory = ""
    public var taxRatePercent = ""
    public var isActive = true

    public init() {}

    public init(_ fields: ProductFields) {
        code = fields.code
        name = fields.name
        description = fields.description ?? ""
        unit = fields.unit
        unitPrice = fields.unitPrice.decimalString
        currency = fields.unitPrice.currency.code
        priceIncludesTax = fields.priceIncludesTax
        taxCategory = fields.taxCategory.rawValue
        taxRatePercent = fields.taxRatePercent.map { "\($0)" } ?? ""
        isActive = fields.isActive
    }

    /// Checks every field and reports all problems at once.
    public func validated(defaultCurrency: Currency) throws(ValidationErrors) -> ProductFields {
        var errors = ValidationErrors()
        let code = Validate.requiredText(code, field: "code", maxLength: 40, into: &errors)
        if let code, code.contains(where: { $0.isWhitespace || $0.isNewline }) {
            errors.add(field: "code", code: "invalid_code", message: "A product code has no spaces, e.g. SVC-INSTALL.")
        }
        let name = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        let description = Validate.optionalText(description, field: "description", maxLength: 4000, into: &errors)
        let unit = Validate.requiredText(unit, field: "unit", maxLength: 20, into: &errors)
        let currencyCode = currency.trimmingCharacters(in: .whitespaces).uppercased()
        let money = currencyCode.isEmpty ? defaultCurrency : Currency(code: currencyCode)
        if money == nil {
            errors.add(field: "currency", code: "invalid_currency", message: "Use a currency code such as PHP.")
        }
        var price: Money?
        if let money {
            let text = unitPrice.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                errors.add(field: "unit_price", code: "required", message: "This field is required.")
            } else if let parsed = try? Money(decimalString: text, currency: money) {
                if parsed.isNegative {
                    errors.add(field: "unit_price", code: "negative", message: "The unit price cannot be negative.")
                } else {
                    price = parsed
                }
            } else {
                errors.add(
                    field: "unit_price", code: "invalid_amount",
                    message: "Enter a price such as 1500.00 (at most \(money.minorUnitDigits) decimals, no commas).")
            }
        }
        let categoryText = taxCategory.trimmingCharacters(in: .whitespaces)
        let category = categoryText.isEmpty ? TaxCategory.vatable : TaxCategory(rawValue: categoryText)
        if category == nil {
            errors.add(
                field: "tax_category", code: "invalid_choice", message: "Choose vatable, zero_rated or exempt.")
        }
        var rate: Decimal?
        let rateText = taxRatePercent.trimmingCharacters(in: .whitespaces)
        if !rateText.isEmpty {
            if let parsed = Decimal(string: rateText, locale: Locale(identifier: "en_US_POSIX")),
                !parsed.isNaN, parsed >= 0, parsed <= 100, rateText.allSatisfy({ $0.isNumber || $0 == "." })
            {
                if category != .vatable && parsed != 0 {
                    errors.add(
                        field: "tax_rate_percent", code: "not_allowed",
                        message: "Only a VATable product carries a VAT rate.")
                } else {
                    rate = category == .vatable ? parsed : nil
                }
            } else {
                errors.add(
                    field: "tax_rate_percent", code: "out_of_range", message: "Enter a rate from 0 to 100, e.g. 12.")
            }
        }
        try errors.throwIfAny()
        guard let code, let name, let unit, let price, let category else { throw errors }
        return ProductFields(
            code: code, name: name, description: description, unit: unit, unitPrice: price,
            priceIncludesTax: category == .vatable ? priceIncludesTax : false, taxCategory: category,
            taxRatePercent: rate, isActive: isActive)
    }
}
