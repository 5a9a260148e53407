import Foundation

/// What a line of a customer's statement of account records (the ledger entry it comes from).
public enum StatementLineKind: String, Sendable, Hashable, CaseIterable {
    /// An issued invoice: the customer owes its total.
    case invoice
    /// An issued credit note: the customer owes its total less.
    case creditNote = "credit_note"
    /// Money received: the customer's credit until it is applied, so the balance goes down by the amount.
    case payment
    /// Part of a payment applied to an invoice: the cash only moves from credit to the invoice, so the balance
    /// goes down by what the customer withheld (settled with a BIR Form 2307).
    case allocation
    /// An allocation undone: the withholding it settled is owed again.
    case allocationReversal = "allocation_reversal"
    /// A payment undone (its bank line was matched wrongly): the customer owes the amount again.
    case paymentVoid = "payment_void"
}

/// One movement of a statement of account, with the balance after it.
public struct StatementLine: Sendable, Hashable {
    public var date: CalendarDate
    public var kind: StatementLineKind
    /// The id of the document the ledger entry records (invoice, credit note, payment or allocation).
    public var documentID: String
    /// The invoice or credit note number; the payment's reference for payments, allocations and their reversals.
    public var reference: String?
    /// On an allocation or its reversal: the number of the invoice it settles.
    public var invoiceNumber: String?
    /// Signed: what the customer owes more (positive) or less (negative) after this line.
    public var amount: Money
    /// On an allocation or its reversal: cash + withholding settled on the invoice (negative on a reversal).
    public var applied: Money?
    /// What the customer owes after this line, net of unapplied credit.
    public var balance: Money

    public init(
        date: CalendarDate, kind: StatementLineKind, documentID: String, reference: String?, invoiceNumber: String?,
        amount: Money, applied: Money?, balance: Money
    ) {
        self.date = date
        self.kind = kind
        self.documentID = documentID
        self.reference = reference
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.applied = applied
        self.balance = balance
    }
}

/// A ledger movement before the running balance is added (what the store reads).
public struct StatementMovement: Sendable, Hashable {
    public var date: CalendarDate
    public var kind: StatementLineKind
    public var documentID: String
    public var reference: String?
    public var invoiceNumber: String?
    public var amount: Money
    public var applied: Money?

    public init(
        date: CalendarDate, kind: StatementLineKind, documentID: String, reference: String?, invoiceNumber: String?,
        amount: Money, applied: Money?
    ) {
        self.date = date
        self.kind = kind
        self.documentID = documentID
        self.reference = reference
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.applied = applied
    }
}

/// An invoice still open at the end of a statement's period, with its aging bucket on that day.
public struct StatementOpenInvoice: Sendable, Hashable {
    public var invoiceID: Invoice.ID
    public var number: String
    public var issueDate: CalendarDate
    /// The due date; the issue date when the invoice has none.
    public var dueDate: CalendarDate
    public var total: Money
    /// Total − credit notes − cash − withholding, as of the statement's last day.
    public var open: Money
    /// Days past the due date on the statement's last day (negative before it).
    public var daysPastDue: Int
    /// The translation key of its aging bucket ("aging.not_due", "aging.1_30", …).
    public var bucketLabelKey: String

    public init(
        invoiceID: Invoice.ID, number: String, issueDate: CalendarDate, dueDate: CalendarDate, total: Money,
        open: Money, daysPastDue: Int, bucketLabelKey: String
    ) {
        self.invoiceID = invoiceID
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.total = total
        self.open = open
        self.daysPastDue = daysPastDue
        self.bucketLabelKey = bucketLabelKey
    }
}

/// A customer's statement of account for a period, in one currency: the balance the day before `from`, every
/// ledger movement of the period in date order with the running balance, the closing balance, and the invoices
/// still open on `to` with their aging.
///
/// The balance is what the customer owes net of its unapplied credit: issued invoices − credit notes − payments
/// received − what it withheld, each dated on or before the day. So a payment lowers it when it arrives, and
/// applying it to an invoice moves nothing but the withholding.
public struct StatementOfAccount: Sendable, Hashable {
    /// The default period: the 90 days up to today.
    public static let defaultDays = 90
    /// The longest period a statement covers.
    public static let maximumDays = 366
    /// The most lines (and open invoices) a statement holds; a longer one is refused, asking for a shorter period.
    public static let maximumLines = 2_000

