import Foundation

/// The accounts of Benta's receivables ledger. A line on `receivables` or `customerCredit` names the customer.
public enum LedgerAccount: String, Sendable, Hashable, Codable, CaseIterable {
    /// What customers owe on issued invoices (debit balance).
    case receivables
    /// Money received, per company bank account or cash on hand (debit balance).
    case cash
    /// Creditable withholding tax the customers kept (EWT, claimed with BIR Form 2307) (debit balance).
    case creditableWithholding = "creditable_withholding"
    /// VAT withheld by government buyers (debit balance).
    case vatWithheld = "vat_withheld"
    /// Money received and not yet applied to an invoice: owed back to the customer or applied later (credit
    /// balance).
    case customerCredit = "customer_credit"
    /// Sales net of VAT (credit balance).
    case sales
    /// Output VAT on issued invoices (credit balance).
    case outputTax = "output_tax"
    /// Differences from exchange rates when a foreign-currency invoice is settled (either side).
    case exchangeDifference = "exchange_difference"
}

/// One line of a journal entry: a debit (positive) or a credit (negative) on one ledger account.
public struct JournalLine: Sendable, Hashable {
    public var account: LedgerAccount
    /// The customer, on receivables and customer-credit lines.
    public var partyID: Account.ID?
    /// The company bank account, on cash lines (nil for cash on hand).
    public var bankAccountID: BankAccount.ID?
    /// Signed: debit positive, credit negative.
    public var amount: Money
    /// The line's value in the company's base currency, same sign, on an entry of a foreign-currency document that
    /// carries its exchange rate (every line of such an entry has one); nil on an entry in the base currency or
    /// without a rate. An exchange-difference line has a zero `amount` and only this value.
    public var base: Money?

    public init(
        account: LedgerAccount, partyID: Account.ID? = nil, bankAccountID: BankAccount.ID? = nil, amount: Money,
        base: Money? = nil
    ) {
        self.account = account
        self.partyID = partyID
        self.bankAccountID = bankAccountID
        self.amount = amount
        self.base = base
    }

    /// The same line with both amounts negated (the line of a reversing entry).
    public var negated: JournalLine {
        JournalLine(
            account: account, partyID: partyID, bankAccountID: bankAccountID,
            amount: Money(minorUnits: -amount.minorUnits, currency: amount.currency),
            base: base.map { Money(minorUnits: -$0.minorUnits, currency: $0.currency) })
    }
}

/// What a journal entry records.
public enum JournalSource: String, Sendable, Hashable, Codable {
    case invoice
    case creditNote = "credit_note"
    case payment
    case allocation
    case allocationReversal = "allocation_reversal"
    /// A payment undone (its bank line was matched wrongly): the cash back out of the customer's credit.
    case paymentVoid = "payment_void"
}

/// A balanced set of ledger lines written in the same transaction as the document it records. Never updated or
/// deleted; a correction is another entry.
public struct JournalEntry: Sendable, Hashable {
    public typealias ID = Identifier<JournalEntry>

    public var id: ID
    public var companyID: Company.ID
    public var date: CalendarDate
    public var source: JournalSource
    /// The document's id (invoice, payment or allocation).
    public var sourceID: String
    public var lines: [JournalLine]

    /// Refuses an entry that does not balance per currency, has fewer than two lines, or has a zero line; and, when
    /// it is valued in the base currency, one whose base values do not balance or are missing on some line.
    public init(
        id: ID, companyID: Company.ID, date: CalendarDate, source: JournalSource, sourceID: String,
        lines: [JournalLine]
    ) throws(LedgerError) {
        let kept = lines.filter { !$0.amount.isZero || !($0.base?.isZero ?? true) }
        guard kept.count >= 2 else { throw .tooFewLines }
        var sums: [String: Int64] = [:]
        for line in kept {
            let (sum, overflow) = (sums[line.amount.currency.code] ?? 0).addingReportingOverflow(
                line.amount.minorUnits)
            guard !overflow else { throw .overflow }
            sums[line.amount.currency.code] = sum
        }
        guard sums.values.allSatisfy({ $0 == 0 }) else { throw .unbalanced(sums.filter { $0.value != 0 }) }
        let values = kept.compactMap(\.base)
        if let base = values.first?.currency {
            guard values.count == kept.count, values.allSatisfy({ $0.currency == base }) else { throw .partlyValued }
            var sum: Int64 = 0
            for value in values {
                let (next, overflow) = sum.addingReportingOverflow(value.minorUnits)
                guard !overflow else { throw .overflow }
                sum = next
            }
            guard sum == 0 else { throw .unbalanced([base.code: sum]) }
        }
        self.id = id
        self.companyID = companyID
        self.date = date
        self.source = source
        self.sourceID = sourceID
        self.lines = kept
    }
}

