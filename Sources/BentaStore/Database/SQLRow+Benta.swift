import BentaCore
import Foundation
import SQLKit

extension Date {
    /// Milliseconds since 1970 UTC: how Benta stores instants, identically on both engines. Sub-millisecond parts
    /// are cut off after snapping to the microsecond, so an instant read back from its milliseconds stores as the
    /// same milliseconds again (`Date` keeps a binary fraction of seconds since 2001: a plain cut-off made some
    /// read-back instants one millisecond earlier).
    public var millisecondsSince1970: Int64 {
        Int64(((timeIntervalSince1970 * 1_000_000).rounded() / 1000).rounded(.down))
    }

    /// The instant stored as milliseconds since 1970 UTC.
    public init(millisecondsSince1970 value: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(value) / 1000)
    }
}

/// A row could not be turned into a domain value: the schema and the code disagree, which is a bug.
struct CorruptRow: Error, CustomStringConvertible {
    let description: String
}

extension SQLRow {
    // A row of SQLite reads its values straight (``SQLiteValuesRow``); others through `Decodable`.
    func string(_ column: String) throws -> String {
        if let row = self as? SQLiteValuesRow { return try row.string(column) }
        return try decode(column: column, as: String.self)
    }
    func optionalString(_ column: String) throws -> String? {
        if let row = self as? SQLiteValuesRow { return try row.optionalString(column) }
        return try decode(column: column, as: String?.self)
    }
    func int64(_ column: String) throws -> Int64 {
        if let row = self as? SQLiteValuesRow { return try row.int64(column) }
        return try decode(column: column, as: Int64.self)
    }
    func optionalInt64(_ column: String) throws -> Int64? {
        if let row = self as? SQLiteValuesRow { return try row.optionalInt64(column) }
        return try decode(column: column, as: Int64?.self)
    }
    func bool(_ column: String) throws -> Bool {
        if let row = self as? SQLiteValuesRow { return try row.bool(column) }
        return try decode(column: column, as: Bool.self)
    }
    func date(_ column: String) throws -> Date { Date(millisecondsSince1970: try int64(column)) }
    func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map(Date.init(millisecondsSince1970:))
    }

    func id<Tag>(_ column: String, as: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag> {
        let text = try string(column)
        guard let id = Identifier<Tag>(string: text) else { throw CorruptRow(description: "\(column): \(text)") }
        return id
    }

    func optionalID<Tag>(_ column: String, as: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag>? {
        guard let text = try optionalString(column) else { return nil }
        guard let id = Identifier<Tag>(string: text) else { throw CorruptRow(description: "\(column): \(text)") }
        return id
    }

    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try StoredJSON.decode(T.self, from: try string(column))
    }
}

/// One decoder and one encoder for the `*_json` columns, made once (a new one per row was a visible share of a
/// list's time; issue 11). Both are safe to share: each call keeps its own state.
enum StoredJSON {
    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// Encodes a value as compact JSON text for a `*_json` column.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try StoredJSON.encoder.encode(value), as: UTF8.self)
}
