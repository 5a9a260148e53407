import Foundation

/// When commission already paid is taken back: an invoice credited back, or still unpaid N days after it fell due.
///
/// The clawback is −rate × the unpaid net amount (DOMAIN.md §4: 3% on ₱500k paid in March; in June ₱300k is still
/// unpaid at 90 days → −₱9,000), as a ``CreditEvent`` of kind ``CreditEvent/SourceKind/clawback`` with a negative
/// amount; paying later re-releases it as a clawback event with a positive amount.
public struct ClawbackRule: Hashable, Sendable, Codable {
    /// The rate taken back, in percent of the unpaid net amount (normally the rate that was paid).
    public var ratePercent: Decimal
    /// The days after the due date an unpaid invoice is clawed back.
    public var daysAfterDue: Int

    /// Creates a rule.
    public init(ratePercent: Decimal, daysAfterDue: Int) {
        self.ratePercent = ratePercent
        self.daysAfterDue = daysAfterDue
    }

    /// The clawback event for an invoice as of `date`, or nil when none is due.
    ///
    /// Due when the invoice was credited back (`isCreditedBack`) or is still unpaid `daysAfterDue` days or more after
    /// `dueDate`; nothing is due for a zero or negative unpaid amount. The event is dated `date` and credits
    /// −`unpaidNet`.
    public func clawbackEvent(
        invoiceID: String, dueDate: CalendarDate, unpaidNet: Money, isCreditedBack: Bool, asOf date: CalendarDate
    ) -> CreditEvent? {
        guard unpaidNet.isPositive else { return nil }
        guard isCreditedBack || dueDate.days(until: date) >= daysAfterDue else { return nil }
        return CreditEvent(
            sourceKind: .clawback, sourceID: invoiceID, date: date,
            amount: Money(minorUnits: -unpaidNet.minorUnits, currency: unpaidNet.currency))
    }

    /// The clawback event that brings what was taken back for one invoice to what is due as of `date`, or nil when
    /// nothing changes: DOMAIN.md §4 "−r × unpaid net … still unpaid N days after due; re-release if paid".
    ///
    /// What is due is the credited part of the invoice still unpaid (`unpaidNet`, net of VAT, credit notes and
    /// payments, negative amounts counting as zero) once `date` is `daysAfterDue` days or more past `dueDate`, and
    /// nothing before. `clawedBack` is the sum of the invoice's clawback events on earlier statements (zero or
    /// negative). The event is the difference, dated `date`: negative the first time (the clawback), positive
    /// when the invoice was paid since (the re-release), and nil when both agree, so an invoice is clawed back
    /// once however many runs see it unpaid. Throws `MoneyError.currencyMismatch` for mixed currencies.
    public func clawbackChange(
        invoiceID: String, dueDate: CalendarDate, unpaidNet: Money, clawedBack: Money, asOf date: CalendarDate
    ) throws(MoneyError) -> CreditEvent? {
        guard unpaidNet.currency == clawedBack.currency else {
            throw .currencyMismatch(unpaidNet.currency, clawedBack.currency)
        }
        let isDue = dueDate.days(until: date) >= daysAfterDue && unpaidNet.isPositive
        let due = isDue ? unpaidNet.minorUnits : 0
        let (change, overflow) = (-due).subtractingReportingOverflow(clawedBack.minorUnits)
        guard !overflow else { throw .overflow }
        guard change != 0 else { return nil }
        return CreditEvent(
            sourceKind: .clawback, sourceID: invoiceID, date: date,
            amount: Money(minorUnits: change, currency: unpaidNet.currency))
    }

    enum CodingKeys: String, CodingKey {
        case ratePercent = "rate_percent"
        case daysAfterDue = "days_after_due"
    }
}

/// What a clawback needs to know of one issued invoice as of a day: its due date, totals and open amount.
public struct ClawbackInvoice: Hashable, Sendable {
    /// The invoice's id.
    public var invoiceID: String
    /// The due date; nil for an invoice without one (never clawed back).
    public var dueDate: CalendarDate?
    /// The invoice's total with VAT.
    public var total: Money
    /// The invoice's total without VAT.
    public var totalWithoutTax: Money
    /// What is still open: total − issued credit notes − cash and withholding allocated, all up to the day asked.
    public var open: Money
    /// The exchange rate stored on the invoice (the one its base-currency figures use); nil in the base currency.
    public var exchangeRate: Decimal?

    /// Creates the facts.
    public init(
        invoiceID: String, dueDate: CalendarDate?, total: Money, totalWithoutTax: Money, open: Money,
        exchangeRate: Decimal?
    ) {
        self.invoiceID = invoiceID
        self.dueDate = dueDate
        self.total = total
        self.totalWithoutTax = totalWithoutTax
        self.open = open
        self.exchangeRate = exchangeRate
    }

    /// The open amount net of VAT in `base`, and the part of it credited to a manager who was credited
    /// `credited` (in `base`) of the invoice: all of it for the whole invoice, their share for a split
    /// (open × net ÷ gross, then × credited ÷ net in base, each rounded once half up). Nil when the invoice is in
    /// another currency without a usable rate.
    public func unpaidNet(in base: Currency, credited: Money) throws(MoneyError) -> Money? {
        let openNet = try CreditBasis.collectedNet(settled: open, invoiceNet: totalWithoutTax, invoiceGross: total)
        guard
            let inBase = try BaseCurrencyAmounts.converting(
                net: openNet, vat: .zero(openNet.currency), exchangeRate: exchangeRate, to: base)?.net,
            let wholeNet = try BaseCurrencyAmounts.converting(
                net: totalWithoutTax, vat: .zero(totalWithoutTax.currency), exchangeRate: exchangeRate, to: base)?.net
        else { return nil }
        guard credited.currency == base else { throw .currencyMismatch(base, credited.currency) }
        guard !wholeNet.isZero, credited != wholeNet else { return inBase }
        return try Rounding.toMoney(
            Rounding.decimal(inBase) * Decimal(credited.minorUnits) / Decimal(wholeNet.minorUnits), currency: base)
    }
}
