import Foundation

/// The named rounding rules of Benta: every quote, invoice and credit note rounds through these functions only.
///
/// All arithmetic is decimal (`Decimal`) or integer minor units (`Money`); there is no floating point. "Half up"
/// means half away from zero, for negative amounts too (−0.005 → −0.01), as EN 16931 and the BIR examples use.
public enum Rounding {
    /// `value` rounded to `scale` decimal places, halves away from zero: 44.965 → 44.97, −117.7654 → −117.77.
    ///
    /// A negative `scale` rounds to tens, hundreds and so on. NaN stays NaN.
    public static func roundHalfUp(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        // `.plain` rounds a tie away from zero for both signs.
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// `decimal` (in major units, such as pesos) rounded half up to the currency's minor unit: 2 digits for PHP,
    /// 0 for JPY, 3 for KWD.
    ///
    /// Throws `MoneyError.overflow` when the result does not fit in 64-bit minor units or `decimal` is NaN.
    public static func toMoney(_ decimal: Decimal, currency: Currency) throws(MoneyError) -> Money {
        let minor = try minorUnits(decimal, currency: currency)
        return Money(minorUnits: minor, currency: currency)
    }

    /// `rate` percent of `base`, rounded half up once: 12% of 100,000.00 = 12,000.00; 2.1% of 2,141.19 = 44.96.
    ///
    /// Throws `MoneyError.overflow` only when the result does not fit (a rate far above 100).
    public static func percent(of base: Money, rate: Decimal) throws(MoneyError) -> Money {
        let exact = decimal(base) * rate / 100
        return try toMoney(exact, currency: base.currency)
    }

    /// Splits a VAT-inclusive `gross` into net and tax so that the two parts add up to `gross` exactly.
    ///
    /// net = round(gross / (1 + rate/100)), tax = gross − net. At 12%: ₱6,000.00 → 5,357.14 + 642.86;
    /// ₱100.00 → 89.29 + 10.71; ₱1,120.00 → 1,000.00 + 120.00. Throws `MoneyError.overflow` when `ratePercent` is
    /// −100 or below (no inclusive price can carry such a rate).
    public static func splitInclusive(gross: Money, ratePercent: Decimal) throws(MoneyError) -> (net: Money, tax: Money)
    {
        let divisor = 1 + ratePercent / 100
        guard divisor > 0 else { throw .overflow }
        let net = try toMoney(decimal(gross) / divisor, currency: gross.currency)
        let tax = try gross.subtracting(net)
        return (net, tax)
    }

    /// Splits `total` into parts proportional to `weights` that add up to `total` exactly (largest remainder method).
    ///
    /// Each part first gets the whole minor units of its exact share (rounded toward zero); the minor units left
    /// over go one each to the parts with the largest fractional remainders, the lower index winning a tie. A
    /// negative `total` is split as its magnitude and then negated, so the result is symmetric. Negative or NaN
    /// weights count as zero; when all weights are zero the total is split evenly. No weights give no parts.
    public static func allocate(_ total: Money, weights: [Decimal]) -> [Money] {
        guard !weights.isEmpty else { return [] }
        var cleaned = weights.map { $0.isNaN || $0 < 0 ? Decimal(0) : $0 }
        if cleaned.allSatisfy(\.isZero) {
            cleaned = Array(repeating: 1, count: weights.count)
        }
        let weightSum = cleaned.reduce(Decimal(0), +)
        // The magnitude of Int64.min does not fit in Int64; split it one unit smaller and give that unit back to
        // the part with the largest weight.
        let isMinimum = total.minorUnits == Int64.min
        let distributable = isMinimum ? Int64.max : abs(total.minorUnits)
        let targets = cleaned.map { Decimal(distributable) * $0 / weightSum }
        var parts = apportion(targets: targets, total: distributable)
        if isMinimum, let largest = cleaned.indices.max(by: { cleaned[$0] < cleaned[$1] }) {
            parts[largest] &+= 1
        }
        let sign: Int64 = total.minorUnits < 0 ? -1 : 1
        return parts.map { part in
            // For Int64.min a single part holds Int64.max + 1, wrapped to Int64.min; negating wraps it back.
            Money(minorUnits: sign == 1 ? part : 0 &- part, currency: total.currency)
        }
    }

    /// Whole minor units whose sum is exactly `total` and each within one unit of its exact decimal target.
    ///
    /// The targets should add up to about `total`. Each part starts at its target rounded down; the units still
    /// missing go one each to the largest fractional remainders (lower index first on a tie), so the outcome is
    /// deterministic. Should the targets be off by more than one unit per part, every part first gets an equal
    /// whole share of the difference.
    static func apportion(targets: [Decimal], total: Int64) -> [Int64] {
        guard !targets.isEmpty else { return [] }
        var parts: [Int64] = []
        var remainders: [Decimal] = []
        parts.reserveCapacity(targets.count)
        for target in targets {
            var value = target
            var floor = Decimal()
            NSDecimalRound(&floor, &value, 0, .down)
            parts.append(integer(floor) ?? 0)
            remainders.append(target - floor)
        }
        let largestFirst = targets.indices.sorted { lhs, rhs in
            remainders[lhs] != remainders[rhs] ? remainders[lhs] > remainders[rhs] : lhs < rhs
        }
        // Normally 0 ≤ missing ≤ count; the whole-round step only matters for targets that do not add up to `total`.
        let missing = total &- parts.reduce(0, &+)
        let count = Int64(parts.count)
        var (wholeRounds, extra) = missing.quotientAndRemainder(dividingBy: count)
        if extra < 0 {
            wholeRounds &-= 1
            extra += count
        }
        for rank in largestFirst.indices {
            parts[largestFirst[rank]] &+= wholeRounds &+ (Int64(rank) < extra ? 1 : 0)
        }
        return parts
    }

    /// The amount as an exact decimal in major units (12345 centavos → 123.45).
    static func decimal(_ money: Money) -> Decimal {
        Decimal(money.minorUnits) / Decimal(money.currency.minorUnitsPerMajorUnit)
    }

    /// `decimal` major units rounded half up to whole minor units of `currency`.
    static func minorUnits(_ decimal: Decimal, currency: Currency) throws(MoneyError) -> Int64 {
        guard !decimal.isNaN else { throw .overflow }
        let scaled = roundHalfUp(decimal * Decimal(currency.minorUnitsPerMajorUnit), scale: 0)
        guard let value = integer(scaled) else { throw .overflow }
        return value
    }

    /// A whole-number decimal as `Int64`, or nil when it has a fraction or is out of range.
    ///
    /// Goes through the decimal's plain digit string, which is exact (no binary floating point on the way).
    static func integer(_ whole: Decimal) -> Int64? {
        guard !whole.isNaN else { return nil }
        // Int64(String) refuses fractions and out-of-range values, so no separate bounds check is needed.
        return Int64(whole.description)
    }
}
