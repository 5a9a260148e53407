import Foundation

/// What a leaderboard ranks managers by (issue 13: "by attainment, and by collected revenue, by commission").
public enum LeaderboardOrder: String, Hashable, Sendable, CaseIterable {
    /// Attainment % of the plan share (managers without a plan last), the default.
    case attainment
    /// The month's collected revenue: cash and withholding allocated to invoices, net of VAT, through the day
    /// measured, whatever the company's credit basis.
    case collected
    /// The commission earned so far (the month's statement, else the estimate); managers without one last.
    case commission

    /// The figure `entry` is ranked on, in minor units or percent; nil ranks last.
    func key(_ entry: Leaderboard.Entry) -> Decimal? {
        switch self {
        case .attainment: entry.attainment.attainmentPercent
        case .collected: entry.collected.map { Decimal($0.minorUnits) }
        case .commission: entry.commission.map { Decimal($0.minorUnits) }
        }
    }
}
