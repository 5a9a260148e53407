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
    /// A document-level charge (delivery, handling) in the document's price mode ("" removes it), its tax
    /// category and what it is for.
    public var charge: String?
    public var chargeTaxCategory: String?
    public var chargeReason: String?
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
            result.adjustments.removeAll { $0.kind == .allowance }
            if let allowance = Self.adjustment(
                .allowance, amount: discount, category: discountTaxCategory, reason: "Discount", field: "discount",
                currency: result.currency, into: &errors)
            {
                result.adjustments.insert(allowance, at: 0)
            }
        }
        if let charge {
            result.adjustments.removeAll { $0.kind == .charge }
            let reason = (chargeReason ?? "").trimmingCharacters(in: .whitespaces)
            if reason.count > 100 {
                errors.add(field: "charge_reason", code: "too_long", message: "At most 100 characters.")
            }
            if let added = Self.adjustment(
                .charge, amount: charge, category: chargeTaxCategory, reason: reason.isEmpty ? "Charge" : reason,
                field: "charge", currency: result.currency, into: &errors)
            {
                result.adjustments.append(added)
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

extension InvoiceDraft {
    /// A document-level allowance or charge from its typed amount; nil for "" (none) or when it is invalid
    /// (the problem is recorded under `field`).
    static func adjustment(
        _ kind: DocumentAllowanceCharge.Kind, amount: String, category: String?, reason: String, field: String,
        currency: Currency, into errors: inout ValidationErrors
    ) -> DocumentAllowanceCharge? {
        let text = amount.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let taxCategory = TaxCategory(rawValue: category ?? "vatable")
        if taxCategory == nil {
            errors.add(
                field: "\(field)_tax_category", code: "invalid_choice", message: "Choose vatable, zero_rated or exempt."
            )
        }
        guard let money = try? Money(decimalString: text, currency: currency) else {
            errors.add(field: field, code: "invalid_amount", message: "Enter an amount such as 500.00 (no commas).")
            return nil
        }
        guard money.isPositive else {
            errors.add(field: field, code: "must_be_positive", message: "Enter an amount above zero.")
            return nil
        }
        guard let taxCategory else { return nil }
        return DocumentAllowanceCharge(
            kind: kind, amount: money, taxCategory: taxCategory, ratePercent: taxCategory.ratePercent(),
            reason: reason)
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
