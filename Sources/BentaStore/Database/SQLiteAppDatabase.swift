import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// Opens SQLite connections with Benta's pragmas applied to every connection.
struct TunedSQLiteSource: ConnectionPoolSource, Sendable {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { connection in
                // busy_timeout replaces SQLiteNIO's busy handler, which spins forever without sleeping.
                // synchronous=FULL: an acknowledged write (an issued invoice, a payment) survives power loss;
                // the cost is one extra fsync per commit, small next to a web request.
                connection.query("PRAGMA busy_timeout = 10000")
                    .flatMap { _ in connection.query("PRAGMA foreign_keys = ON") }
                    .flatMap { _ in connection.query("PRAGMA synchronous = FULL") }
                    .map { _ in connection }
            }
    }
}

/// SQLite: a small pool of connections to one file in WAL mode (readers never wait for the writer).
final class SQLiteAppDatabase: AppDatabase, @unchecked Sendable {
    // The AsyncKit pool is internally locked but not declared Sendable; this class only forwards to it.
    private let pool: EventLoopGroupConnectionPool<TunedSQLiteSource>
    private let writeLock = AsyncLock()
    let engine = DatabaseEngine.sqlite
    var services: [any Service] { [] }

    private init(pool: EventLoopGroupConnectionPool<TunedSQLiteSource>) {
        self.pool = pool
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteAppDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let pool = EventLoopGroupConnectionPool(
            source: TunedSQLiteSource(path: path), maxConnectionsPerEventLoop: 2, requestTimeout: .seconds(30),
            pruneInterval: nil, logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        let database = SQLiteAppDatabase(pool: pool)
        // WAL is a property of the file and persists: set once at open.
        _ = try await database.withConnection { db in
            try await db.raw("PRAGMA journal_mode = WAL").all().count
        }
        return database
    }

    func withConnection<R: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await pool.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await body(connection.sql(queryLogLevel: nil))
            }
        }.get()
    }

    func serializingWrites<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        try await writeLock.withLock(body)
    }

    func shutdown() async {
        try? await pool.shutdownAsync()
    }
}
