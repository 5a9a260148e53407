import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// SQLite: a small pool of connections to one file in WAL mode (readers never wait for the writer).
///
/// Sized on purpose: two connections per core, so that reads run in parallel on every core while a write
/// transaction (at most one at a time, see below) holds a connection of its own; a thread per connection.
///
/// The planner's statistics are kept fresh as SQLite advises for long-lived connections: `PRAGMA optimize=0x10002`
/// (it analyzes the tables that have none or whose size changed much) after migrations (`Migrator`), when the server
/// has started and every hour after (``SQLiteOptimizer``, one of ``services``) and at shutdown. Not at open: on a
/// file of millions of rows it takes seconds, which the server's start-up (ready in well under a second) and a CLI
/// command that only reads (`benta bench import-csv` beside a running server) must not wait for or lock. Without statistics the
/// planner takes "company = ?" for ten rows and may walk a whole company in name order.
///
/// Writes queue behind one in-process lock (``serializingWrites(_:)``), taken before a connection is leased and
/// never while one is held. The blocking SQLite calls run on the database's own thread pool with a thread for every
/// connection, so a statement that blocks (in the busy handler, or in a slow fsync) never keeps another
/// connection's statement — the COMMIT that would end the wait — from running.
final class SQLiteAppDatabase: AppDatabase, @unchecked Sendable {
    /// Connections per event loop of `MultiThreadedEventLoopGroup.singleton` (one loop per core).
    static let connectionsPerEventLoop = 2
    /// How long a write waits for the writer queue, and a unit of work for a connection, before it fails by name.
    static let waitLimit: Duration = .seconds(30)

    private let pool: SQLiteConnectionPool
    private let logger: Logger
    private let writeLock: AsyncLock
    let engine = DatabaseEngine.sqlite
    var services: [any Service] { [SQLiteOptimizer(database: self)] }

    private init(pool: SQLiteConnectionPool, logger: Logger, writerStallLimit: Duration) {
        self.pool = pool
        self.logger = logger
        self.writeLock = AsyncLock(name: "the SQLite writer queue", timeout: writerStallLimit)
    }

    /// - Parameter writerStallLimit: how long an ordinary holder may keep the writer queue before its waiters give
    ///   up (``waitLimit``; tests shorten it).
    static func open(
        path: String, logger: Logger, writerStallLimit: Duration = waitLimit
    ) async throws -> SQLiteAppDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let eventLoops = MultiThreadedEventLoopGroup.singleton
        let connections = connectionsPerEventLoop * Array(eventLoops.makeIterator()).count
        let pool = try await SQLiteConnectionPool.open(
            path: path, count: connections, waitLimit: waitLimit, prepare: Self.tune)
        let database = SQLiteAppDatabase(pool: pool, logger: logger, writerStallLimit: writerStallLimit)
        do {
            // WAL is a property of the file and persists: set once at open.
            _ = try await database.withConnection { db in
                try await db.raw("PRAGMA journal_mode = WAL").all().count
            }
        } catch {
            await database.shutdown()
            throw error
        }
        return database
    }

    func withConnection<R: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await pool.withHandle { handle in
            try await body(
                SQLiteStatementDatabase(
                    handle: handle, threadPool: pool.threadPool, eventLoop: MultiThreadedEventLoopGroup.singleton.any(),
                    logger: logger))
        }
    }

    /// Benta's pragmas, on every connection as it opens:
    /// - busy_timeout: a statement that meets another process's write lock waits up to 10 s for it (in-process
    ///   writers queue before taking it, ``serializingWrites(_:)``);
    /// - synchronous=FULL: an acknowledged write (an issued invoice, a payment) survives power loss; the cost is one
    ///   extra fsync per commit, small next to a web request;
    /// - temp_store=MEMORY: the sort of a filtered page (its matches only) stays off the disk;
    /// - cache_size: 8 MiB of pages per connection (the default is 2), within the memory budget;
    /// - analysis_limit: `PRAGMA optimize` samples each index instead of reading it whole (seconds, not minutes, at a
    ///   million rows).
    private static func tune(_ handle: SQLiteHandle) throws {
        for pragma in [
            "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
            "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -8192", "PRAGMA analysis_limit = 1000",
        ] {
            try handle.run(pragma, []) { _ in }
        }
    }

    func serializingWrites<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        try await writeLock.withLock(WriterHold.current, body)
    }

    /// `PRAGMA optimize=0x10002`: refreshes the statistics of the tables that need it, every table checked (not only
    /// those the connection at hand happened to use) and each index sampled (`analysis_limit`); a write (it may run
    /// `ANALYZE`), so behind the writer queue.
    func optimize() async throws {
        try await serializingWrites {
            try await self.withConnection { db in
                _ = try await db.raw("PRAGMA optimize = 0x10002").all()
            }
        }
    }

    func shutdown() async {
        try? await optimize()
        await pool.close()
    }
}

/// Runs `PRAGMA optimize` once the server has started and then every hour while it runs (SQLite's advice for
/// long-lived connections), so the planner's statistics follow the data as it grows.
struct SQLiteOptimizer: Service {
    let database: SQLiteAppDatabase
    var interval: Duration = .seconds(3_600)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try? await database.optimize()
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                try? await database.optimize()
            }
        }
    }
}