    public var accountID: Account.ID
    public var seller: InvoiceParty
    public var customer: InvoiceParty
    public var currency: Currency
    public var from: CalendarDate
    public var to: CalendarDate
    /// What the customer owed at the end of the day before `from`.
    public var opening: Money
    public var lines: [StatementLine]
    /// What the customer owes at the end of `to`: `opening` + Σ line amounts.
    public var closing: Money
    /// The customer's payments not applied to any invoice as of `to` (a positive amount).
    public var unappliedCredit: Money
    public var openInvoices: [StatementOpenInvoice]

    public init(
        accountID: Account.ID, seller: InvoiceParty, customer: InvoiceParty, currency: Currency, from: CalendarDate,
        to: CalendarDate, opening: Money, movements: [StatementMovement], unappliedCredit: Money,
        openInvoices: [StatementOpenInvoice]
    ) {
        self.accountID = accountID
        self.seller = seller
        self.customer = customer
        self.currency = currency
        self.from = from
        self.to = to
        self.opening = opening
        var balance = opening.minorUnits
        lines = movements.map { movement in
            balance += movement.amount.minorUnits
            return StatementLine(
                date: movement.date, kind: movement.kind, documentID: movement.documentID,
                reference: movement.reference, invoiceNumber: movement.invoiceNumber, amount: movement.amount,
                applied: movement.applied, balance: Money(minorUnits: balance, currency: currency))
        }
        closing = Money(minorUnits: balance, currency: currency)
        self.unappliedCredit = unappliedCredit
        self.openInvoices = openInvoices
    }

    /// Σ of the open invoices: `closing` + `unappliedCredit` when the ledger and the invoices agree.
    public var openTotal: Money {
        Money(minorUnits: openInvoices.reduce(0) { $0 + $1.open.minorUnits }, currency: currency)
    }

    /// The problems of a period (`from` after `to`, longer than `maximumDays`), under `from`/`to`.
    public static func validatePeriod(from: CalendarDate, to: CalendarDate) -> ValidationErrors {
        var errors = ValidationErrors()
        if from > to {
            errors.add(field: "from", code: "after_to", message: "The period starts after it ends.")
        } else if from.days(until: to) + 1 > maximumDays {
            errors.add(
                field: "from", code: "period_too_long",
                message: "A statement covers at most \(maximumDays) days; choose a shorter period.")
        }
        return errors
    }

    /// The refusal of a statement with more than `maximumLines` lines or open invoices.
    public static var tooManyLines: ValidationErrors {
        ValidationErrors([
            FieldError(
                field: "from", code: "too_many_lines",
                message: "The statement has more than \(maximumLines) lines; choose a shorter period.")
        ])
    }
}

