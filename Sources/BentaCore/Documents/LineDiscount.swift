import Foundation

/// A discount shown on a document line at the time of sale (a trade or volume discount, NIRC 106(D)).
///
/// It is in the document's price mode: on a VAT-inclusive document an amount discount is VAT-inclusive too.
public enum LineDiscount: Sendable, Hashable, Codable {
    /// A percentage (0…100) of the line's rounded quantity × price; the discount amount is rounded half up first.
    case percent(Decimal)
    /// A fixed amount off the line, in the document currency.
    case amount(Money)

    /// The discount in money for a line whose rounded quantity × price is `lineGross`.
    public func amount(on lineGross: Money) throws(MoneyError) -> Money {
        switch self {
        case .percent(let rate): try Rounding.percent(of: lineGross, rate: rate)
        case .amount(let money): money
        }
    }
}
