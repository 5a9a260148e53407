import BentaCore
import Foundation
import SQLKit

/// A reader for the two shapes most `*_json` columns hold: an array of strings (tags, email addresses) and an array
/// of flat objects with string members (phone numbers). A list decodes them for every row, and Foundation's
/// `JSONDecoder` was a tenth of a list request's time (issue 11); this reads them in one pass over the bytes.
///
/// It answers nil for anything else — another shape, a number, a nested value, text that is not JSON — and the
/// caller then decodes with `JSONDecoder` as before, so both always agree on what a column holds.
enum FlatJSON {
    /// `["a", "b"]` → `["a", "b"]`; nil for any other shape.
    static func strings(_ text: String) -> [String]? {
        var reader = Reader(text)
        return reader.array { reader in reader.string() }
    }

    /// `[{"e164": "…", "raw": "…", "phoneExtension": "…"}]` → phone entries, each read member by member (a
    /// dictionary per phone was a tenth of an account row's decoding; issue 11); members of other names are passed
    /// over, a `null` member is none, the last of a repeated name counts; nil for any other shape or an entry without
    /// `raw` or `e164`.
    static func phones(_ text: String) -> [PhoneEntry]? {
        var reader = Reader(text)
        return reader.array { reader in
            var raw: String?
            var e164: String?
            var phoneExtension: String?
            let read = reader.flatMembers { name, value in
                switch name {
                case "raw": raw = value
                case "e164": e164 = value
                case "phoneExtension": phoneExtension = value
                default: break
                }
            }
            guard read, let raw, let e164 else { return nil }
            return PhoneEntry(raw: raw, e164: e164, phoneExtension: phoneExtension)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        init(_ text: String) {
            bytes = Array(text.utf8)
        }

        mutating func array<Element>(_ element: (inout Reader) -> Element?) -> [Element]? {
            skipSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var elements: [Element] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return atEnd() ? elements : nil }
            while true {
                skipSpace()
                guard let value = element(&self) else { return nil }
                elements.append(value)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return nil }
                return atEnd() ? elements : nil
            }
        }

        /// An object with string or `null` members, each handed to `member` in order (nil for `null`); false for any
        /// other shape.
        mutating func flatMembers(_ member: (String, String?) -> Void) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            skipSpace()
            if take(UInt8(ascii: "}")) { return true }
            while true {
                skipSpace()
                guard let name = string() else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                if takeWord("null") {
                    member(name, nil)
                } else {
                    guard let value = string() else { return false }
                    member(name, value)
                }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        }

        /// A JSON string: the bytes between the quotes as they are when there is no escape, else decoded.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") {
                guard bytes[at] >= 0x20 else { return nil }
                at += 1
            }
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: "\"") {
                defer { at += 1 }
                return String(decoding: bytes[start..<at], as: UTF8.self)
            }
            var text = Array(bytes[start..<at])
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let escape = bytes[at]
                    at += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                    case UInt8(ascii: "b"): text.append(0x08)
                    case UInt8(ascii: "f"): text.append(0x0C)
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "r"): text.append(0x0D)
                    case UInt8(ascii: "t"): text.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        text.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                default:
                    guard byte >= 0x20 else { return nil }
                    text.append(byte)
                }
            }
            return nil
        }

        /// The scalar of `\uXXXX` (after the `u`), a surrogate pair's when one follows; nil for a lone surrogate.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let first = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(first) {
                guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let second = hex4(),
                    (0xDC00..<0xE000).contains(second)
                else { return nil }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            }
            return Unicode.Scalar(first)
        }

        private mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[at..<at + 4] {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            at += 4
            return value
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        private mutating func takeWord(_ word: String) -> Bool {
            let expected = Array(word.utf8)
            guard at + expected.count <= bytes.count, Array(bytes[at..<at + expected.count]) == expected else {
                return false
            }
            at += expected.count
            return true
        }

        private mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        private func atEnd() -> Bool {
            var index = at
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return index == bytes.count
        }
    }
}

extension SQLRow {
    /// A `*_json` column holding an array of strings.
    func strings(_ column: String) throws -> [String] {
        let text = try string(column)
        if let values = FlatJSON.strings(text) { return values }
        return try StoredJSON.decode([String].self, from: text)
    }

    /// A `*_json` column holding phone numbers (``PhoneEntry``'s members, as its `Codable` writes them).
    func phones(_ column: String) throws -> [PhoneEntry] {
        let text = try string(column)
        if let phones = FlatJSON.phones(text) { return phones }
        return try StoredJSON.decode([PhoneEntry].self, from: text)
    }
}
