import Foundation

/// A monthly draw: the least a manager is paid in commission in a month (DOMAIN.md §4).
///
/// Recoverable: pay max(draw, earned − carried deficit) and carry what the draw paid beyond the earnings into the
/// next month (draw ₱20k; earned ₱12k → pays ₱20k, ₱8k owed; next month earned ₱35k → pays ₱27k). Not
/// recoverable: pay max(draw, earned) and forget the top-up (₱20k, then ₱35k). Draws and clawbacks are recovered
/// from later commission only, never from wages.
public struct CommissionDraw: Hashable, Sendable, Codable {
    /// The monthly draw, above zero.
    public var amount: Money
    /// True when the top-up is recovered from later commission.
    public var isRecoverable: Bool

    /// Creates a draw.
    public init(amount: Money, isRecoverable: Bool) {
        self.amount = amount
        self.isRecoverable = isRecoverable
    }

    enum CodingKeys: String, CodingKey {
        case amount
        case isRecoverable = "is_recoverable"
    }
}
