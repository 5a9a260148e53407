import Foundation

/// Plain decimal text for UBL quantities, rates and prices: no grouping, no exponent, a period as separator.
enum UBLNumber {
    /// `value` with at least `minimumFractionDigits` decimals and no more than it has: 1500 → "1500.00" (2),
    /// 89.2867 → "89.2867", 2.5 → "2.5" (0).
    static func text(_ value: Decimal, minimumFractionDigits: Int = 0) -> String {
        // Decimal's description is the plain digit string ("0.0001", "-12.5"), never an exponent.
        let plain = value.description
        let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count < minimumFractionDigits else { return plain }
        let padding = String(repeating: "0", count: minimumFractionDigits - fraction.count)
        return String(parts[0]) + "." + fraction + padding
    }
}
