import Foundation

/// An exact amount of money in integer minor units (centavos for PHP) of one currency.
///
/// Arithmetic is overflow-checked and refuses to mix currencies; there is no floating point anywhere.
public struct Money: Hashable, Sendable, Codable {
    /// The amount in the currency's minor units (for PHP, centavos).
    public let minorUnits: Int64
    /// The currency of the amount.
    public let currency: Currency

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// A zero amount in the given currency.
    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// True when the amount is exactly zero.
    public var isZero: Bool { minorUnits == 0 }
    /// True when the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }
    /// True when the amount is above zero.
    public var isPositive: Bool { minorUnits > 0 }

    /// The sum of two amounts of the same currency.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (value, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: value, currency: currency)
    }

    /// This amount minus another of the same currency.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (value, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: value, currency: currency)
    }

    /// The amount with its sign flipped; throws `.overflow` only for `Int64.min`.
    public func negated() throws(MoneyError) -> Money {
        let (value, overflow) = Int64(0).subtractingReportingOverflow(minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: value, currency: currency)
    }

    /// The amount multiplied by a whole number (for example a quantity).
    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (value, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: value, currency: currency)
    }

    /// The sum of several amounts, all in `currency`; an empty list sums to zero.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts {
            total = try total.adding(amount)
        }
        return total
    }

    /// Throwing `+`: use as `try a + b`.
    public static func + (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        try lhs.adding(rhs)
    }

    /// Throwing `-`: use as `try a - b`.
    public static func - (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        try lhs.subtracting(rhs)
    }

    /// Compares two amounts of the same currency; throws on a currency mismatch.
    public func isLess(than other: Money) throws(MoneyError) -> Bool {
        try requireSameCurrency(other)
        return minorUnits < other.minorUnits
    }

    private func requireSameCurrency(_ other: Money) throws(MoneyError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }
}

extension Money {
    /// Parses a plain decimal such as "1234.5" or "-0.01" (no grouping, no symbol, surrounding spaces ignored).
    ///
    /// Accepts an optional leading "-", at least one digit, and an optional "." followed by 1 to
    /// `currency.minorUnitDigits` digits.
    public init(decimalString: String, currency: Currency) throws(MoneyError) {
        let text = decimalString.trimmingCharacters(in: .whitespaces)
        var scalars = Substring(text).unicodeScalars[...]
        var isNegative = false
        if scalars.first == "-" {
            isNegative = true
            scalars = scalars.dropFirst()
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, !integerPart.isEmpty,
            integerPart.allSatisfy(Money.isASCIIDigit)
        else { throw .invalidAmount(decimalString) }
        var fraction = Substring.UnicodeScalarView()
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(Money.isASCIIDigit) else {
                throw .invalidAmount(decimalString)
            }
            guard fraction.count <= currency.minorUnitDigits else { throw .tooManyDecimals(decimalString) }
        }
        // Accumulate as a negative number so Int64.min itself is representable.
        var value: Int64 = 0
        let digits: [Unicode.Scalar] =
            Array(integerPart) + Array(fraction)
            + Array(repeating: "0", count: currency.minorUnitDigits - fraction.count)
        for scalar in digits {
            let digit = Int64(scalar.value - 48)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw .overflow }
            value = next
        }
        if !isNegative {
            let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
            guard !overflow else { throw .overflow }
            value = positive
        }
        self.init(minorUnits: value, currency: currency)
    }

    /// The amount as a plain decimal with exactly the currency's decimals: "1234.50", "-0.05", JPY "1234".
    public var decimalString: String {
        let parts = MoneyDigits(self)
        var result = parts.isNegative ? "-" : ""
        result += parts.integerDigits
        if !parts.fractionDigits.isEmpty {
            result += "." + parts.fractionDigits
        }
        return result
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }
}

/// The sign, integer digits and zero-padded fraction digits of an amount, shared by the string renderers.
struct MoneyDigits: Sendable {
    let isNegative: Bool
    let integerDigits: String
    let fractionDigits: String

    init(_ money: Money) {
        isNegative = money.minorUnits < 0
        let magnitude = money.minorUnits.magnitude
        let scale = UInt64(money.currency.minorUnitsPerMajorUnit)
        integerDigits = String(magnitude / scale)
        let digits = money.currency.minorUnitDigits
        if digits == 0 {
            fractionDigits = ""
        } else {
            let fraction = String(magnitude % scale)
            fractionDigits = String(repeating: "0", count: digits - fraction.count) + fraction
        }
    }
}
