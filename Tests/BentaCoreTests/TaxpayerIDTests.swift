import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct TaxpayerIDTests {
    @Test(arguments: [
        ("123456789", "12345678900000"),
        ("123-456-789", "12345678900000"),
        ("123456789000", "12345678900000"),
        ("123-456-789-000", "12345678900000"),
        ("123-456-789-001", "12345678900001"),
        ("12345678900000", "12345678900000"),
        ("123-456-789-00000", "12345678900000"),
        ("123.456.789.00012", "12345678900012"),
        (" 123 456 789 00000 ", "12345678900000"),
        ("000-000-000-00000", "00000000000000"),
    ])
    func acceptsNineTwelveOrFourteenDigitsWithSeparators(input: String, digits: String) throws {
        #expect(try TaxpayerID(parsing: input).digits == digits)
    }

    @Test(arguments: [
        ("", TaxpayerIDError.Reason.empty),
        ("  - . ", .empty),
        ("12345678A", .invalidCharacters),
        ("123/456/789", .invalidCharacters),
        ("TIN 123456789", .invalidCharacters),
        ("１２３４５６７８９", .invalidCharacters),
        ("12345678", .wrongLength(8)),
        ("1234567890", .wrongLength(10)),
        ("1234567890123", .wrongLength(13)),
        ("123456789012345", .wrongLength(15)),
    ])
    func rejectsInvalidInputWithReason(input: String, reason: TaxpayerIDError.Reason) {
        #expect(throws: TaxpayerIDError.invalid(reason: reason)) { try TaxpayerID(parsing: input) }
    }

    @Test func exposesPartsAndBIRFormat() throws {
        let tin = try TaxpayerID(parsing: "123456789001")
        #expect(tin.formatted == "123-456-789-00001")
        #expect(tin.baseNumber == "123456789")
        #expect(tin.branchCode == "00001")
        #expect(!tin.isHeadOffice)
        #expect(try TaxpayerID(parsing: "123456789").isHeadOffice)
        #expect(try TaxpayerID(parsing: "000000000").isNoTINPlaceholder)
    }

    @Test func codableAsDigitsStringAndDecodingValidates() throws {
        let tin = try TaxpayerID(parsing: "123-456-789-00000")
        let data = try JSONEncoder().encode([tin])
        #expect(String(decoding: data, as: UTF8.self) == #"["12345678900000"]"#)
        #expect(try JSONDecoder().decode([TaxpayerID].self, from: data) == [tin])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TaxpayerID].self, from: Data(#"["12AB"]"#.utf8))
        }
    }
}
