import Foundation

/// Bytes as lowercase hexadecimal text, and UUIDs to and from their canonical text, written by hand (issue 11): a
/// profile of a list request on the release build had Foundation's `String(format: "%02x")` (the token's hash on
/// every API request, the audit chain's hashes), `UUID(uuidString:)` (`sscanf` for every id of every row read) and
/// `uuidString.lowercased()` (every id written) as a visible share of its time.
public enum HexText {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The bytes as lowercase hexadecimal, two digits each: `[0x0f, 0xa0]` → `0fa0`.
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The UUID's canonical text in lowercase (8-4-4-4-12 hexadecimal digits).
    public static func text(of uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { text in
                var at = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits[Int(raw[index] >> 4)]
                    text[at + 1] = digits[Int(raw[index] & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// The UUID of a canonical text (8-4-4-4-12 hexadecimal digits, either case), nil for anything else — what
    /// `UUID(uuidString:)` accepts.
    public static func uuid(_ text: String) -> UUID? {
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ uuid(utf8: $0) }) { return parsed }
        return uuid(utf8: Array(text.utf8))
    }

    private static func uuid<Text: RandomAccessCollection>(utf8 text: Text) -> UUID?
    where Text.Element == UInt8, Text.Index == Int {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var at = text.startIndex
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[at] == UInt8(ascii: "-") else { return false }
                    at += 1
                }
                guard let high = value(text[at]), let low = value(text[at + 1]) else { return false }
                out[index] = high << 4 | low
                at += 2
            }
            return true
        }
        return parsed ? UUID(uuid: bytes) : nil
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
