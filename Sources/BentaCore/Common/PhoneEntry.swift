import Foundation

/// A phone number as the user typed it, kept together with its E.164 form used for matching inbound calls.
public struct PhoneEntry: Sendable, Hashable, Codable {
    /// What the user typed, trimmed.
    public var raw: String
    /// The number normalized to E.164 (`+639171234567`).
    public var e164: String
    /// An extension, kept apart from the number.
    public var phoneExtension: String?

    public init(raw: String, e164: String, phoneExtension: String? = nil) {
        self.raw = raw
        self.e164 = e164
        self.phoneExtension = phoneExtension
    }

    /// Parses what the user typed, with the company's country for numbers written without a country code.
    public init(parsing input: String, defaultCountry: CountryCode) throws(PhoneNumberError) {
        let number = try PhoneNumber(parsing: input, defaultCountry: defaultCountry)
        self.init(
            raw: input.trimmingCharacters(in: .whitespacesAndNewlines), e164: number.e164,
            phoneExtension: number.extension)
    }

    /// The number for people to read, in international format.
    public var display: String {
        // `e164` was normalized when the number was entered: it is formatted, not parsed again (issue 11).
        let base = e164.hasPrefix("+") ? PhoneNumber(storedE164: e164).display : e164
        if let phoneExtension { return "\(base) ext. \(phoneExtension)" }
        return base
    }
}

extension Validate {
    /// Parses a list of typed phone numbers; each bad one is reported as `field[index]`.
    public static func phones(
        _ inputs: [String], field: String, defaultCountry: CountryCode, maxCount: Int = 10,
        into errors: inout ValidationErrors
    ) -> [PhoneEntry] {
        let nonEmpty = inputs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if nonEmpty.count > maxCount {
            errors.add(field: field, code: "too_many", message: "Enter at most \(maxCount) phone numbers.")
            return []
        }
        var result: [PhoneEntry] = []
        for (index, input) in nonEmpty.enumerated() {
            do {
                let entry = try PhoneEntry(parsing: input, defaultCountry: defaultCountry)
                if !result.contains(where: { $0.e164 == entry.e164 }) { result.append(entry) }
            } catch {
                errors.add(
                    field: "\(field)[\(index)]", code: "invalid_phone",
                    message: "“\(input.prefix(40))” is not a valid phone number.")
            }
        }
        return result
    }

    /// Parses a list of typed email addresses; each bad one is reported as `field[index]`.
    public static func emails(
        _ inputs: [String], field: String, maxCount: Int = 10, into errors: inout ValidationErrors
    ) -> [EmailAddress] {
        let nonEmpty = inputs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if nonEmpty.count > maxCount {
            errors.add(field: field, code: "too_many", message: "Enter at most \(maxCount) email addresses.")
            return []
        }
        var result: [EmailAddress] = []
        for (index, input) in nonEmpty.enumerated() {
            do {
                let email = try EmailAddress(parsing: input)
                if !result.contains(where: { $0.normalized == email.normalized }) { result.append(email) }
            } catch {
                errors.add(
                    field: "\(field)[\(index)]", code: "invalid_email",
                    message: "“\(input.prefix(60))” is not a valid email address.")
            }
        }
        return result
    }
}
