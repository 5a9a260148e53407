import Foundation

/// Money received from a customer: a receipt on one date, in one currency, into one of the company's bank accounts
/// (or cash on hand). Never edited or deleted; what is not allocated to invoices is the customer's credit.
public struct Payment: Sendable, Hashable {
    public typealias ID = Identifier<Payment>

    public var id: ID
    public var companyID: Company.ID
    /// The customer who paid.
    public var accountID: Account.ID
    /// The day the money arrived.
    public var receivedOn: CalendarDate
    /// Always positive.
    public var amount: Money
    public var method: PaymentMethod
    /// The payer's or bank's reference (transfer reference, cheque number, GCash reference number).
    public var reference: String?
    /// The company bank account the money landed in; nil for cash on hand.
    public var bankAccountID: BankAccount.ID?
    public var notes: String?
    public var createdBy: User.ID?
    public var createdAt: Date
    /// Units of the company's base currency per unit of the payment's currency, as the bank converted it (frozen
    /// on the payment): a foreign-currency payment recorded by a person has one, and its allocations post the
    /// exchange difference against the invoice's rate. Nil in the base currency, and on a payment recorded from a
    /// bank statement line (a statement carries no rate: its allocations are posted in the document currency only).
    public var exchangeRate: Decimal?

    public init(
        id: ID, companyID: Company.ID, accountID: Account.ID, receivedOn: CalendarDate, amount: Money,
        method: PaymentMethod, reference: String?, bankAccountID: BankAccount.ID?, notes: String?,
        createdBy: User.ID?, createdAt: Date, exchangeRate: Decimal? = nil
    ) {
        self.exchangeRate = exchangeRate
        self.id = id
        self.companyID = companyID
        self.accountID = accountID
        self.receivedOn = receivedOn
        self.amount = amount
        self.method = method
        self.reference = reference
        self.bankAccountID = bankAccountID
        self.notes = notes
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// How a payment was made.
public enum PaymentMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case bankTransfer = "bank_transfer"
    case cash
    case cheque
    case card
    /// GCash, Maya and other e-wallets.
    case eWallet = "e_wallet"
    case other

    /// The translation key of the method's name.
    public var labelKey: String { "payment_method.\(rawValue)" }
}

/// A company bank account statements are imported for and payments land in.
public struct BankAccount: Sendable, Hashable {
    public typealias ID = Identifier<BankAccount>

    public var id: ID
    public var companyID: Company.ID
    /// What people call it ("BDO peso current account").
    public var name: String
    /// The bank's name.
    public var bank: String
    /// The local account number, digits and dashes as the bank prints it; or nil when only an IBAN is known.
    public var number: String?
    /// The IBAN, uppercase without spaces, when the account has one.
    public var iban: String?
    public var currency: Currency
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, name: String, bank: String, number: String?, iban: String?, currency: Currency,
        createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.name = name
        self.bank = bank
        self.number = number
        self.iban = iban
        self.currency = currency
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The key a statement's account is matched on: the IBAN, else the number with only letters and digits kept.
    public var matchKey: String {
        if let iban, !iban.isEmpty { return iban }
        return BankAccount.normalizedNumber(number ?? "")
    }

    /// Letters and digits of an account number, uppercase ("0012-3456 789" → "00123456789").
    public static func normalizedNumber(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII })
    }
}

/// What a user enters for a bank account.
public struct BankAccountDraft: Sendable, Hashable {
    public var name: String
    public var bank: String
    public var number: String?
    public var iban: String?
    public var currency: String

    public init(name: String, bank: String, number: String?, iban: String?, currency: String) {
        self.name = name
        self.bank = bank
        self.number = number
        self.iban = iban
        self.currency = currency
    }

    /// The checked values: a name and bank, a number or an IBAN (IBAN check digits verified), a known currency.
    public func validated() throws(ValidationErrors) -> (
        name: String, bank: String, number: String?, iban: String?, currency: Currency
    ) {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: 120, into: &errors)
        let bank = Validate.requiredText(bank, field: "bank", maxLength: 120, into: &errors)
        let number = Validate.optionalText(number ?? "", field: "number", maxLength: 40, into: &errors)
        var iban: String?
        if let text = self.iban, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            let compact = text.uppercased().filter { !$0.isWhitespace }
            if BankAccountDraft.isValidIBAN(compact) {
                iban = compact
            } else {
                errors.add(field: "iban", code: "invalid_iban", message: "Enter a valid IBAN (check digits).")
            }
        }
        if (number ?? "").isEmpty && iban == nil && errors["iban"].isEmpty {
            errors.add(field: "number", code: "required", message: "Enter the account number or the IBAN.")
        }
        let currency = Currency(code: currency)
        if currency == nil {
            errors.add(field: "currency", code: "invalid_currency", message: "Choose a known currency code.")
        }
        try errors.throwIfAny()
        return (name ?? "", bank ?? "", (number ?? "").isEmpty ? nil : number, iban, currency ?? .php)
    }

    /// ISO 13616 check: two letters, two digits, 11–30 alphanumerics, and the mod-97 remainder is 1.
    public static func isValidIBAN(_ iban: String) -> Bool {
        let scalars = Array(iban.unicodeScalars)
        guard (15...34).contains(scalars.count),
            scalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }),
            CharacterSet.uppercaseLetters.contains(scalars[0]), CharacterSet.uppercaseLetters.contains(scalars[1]),
            CharacterSet.decimalDigits.contains(scalars[2]), CharacterSet.decimalDigits.contains(scalars[3])
        else { return false }
        let rearranged = scalars[4...] + scalars[..<4]
        var remainder = 0
        for scalar in rearranged {
            let value: Int
            if CharacterSet.decimalDigits.contains(scalar) {
                value = Int(scalar.value) - 48
                remainder = (remainder * 10 + value) % 97
            } else {
                value = Int(scalar.value) - 55
                remainder = (remainder * 100 + value) % 97
            }
        }
        return remainder == 1
    }
}
