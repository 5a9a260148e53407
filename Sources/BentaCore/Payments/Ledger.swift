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

    public init(account: LedgerAccount, partyID: Account.ID? = nil, bankAccountID: BankAccount.ID? = nil, amount: Money)
    {
        self.account = account
        self.partyID = partyID
        self.bankAccountID = bankAccountID
        self.amount = amount
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

    /// Refuses an entry that does not balance per currency, has fewer than two lines, or has a zero line.
    public init(
        id: ID, companyID: Company.ID, date: CalendarDate, source: JournalSource, sourceID: String,
        lines: [JournalLine]
    ) throws(LedgerError) {
        let kept = lines.filter { !$0.amount.isZero }
        guard kept.count >= 2 else { throw .tooFewLines }
        var sums: [String: Int64] = [:]
        for line in kept {
            let (sum, overflow) = (sums[line.amount.currency.code] ?? 0).addingReportingOverflow(
                line.amount.minorUnits)
            guard !overflow else { throw .overflow }
            sums[line.amount.currency.code] = sum
        }
        guard sums.values.allSatisfy({ $0 == 0 }) else { throw .unbalanced(sums.filter { $0.value != 0 }) }
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
        invoice(customer: customer, total: total, tax: tax).map {
            JournalLine(
                account: $0.account, partyID: $0.partyID, bankAccountID: $0.bankAccountID,
                amount: Money(minorUnits: -$0.amount.minorUnits, currency: $0.amount.currency))
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

    /// A voided payment: its receipt reversed, the cash back out of the customer's credit.
    public static func paymentVoid(_ payment: Payment) -> [JournalLine] {
        Self.payment(payment).map {
            JournalLine(
                account: $0.account, partyID: $0.partyID, bankAccountID: $0.bankAccountID,
                amount: Money(minorUnits: -$0.amount.minorUnits, currency: $0.amount.currency))
        }
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
