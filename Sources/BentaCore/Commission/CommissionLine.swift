import Foundation

/// One line of a commission statement: what it comes from, the amount it applies to, the band and rate, and the
/// commission it gives, rounded half up to the minor unit.
///
/// A credit event whose sales cross a band boundary gives one line per band it touches; the statement's earned
/// amount is the sum of its rounded lines, exactly.
public struct CommissionLine: Hashable, Sendable, Codable {
    /// What a line comes from.
    public enum Source: Hashable, Sendable, Codable {
        /// A credited amount (deal, invoice, payment, credit note or clawback).
        case credit(CreditEvent)
        /// The plan's cap, taking back what the month's sales earned above it.
        case cap
        /// A correction of an earlier, approved statement.
        case adjustment(CommissionAdjustment)
    }

    /// Where a line's rate comes from.
    public enum RateSource: Hashable, Sendable, Codable {
        /// The structure's band, by index into ``CommissionStructure/bands``.
        case band(index: Int)
        /// The plan's rate for this product.
        case productRate(productID: String)
        /// The plan's rate for new customers.
        case newCustomerRate
        /// The plan's clawback rate.
        case clawbackRate
        /// No rate: a cap or an adjustment, whose amount is given.
        case none
    }

    /// What the line comes from.
    public let source: Source
    /// The part of the source's credited amount this line applies to (its slice in the band); zero for a cap or an
    /// adjustment.
    public let basis: Money
    /// Where the rate comes from.
    public let rateSource: RateSource
    /// The band applied, when the rate is a band's.
    public let band: CommissionBand?
    /// The rate applied in percent; zero for a cap or an adjustment.
    public let ratePercent: Decimal
    /// The commission of the line: `basis` × rate, rounded half up to the minor unit (negative for credit notes,
    /// clawbacks, the cap and negative adjustments).
    public let amount: Money

    /// Creates a line.
    public init(
        source: Source, basis: Money, rateSource: RateSource, band: CommissionBand?, ratePercent: Decimal,
        amount: Money
    ) {
        self.source = source
        self.basis = basis
        self.rateSource = rateSource
        self.band = band
        self.ratePercent = ratePercent
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case source
        case basis
        case rateSource = "rate_source"
        case band
        case ratePercent = "rate_percent"
        case amount
    }
}