/// Why a journal entry cannot be made.
public enum LedgerError: Error, Sendable, Hashable {
    case unbalanced([String: Int64])
    case tooFewLines
    case overflow
    /// Some lines carry a base-currency value and others do not, or the values are in different currencies.
    case partlyValued
}

/// Units of the company's base currency per unit of a document's currency, frozen on the document (an invoice's
/// rate at issue, a payment's rate as the bank converted it); values its amounts through `Rounding`.
public struct ExchangeValuation: Sendable, Hashable {
    /// The company's base currency.
    public var base: Currency
    /// Base-currency units per unit of the document currency; above zero.
    public var rate: Decimal

    /// Nil unless `currency` differs from `base` and `rate` is a usable rate (above zero): a base-currency
    /// document, or a foreign one without a rate, is not valued.
    public init?(currency: Currency, base: Currency, rate: Decimal?) {
        guard currency != base, let rate, !rate.isNaN, rate > 0 else { return nil }
        self.base = base
        self.rate = rate
    }

    /// `amount` × rate in the base currency, rounded half up to its minor unit.
    public func value(_ amount: Money) throws(MoneyError) -> Money {
        try Rounding.toMoney(Rounding.decimal(amount) * rate, currency: base)
    }
}

/// What an allocation of a foreign-currency payment to an invoice in the same currency is worth in the base
/// currency: the receivable is cleared at the invoice's booked rate, the customer's credit at the payment's rate,
/// withholding at the booked rate, and the difference goes to the exchange-difference account.
///
/// Each part is rounded on its own; when the allocation settles the invoice's whole open amount (or takes all the
/// payment's cash still unallocated) it clears exactly what is left of it in the base currency, so a settled
/// invoice leaves no centavo behind and any rounding residue lands in the exchange difference.
public struct AllocationValuation: Sendable, Hashable {
    /// The invoice's rate at issue.
    public var booked: ExchangeValuation
    /// The payment's rate.
    public var received: ExchangeValuation
    /// The invoice's receivable still on the books in the base currency before this allocation.
    public var receivableLeft: Money
    /// The payment's credit still on the books in the base currency before this allocation (positive).
    public var creditLeft: Money
    /// Whether the allocation settles the invoice's whole open amount.
    public var clearsInvoice: Bool
    /// Whether the allocation takes all the payment's unallocated cash.
    public var takesRestOfPayment: Bool

    public init(
        booked: ExchangeValuation, received: ExchangeValuation, receivableLeft: Money, creditLeft: Money,
        clearsInvoice: Bool, takesRestOfPayment: Bool
    ) {
        self.booked = booked
        self.received = received
        self.receivableLeft = receivableLeft
        self.creditLeft = creditLeft
        self.clearsInvoice = clearsInvoice
        self.takesRestOfPayment = takesRestOfPayment
    }
}

/// The postings of each money event: the one place that knows which accounts move.
public enum Posting {
    /// An issued invoice: the customer owes the total; sales and output VAT are credited (sales = total − VAT, so
    /// fixed taxes and rounding stay inside sales and the entry balances exactly).
    public static func invoice(customer: Account.ID, total: Money, tax: Money) -> [JournalLine] {
        [
            JournalLine(account: .receivables, partyID: customer, amount: total),
            JournalLine(
                account: .sales,
                amount: Money(minorUnits: -(total.minorUnits - tax.minorUnits), currency: total.currency)),
            JournalLine(account: .outputTax, amount: Money(minorUnits: -tax.minorUnits, currency: tax.currency)),
        ]
    }

    /// An issued credit note: the invoice posting reversed.
    public static func creditNote(customer: Account.ID, total: Money, tax: Money) -> [JournalLine] {
        invoice(customer: customer, total: total, tax: tax).map(\.negated)
    }

