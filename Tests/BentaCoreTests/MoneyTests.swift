import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct CurrencyTests {
    @Test(arguments: [
        ("PHP", "₱", 2), ("USD", "$", 2), ("EUR", "€", 2), ("JPY", "¥", 0), ("SGD", "S$", 2), ("GBP", "£", 2),
        ("KWD", "KD", 3), ("AUD", "A$", 2), ("CNY", "¥", 2), ("HKD", "HK$", 2), ("IDR", "Rp", 2), ("MYR", "RM", 2),
        ("THB", "฿", 2), ("VND", "₫", 0),
        // Beyond Asia-Pacific: a Swedish or Romanian bank statement's currency (the bank samples have both).
        ("SEK", "SEK", 2), ("RON", "RON", 2), ("ISK", "ISK", 0), ("TND", "TND", 3), ("CLP", "CLP", 0),
    ])
    func knownCodesResolveToSymbolAndDigits(code: String, symbol: String, digits: Int) throws {
        let currency = try #require(Currency(code: code))
        #expect(currency.code == code)
        #expect(currency.symbol == symbol)
        #expect(currency.minorUnitDigits == digits)
    }

    @Test func lookupIsCaseInsensitive() {
        #expect(Currency(code: "php") == .php)
    }

    @Test func theTableIsISO4217sActiveCurrencies() {
        #expect(Currency.allKnown.count == 156)
        #expect(Currency.allKnown.allSatisfy { $0.code.count == 3 && [0, 2, 3].contains($0.minorUnitDigits) })
    }

    @Test(arguments: ["", "XXX", "XAU", "PESO", "P", "ZZZ"])
    func unknownCodesAreRejected(code: String) {
        #expect(Currency(code: code) == nil)
    }

    @Test func encodesAsPlainCodeString() throws {
        let data = try JSONEncoder().encode([Currency.php])
        #expect(String(decoding: data, as: UTF8.self) == #"["PHP"]"#)
        #expect(try JSONDecoder().decode([Currency].self, from: data) == [.php])
    }

    @Test func decodingUnknownCodeFails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Currency].self, from: Data(#"["ZZZ"]"#.utf8))
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct MoneyTests {
    @Test(arguments: [
        ("1234.5", Currency.php, Int64(123_450)),
        ("1234.50", .php, 123_450),
        ("-0.01", .php, -1),
        ("0", .php, 0),
        ("-0.00", .php, 0),
        ("  12.34 ", .php, 1234),
        ("007", .php, 700),
        ("1234", .jpy, 1234),
        ("1.234", Currency(code: "KWD") ?? .php, 1234),
        ("92233720368547758.07", .php, Int64.max),
        ("-92233720368547758.08", .php, Int64.min),
    ])
    func parsesPlainDecimalStrings(text: String, currency: Currency, expected: Int64) throws {
        let money = try Money(decimalString: text, currency: currency)
        #expect(money == Money(minorUnits: expected, currency: currency))
    }

    @Test(arguments: ["1,234.50", "", "-", ".5", "5.", "1.2.3", "+5", "₱5", "abc", "1 000", "--1", "1e3", "١٢"])
    func rejectsMalformedAmounts(text: String) {
        #expect(throws: MoneyError.invalidAmount(text)) { try Money(decimalString: text, currency: .php) }
    }

    @Test(arguments: [("1.234", Currency.php), ("1.5", .jpy), ("0.0001", Currency(code: "KWD") ?? .php)])
    func rejectsMoreDecimalsThanTheCurrencyHas(text: String, currency: Currency) {
        #expect(throws: MoneyError.tooManyDecimals(text)) { try Money(decimalString: text, currency: currency) }
    }

    @Test(arguments: ["92233720368547758.08", "-92233720368547758.09", "99999999999999999999"])
    func parsingBeyondInt64ReportsOverflow(text: String) {
        #expect(throws: MoneyError.overflow) { try Money(decimalString: text, currency: .php) }
    }

    @Test(arguments: [
        (Int64(123_450), Currency.php, "1234.50"),
        (-5, .php, "-0.05"),
        (0, .php, "0.00"),
        (1234, .jpy, "1234"),
        (-1234, .jpy, "-1234"),
        (1, Currency(code: "KWD") ?? .php, "0.001"),
        (Int64.min, .php, "-92233720368547758.08"),
    ])
    func rendersDecimalStringWithCurrencyDecimals(minor: Int64, currency: Currency, expected: String) {
        #expect(Money(minorUnits: minor, currency: currency).decimalString == expected)
    }

    @Test(arguments: [Int64(0), 1, -1, 99, 123_456_789, -987_654_321, Int64.max, Int64.min])
    func decimalStringRoundTrips(minor: Int64) throws {
        for currency in [Currency.php, .jpy, Currency(code: "KWD") ?? .php] {
            let money = Money(minorUnits: minor, currency: currency)
            #expect(try Money(decimalString: money.decimalString, currency: currency) == money)
        }
    }

    @Test func addingAndSubtractingSameCurrency() throws {
        let a = Money(minorUnits: 1050, currency: .php)
        let b = Money(minorUnits: 250, currency: .php)
        #expect(try a.adding(b).minorUnits == 1300)
        #expect(try a.subtracting(b).minorUnits == 800)
        #expect(try (a + b).minorUnits == 1300)
        #expect(try (b - a).minorUnits == -800)
        #expect(try (b - a).isNegative)
    }

    @Test func mixingCurrenciesThrows() {
        let peso = Money(minorUnits: 100, currency: .php)
        let dollar = Money(minorUnits: 100, currency: .usd)
        #expect(throws: MoneyError.currencyMismatch(.php, .usd)) { try peso.adding(dollar) }
        #expect(throws: MoneyError.currencyMismatch(.usd, .php)) { try dollar.subtracting(peso) }
        #expect(throws: MoneyError.currencyMismatch(.php, .usd)) { try peso.isLess(than: dollar) }
    }

    @Test func int64OverflowIsDetectedNotTrapped() {
        let max = Money(minorUnits: .max, currency: .php)
        let min = Money(minorUnits: .min, currency: .php)
        let one = Money(minorUnits: 1, currency: .php)
        #expect(throws: MoneyError.overflow) { try max.adding(one) }
        #expect(throws: MoneyError.overflow) { try min.subtracting(one) }
        #expect(throws: MoneyError.overflow) { try min.negated() }
        #expect(throws: MoneyError.overflow) { try max.multiplied(by: 2) }
        #expect(throws: MoneyError.overflow) { try Money.sum([max, one], currency: .php) }
    }

    @Test func zeroNegationAndPredicates() throws {
        let zero = Money.zero(.php)
        #expect(zero.isZero && !zero.isNegative && !zero.isPositive)
        let five = Money(minorUnits: 500, currency: .php)
        #expect(try five.negated() == Money(minorUnits: -500, currency: .php))
        #expect(try five.negated().negated() == five)
        #expect(try five.multiplied(by: 3).minorUnits == 1500)
        #expect(try Money.sum([five, five, five], currency: .php).minorUnits == 1500)
        #expect(try Money.sum([], currency: .jpy) == .zero(.jpy))
    }

    @Test func additionIsCommutativeAndSubtractionUndoesIt() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let a = Money(
                minorUnits: Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator),
                currency: .php)
            let b = Money(
                minorUnits: Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator),
                currency: .php)
            #expect(try a.adding(b) == b.adding(a))
            #expect(try a.adding(b).subtracting(b) == a)
        }
    }
}

/// A tiny deterministic generator for property-style tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
