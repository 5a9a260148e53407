import Foundation

/// Small field validators that trim input, record problems into `ValidationErrors`, and return the clean value.
public enum Validate {
    /// Trimmed text that must be present and at most `maxLength` characters; nil (with an error) otherwise.
    public static func requiredText(
        _ text: String?, field: String, maxLength: Int, into errors: inout ValidationErrors
    ) -> String? {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else {
            errors.add(field: field, code: "required", message: "This field is required.")
            return nil
        }
        return checkLength(trimmed, field: field, maxLength: maxLength, into: &errors)
    }

    /// Trimmed text that may be absent (nil or blank gives nil) but, when present, is at most `maxLength` characters.
    public static func optionalText(
        _ text: String?, field: String, maxLength: Int, into errors: inout ValidationErrors
    ) -> String? {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else { return nil }
        return checkLength(trimmed, field: field, maxLength: maxLength, into: &errors)
    }

    /// A TIN, required or not; records "required" or "invalid_tin".
    public static func taxpayerID(
        _ text: String?, field: String, isRequired: Bool, into errors: inout ValidationErrors
    ) -> TaxpayerID? {
        parse(
            text, field: field, isRequired: isRequired, into: &errors, code: "invalid_tin",
            message: "Enter a TIN of 9, 12 or 14 digits, like 123-456-789-00000."
        ) { try TaxpayerID(parsing: $0) }
    }

    /// An email address, required or not; records "required" or "invalid_email".
    public static func email(
        _ text: String?, field: String, isRequired: Bool, into errors: inout ValidationErrors
    ) -> EmailAddress? {
        parse(
            text, field: field, isRequired: isRequired, into: &errors, code: "invalid_email",
            message: "Enter a valid email address, like name@example.com."
        ) { try EmailAddress(parsing: $0) }
    }

    /// A phone number, required or not; records "required" or "invalid_phone".
    public static func phone(
        _ text: String?, field: String, defaultCountry: CountryCode, isRequired: Bool,
        into errors: inout ValidationErrors
    ) -> PhoneNumber? {
        parse(
            text, field: field, isRequired: isRequired, into: &errors, code: "invalid_phone",
            message: "Enter a valid phone number, like 0917 123 4567 or +63 2 8123 4567."
        ) {
            try PhoneNumber(parsing: $0, defaultCountry: defaultCountry)
        }
    }

    private static func checkLength(
        _ text: String, field: String, maxLength: Int, into errors: inout ValidationErrors
    ) -> String? {
        guard text.count <= maxLength else {
            errors.add(field: field, code: "too_long", message: "Must be at most \(maxLength) characters.")
            return nil
        }
        guard !containsControlCharacters(text) else {
            errors.add(
                field: field, code: "invalid_characters",
                message: "Remove the control characters (such as NUL) from this field.")
            return nil
        }
        return text
    }

    /// Whether `text` holds a control character other than tab, line feed and carriage return (NUL, escape, DEL,
    /// C1 controls): never part of a name, an address or a note, and trouble for every file and screen it reaches.
    public static func containsControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: false
            case 0x00...0x1F, 0x7F...0x9F: true
            default: false
            }
        }
    }

    private static func parse<Value>(
        _ text: String?, field: String, isRequired: Bool, into errors: inout ValidationErrors,
        code: String, message: String, _ parser: (String) throws -> Value
    ) -> Value? {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else {
            if isRequired { errors.add(field: field, code: "required", message: "This field is required.") }
            return nil
        }
        do {
            return try parser(trimmed)
        } catch {
            errors.add(field: field, code: code, message: message)
            return nil
        }
    }
}
