import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// A connection pool to Benta's database, whichever engine it is.
///
/// Every unit of work leases one connection and gets a connection-bound `SQLDatabase`, so a transaction always
/// runs on one connection. Engine differences stay in ``SQLDialectFacts``.
public protocol AppDatabase: Sendable {
    /// Which engine this is.
    var engine: DatabaseEngine { get }
    /// Leases one connection for the duration of `body`.
    func withConnection<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Long-running services the pool needs (the PostgreSQL client); add them to the application's service group.
    var services: [any Service] { get }
    /// Closes every connection; for tests and command-line tools that do not run a service group.
    func shutdown() async
    /// Runs a write transaction's work one at a time where the engine needs it (SQLite), directly elsewhere.
    func serializingWrites<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R
}

/// Whether the current task is inside ``AppDatabase/transaction(_:)`` or ``AppDatabase/read(_:)``, and so holds a
/// connection. A unit of work that waits for a second connection, or for the writer queue, while holding one is how
/// a pool deadlocks under load (every connection held by a task waiting for another): it is refused at once.
enum UnitOfWork {
    @TaskLocal static var isOpen = false

    static func checkNotNested() throws {
        if isOpen { throw NestedUnitOfWorkError() }
    }
}

/// A database read or transaction was started inside another one; the inner work must use the outer one's `db`.
struct NestedUnitOfWorkError: Error, CustomStringConvertible {
    var description: String {
        "a database read or transaction was started inside another one; use the connection (db) the outer one passes"
    }
}

/// The two storage engines Benta runs on.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

extension AppDatabase {
    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    ///
    /// Every write goes through here, so that on SQLite it queues behind the one writer (``serializingWrites(_:)``,
    /// taken before the connection is leased). `body` works on the `db` it is given: starting another transaction or
    /// read inside it would hold a connection (and the writer queue) while waiting for another, and throws.
    public func transaction<R: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try UnitOfWork.checkNotNested()
        let engine = self.engine
        return try await UnitOfWork.$isOpen.withValue(true) {
            try await serializingWrites {
                try await withConnection { connection in
                    try await connection.raw(SQLQueryString(SQLDialectFacts.beginTransaction(engine))).run()
                    do {
                        let result = try await body(connection)
                        try await connection.raw("COMMIT").run()
                        return result
                    } catch {
                        do { try await connection.raw("ROLLBACK").run() } catch {
                            // The connection may already be broken; the original error is the one worth reporting.
                        }
                        throw StorageError.map(error)
                    }
                }
            }
        }
    }

    /// Runs read-only work on one connection without a transaction (writes belong in ``transaction(_:)``).
    public func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try UnitOfWork.checkNotNested()
        do {
            return try await UnitOfWork.$isOpen.withValue(true) { try await withConnection(body) }
        } catch {
            throw StorageError.map(error)
        }
    }

    /// Whether the database answers a trivial query; used by `/ready`.
    public func isReachable() async -> Bool {
        do {
            return try await withConnection { db in
                try await db.raw("SELECT 1 AS ok").first()?.decode(column: "ok", as: Int.self) == 1
            }
        } catch {
            return false
        }
    }
}

/// Where the database lives, as decided by configuration.
public enum DatabaseLocation: Sendable, Hashable {
    /// An embedded SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server, from a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)
}

/// Opens the database at `location`. For PostgreSQL the returned pool only leases connections while its
/// services run (see ``AppDatabase/services``); ``withRunningServices(_:_:)`` does that for short tasks.
///
/// - Parameter postgresSchema: for PostgreSQL, a schema to use instead of `public` (tests isolate themselves so).
/// - Parameter maximumConnections: for PostgreSQL, the pool size (default 10).
public func openDatabase(
    _ location: DatabaseLocation, postgresSchema: String? = nil, maximumConnections: Int = 10, logger: Logger
) async throws -> any AppDatabase {
    switch location {
    case .sqlite(let path):
        return try await SQLiteAppDatabase.open(path: path, logger: logger)
    case .postgres(let url):
        return try PostgresAppDatabase(
            url: url, searchPath: postgresSchema, maximumConnections: maximumConnections, logger: logger)
    }
}

/// The host named in a PostgreSQL URL, to refuse running tests against anything but this machine.
public func postgresHost(of url: String) -> String? {
    URLComponents(string: url)?.host
}

/// Runs `body` while the database's background services run, then stops them: for CLI commands and tests.
public func withRunningServices<R: Sendable>(
    _ database: any AppDatabase, _ body: @escaping @Sendable () async throws -> R
) async throws -> R {
    let services = database.services
    if services.isEmpty { return try await body() }
    return try await withThrowingTaskGroup(of: R?.self) { group in
        for service in services {
            group.addTask {
                try await service.run()
                return nil
            }
        }
        defer { group.cancelAll() }
        let result = try await body()
        return result
    }
}
