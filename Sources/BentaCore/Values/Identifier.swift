import Foundation

/// A typed identifier: a UUID tagged with the kind of record it names, so IDs of different kinds cannot mix.
///
/// Declare as `typealias ID = Identifier<Invoice>`. Encodes as the lowercased UUID string and orders by the
/// UUID's 16 bytes, so UUIDv7 identifiers sort by creation time.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }

    /// Parses a UUID string (either case); nil when malformed.
    public init?(string: String) {
        guard let uuid = HexText.uuid(string) else { return nil }
        self.uuid = uuid
    }

    /// The lowercased UUID string.
    public var description: String { HexText.text(of: uuid) }

    /// The same UUID under another tag; for the rare deliberate conversion.
    public func retagged<Other>(as _: Other.Type = Other.self) -> Identifier<Other> {
        Identifier<Other>(uuid)
    }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        withUnsafeBytes(of: lhs.uuid.uuid) { left in
            withUnsafeBytes(of: rhs.uuid.uuid) { right in left.lexicographicallyPrecedes(right) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let uuid = HexText.uuid(raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid UUID \(raw)")
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
