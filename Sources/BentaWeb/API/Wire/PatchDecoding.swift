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

/// A value a client may send as a JSON number or a decimal string (`9`, `"9"`, `"2.5"`); kept as text for the
/// core's decimal parsing, never through a binary floating point.
struct StringOrNumber: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else {
            let number = try container.decode(Decimal.self)
            text = "\(number)"
        }
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
struct PhoneOutput: Encodable {
    let number: String
    let e164: String
    let display: String
}

extension PhoneOutput {
    /// A stored phone entry as every record's response shows it.
    init(_ phone: PhoneEntry) {
        self.init(number: phone.raw, e164: phone.e164, display: phone.display)
    }
}

/// Paginated list envelope: `{"data": [...], "next_cursor": "..."}`.
struct ListResponse<Item: Encodable>: Encodable {
    let data: [Item]
    let nextCursor: String?
}
