import Foundation
import Testing

@testable import BentaCore

/// A stored phone number's display and a TIN's BIR form are written from the stored bytes (issue 11: every phone
/// and TIN of every row of a list is formatted) and read as they did when they were worked out on characters.
@Suite(.timeLimit(.minutes(20))) struct StoredValueDisplayTests {
    @Test(
        arguments: [
            ("+639171234567", nil, "+63 917 123 4567"),
            ("+639171234567", "123", "+63 917 123 4567 ext. 123"),
            ("+63281234567", nil, "+63 2 8123 4567"),
            ("+63321234567", nil, "+63 32 123 4567"),
            ("+63881234567", "7", "+63 88 123 4567 ext. 7"),
            ("+6591234567", nil, "+65 91234567"),
            ("+12025550123", nil, "+1 2025550123"),
            ("+85221234567", nil, "+852 21234567"),
            ("+971501234567", nil, "+971 501234567"),
            ("+442071234567", "22", "+44 2071234567 ext. 22"),
            ("+999123456789", nil, "+999123456789"),
            ("+63", nil, "+63 "),
        ] as [(String, String?, String)])
    func aStoredNumberDisplaysAsBefore(e164: String, phoneExtension: String?, expected: String) {
        let number = PhoneNumber(storedE164: e164, extension: phoneExtension)
        #expect(number.display == expected)
        #expect(PhoneEntry(raw: "typed", e164: e164, phoneExtension: phoneExtension).display == expected)
    }

    /// Numbers typed as people type them display as the parser's own number displays, extensions included.
    @Test(arguments: [
        "0917 123 4567", "(02) 8123 4567", "032 123 4567", "+63 (0) 917-123-4567 ext. 12", "+1 (202) 555-0123 x9",
        "+65 9123 4567", "+852 2123 4567", "+44 20 7123 4567 loc 3", "0063 2 8123 4567",
    ])
    func aTypedNumberDisplaysAsItsParsedForm(input: String) throws {
        let parsed = try PhoneNumber(parsing: input, defaultCountry: .PH)
        let entry = try PhoneEntry(parsing: input, defaultCountry: .PH)
        #expect(entry.display == parsed.display)
        let byCharacters = parsed.displayByCharacters
        #expect(parsed.display == byCharacters + (parsed.extension.map { " ext. " + $0 } ?? ""))
    }

    /// Any "+" and digits, of every length and calling code: the bytes say what the characters say; other text
    /// is left to the characters.
    @Test func bytesAndCharactersAgree() {
        var generator = SystemRandomNumberGenerator()
        let prefixes = CountryCode.allCases.map(\.callingCode) + ["", "99", "0", "2", "632", "639", "6328"]
        var checked = 0
        for prefix in prefixes {
            for length in 0...16 {
                for _ in 0..<8 {
                    let rest = String((0..<length).map { _ in "0123456789".randomElement(using: &generator)! })
                    let e164 = "+" + prefix + rest
                    guard let fast = PhoneNumber.displayFromBytes(e164) else {
                        // Only a bare "+" and a Philippine "2…" of five digits or fewer are left to the characters.
                        #expect(e164 == "+" || (e164.hasPrefix("+632") && e164.count <= 9), "\(e164)")
                        continue
                    }
                    #expect(fast == PhoneNumber(storedE164: e164).displayByCharacters, "\(e164)")
                    checked += 1
                }
            }
        }
        #expect(checked > 2_000)
        for text in ["", "+", "639171234567", "+63 917", "+63９17", "+6\u{301}3917"] {
            #expect(PhoneNumber.displayFromBytes(text) == nil, "\(text)")
        }
        #expect(PhoneEntry(raw: "x", e164: "09171234567").display == "09171234567")
    }

    @Test(arguments: [
        ("123456789", "123-456-789-00000"),
        ("123-456-789-001", "123-456-789-00001"),
        ("123456789012", "123-456-789-00012"),
        ("12345678900123", "123-456-789-00123"),
        ("000 000 000 00000", "000-000-000-00000"),
        ("987.654.321.99999", "987-654-321-99999"),
    ])
    func aTINReadsInItsBIRFormAsBefore(input: String, expected: String) throws {
        let tin = try TaxpayerID(parsing: input)
        #expect(tin.formatted == expected)
        #expect(tin.description == expected)
        let characters = Array(tin.digits)
        let byCharacters = [characters[0..<3], characters[3..<6], characters[6..<9], characters[9..<14]]
            .map { String($0) }.joined(separator: "-")
        #expect(tin.formatted == byCharacters)
        let decoded = try JSONDecoder().decode([TaxpayerID].self, from: Data(#"["\#(input)"]"#.utf8))
        #expect(decoded.first?.formatted == expected)
    }
}