/// The collection figures of a period (DOMAIN.md §3) for one currency: the receivables at its start and end, the
/// credit sales in it, and DSO, best possible DSO, average days delinquent and CEI computed from them by
/// `CollectionMetrics`.
public struct ReceivablesMetrics: Sendable, Hashable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var currency: Currency
    /// The invoices' manager the figures are limited to; nil for every customer the viewer sees.
    public var ownerID: User.ID?
    /// Open receivables at the end of the day before `from`.
    public var beginningReceivables: Money
    /// Open receivables at the end of `to`.
    public var endingReceivables: Money
    /// The part of `endingReceivables` not yet due on `to`.
    public var endingCurrentReceivables: Money
    /// Invoices issued in the period less credit notes issued in it (totals with VAT, like the receivables).
    public var creditSales: Money
    public var dso: Decimal?
    public var bestPossibleDSO: Decimal?
    public var averageDaysDelinquent: Decimal?
    /// Collection effectiveness index in percent.
    public var cei: Decimal?

    /// Computes the KPIs from the four amounts (nil where a formula would divide by zero).
    public init(
        from: CalendarDate, to: CalendarDate, currency: Currency, ownerID: User.ID?, beginningReceivables: Money,
        endingReceivables: Money, endingCurrentReceivables: Money, creditSales: Money
    ) throws(MoneyError) {
        self.from = from
        self.to = to
        self.currency = currency
        self.ownerID = ownerID
        self.beginningReceivables = beginningReceivables
        self.endingReceivables = endingReceivables
        self.endingCurrentReceivables = endingCurrentReceivables
        self.creditSales = creditSales
        let days = periodDays
        dso = try CollectionMetrics.daysSalesOutstanding(
            endingReceivables: endingReceivables, creditSales: creditSales, periodDays: days)
        bestPossibleDSO = try CollectionMetrics.bestPossibleDaysSalesOutstanding(
            currentReceivables: endingCurrentReceivables, creditSales: creditSales, periodDays: days)
        averageDaysDelinquent = try CollectionMetrics.averageDaysDelinquent(
            endingReceivables: endingReceivables, currentReceivables: endingCurrentReceivables,
            creditSales: creditSales, periodDays: days)
        cei = try CollectionMetrics.collectionEffectivenessIndex(
            beginningReceivables: beginningReceivables, creditSales: creditSales,
            endingReceivables: endingReceivables, endingCurrentReceivables: endingCurrentReceivables,
            months: months)
    }

    /// Days from `from` to `to`, both included.
    public var periodDays: Int { from.days(until: to) + 1 }

    /// The months CEI spreads the sales over: the period's days ÷ 30, rounded half up, at least 1 (a 90-day
    /// quarter is 3, a 31-day month 1, a year 12).
    public var months: Int { Self.months(periodDays: periodDays) }

    /// `periodDays` ÷ 30 rounded half up, at least 1.
    public static func months(periodDays: Int) -> Int {
        max(1, (periodDays + 15) / 30)
    }

    /// The longest period the metrics cover.
    public static let maximumDays = 366
}

/// One invoice unpaid past its term, for the quarterly output-VAT relief of RR 3-2024 (DOMAIN.md §1).
public struct UnpaidPastTermInvoice: Sendable, Hashable {
    public var invoiceID: Invoice.ID
    public var number: String
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    /// The buyer as printed on the invoice.
    public var buyerName: String
    public var buyerTIN: String?
    public var total: Money
    /// The VAT shown on the invoice.
    public var vat: Money
    /// Total − credit notes − cash − withholding as of the report quarter's last day.
    public var open: Money

    public init(
        invoiceID: Invoice.ID, number: String, issueDate: CalendarDate, dueDate: CalendarDate, buyerName: String,
        buyerTIN: String?, total: Money, vat: Money, open: Money
    ) {
        self.invoiceID = invoiceID
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.buyerName = buyerName
        self.buyerTIN = buyerTIN
        self.total = total
        self.vat = vat
        self.open = open
    }

    /// The VAT on the open part: VAT × open ÷ total, rounded half up to the minor unit once.
    public var openVAT: Money {
        guard total.isPositive else { return .zero(vat.currency) }
        let exact = Decimal(vat.minorUnits) * Decimal(open.minorUnits) / Decimal(total.minorUnits)
        let rounded = Rounding.roundHalfUp(exact, scale: 0)
        return Money(minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: vat.currency)
    }
}

/// The rule of the unpaid-past-term report (RR 3-2024, RMC 65-2024): a VAT seller deducts the output VAT of a credit
/// sale still unpaid after its term in the quarter after the term lapsed.
public enum UnpaidPastTermRule {
    /// Sales before this day are outside the relief.
    public static let firstSaleDate = CalendarDate(year: 2024, month: 4, day: 27)!

    /// The due dates of the invoices the report for `quarter` (the quarter the VAT is deducted in) lists: the
    /// quarter before it.
    public static func dueDates(for quarter: TaxQuarter) -> (first: CalendarDate, last: CalendarDate) {
        let previous =
            quarter.quarter == 1
            ? TaxQuarter(year: quarter.year - 1, quarter: 4)
            : TaxQuarter(year: quarter.year, quarter: quarter.quarter - 1)
        guard let previous else { return (quarter.firstDay, quarter.firstDay.adding(days: -1)) }
        return (previous.firstDay, previous.lastDay)
    }
}
