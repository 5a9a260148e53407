import Foundation

/// What a user enters to record a payment, as text (from JSON or a form); ``validated(defaultCurrency:)`` checks it.
public struct PaymentDraft: Sendable, Hashable {
    public var accountID: String
    public var receivedOn: String
    /// A plain decimal in major units ("110000.00").
    public var amount: String
    /// The ISO code; empty = the company's base currency.
    public var currency: String
    public var method: String
    public var reference: String
    public var bankAccountID: String
    public var notes: String
    /// Applied to invoices in the same transaction as the payment.
    public var allocations: [AllocationDraft]
    /// How many units of the base currency one unit of the payment's currency was worth ("57.25"); required for a
    /// payment in another currency than the base currency, ignored in the base currency. Empty = none.
    public var exchangeRate: String

    public init(
        accountID: String, receivedOn: String, amount: String, currency: String = "", method: String,
        reference: String = "", bankAccountID: String = "", notes: String = "", allocations: [AllocationDraft] = [],
        exchangeRate: String = ""
    ) {
        self.exchangeRate = exchangeRate
        self.accountID = accountID
        self.receivedOn = receivedOn
        self.amount = amount
        self.currency = currency
        self.method = method
        self.reference = reference
        self.bankAccountID = bankAccountID
        self.notes = notes
        self.allocations = allocations
    }

    /// The checked values. Errors name the JSON fields (`amount`, `allocations[0].amount`).
    ///
    /// With `baseCurrency` (a payment a person records), a payment in another currency needs `exchange_rate`, and
    /// a rate given for a base-currency payment is dropped; without it (a bank statement line's payment, which
    /// carries no rate) no rate is read.
    public func validated(
        defaultCurrency: Currency, baseCurrency: Currency? = nil
    ) throws(ValidationErrors) -> ValidatedPayment {
        var errors = ValidationErrors()
        let accountID = Account.ID(string: accountID.trimmingCharacters(in: .whitespaces))
        if accountID == nil {
            errors.add(field: "account_id", code: "invalid_account", message: "Choose the customer who paid.")
        }
        let date = CalendarDate(iso8601: receivedOn.trimmingCharacters(in: .whitespaces))
        if date == nil {
            errors.add(field: "received_on", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
        }
        let code = currency.trimmingCharacters(in: .whitespaces)
        let currency = code.isEmpty ? defaultCurrency : Currency(code: code)
        if currency == nil {
            errors.add(field: "currency", code: "invalid_currency", message: "Choose a known currency code.")
        }
        let amount = Self.money(amount, currency: currency ?? defaultCurrency, field: "amount", into: &errors)
        if let amount, !amount.isPositive {
            errors.add(field: "amount", code: "not_positive", message: "Enter an amount above zero.")
        }
        let method = PaymentMethod(rawValue: method.trimmingCharacters(in: .whitespaces))
        if method == nil {
            errors.add(
                field: "method", code: "invalid_method",
                message: "Choose bank_transfer, cash, cheque, card, e_wallet or other.")
        }
        let reference = Validate.optionalText(reference, field: "reference", maxLength: 140, into: &errors)
        let notes = Validate.optionalText(notes, field: "notes", maxLength: 2000, into: &errors)
        var bankAccountID: BankAccount.ID?
        let bankText = self.bankAccountID.trimmingCharacters(in: .whitespaces)
        if !bankText.isEmpty {
            bankAccountID = BankAccount.ID(string: bankText)
            if bankAccountID == nil {
                errors.add(
                    field: "bank_account_id", code: "invalid_bank_account", message: "Choose one of the bank accounts.")
            }
        }
        let allocations = AllocationDraft.validated(
            self.allocations, currency: currency ?? defaultCurrency, into: &errors)
        var rate: Decimal?
        if let base = baseCurrency, let currency, currency != base {
            let text = exchangeRate.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                errors.add(
                    field: "exchange_rate", code: "required_for_foreign_currency",
                    message: "A \(currency.code) payment needs the rate it was converted at, in \(base.code).")
            } else if let parsed = DecimalText.parse(text), parsed > 0 {
                rate = parsed
            } else {
                errors.add(
                    field: "exchange_rate", code: "invalid_number",
                    message: "Enter how many \(base.code) one \(currency.code) was worth, e.g. 57.25.")
            }
        }
        try errors.throwIfAny()
        guard let accountID, let date, let amount, let method else { throw errors }
        return ValidatedPayment(
            accountID: accountID, receivedOn: date, amount: amount, method: method, reference: reference,
            bankAccountID: bankAccountID, notes: notes, allocations: allocations, exchangeRate: rate)
    }

    static func money(_ text: String, currency: Currency, field: String, into errors: inout ValidationErrors) -> Money?
    {
        do {
            return try Money(decimalString: text, currency: currency)
        } catch {
            errors.add(
                field: field, code: "invalid_amount",
                message: "Enter an amount such as 1234.50, at most \(currency.minorUnitDigits) decimals, no commas.")
            return nil
        }
    }
}

/// One invoice a payment is applied to, as entered.
public struct AllocationDraft: Sendable, Hashable {
    public var invoiceID: String
    /// The cash applied, in major units.
    public var amount: String
    /// Nil = the customer's default withholding; empty = none.
    public var withholdings: [WithholdingDraft]?

    public init(invoiceID: String, amount: String, withholdings: [WithholdingDraft]? = nil) {
        self.invoiceID = invoiceID
        self.amount = amount
        self.withholdings = withholdings
    }

