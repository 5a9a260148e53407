import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct EmailAddressTests {
    @Test(arguments: [
        ("juan@example.com", "juan@example.com"),
        ("  Juan.DelaCruz@Example.COM ", "Juan.DelaCruz@example.com"),
        ("maria+invoices@mail.example.ph", "maria+invoices@mail.example.ph"),
        ("o'brien@example.co.uk", "o'brien@example.co.uk"),
        ("a@b.co", "a@b.co"),
        ("user@my-company.com.ph", "user@my-company.com.ph"),
        ("josé@correo.españa.es", "josé@correo.españa.es"),
        ("用户@例子.广告", "用户@例子.广告"),
        ("info@xn--80ak6aa92e.xn--p1ai", "info@xn--80ak6aa92e.xn--p1ai"),
        ("1234@123.example.com", "1234@123.example.com"),
    ])
    func acceptsPlausibleAddresses(input: String, value: String) throws {
        #expect(try EmailAddress(parsing: input).value == value)
    }

    @Test func normalizedLowercasesEverythingButValueKeepsLocalPart() throws {
        let email = try EmailAddress(parsing: "Juan.DelaCruz@Example.COM")
        #expect(email.value == "Juan.DelaCruz@example.com")
        #expect(email.normalized == "juan.delacruz@example.com")
        #expect(email.localPart == "Juan.DelaCruz")
        #expect(email.domain == "example.com")
    }

    @Test(arguments: [
        ("", EmailAddressError.empty),
        ("   ", .empty),
        ("juan", .missingAtSign),
        ("juan.example.com", .missingAtSign),
        ("a@b@example.com", .multipleAtSigns),
        ("@example.com", .invalidLocalPart),
        (".juan@example.com", .invalidLocalPart),
        ("juan.@example.com", .invalidLocalPart),
        ("ju..an@example.com", .invalidLocalPart),
        ("juan@", .invalidDomain),
        ("juan@localhost", .invalidDomain),
        ("juan@example", .invalidDomain),
        ("juan@example.c", .invalidDomain),
        ("juan@example.c0m", .invalidDomain),
        ("juan@-example.com", .invalidDomain),
        ("juan@example-.com", .invalidDomain),
        ("juan@example..com", .invalidDomain),
        ("juan@.example.com", .invalidDomain),
        ("juan@exa_mple.com", .invalidDomain),
        ("juan@example.com.", .invalidDomain),
        ("juan dela cruz@example.com", .invalidCharacters),
        ("juan@exam ple.com", .invalidCharacters),
        ("juan\u{0007}@example.com", .invalidCharacters),
        ("juan\u{200B}@example.com", .invalidCharacters),
        ("<juan>@example.com", .invalidCharacters),
        ("\"juan\"@example.com", .invalidCharacters),
    ])
    func rejectsImplausibleAddresses(input: String, error: EmailAddressError) {
        #expect(throws: error) { try EmailAddress(parsing: input) }
    }

    @Test func enforcesLengthLimits() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(throws: Never.self) { try EmailAddress(parsing: local64 + "@example.com") }
        #expect(throws: EmailAddressError.invalidLocalPart) { try EmailAddress(parsing: local64 + "a@example.com") }
        let label = String(repeating: "b", count: 60)
        let longDomain = [label, label, label, label, "com"].joined(separator: ".")
        #expect(throws: Never.self) { try EmailAddress(parsing: "a@" + longDomain) }
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress(parsing: local64 + "@" + longDomain) }
        let longLabel = String(repeating: "c", count: 64) + ".com"
        #expect(throws: EmailAddressError.invalidDomain) { try EmailAddress(parsing: "a@" + longLabel) }
    }

    @Test func codableAsStringAndDecodingValidates() throws {
        let email = try EmailAddress(parsing: "Juan@Example.com")
        let data = try JSONEncoder().encode([email])
        #expect(String(decoding: data, as: UTF8.self) == #"["Juan@example.com"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: data) == [email])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([EmailAddress].self, from: Data(#"["nope"]"#.utf8))
        }
    }
}
