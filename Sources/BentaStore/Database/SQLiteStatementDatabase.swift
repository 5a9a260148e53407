import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over one leased SQLite connection (``SQLiteHandle``), faster than SQLiteKit's where a request pays per
/// statement and per row (issue 11; a profile of the release build):
/// - a short query runs on the caller's thread, every other statement whole on the database's thread pool, and each
///   hands its rows over where it runs (SQLiteKit reached the connection through SQLiteNIO's future-based call, which
///   posts **every row** to the event loop as a task of its own), prepared once per connection and kept
///   (``SQLiteHandle``);
/// - rows are ``SQLiteValuesRow``s, which the store's readers (`SQLRow+Benta`) read straight from their SQLite values
///   instead of through `Decodable` and dynamic casts.
struct SQLiteStatementDatabase: SQLDatabase {
    let handle: SQLiteHandle
    let threadPool: NIOThreadPool
    let eventLoop: any EventLoop
    let logger: Logger

    var version: (any SQLDatabaseReportedVersion)? { SQLiteLibraryVersion.current }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try Self.encoder.encode($0) }
        let handle = handle
        // A short query runs here; the rest, or all of any other statement, on the pool (see SQLiteHandle).
        if try handle.runInline(sql, values, { onRow($0) }) == .finished { return }
        try await threadPool.runIfActive { try handle.run(sql, values) { onRow($0) } }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private static let encoder = SQLiteDataEncoder()
}

/// The SQLite library's version (SQLiteKit's own type for it is internal).
struct SQLiteLibraryVersion: SQLDatabaseReportedVersion {
    static let current = SQLiteLibraryVersion(
        number: Int(SQLiteConnection.libraryVersion()), stringValue: SQLiteConnection.libraryVersionString())

    let number: Int
    let stringValue: String

    func isEqual(to otherVersion: any SQLDatabaseReportedVersion) -> Bool {
        (otherVersion as? SQLiteLibraryVersion)?.number == number
    }

    func isOlder(than otherVersion: any SQLDatabaseReportedVersion) -> Bool {
        (otherVersion as? SQLiteLibraryVersion).map { number < $0.number } ?? false
    }
}

/// A row of ``SQLiteStatementDatabase``: `SQLRow` as SQLiteKit reads it, plus typed readers that take the common
/// case (text for a string, an integer for a number or flag, NULL for nothing) straight from the value and leave
/// every other case to SQLiteKit's decoder, so both read alike.
struct SQLiteValuesRow: SQLRow {
    let columns: SQLiteColumnNames
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.place(of: column) != nil }

    func decodeNil(column: String) throws -> Bool { (value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = value(column) else { throw MissingSQLiteColumn(column: column) }
        return try Self.decoder.decode(D.self, from: value)
    }

    func string(_ column: String) throws -> String {
        if case .text(let text) = value(column) { return text }
        return try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        switch value(column) {
        case .text(let text): return text
        case .null: return nil
        default: return try decode(column: column, as: String?.self)
        }
    }

    func int64(_ column: String) throws -> Int64 {
        if case .integer(let number) = value(column) { return Int64(number) }
        return try decode(column: column, as: Int64.self)
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        switch value(column) {
        case .integer(let number): return Int64(number)
        case .null: return nil
        default: return try decode(column: column, as: Int64?.self)
        }
    }

    func bool(_ column: String) throws -> Bool {
        switch value(column) {
        case .integer(1): return true
        case .integer(0): return false
        default: return try decode(column: column, as: Bool.self)
        }
    }

    private func value(_ column: String) -> SQLiteData? {
        columns.place(of: column).map { values[$0] }
    }

    private static let decoder = SQLiteDataDecoder()
}

/// A column the statement did not return (SQLiteKit's own error for it is internal).
struct MissingSQLiteColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "no column \(column) in the row" }
}
