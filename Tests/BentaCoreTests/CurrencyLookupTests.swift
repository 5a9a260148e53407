import BentaCore
import Foundation
import Testing

/// `Currency(code:)` answers a code exactly as the table has it from a prebuilt table (every stored amount reads
/// one); any other input takes the trimming, uppercasing path and answers as it always did.
@Suite(.timeLimit(.minutes(20))) struct CurrencyLookupTests {
    /// Every field, the code's own bytes included (`==` on strings is canonical equivalence).
    static func same(_ left: Currency?, _ right: Currency?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        return Array(left.code.utf8) == Array(right.code.utf8) && left.minorUnitDigits == right.minorUnitDigits
            && Array(left.symbol.utf8) == Array(right.symbol.utf8)
    }

    @Test func everyTableCodeReadsAsItsLowercaseAndPaddedForms() throws {
        let known = Currency.allKnown
        #expect(known.count > 150)
        for currency in known {
            let exact = try #require(Currency(code: currency.code))
            #expect(Self.same(exact, currency))
            // Lowercase and padded codes take the slow path: the same currency.
            #expect(Self.same(Currency(code: currency.code.lowercased()), exact))
            #expect(Self.same(Currency(code: " \(currency.code)\t"), exact))
            #expect(
                Self.same(
                    Currency(code: String(currency.code.prefix(1)) + currency.code.dropFirst().lowercased()), exact))
            // As stored JSON decodes it.
            let decoded = try JSONDecoder().decode(Currency.self, from: Data("\"\(currency.code)\"".utf8))
            #expect(Self.same(decoded, exact))
        }
        #expect(Self.same(Currency(code: "PHP"), .php))
        #expect(Self.same(Currency(code: "jpy"), .jpy))
        #expect(Currency(code: "KWD")?.minorUnitDigits == 3)
    }

    @Test(arguments: ["", " ", "XXX", "PH", "PHPP", "P HP", "EURO", "₱", "\u{0}PHP"])
    func unknownCodesAreNil(code: String) {
        #expect(Currency(code: code) == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Currency.self, from: Data(try JSONEncoder().encode(code)))
        }
    }

    /// A code only canonically equivalent to a table code (KELVIN SIGN for K) is found as before, and keeps its
    /// own spelling as before: the fast path takes exact bytes only.
    @Test func aCanonicallyEquivalentCodeIsAnsweredAsBefore() throws {
        let kelvin = "\u{212A}ES"
        let currency = try #require(Currency(code: kelvin))
        #expect(currency.code.unicodeScalars.first == "\u{212A}")
        #expect(currency == Currency(code: "KES"))
        #expect(currency.minorUnitDigits == 2)
    }
}
