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
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    /// The lowercased UUID string.
    public var description: String { uuid.uuidString.lowercased() }

    /// The same UUID under another tag; for the rare deliberate conversion.
    public func retagged<Other>(as _: Other.Type = Other.self) -> Identifier<Other> {
        Identifier<Other>(uuid)
    }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        UUIDv7.bytes(of: lhs.uuid).lexicographicallyPrecedes(UUIDv7.bytes(of: rhs.uuid))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let uuid = UUID(uuidString: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid UUID \(raw)")
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
