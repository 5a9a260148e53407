import Foundation

/// Unpadded base64url text (RFC 4648 §5): how list cursors and random tokens travel in URLs and cookies.
public enum Base64URL {
    /// `data` as base64url without padding.
    public static func encode(_ data: Data) -> String {
        // Byte by byte rather than three `replacingOccurrences` (every list page writes a cursor; issue 11).
        var text: [UInt8] = []
        text.reserveCapacity((data.count + 2) / 3 * 4)
        for byte in data.base64EncodedString().utf8 {
            switch byte {
            case UInt8(ascii: "+"): text.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): text.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

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
        Base64URL.encode((try? JSONEncoder().encode(self)) ?? Data())
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
}
