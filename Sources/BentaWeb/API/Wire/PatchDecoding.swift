import BentaCore
import Foundation

extension KeyedDecodingContainer {
    /// A field of a partial update: `nil` when absent (leave unchanged), `.some(nil)` when `null` (clear it).
    func patch<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(T.self, forKey: key))
    }
}

extension KeyedDecodingContainer {
    /// An id member of a partial update, as ``patch(_:forKey:)``. In a JSON body (``JSONBody``) a string that is not
    /// a UUID is refused on its field (422 `invalid_id`), the empty string included: JSON leaves an id out or clears
    /// it with `null`. A form's empty field still means none.
    func patchID(forKey key: Key, in decoder: any Decoder) throws -> String?? {
        let value = try patch(String.self, forKey: key)
        if decoder.userInfo[.jsonBody] as? Bool == true, case .some(.some(let text)) = value,
            UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) == nil
        {
            throw ValidationErrors([
                FieldError(
                    field: WireKeys.snakeCase(key.stringValue), code: "invalid_id",
                    message: "Send an id (a UUID), or null for none.")
            ])
        }
        return value
    }
}

extension SingleValueDecodingContainer {
    /// The value as text when it is a string or a whole JSON number; nil for anything else (a fraction among them).
    func stringOrInteger() -> String? {
        if let string = try? decode(String.self) { return string }
        if let integer = try? decode(Int64.self) { return String(integer) }
        return nil
    }

    /// A JSON number as decimal text (`format` of the `Decimal`). A number no `Decimal` holds (an exponent beyond
    /// ±127, as `1e-224` or `1e+220`) is kept as its own text (`-1.7e+220`), so the field's check refuses it (422 on
    /// that field) instead of the whole body being called malformed (400).
    func numberText(_ format: (Decimal) -> String = { "\($0)" }) throws -> String {
        if let number = try? decode(Decimal.self) { return format(number) }
        return String(try decode(Double.self))
    }
}

/// A value a client may send as a JSON number or a decimal string (`9`, `"9"`, `"2.5"`); kept as text for the
/// core's decimal parsing, never through a binary floating point.
struct StringOrNumber: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = container.stringOrInteger() {
            self.text = text
        } else {
            text = try container.numberText()
        }
    }
}

/// Money must travel as a decimal string; an integer is accepted, a JSON fraction is refused (it has already been
/// through binary floating point on the client). Written back as the decimal string.
struct StringOrNumberRefusingFloats: Codable {
    let text: String

    init(text: String) {
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = container.stringOrInteger() else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Send amounts as decimal strings such as \"125000.50\".")
        }
        self.text = text
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// A phone number in a request: either a plain string or `{"number": "..."}` as the API returns it.
struct PhoneInput: Decodable {
    let number: String

    private enum CodingKeys: String, CodingKey { case number }

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            number = text
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(String.self, forKey: .number)
    }
}

/// A phone number in a response: as typed, normalized, and formatted for reading.
struct PhoneOutput: WireWritable {
    let number: String
    let e164: String
    let display: String

    func writeMembers(to object: inout WireObject) throws {
        try object.string("number", number)
        try object.string("e164", e164)
        try object.string("display", display)
    }
}

extension PhoneOutput {
    /// A stored phone entry as every record's response shows it.
    init(_ phone: PhoneEntry) {
        self.init(number: phone.raw, e164: phone.e164, display: phone.display)
    }
}

/// Paginated list envelope: `{"data": [...], "next_cursor": "..."}`.
struct ListResponse<Item: Encodable>: WireWritable {
    let data: [Item]
    let nextCursor: String?

    func writeMembers(to object: inout WireObject) throws {
        try object.value("data", data)
        try object.string("next_cursor", nextCursor)
    }
}
