import Foundation

/// A correction of an approved statement, paid (or recovered) on a later month's statement.
///
/// An approved statement never changes; a later credit note or clawback that belongs to its month becomes an
/// adjustment of exactly the difference it makes (``CommissionCalculator/adjustment(correcting:lateCredits:reason:)``).
public struct CommissionAdjustment: Hashable, Sendable, Codable {
    /// The month of the statement corrected.
    public let correctsMonth: PlanMonth
    /// The difference in earned commission: negative when commission is taken back.
    public let amount: Money
    /// Why, for the statement ("Credit note CN-0012 on INV-0451").
    public let reason: String
    /// The late events that caused it.
    public let sources: [CreditEvent]

    /// Creates an adjustment.
    public init(correctsMonth: PlanMonth, amount: Money, reason: String, sources: [CreditEvent]) {
        self.correctsMonth = correctsMonth
        self.amount = amount
        self.reason = reason
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case correctsMonth = "corrects_month"
        case amount
        case reason
        case sources
    }
}
