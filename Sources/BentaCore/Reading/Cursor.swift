import Foundation

/// Unpadded base64url text (RFC 4648 §5): how list cursors and random tokens travel in URLs and cookies.
public enum Base64URL {
    /// `data` as base64url without padding.
    public static func encode(_ data: Data) -> String {
        encode(bytes: data)
    }

    /// `bytes` as base64url without padding, three bytes to four characters straight from the alphabet (every
    /// list page writes a cursor; issue 11).
    public static func encode<Bytes: Collection<UInt8>>(bytes: Bytes) -> String {
        let input = Array(bytes)
        return String(unsafeUninitializedCapacity: (input.count * 4 + 2) / 3) { text in
            var written = 0
            var index = 0
            while index < input.count {
                let count = min(3, input.count - index)
                var group = UInt32(input[index]) << 16
                if count > 1 { group |= UInt32(input[index + 1]) << 8 }
                if count > 2 { group |= UInt32(input[index + 2]) }
                for sextet in 0...count {
                    text[written] = alphabet[Int(group >> (18 - 6 * UInt32(sextet)) & 0x3F)]
                    written += 1
                }
                index += 3
            }
            return written
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The bytes of base64url text (padding optional); nil when the text is not base64.
    public static func decode(_ text: String) -> Data? {
        var base64: [UInt8] = []
        base64.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: base64.append(byte)
            }
        }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(base64))
    }
}

/// A keyset position sent to clients as opaque text: the position's JSON in base64url. Every list cursor is one of
/// these, so they are all read and written by the same two functions.
package protocol OpaqueCursor: Codable {
    /// The longest encoded text accepted; anything longer is not a cursor this list made.
    static var maximumEncodedLength: Int { get }

    /// The position's JSON written by hand, for the common positions (plain text); nil leaves it to `JSONEncoder`.
    var handWrittenJSON: [UInt8]? { get }
}

extension OpaqueCursor {
    /// The position in `encoded`; nil when the text is too long, not base64url or not this kind of position.
    package init?(encoded: String) {
        guard encoded.count <= Self.maximumEncodedLength, let data = Base64URL.decode(encoded),
            let cursor = try? JSONDecoder().decode(Self.self, from: data)
        else { return nil }
        self = cursor
    }

    /// The position as opaque base64url text.
    package var encoded: String {
        if let json = handWrittenJSON { return Base64URL.encode(bytes: json) }
        return Base64URL.encode((try? JSONEncoder().encode(self)) ?? Data())
    }

    package var handWrittenJSON: [UInt8]? { nil }
}

/// The JSON of a cursor written by hand (issue 11: every list page writes one, and a `JSONEncoder` each time was a
/// visible share of a short page): members in declaration order, which is one of the orders `JSONEncoder` writes
/// (it follows its dictionary's), and text only when it needs no escaping.
enum CursorJSON {
    /// Printable ASCII that JSON writes as it is (`JSONEncoder` escapes the slash).
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy {
            (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
                && $0 != UInt8(ascii: "/")
        }
    }

    static func append(string text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        json.append(contentsOf: text.utf8)
        json.append(UInt8(ascii: "\""))
    }
}

/// Keyset position in a list sorted by `(sort_name, id)`; newest-first lists use only its `id`.
package struct SortCursor: OpaqueCursor, Hashable {
    package static let maximumEncodedLength = 1024

    package var sortName: String
    package var id: String

    package init(sortName: String, id: String) {
        self.sortName = sortName
        self.id = id
    }

    package var handWrittenJSON: [UInt8]? {
        guard CursorJSON.isPlain(sortName), CursorJSON.isPlain(id) else { return nil }
        var json: [UInt8] = []
        json.reserveCapacity(22 + sortName.utf8.count + id.utf8.count)
        json.append(contentsOf: #"{"sortName":"#.utf8)
        CursorJSON.append(string: sortName, to: &json)
        json.append(contentsOf: #","id":"#.utf8)
        CursorJSON.append(string: id, to: &json)
        json.append(UInt8(ascii: "}"))
        return json
    }
}

/// Keyset position in a timeline sorted newest first by `(occurred_at, id)`.
package struct TimelineCursor: OpaqueCursor, Hashable {
    package static let maximumEncodedLength = 512

    /// `occurred_at` in milliseconds since 1970.
    package var at: Int64
    package var id: String

    package init(at: Int64, id: String) {
        self.at = at
        self.id = id
    }

    package var handWrittenJSON: [UInt8]? {
        guard CursorJSON.isPlain(id) else { return nil }
        var json: [UInt8] = []
        json.reserveCapacity(36 + id.utf8.count)
        json.append(contentsOf: #"{"at":"#.utf8)
        json.append(contentsOf: String(at).utf8)
        json.append(contentsOf: #","id":"#.utf8)
        CursorJSON.append(string: id, to: &json)
        json.append(UInt8(ascii: "}"))
        return json
    }
}
