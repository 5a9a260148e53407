import Foundation

/// The collection KPIs of DOMAIN.md §3: DSO, best possible DSO, average days delinquent and CEI.
///
/// Inputs are `Money` of one currency (mixing currencies throws `MoneyError.currencyMismatch`); every result is a
/// `Decimal` computed exactly and rounded once, half up, through `Rounding.roundHalfUp`: days to 1 decimal, CEI to
/// 1 decimal of a percent. A result that would divide by zero (no credit sales, an empty period) is nil.
public enum CollectionMetrics {
    /// The decimals of a result in days.
    public static let daysScale = 1
    /// The decimals of a result in percent.
    public static let percentScale = 1

    /// Days sales outstanding = ending AR ÷ credit sales of the period × days in the period.
    ///
    /// AR ₱3.0M, 90-day credit sales ₱9.0M → 30.0 days. Nil when the sales or the period are not positive.
    public static func daysSalesOutstanding(
        endingReceivables: Money, creditSales: Money, periodDays: Int
    ) throws(MoneyError) -> Decimal? {
        try exactDays(endingReceivables, creditSales: creditSales, periodDays: periodDays).map(roundDays)
    }

    /// Best possible DSO = current (not yet overdue) AR ÷ credit sales × days in the period.
    ///
    /// Current AR ₱2.1M of the example above → 21.0 days. Nil when the sales or the period are not positive.
    public static func bestPossibleDaysSalesOutstanding(
        currentReceivables: Money, creditSales: Money, periodDays: Int
    ) throws(MoneyError) -> Decimal? {
        try exactDays(currentReceivables, creditSales: creditSales, periodDays: periodDays).map(roundDays)
    }

    /// Average days delinquent = DSO − best possible DSO, from the exact values (rounded once): 30 − 21 = 9.0.
    public static func averageDaysDelinquent(
        endingReceivables: Money, currentReceivables: Money, creditSales: Money, periodDays: Int
    ) throws(MoneyError) -> Decimal? {
        guard let total = try exactDays(endingReceivables, creditSales: creditSales, periodDays: periodDays),
            let current = try exactDays(currentReceivables, creditSales: creditSales, periodDays: periodDays)
        else { return nil }
        return roundDays(total - current)
    }

    /// Collection effectiveness index, in percent:
    /// (beginning AR + sales ÷ N − ending AR) ÷ (beginning AR + sales ÷ N − ending current AR) × 100,
    /// for a period of N `months` (sales are spread over the months, as DOMAIN.md §3 says).
    ///
    /// ₱2.8M + ₱3.0M − ₱3.0M = 2.8M over ₱2.8M + ₱3.0M − ₱2.1M = 3.7M → 75.7. Nil when `months` is not positive
    /// or the divisor is not positive (nothing was collectable, so there is no effectiveness to measure).
    public static func collectionEffectivenessIndex(
        beginningReceivables: Money, creditSales: Money, endingReceivables: Money,
        endingCurrentReceivables: Money, months: Int = 1
    ) throws(MoneyError) -> Decimal? {
        let currency = beginningReceivables.currency
        for amount in [creditSales, endingReceivables, endingCurrentReceivables] where amount.currency != currency {
            throw .currencyMismatch(currency, amount.currency)
        }
        guard months > 0 else { return nil }
        let collectable = Rounding.decimal(beginningReceivables) + Rounding.decimal(creditSales) / Decimal(months)
        let divisor = collectable - Rounding.decimal(endingCurrentReceivables)
        guard divisor > 0 else { return nil }
        let collected = collectable - Rounding.decimal(endingReceivables)
        return Rounding.roundHalfUp(collected * 100 / divisor, scale: percentScale)
    }

    /// `receivables` ÷ `creditSales` × `periodDays`, unrounded; nil when it would divide by zero or less.
    private static func exactDays(
        _ receivables: Money, creditSales: Money, periodDays: Int
    ) throws(MoneyError) -> Decimal? {
        guard receivables.currency == creditSales.currency else {
            throw .currencyMismatch(receivables.currency, creditSales.currency)
        }
        guard creditSales.isPositive, periodDays > 0 else { return nil }
        // Multiply before dividing, so a whole result (30 days) stays whole.
        return Decimal(receivables.minorUnits) * Decimal(periodDays) / Decimal(creditSales.minorUnits)
    }

    private static func roundDays(_ days: Decimal) -> Decimal {
        Rounding.roundHalfUp(days, scale: daysScale)
    }
}
