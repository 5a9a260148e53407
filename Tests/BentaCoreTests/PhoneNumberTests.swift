import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PhoneNumberTests {
    @Test(arguments: [
        ("0917 123 4567", CountryCode.PH, "+639171234567"),
        ("+63 917-123-4567", .PH, "+639171234567"),
        ("639171234567", .PH, "+639171234567"),
        ("(0917) 123-4567", .PH, "+639171234567"),
        ("09171234567", .PH, "+639171234567"),
        ("+639171234567", .PH, "+639171234567"),
        ("0063 917 123 4567", .PH, "+639171234567"),
        ("+63 (0) 917 123 4567", .PH, "+639171234567"),
        ("9171234567", .PH, "+639171234567"),
        ("0917.123.4567", .PH, "+639171234567"),
        ("02 8123 4567", .PH, "+63281234567"),
        ("(02) 8123-4567", .PH, "+63281234567"),
        ("032 123 4567", .PH, "+63321234567"),
        ("+1 (415) 555-0100", .PH, "+14155550100"),
        ("415-555-0100", .US, "+14155550100"),
        ("1 415 555 0100", .US, "+14155550100"),
        ("+65 6123 4567", .PH, "+6561234567"),
        ("6123 4567", .SG, "+6561234567"),
        ("020 7946 0018", .GB, "+442079460018"),
        ("03-1234 5678", .JP, "+81312345678"),
        ("0412 345 678", .AU, "+61412345678"),
        ("2123 4567", .HK, "+85221234567"),
        ("+852 2123 4567", .US, "+85221234567"),
        ("06 12345678", .IT, "+390612345678"),
    ])
    func normalizesToE164(input: String, country: CountryCode, expected: String) throws {
        let phone = try PhoneNumber(parsing: input, defaultCountry: country)
        #expect(phone.e164 == expected)
        #expect(phone.extension == nil)
    }

    @Test(arguments: [
        ("0917 123 4567 ext. 123", "+639171234567", "123"),
        ("02 8123 4567 x123", "+63281234567", "123"),
        ("02 8123 4567 loc 12", "+63281234567", "12"),
        ("(02) 8123-4567 loc. 205", "+63281234567", "205"),
        ("+63 2 8123 4567, Ext 9", "+63281234567", "9"),
        ("+63281234567;ext=77", "+63281234567", "77"),
        ("02 8123 4567 #4", "+63281234567", "4"),
    ])
    func extensionIsSplitOff(input: String, e164: String, ext: String) throws {
        let phone = try PhoneNumber(parsing: input, defaultCountry: .PH)
        #expect(phone.e164 == e164)
        #expect(phone.extension == ext)
    }

    @Test(arguments: [
        ("abc", PhoneNumberError.invalidCharacters),
        ("", .empty),
        ("   ", .empty),
        ("()-", .empty),
        ("123", .tooShort),
        ("+123", .tooShort),
        ("12345678901234567890", .tooLong),
        ("+12345678901234567890", .tooLong),
        ("0917 123 4567 call me", .invalidCharacters),
        ("0917+1234567", .invalidCharacters),
        ("++639171234567", .invalidCharacters),
        ("0817 123 4567", .invalidForCountry),
        ("0917 123 456", .invalidForCountry),
        ("02 8123 45678 9", .invalidForCountry),
        ("+1 015 555 0100", .invalidForCountry),
        ("+0 123 456 789", .invalidForCountry),
    ])
    func rejectsInvalidInput(input: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber(parsing: input, defaultCountry: .PH) }
    }

    @Test(arguments: [
        ("0917 123 4567", "+63 917 123 4567"),
        ("02 8123 4567", "+63 2 8123 4567"),
        ("032 123 4567", "+63 32 123 4567"),
        ("+1 415 555 0100", "+1 4155550100"),
        ("+65 6123 4567", "+65 61234567"),
        ("0917 123 4567 x12", "+63 917 123 4567 ext. 12"),
    ])
    func displayGroupsPhilippineNumbers(input: String, expected: String) throws {
        #expect(try PhoneNumber(parsing: input, defaultCountry: .PH).display == expected)
    }

    @Test func knowsItsCountry() throws {
        #expect(try PhoneNumber(parsing: "0917 123 4567", defaultCountry: .PH).country == .PH)
        #expect(try PhoneNumber(parsing: "+852 2123 4567", defaultCountry: .PH).country == .HK)
        #expect(
            try PhoneNumber(parsing: "+63 917 123 4567", defaultCountry: .PH).nationalSignificantNumber
                == "9171234567")
    }

    @Test func differentSpellingsOfOneNumberAreEqual() throws {
        let spellings = ["0917 123 4567", "+63 917-123-4567", "639171234567", "0063 917 123 4567"]
        let numbers = try Set(spellings.map { try PhoneNumber(parsing: $0, defaultCountry: .PH) })
        #expect(numbers.count == 1)
    }

    @Test func codableRoundTripKeepsExtension() throws {
        let phones = [
            try PhoneNumber(parsing: "0917 123 4567", defaultCountry: .PH),
            try PhoneNumber(parsing: "02 8123 4567 loc 12", defaultCountry: .PH),
        ]
        let data = try JSONEncoder().encode(phones)
        #expect(String(decoding: data, as: UTF8.self) == #"["+639171234567","+63281234567;ext=12"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == phones)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["09171234567"]"#.utf8))
        }
    }

    @Test(arguments: CountryCode.allCases)
    func everyCountryHasTelephoneFacts(country: CountryCode) {
        #expect(!country.callingCode.isEmpty)
        #expect(country.callingCode.allSatisfy { $0.isNumber })
        #expect(!country.displayName.isEmpty)
        #expect(country.rawValue.count == 2)
    }
}