    /// A foreign-currency invoice (or, `negated`, credit note) booked with its base-currency value: `inBase` is
    /// the document's total − VAT and VAT converted at its rate (`BaseCurrencyAmounts`), the receivable their sum.
    public static func invoice(
        customer: Account.ID, total: Money, tax: Money, inBase: BaseCurrencyAmounts, negated: Bool = false
    ) -> [JournalLine] {
        let values = [inBase.total.minorUnits, -inBase.net.minorUnits, -inBase.vat.minorUnits]
        return zip(invoice(customer: customer, total: total, tax: tax), values).map { line, value in
            var valued = line
            valued.base = Money(minorUnits: value, currency: inBase.total.currency)
            return negated ? valued.negated : valued
        }
    }

    /// A payment received: cash in, owed to the customer until it is allocated.
    public static func payment(_ payment: Payment) -> [JournalLine] {
        [
            JournalLine(account: .cash, bankAccountID: payment.bankAccountID, amount: payment.amount),
            JournalLine(
                account: .customerCredit, partyID: payment.accountID,
                amount: Money(minorUnits: -payment.amount.minorUnits, currency: payment.amount.currency)),
        ]
    }

    /// A foreign-currency payment with its rate: the receipt valued at the rate in the base currency.
    public static func payment(
        _ payment: Payment, valuedAt valuation: ExchangeValuation
    ) throws(MoneyError)
        -> [JournalLine]
    {
        let value = try valuation.value(payment.amount)
        return Self.payment(payment).enumerated().map { index, line in
            var valued = line
            valued.base = Money(minorUnits: index == 0 ? value.minorUnits : -value.minorUnits, currency: value.currency)
            return valued
        }
    }

    /// A voided payment: its receipt reversed, the cash back out of the customer's credit.
    public static func paymentVoid(_ payment: Payment) -> [JournalLine] {
        Self.payment(payment).map(\.negated)
    }

    /// The reversing entry's lines: every line of the entry it undoes, both amounts negated.
    public static func reversal(of lines: [JournalLine]) -> [JournalLine] {
        lines.map(\.negated)
    }

    /// An allocation (or, with its negated amounts, its reversal): the customer's credit and the withholding settle
    /// the receivable.
    public static func allocation(_ allocation: PaymentAllocation) -> [JournalLine] {
        var lines = [JournalLine(account: .customerCredit, partyID: allocation.accountID, amount: allocation.cash)]
        for withholding in allocation.withholdings {
            lines.append(
                JournalLine(
                    account: withholding.kind == .vat ? .vatWithheld : .creditableWithholding,
                    amount: withholding.amount))
        }
        lines.append(
            JournalLine(
                account: .receivables, partyID: allocation.accountID,
                amount: Money(minorUnits: -allocation.settled.minorUnits, currency: allocation.cash.currency)))
        return lines
    }

    /// An allocation of a foreign-currency payment valued in the base currency (see `AllocationValuation`): the
    /// lines of `allocation(_:)` with their base values, and an exchange-difference line (zero in the document
    /// currency) that balances them: a credit is a gain (the cash was worth more than the receivable as booked), a
    /// debit a loss.
    public static func allocation(
        _ allocation: PaymentAllocation, valuedAt valuation: AllocationValuation
    ) throws(MoneyError) -> [JournalLine] {
        let base = valuation.booked.base
        let credit =
            valuation.takesRestOfPayment ? valuation.creditLeft : try valuation.received.value(allocation.cash)
        let cleared =
            valuation.clearsInvoice ? valuation.receivableLeft : try valuation.booked.value(allocation.settled)
        var lines = Self.allocation(allocation)
        var difference = cleared.minorUnits - credit.minorUnits
        for index in lines.indices {
            switch lines[index].account {
            case .customerCredit:
                lines[index].base = credit
            case .receivables:
                lines[index].base = Money(minorUnits: -cleared.minorUnits, currency: base)
            default:
                let value = try valuation.booked.value(lines[index].amount)
                lines[index].base = value
                difference -= value.minorUnits
            }
        }
        lines.append(
            JournalLine(
                account: .exchangeDifference, amount: .zero(allocation.cash.currency),
                base: Money(minorUnits: difference, currency: base)))
        return lines
    }
}

/// A balance of the ledger: per account and currency, or per customer on one account.
public struct LedgerBalance: Sendable, Hashable {
    public var account: LedgerAccount
    public var partyID: Account.ID?
    public var balance: Money

    public init(account: LedgerAccount, partyID: Account.ID?, balance: Money) {
        self.account = account
        self.partyID = partyID
        self.balance = balance
    }
}
