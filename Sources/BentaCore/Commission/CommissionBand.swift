import Foundation

/// One band of a tiered or retroactive commission structure: a range of attainment and its rate.
///
/// `from` and `to` are percentages of the manager's plan; the band holds credited sales from `from`% (included) up
/// to `to`% (excluded), or without end when `to` is nil. Accelerators, decelerators and a 0% gate are all just
/// bands: 0–50% at 0% is a gate, 150%– at a lower rate than the band before is a decelerator.
public struct CommissionBand: Hashable, Sendable, Codable {
    /// Where the band starts, in percent of plan (the first band starts at 0).
    public var from: Decimal
    /// Where the band ends, in percent of plan; nil for the last band, which has no end.
    public var to: Decimal?
    /// The commission rate in percent of the sales in the band (3 means 3%).
    public var ratePercent: Decimal

    /// Creates a band.
    public init(from: Decimal, to: Decimal?, ratePercent: Decimal) {
        self.from = from
        self.to = to
        self.ratePercent = ratePercent
    }

    enum CodingKeys: String, CodingKey {
        case from
        case to
        case ratePercent = "rate_percent"
    }
}
