import Foundation
import Testing

@testable import BentaCore

/// A decimal from its text; NaN (which fails every comparison) when the text is not a number.
private func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
}

/// An amount from its plain decimal text; an impossible sentinel when the text does not parse.
private func money(_ text: String, _ currency: Currency = .php) -> Money {
    (try? Money(decimalString: text, currency: currency)) ?? Money(minorUnits: .min, currency: currency)
}

private let kwd = Currency(code: "KWD") ?? Currency(code: "KWD", minorUnitDigits: 3, symbol: "KD")

@Suite(.timeLimit(.minutes(20))) struct RoundingTests {
    @Test(arguments: [
        ("44.965", 2, "44.97"), ("-44.965", 2, "-44.97"), ("-117.7645", 2, "-117.76"), ("0.005", 2, "0.01"),
        ("-0.005", 2, "-0.01"), ("0.00499", 2, "0"), ("2.5", 0, "3"), ("-2.5", 0, "-3"), ("1.2345", 3, "1.235"),
        ("-1.2345", 3, "-1.235"), ("125", -1, "130"), ("5357.142857", 2, "5357.14"), ("12", 2, "12"),
    ])
    func roundHalfUpRoundsTiesAwayFromZero(value: String, scale: Int, expected: String) {
        #expect(Rounding.roundHalfUp(decimal(value), scale: scale) == decimal(expected))
    }

    @Test(arguments: [
        ("12.345", Currency.php, Int64(1235)), ("-12.345", .php, -1235), ("12.3449", .php, 1234), ("0.004", .php, 0),
        ("1234.5", .jpy, 1235), ("-1234.5", .jpy, -1235), ("1234.49", .jpy, 1234), ("1.2345", kwd, 1235),
        ("0.0005", kwd, 1), ("92233720368547758.07", .php, Int64.max), ("-92233720368547758.08", .php, Int64.min),
    ])
    func toMoneyRoundsHalfUpToTheCurrencyMinorUnit(value: String, currency: Currency, minorUnits: Int64) throws {
        #expect(
            try Rounding.toMoney(decimal(value), currency: currency)
                == Money(minorUnits: minorUnits, currency: currency))
    }

    @Test(arguments: ["92233720368547758.08", "-92233720368547758.09", "1e40", "NaN"])
    func toMoneyRefusesAmountsThatDoNotFit(value: String) {
        #expect(throws: MoneyError.overflow) { try Rounding.toMoney(decimal(value), currency: .php) }
    }

    // BR-CO-17 passing vectors, the PH 12% case, and half-up at the smallest unit.
    @Test(arguments: [
        ("100000.00", "12", "12000.00"), ("1000", "25", "250.00"), ("-6491.34", "25", "-1622.84"),
        ("2141.05", "14", "299.75"), ("2141.19", "2.1", "44.96"), ("-2141.19", "5.5", "-117.77"), ("1234.56", "0", "0"),
        ("0.05", "10", "0.01"), ("0.10", "12", "0.01"), ("0.30", "12", "0.04"), ("-0.05", "10", "-0.01"),
    ])
    func percentOfAmountRoundsOnceHalfUp(base: String, rate: String, expected: String) throws {
        #expect(try Rounding.percent(of: money(base), rate: decimal(rate)) == money(expected))
    }

    // BR-CO-17 failing vectors: the reported VAT is not what Benta computes.
    @Test(arguments: [("1000", "25", "251"), ("2141.19", "2.1", "43.91")])
    func percentDiffersFromVatThatBreaksRuleBRCO17(base: String, rate: String, reported: String) throws {
        #expect(try Rounding.percent(of: money(base), rate: decimal(rate)) != money(reported))
    }

    @Test func percentOfJapaneseYenRoundsToWholeYen() throws {
        #expect(try Rounding.percent(of: money("999", .jpy), rate: 12) == money("120", .jpy))
        #expect(try Rounding.percent(of: money("1.005", kwd), rate: 50) == money("0.503", kwd))
    }

    @Test(arguments: [
        ("6000.00", "12", Currency.php, "5357.14", "642.86"), ("100.00", "12", .php, "89.29", "10.71"),
        ("1120.00", "12", .php, "1000.00", "120.00"), ("7.48", "10", .php, "6.80", "0.68"),
        ("0", "12", .php, "0", "0"), ("-100.00", "12", .php, "-89.29", "-10.71"), ("250.00", "0", .php, "250.00", "0"),
        ("0.01", "12", .php, "0.01", "0"), ("1000", "10", .jpy, "909", "91"), ("1.000", "5", kwd, "0.952", "0.048"),
    ])
    func splitInclusiveGivesPartsThatAddUpToGross(
        gross: String, rate: String, currency: Currency, net: String, tax: String
    ) throws {
        let split = try Rounding.splitInclusive(gross: money(gross, currency), ratePercent: decimal(rate))
        #expect(split.net == money(net, currency))
        #expect(split.tax == money(tax, currency))
        #expect(try split.net + split.tax == money(gross, currency))
    }

    @Test func splitInclusiveRefusesARateOfMinusHundredPercent() {
        #expect(throws: MoneyError.overflow) { try Rounding.splitInclusive(gross: money("1"), ratePercent: -100) }
    }

    @Test(arguments: [
        ("100.00", ["1", "1", "1"], ["33.34", "33.33", "33.33"]),
        ("-100.00", ["1", "1", "1"], ["-33.34", "-33.33", "-33.33"]),
        ("0.02", ["1", "1", "1"], ["0.01", "0.01", "0"]),
        ("0.01", ["2.5", "2.5", "5"], ["0", "0", "0.01"]),
        ("1.00", ["1", "2", "3"], ["0.17", "0.33", "0.50"]),
        ("0.05", ["1", "1"], ["0.03", "0.02"]),
        ("10.00", ["0", "0"], ["5.00", "5.00"]),
        ("1.00", ["-1", "1"], ["0", "1.00"]),
        ("0", ["1", "3"], ["0", "0"]),
        ("6000.00", ["0.333", "0.333", "0.334"], ["1998.00", "1998.00", "2004.00"]),
        ("5.00", [], []),
    ])
    func allocateSplitsByLargestRemainderWithLowerIndexWinningTies(
        total: String, weights: [String], expected: [String]
    ) {
        let parts = Rounding.allocate(money(total), weights: weights.map(decimal))
        #expect(parts == expected.map { money($0) })
    }

    @Test(arguments: [Int64.min, Int64.max, Int64.min + 1])
    func allocateHandlesTheExtremeAmounts(minorUnits: Int64) throws {
        let total = Money(minorUnits: minorUnits, currency: .php)
        #expect(Rounding.allocate(total, weights: [1]) == [total])
        let parts = Rounding.allocate(total, weights: [1, 2, 3])
        #expect(parts.map(\.minorUnits).reduce(0, &+) == minorUnits)
        #expect(parts.allSatisfy { $0.isNegative == total.isNegative })
    }

    @Test func allocateAlwaysSumsExactlyAndStaysWithinOneUnitOfTheShare() {
        var generator = SeededGenerator(seed: 20_240_122)
        for _ in 0..<500 {
            let total = Int64.random(in: -10_000_000...10_000_000, using: &generator)
            let count = Int.random(in: 1...9, using: &generator)
            let weights = (0..<count).map { _ in
                Decimal(Int.random(in: 0...100_000, using: &generator))
                    / Decimal(Int.random(in: 1...1000, using: &generator))
            }
            let parts = Rounding.allocate(Money(minorUnits: total, currency: .php), weights: weights)
            #expect(parts.count == count)
            #expect(parts.map(\.minorUnits).reduce(0, +) == total)
            let weightSum = weights.reduce(0, +)
            guard weightSum > 0 else { continue }
            for (part, weight) in zip(parts, weights) {
                let share = Decimal(total) * weight / weightSum
                #expect(abs(Decimal(part.minorUnits) - share) < 1)
            }
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct AmountInWordsTests {
    @Test(arguments: [
        ("112000.50", "One Hundred Twelve Thousand Pesos and 50/100"),
        ("0", "Zero Pesos and 00/100"),
        ("1.00", "One Peso and 00/100"),
        ("0.99", "Zero Pesos and 99/100"),
        ("1.05", "One Peso and 05/100"),
        ("2.00", "Two Pesos and 00/100"),
        ("15.00", "Fifteen Pesos and 00/100"),
        ("1234.56", "One Thousand Two Hundred Thirty-Four Pesos and 56/100"),
        ("6000.00", "Six Thousand Pesos and 00/100"),
        ("1000000.00", "One Million Pesos and 00/100"),
        ("100000011.05", "One Hundred Million Eleven Pesos and 05/100"),
        ("2001090.10", "Two Million One Thousand Ninety Pesos and 10/100"),
        (
            "999999999999.99",
            "Nine Hundred Ninety-Nine Billion Nine Hundred Ninety-Nine Million Nine Hundred Ninety-Nine Thousand "
                + "Nine Hundred Ninety-Nine Pesos and 99/100"
        ),
        ("-5.00", "Minus Five Pesos and 00/100"),
    ])
    func pesosAreWrittenInCheckStyle(amount: String, expected: String) {
        #expect(AmountInWords.pesos(money(amount)) == expected)
    }

    @Test func everyInt64AmountCanBeWritten() {
        let text = AmountInWords.pesos(Money(minorUnits: .max, currency: .php))
        #expect(text.hasPrefix("Ninety-Two Quadrillion Two Hundred Thirty-Three Trillion"))
        #expect(text.hasSuffix("Seven Hundred Fifty-Eight Pesos and 07/100"))
        #expect(AmountInWords.pesos(Money(minorUnits: .min, currency: .php)).hasPrefix("Minus Ninety-Two"))
    }

    @Test func fractionFollowsTheCurrencyDigits() {
        #expect(
            AmountInWords.words(money("1500", .jpy), singular: "Yen", plural: "Yen") == "One Thousand Five Hundred Yen")
        #expect(
            AmountInWords.words(money("1.250", kwd), singular: "Dinar", plural: "Dinars") == "One Dinar and 250/1000")
    }
}

/// SplitMix64: a tiny deterministic generator, so every run draws the same "random" cases.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
