import Foundation

/// A draft invoice as typed or sent; nil members stay as they are (on create: the defaults).
public struct InvoiceDraft: Sendable, Hashable {
    public var accountID: String?
    /// "" clears the contact.
    public var contactID: String?
    public var currency: String?
    public var pricesIncludeTax: Bool?
    public var paymentTerms: String?
    public var notes: String?
    public var lines: [LineDraft]?
    /// A document-level discount in the document's price mode ("" removes it), and its tax category.
    public var discount: String?
    public var discountTaxCategory: String?
    public var exchangeRate: String?
    public var exchangeRateDate: String?
    /// A won deal whose lines start the invoice (create only).
    public var dealID: String?

    public init() {}

    /// Applies the simple fields to `fields`, checking each; the account, contact and lines are checked by the
    /// caller, which knows the database. `baseCurrency` decides whether an exchange rate is needed.
    public func apply(to fields: InvoiceFields, baseCurrency: Currency) throws(ValidationErrors) -> InvoiceFields {
        var result = fields
        var errors = ValidationErrors()
        if let contactID {
            let trimmed = contactID.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                result.contactID = nil
            } else if let id = Contact.ID(string: trimmed) {
                result.contactID = id
            } else {
                errors.add(field: "contact_id", code: "invalid_id", message: "Choose a contact of the account.")
            }
        }
        if let currency {
            if let parsed = Currency(code: currency.trimmingCharacters(in: .whitespaces).uppercased()) {
                result.currency = parsed
            } else {
                errors.add(field: "currency", code: "invalid_currency", message: "Use a currency code such as PHP.")
            }
        }
        if let pricesIncludeTax { result.pricesIncludeTax = pricesIncludeTax }
        if let paymentTerms {
            if let terms = PaymentTerms.parse(paymentTerms) {
                result.paymentTerms = terms
            } else {
                errors.add(
                    field: "payment_terms", code: "invalid_terms",
                    message: "Use terms such as due_on_receipt, net_30 or eom_15.")
            }
        }
        if let notes { result.notes = Validate.optionalText(notes, field: "notes", maxLength: 4000, into: &errors) }
        if let discount {
            let text = discount.trimmingCharacters(in: .whitespaces)
            result.adjustments = []
            if !text.isEmpty {
                let category = TaxCategory(rawValue: discountTaxCategory ?? "vatable")
                if category == nil {
                    errors.add(
                        field: "discount_tax_category", code: "invalid_choice",
                        message: "Choose vatable, zero_rated or exempt.")
                }
                do {
                    let money = try Money(decimalString: text, currency: result.currency)
                    if money.isNegative || money.isZero {
                        errors.add(field: "discount", code: "must_be_positive", message: "Enter a discount above zero.")
                    } else if let category {
                        result.adjustments = [
                            .allowance(
                                money, taxCategory: category,
                                ratePercent: category.ratePercent(), reason: "Discount")
                        ]
                    }
                } catch {
                    errors.add(
                        field: "discount", code: "invalid_amount",
                        message: "Enter an amount such as 500.00 (no commas).")
                }
            }
        }
        if let exchangeRate {
            let text = exchangeRate.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                result.exchangeRate = nil
            } else if let rate = DecimalText.parse(text), rate > 0 {
                result.exchangeRate = rate
            } else {
                errors.add(
                    field: "exchange_rate", code: "invalid_number",
                    message: "Enter how many \(baseCurrency.code) one unit is worth, e.g. 56.25.")
            }
        }
        if let exchangeRateDate {
            let text = exchangeRateDate.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                result.exchangeRateDate = nil
            } else if let date = CalendarDate(iso8601: text) {
                result.exchangeRateDate = date
            } else {
                errors.add(field: "exchange_rate_date", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
            }
        }
        try errors.throwIfAny()
        return result
    }
}

/// What a credit note takes back from its invoice.
public enum CreditNoteRequest: Sendable, Hashable {
    /// The whole invoice (only while nothing has been credited yet).
    case full
    /// Some lines, each by its index on the invoice and the quantity returned.
    case lines([(index: Int, quantity: Decimal)])
    /// An amount including VAT, in one tax category (a price correction or a goodwill credit).
    case amount(Money, taxCategory: TaxCategory)

    public static func == (lhs: CreditNoteRequest, rhs: CreditNoteRequest) -> Bool {
        switch (lhs, rhs) {
        case (.full, .full): true
        case (.lines(let a), .lines(let b)): a.map(\.index) == b.map(\.index) && a.map(\.quantity) == b.map(\.quantity)
        case (.amount(let a, let c), .amount(let b, let d)): a == b && c == d
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .full: hasher.combine(0)
        case .lines(let lines): hasher.combine(lines.map(\.index))
        case .amount(let money, let category):
            hasher.combine(money)
            hasher.combine(category)
        }
    }
}
