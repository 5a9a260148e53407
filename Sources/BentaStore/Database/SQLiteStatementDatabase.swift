import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over one pooled SQLite connection, as SQLiteKit's own (`connection.sql()`) but faster where a list pays
/// per row (issue 11; a profile of the release build):
/// - each statement runs whole on the database's thread pool and hands its rows over there: SQLiteKit reached the
///   connection through SQLiteNIO's future-based call, which posts **every row** to the event loop as a task of its
///   own and waits for all of them;
/// - rows are ``SQLiteValuesRow``s, which the store's readers (`SQLRow+Benta`) read straight from their SQLite values
///   instead of through `Decodable` and dynamic casts.
struct SQLiteStatementDatabase: SQLDatabase {
    let connection: SQLiteConnection
    /// SQLiteKit's database over the same connection: the dialect, version and the legacy future-based call.
    let base: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        self.base = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        base.execute(sql: query) { onRow($0) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try Self.encoder.encode($0) }
        try await connection.query(sql, values) { onRow(SQLiteValuesRow(row: $0)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private static let encoder = SQLiteDataEncoder()
}

/// A row of ``SQLiteStatementDatabase``: `SQLRow` as SQLiteKit reads it, plus typed readers that take the common
/// case (text for a string, an integer for a number or flag, NULL for nothing) straight from the value and leave
/// every other case to SQLiteKit's decoder, so both read alike.
struct SQLiteValuesRow: SQLRow {
    let row: SQLiteRow

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = row.column(column) else { throw MissingSQLiteColumn(column: column) }
        return try Self.decoder.decode(D.self, from: value)
    }

    func string(_ column: String) throws -> String {
        if case .text(let text) = row.column(column) { return text }
        return try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        switch row.column(column) {
        case .text(let text): return text
        case .null: return nil
        default: return try decode(column: column, as: String?.self)
        }
    }

    func int64(_ column: String) throws -> Int64 {
        if case .integer(let number) = row.column(column) { return Int64(number) }
        return try decode(column: column, as: Int64.self)
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        switch row.column(column) {
        case .integer(let number): return Int64(number)
        case .null: return nil
        default: return try decode(column: column, as: Int64?.self)
        }
    }

    func bool(_ column: String) throws -> Bool {
        switch row.column(column) {
        case .integer(1): return true
        case .integer(0): return false
        default: return try decode(column: column, as: Bool.self)
        }
    }

    private static let decoder = SQLiteDataDecoder()
}

/// A column the statement did not return (SQLiteKit's own error for it is internal).
struct MissingSQLiteColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "no column \(column) in the row" }
}
