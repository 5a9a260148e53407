import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct MoneyFormatterTests {
    static let kwd = Currency(code: "KWD") ?? .php

    @Test(arguments: [
        (Int64(123_456_789), Currency.php, "₱1,234,567.89"),
        (0, .php, "₱0.00"),
        (5, .php, "₱0.05"),
        (-500, .php, "-₱5.00"),
        (100_000, .php, "₱1,000.00"),
        (99_999, .php, "₱999.99"),
        (600_000, .php, "₱6,000.00"),
        (1235, .jpy, "¥1,235"),
        (123, .jpy, "¥123"),
        (1_000_000, .jpy, "¥1,000,000"),
        (1_234_567, kwd, "KD1,234.567"),
        (-1, kwd, "-KD0.001"),
        (123_456, .usd, "$1,234.56"),
        (Int64.min, .php, "-₱92,233,720,368,547,758.08"),
        (Int64.max, .php, "₱92,233,720,368,547,758.07"),
    ])
    func formatsWithSymbolAndGrouping(minor: Int64, currency: Currency, expected: String) {
        #expect(MoneyFormatter().format(Money(minorUnits: minor, currency: currency)) == expected)
    }

    @Test(arguments: [(Int64(-500), "(₱5.00)"), (-123_456_789, "(₱1,234,567.89)"), (500, "₱5.00")])
    func parenthesesStyleWrapsOnlyNegatives(minor: Int64, expected: String) {
        let formatter = MoneyFormatter(negativeStyle: .parentheses)
        #expect(formatter.format(Money(minorUnits: minor, currency: .php)) == expected)
    }

    @Test(arguments: LanguageCode.allCases)
    func englishAndFilipinoShareCommaThousandsAndPeriodDecimal(language: LanguageCode) {
        let formatter = MoneyFormatter(language: language)
        #expect(formatter.format(Money(minorUnits: 123_456_789, currency: .php)) == "₱1,234,567.89")
    }

    @Test(arguments: [
        (Int64(123_456_789), "1,234,567.89"), (0, "0.00"), (-500, "-5.00"), (99_999_999, "999,999.99"),
    ])
    func plainFormatOmitsSymbol(minor: Int64, expected: String) {
        #expect(MoneyFormatter().formatPlain(Money(minorUnits: minor, currency: .php)) == expected)
    }

    @Test func plainFormatFollowsNegativeStyle() {
        let formatter = MoneyFormatter(negativeStyle: .parentheses)
        #expect(formatter.formatPlain(Money(minorUnits: -500, currency: .php)) == "(5.00)")
    }

    @Test func languageDisplayNames() {
        #expect(LanguageCode.english.displayName == "English")
        #expect(LanguageCode.filipino.displayName == "Filipino")
        #expect(LanguageCode(rawValue: "fil") == .filipino)
    }
}
