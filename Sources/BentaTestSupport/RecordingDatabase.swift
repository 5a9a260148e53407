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

    public init(_ base: any SQLDatabase) {
        self.base = base
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
        lock.lock()
        recorded.append(Statement(sql: sql, binds: binds))
        lock.unlock()
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
}

extension SQLDatabase {
    /// Runs raw SQL text with positional binds and returns its rows.
    func execute(raw sql: String, binds: [any Encodable & Sendable]) async throws -> [any SQLRow] {
        let collected = RowCollector()
        try await execute(sql: SQLRaw(sql, binds)) { row in collected.append(row) }
        return collected.rows
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