    /// The checked allocations of one payment in `currency` (at most 200), each error under
    /// `allocations[i].<field>`.
    public static func validated(
        _ drafts: [AllocationDraft], currency: Currency, into errors: inout ValidationErrors
    ) -> [ValidatedAllocation] {
        if drafts.count > 200 {
            errors.add(field: "allocations", code: "too_many", message: "Apply a payment to at most 200 invoices.")
        }
        var valid: [ValidatedAllocation] = []
        for (index, draft) in drafts.prefix(200).enumerated() {
            var local = ValidationErrors()
            if let allocation = draft.validated(currency: currency, into: &local) { valid.append(allocation) }
            errors.merge(local, prefix: "allocations[\(index)].")
        }
        return valid
    }

    func validated(currency: Currency, into errors: inout ValidationErrors) -> ValidatedAllocation? {
        let invoiceID = Invoice.ID(string: invoiceID.trimmingCharacters(in: .whitespaces))
        if invoiceID == nil {
            errors.add(field: "invoice_id", code: "invalid_invoice", message: "Choose an invoice of this customer.")
        }
        let cash = PaymentDraft.money(amount, currency: currency, field: "amount", into: &errors)
        if let cash, cash.isNegative {
            errors.add(field: "amount", code: "not_positive", message: "Enter an amount of zero or more.")
        }
        var lines: [WithholdingLine]?
        if let withholdings {
            var list: [WithholdingLine] = []
            for (index, draft) in withholdings.prefix(4).enumerated() {
                var local = ValidationErrors()
                if let line = draft.validated(currency: currency, into: &local) { list.append(line) }
                errors.merge(local, prefix: "withholdings[\(index)].")
            }
            if withholdings.count > 4 {
                errors.add(field: "withholdings", code: "too_many", message: "Use at most 4 withholding lines.")
            }
            lines = list
        }
        guard let invoiceID, let cash else { return nil }
        return ValidatedAllocation(invoiceID: invoiceID, cash: cash, withholdings: lines)
    }
}

/// A withholding line as entered: kind, ATC code, rate and the VAT-exclusive base; the amount is computed, or
/// taken as entered when given (the customer's 2307 is what counts).
public struct WithholdingDraft: Sendable, Hashable {
    public var kind: String
    public var taxCode: String
    public var ratePercent: String
    public var base: String
    public var amount: String

    public init(kind: String, taxCode: String = "", ratePercent: String, base: String, amount: String = "") {
        self.kind = kind
        self.taxCode = taxCode
        self.ratePercent = ratePercent
        self.base = base
        self.amount = amount
    }

    func validated(currency: Currency, into errors: inout ValidationErrors) -> WithholdingLine? {
        let kind = WithholdingKind(rawValue: kind.trimmingCharacters(in: .whitespaces))
        if kind == nil { errors.add(field: "kind", code: "invalid_kind", message: "Choose ewt or vat.") }
        let rate = DecimalText.parse(ratePercent.trimmingCharacters(in: .whitespaces))
        if rate == nil || rate! <= 0 || rate! >= 100 {
            errors.add(field: "rate_percent", code: "invalid_rate", message: "Enter a rate above 0 and below 100.")
        }
        let base = PaymentDraft.money(base, currency: currency, field: "base", into: &errors)
        if let base, !base.isPositive {
            errors.add(field: "base", code: "not_positive", message: "Enter the VAT-exclusive base, above zero.")
        }
        let code = taxCode.trimmingCharacters(in: .whitespaces).uppercased()
        if code.count > 10 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            errors.add(field: "tax_code", code: "invalid_tax_code", message: "Enter the ATC code, e.g. WC158.")
        }
        var amount: Money?
        if !self.amount.trimmingCharacters(in: .whitespaces).isEmpty {
            amount = PaymentDraft.money(self.amount, currency: currency, field: "amount", into: &errors)
            if let given = amount, !given.isPositive {
                errors.add(field: "amount", code: "not_positive", message: "Enter the amount withheld, above zero.")
            }
        }
        guard let kind, let rate, rate > 0, rate < 100, let base, base.isPositive else { return nil }
        if let amount {
            return WithholdingLine(kind: kind, taxCode: code, ratePercent: rate, base: base, amount: amount)
        }
        return try? WithholdingLine.computed(kind: kind, taxCode: code, ratePercent: rate, base: base)
    }
}

/// A checked payment.
public struct ValidatedPayment: Sendable, Hashable {
    public var accountID: Account.ID
    public var receivedOn: CalendarDate
    public var amount: Money
    public var method: PaymentMethod
    public var reference: String?
    public var bankAccountID: BankAccount.ID?
    public var notes: String?
    public var allocations: [ValidatedAllocation]
    /// The payment's exchange rate to the base currency; nil in the base currency or from a statement line.
    public var exchangeRate: Decimal? = nil
}

/// A checked allocation: the invoice, the cash, and the withholding (nil = the customer's default).
public struct ValidatedAllocation: Sendable, Hashable {
    public var invoiceID: Invoice.ID
    public var cash: Money
    public var withholdings: [WithholdingLine]?

    public init(invoiceID: Invoice.ID, cash: Money, withholdings: [WithholdingLine]?) {
        self.invoiceID = invoiceID
        self.cash = cash
        self.withholdings = withholdings
    }
}
