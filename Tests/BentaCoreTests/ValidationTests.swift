import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct ValidationTests {
    @Test(arguments: [
        (String?.none, String?.none, ["required"]),
        ("   ", nil, ["required"]),
        ("  Acme  ", "Acme", []),
        ("12345", "12345", []),
        ("123456", nil, ["too_long"]),
        ("ñañañ", "ñañañ", []),
        ("🇵🇭🇵🇭🇵🇭🇵🇭🇵🇭", "🇵🇭🇵🇭🇵🇭🇵🇭🇵🇭", []),
        // Control characters are refused (issue 15: a NUL in a name was stored as it came); tab and new lines stay.
        ("Ac\u{0}me", nil, ["invalid_characters"]),
        ("A\u{1B}[2J", nil, ["invalid_characters"]),
        ("A\u{7F}b", nil, ["invalid_characters"]),
        ("A\u{85}b", nil, ["invalid_characters"]),
        ("A\tb", "A\tb", []),
    ])
    func requiredTextTrimsAndCountsCharacters(input: String?, expected: String?, codes: [String]) {
        var errors = ValidationErrors()
        let result = Validate.requiredText(input, field: "name", maxLength: 5, into: &errors)
        #expect(result == expected)
        #expect(errors["name"].map(\.code) == codes)
    }

    @Test(arguments: [
        (String?.none, String?.none, [String]()), ("  ", nil, []), (" ok ", "ok", []), ("toolong", nil, ["too_long"]),
    ])
    func optionalTextAllowsBlank(input: String?, expected: String?, codes: [String]) {
        var errors = ValidationErrors()
        #expect(Validate.optionalText(input, field: "note", maxLength: 5, into: &errors) == expected)
        #expect(errors["note"].map(\.code) == codes)
    }

    @Test func collectsAllErrorsAndThrowsThemTogether() {
        var errors = ValidationErrors()
        _ = Validate.requiredText(nil, field: "name", maxLength: 10, into: &errors)
        _ = Validate.taxpayerID("12AB", field: "tin", isRequired: true, into: &errors)
        _ = Validate.email("nope", field: "email", isRequired: false, into: &errors)
        _ = Validate.phone("abc", field: "phone", defaultCountry: .PH, isRequired: false, into: &errors)
        #expect(errors.fields == ["name", "tin", "email", "phone"])
        #expect(errors["tin"].map(\.code) == ["invalid_tin"])
        #expect(errors["email"].map(\.code) == ["invalid_email"])
        #expect(errors["phone"].map(\.code) == ["invalid_phone"])
        #expect(errors["missing"].isEmpty)
        #expect(throws: errors) { try errors.throwIfAny() }
    }

    @Test func validValuesPassThroughParsed() throws {
        var errors = ValidationErrors()
        let tin = Validate.taxpayerID("123-456-789", field: "tin", isRequired: true, into: &errors)
        let email = Validate.email(" A@B.co ", field: "email", isRequired: true, into: &errors)
        let phone = Validate.phone(
            "0917 123 4567", field: "phone", defaultCountry: .PH, isRequired: true,
            into: &errors)
        let skipped = Validate.email("", field: "other", isRequired: false, into: &errors)
        #expect(tin?.digits == "12345678900000")
        #expect(email?.value == "A@b.co")
        #expect(phone?.e164 == "+639171234567")
        #expect(skipped == nil)
        #expect(errors.isEmpty)
        #expect(throws: Never.self) { try errors.throwIfAny() }
    }

    @Test func mergeAddsPrefix() {
        var line = ValidationErrors()
        line.add(field: "quantity", code: "required", message: "This field is required.")
        var all = ValidationErrors()
        all.merge(line, prefix: "lines[0].")
        #expect(
            all.errors == [
                FieldError(
                    field: "lines[0].quantity", code: "required",
                    message: "This field is required.")
            ])
    }

    @Test func fieldErrorEncodesAsObject() throws {
        let error = FieldError(field: "tin", code: "invalid_tin", message: "Bad TIN.")
        let data = try JSONEncoder().encode(error)
        #expect(try JSONDecoder().decode(FieldError.self, from: data) == error)
    }
}
