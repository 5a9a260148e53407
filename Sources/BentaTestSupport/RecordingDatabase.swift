import Foundation
import Logging
import NIOCore
import SQLKit

/// A database connection that records every statement it runs (SQL text and binds) and forwards it: for tests that
/// count the statements a use case issues or read a query's plan.
public final class RecordingDatabase: SQLDatabase, @unchecked Sendable {
    /// One statement as it was sent.
    public struct Statement: @unchecked Sendable {
        public let sql: String
        public let binds: [any Encodable & Sendable]
    }

    private let base: any SQLDatabase
    private let lock = NSLock()
    private var recorded: [Statement] = []
    private let onRecord: (@Sendable (Statement) -> Void)?

    /// - Parameter onRecord: also called with every statement as it is sent (``RecordingAppDatabase`` collects
    ///   the statements of every connection so).
    public init(_ base: any SQLDatabase, onRecord: (@Sendable (Statement) -> Void)? = nil) {
        self.base = base
        self.onRecord = onRecord
    }

    /// What ran so far, in order.
    public var statements: [Statement] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public var logger: Logger { base.logger }
    public var eventLoop: any EventLoop { base.eventLoop }
    public var version: (any SQLDatabaseReportedVersion)? { base.version }
    public var dialect: any SQLDialect { base.dialect }
    public var queryLogLevel: Logger.Level? { base.queryLogLevel }

    private func record(_ query: any SQLExpression) {
        let (sql, binds) = base.serialize(query)
        let statement = Statement(sql: sql, binds: binds)
        lock.lock()
        recorded.append(statement)
        lock.unlock()
        onRecord?(statement)
    }

    public func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        record(query)
        return base.execute(sql: query, onRow)
    }

    public func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        record(query)
        try await base.execute(sql: query, onRow)
    }

    /// SQLite's plan of a recorded statement (`EXPLAIN QUERY PLAN`), one line per step, run on `db`.
    public static func sqlitePlan(of statement: Statement, on db: any SQLDatabase) async throws -> [String] {
        var lines: [String] = []
        for row in try await db.execute(raw: "EXPLAIN QUERY PLAN " + statement.sql, binds: statement.binds) {
            lines.append(try row.decode(column: "detail", as: String.self))
        }
        return lines
    }

    /// PostgreSQL's plan of a recorded statement (`EXPLAIN (FORMAT JSON)`), as the JSON text, run on `db`.
    public static func postgresPlan(of statement: Statement, on db: any SQLDatabase) async throws -> String {
        var text = ""
        for row in try await db.execute(raw: "EXPLAIN (FORMAT JSON) " + statement.sql, binds: statement.binds) {
            text += try row.decode(column: "QUERY PLAN", as: String.self)
        }
        return text
    }
}

extension SQLDatabase {
    /// Runs raw SQL text with positional binds and returns its rows.
    func execute(raw sql: String, binds: [any Encodable & Sendable]) async throws -> [any SQLRow] {
        let collected = RowCollector()
        try await execute(sql: SerializedStatement(sql: sql, binds: binds)) { row in collected.append(row) }
        return collected.rows
    }
}

/// SQL text already serialized for this database, with its binds (SQLKit's `SQLRaw` drops binds).
private struct SerializedStatement: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds.append(contentsOf: binds)
    }
}

private final class RowCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [any SQLRow] = []

    func append(_ row: any SQLRow) {
        lock.lock()
        collected.append(row)
        lock.unlock()
    }

    var rows: [any SQLRow] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
