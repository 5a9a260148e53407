import Foundation

/// Why a money operation or parse failed.
public enum MoneyError: Error, Equatable, Sendable {
    /// The two amounts are in different currencies (left, right).
    case currencyMismatch(Currency, Currency)
    /// The text is not a plain decimal amount (no grouping commas, no symbols).
    case invalidAmount(String)
    /// The text has more decimals than the currency allows.
    case tooManyDecimals(String)
    /// The result does not fit in 64-bit minor units.
    case overflow
}
