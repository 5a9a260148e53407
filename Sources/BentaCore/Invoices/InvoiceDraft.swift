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
    /// Every document allowance and charge, replacing all of them when present (an empty list removes them); the
    /// single `discount` and `charge` must then be absent.
    public var adjustments: [AdjustmentDraft]?
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
        DocumentContact.apply(contactID, to: &result.contactID, errors: &errors)
        if let currency {
            if let parsed = Currency(code: currency.trimmingCharacters(in: .whitespaces).uppercased()) {
                result.currency = parsed
            } else {
                errors.add(field: "currency", code: "invalid_currency", message: "Use a currency code such as PHP.")
            }
        }
        if let pricesIncludeTax { result.pricesIncludeTax = pricesIncludeTax }
        if let paymentTerms, let terms = PaymentTerms.parse(paymentTerms, field: "payment_terms", into: &errors) {
            result.paymentTerms = terms
        }
        if let notes { result.notes = Validate.optionalText(notes, field: "notes", maxLength: 4000, into: &errors) }
        if let adjustments {
            if discount != nil || charge != nil {
                errors.add(
                    field: "adjustments", code: "conflicting_fields",
                    message: "Send either adjustments or the single discount and charge, not both.")
            } else if let entries = AdjustmentDraft.entries(adjustments, currency: result.currency, into: &errors) {
                do throws(MoneyError) {
                    result.adjustments = try DocumentAdjustment.expand(
                        entries, over: result.lines.map(\.line), currency: result.currency)
                } catch {
                    errors.add(
                        field: "adjustments", code: "too_large",
                        message: "The lines add up to more than can be stored.")
                }
            }
        }
        if let discount {
            result.adjustments.removeAll { $0.kind == .allowance }
            if let allowance = Self.adjustment(
                .allowance, amount: discount, category: discountTaxCategory, reason: "Discount", field: "discount",
                categoryField: "discount_tax_category", currency: result.currency, into: &errors)
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
                field: "charge", categoryField: "charge_tax_category", currency: result.currency, into: &errors)
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
    /// (the problem is recorded under `field`, or `categoryField` for the tax category).
    static func adjustment(
        _ kind: DocumentAllowanceCharge.Kind, amount: String, category: String?, reason: String, field: String,
        categoryField: String, currency: Currency, into errors: inout ValidationErrors
    ) -> DocumentAllowanceCharge? {
        let text = amount.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let taxCategory = TaxCategory(rawValue: category ?? "vatable")
        if taxCategory == nil {
            errors.add(field: categoryField, code: "invalid_choice", message: "Choose vatable, zero_rated or exempt.")
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

/// One document allowance or charge as typed or sent: a fixed `amount` in a tax category, or (a discount only) a
/// `percent` of the order, shared over the tax categories of the lines (`PercentageAllowance`).
public struct AdjustmentDraft: Sendable, Hashable {
    /// "allowance" (a discount) or "charge".
    public var kind: String?
    /// A positive amount in the document's price mode, such as "500.00".
    public var amount: String?
    /// For a discount instead of an amount: a percentage of the order above 0 and at most 100, such as "5".
    public var percent: String?
    /// "vatable" (the default), "zero_rated" or "exempt"; only with an amount.
    public var taxCategory: String?
    /// What it is for, printed on the invoice; "Discount" or "Charge" when empty.
    public var reason: String?

    /// The most entries one document takes.
    public static let maxCount = 20
    /// The longest reason accepted.
    public static let maxReasonLength = 100

    /// An entry as typed; `InvoiceDraft.apply` checks it.
    public init(
        kind: String? = nil, amount: String? = nil, percent: String? = nil, taxCategory: String? = nil,
        reason: String? = nil
    ) {
        self.kind = kind
        self.amount = amount
        self.percent = percent
        self.taxCategory = taxCategory
        self.reason = reason
    }

    /// The entries of `drafts`, or nil when one is invalid; each problem is recorded under
    /// "adjustments[i].kind", "adjustments[i].amount", "adjustments[i].percent", "adjustments[i].tax_category" or
    /// "adjustments[i].reason".
    ///
    /// Codes: "invalid_choice" (kind or category), "required" (neither amount nor percent), "amount_or_percent"
    /// (both), "percent_not_allowed" (a charge in percent), "not_with_percent" (a category with a percent: the
    /// percentage is shared over the lines' categories), "invalid_number" and "out_of_range" (percent not in
    /// 0 < p ≤ 100), "invalid_amount" and "must_be_positive" (amount), "too_long" (reason), "too_many" (list).
    static func entries(
        _ drafts: [AdjustmentDraft], currency: Currency, into errors: inout ValidationErrors
    ) -> [DocumentAdjustment]? {
        guard drafts.count <= maxCount else {
            errors.add(
                field: "adjustments", code: "too_many", message: "At most \(maxCount) discounts and charges.")
            return nil
        }
        let before = errors.errors.count
        var entries: [DocumentAdjustment] = []
        for (index, draft) in drafts.enumerated() {
            if let entry = draft.entry(field: "adjustments[\(index)]", currency: currency, into: &errors) {
                entries.append(entry)
            }
        }
        return errors.errors.count == before ? entries : nil
    }

    /// This entry, or nil when it is invalid (problems recorded under `field` + ".amount" and so on).
    func entry(field: String, currency: Currency, into errors: inout ValidationErrors) -> DocumentAdjustment? {
        let before = errors.errors.count
        let kindText = (kind ?? "").trimmingCharacters(in: .whitespaces)
        let kind = DocumentAllowanceCharge.Kind(rawValue: kindText)
        if kind == nil {
            errors.add(field: "\(field).kind", code: "invalid_choice", message: "Choose allowance or charge.")
        }
        let reasonText = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reasonText.count > Self.maxReasonLength {
            errors.add(
                field: "\(field).reason", code: "too_long", message: "At most \(Self.maxReasonLength) characters.")
        }
        let amountText = (amount ?? "").trimmingCharacters(in: .whitespaces)
        let percentText = (percent ?? "").trimmingCharacters(in: .whitespaces)
        let categoryText = (taxCategory ?? "").trimmingCharacters(in: .whitespaces)
        let defaultReason = kind == .charge ? "Charge" : "Discount"
        let finalReason = reasonText.isEmpty ? defaultReason : reasonText
        switch (amountText.isEmpty, percentText.isEmpty) {
        case (true, true):
            errors.add(field: "\(field).amount", code: "required", message: "Enter an amount or a percent.")
            return nil
        case (false, false):
            errors.add(
                field: "\(field).percent", code: "amount_or_percent",
                message: "Give an amount or a percent, not both.")
            return nil
        case (true, false):
            if kind == .charge {
                errors.add(
                    field: "\(field).percent", code: "percent_not_allowed",
                    message: "Only a discount can be a percentage; give a charge as an amount.")
            }
            if !categoryText.isEmpty {
                errors.add(
                    field: "\(field).tax_category", code: "not_with_percent",
                    message: "A percentage discount is shared over the tax categories of the lines; "
                        + "leave the tax category out.")
            }
            if let value = DecimalText.parse(percentText) {
                PercentageAllowance.checkPercent(value, field: "\(field).percent", into: &errors)
                guard errors.errors.count == before else { return nil }
                return .percentage(PercentageAllowance(percent: value, reason: finalReason))
            }
            errors.add(field: "\(field).percent", code: "invalid_number", message: "Enter a percentage such as 5.")
            return nil
        case (false, true):
            let item = InvoiceDraft.adjustment(
                kind ?? .allowance, amount: amountText, category: categoryText.isEmpty ? nil : categoryText,
                reason: finalReason, field: "\(field).amount", categoryField: "\(field).tax_category",
                currency: currency, into: &errors)
            guard errors.errors.count == before, let item else { return nil }
            return .fixed(item)
        }
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
