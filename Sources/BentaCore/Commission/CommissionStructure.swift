import Foundation

/// How a commission plan turns the month's credited sales into commission (DOMAIN.md §4's table).
public enum CommissionStructure: Hashable, Sendable, Codable {
    /// rate × all credited sales: 3% × ₱2.3M = ₱69,000.
    case flat(ratePercent: Decimal)
    /// rate × max(0, sales − plan), the source article's model and Benta's default: 10% × ₱0.3M = ₱30,000.
    ///
    /// With a gross margin, a share of the gross profit above the planned gross profit:
    /// 25% × (30% × ₱0.3M) = ₱22,500; the rate applied is then rate × margin (7.5%).
    case overPlan(ratePercent: Decimal, grossMarginPercent: Decimal?)
    /// Marginal tiers: each band's slice of the sales at that band's rate. 0–100% 3%, 100–120% 5%, 120%– 8% →
    /// at ₱2.3M of ₱2.0M: 60,000 + 15,000 = ₱75,000.
    case tiered(bands: [CommissionBand])
    /// Retroactive ("cliff"): all sales at the rate of the band the total reaches. ₱2.3M of ₱2.0M reaches the 5%
    /// band → ₱115,000. One peso more can jump the pay; offered because companies use it, not recommended.
    case retroactive(bands: [CommissionBand])

    /// The structure as bands: flat is one band from 0%, over plan is 0% up to 100% and the rate after it.
    public var bands: [CommissionBand] {
        switch self {
        case .flat(let rate):
            [CommissionBand(from: 0, to: nil, ratePercent: rate)]
        case .overPlan(let rate, let margin):
            [
                CommissionBand(from: 0, to: 100, ratePercent: 0),
                CommissionBand(from: 100, to: nil, ratePercent: margin.map { rate * $0 / 100 } ?? rate),
            ]
        case .tiered(let bands), .retroactive(let bands):
            bands
        }
    }

    /// True for the retroactive structure, where the band reached sets the rate of every sale.
    public var isRetroactive: Bool {
        if case .retroactive = self { return true }
        return false
    }
}
