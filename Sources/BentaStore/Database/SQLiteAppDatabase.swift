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
    /// Where the connections' blocking SQLite calls run.
    let threadPool: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            .flatMap { connection in
                // busy_timeout replaces SQLiteNIO's busy handler, which spins forever without sleeping.
                // synchronous=FULL: an acknowledged write (an issued invoice, a payment) survives power loss;
                // the cost is one extra fsync per commit, small next to a web request.
                // temp_store=MEMORY: the sort of a filtered page (its matches only) stays off the disk.
                // cache_size: 8 MiB of pages per connection (the default is 2), within the memory budget.
                // analysis_limit: `PRAGMA optimize` samples each index instead of reading it whole (seconds, not
                // minutes, at a million rows).
                connection.query("PRAGMA busy_timeout = 10000")
                    .flatMap { _ in connection.query("PRAGMA foreign_keys = ON") }
                    .flatMap { _ in connection.query("PRAGMA synchronous = FULL") }
                    .flatMap { _ in connection.query("PRAGMA temp_store = MEMORY") }
                    .flatMap { _ in connection.query("PRAGMA cache_size = -8192") }
                    .flatMap { _ in connection.query("PRAGMA analysis_limit = 1000") }
                    .map { _ in connection }
            }
    }
}

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

    // The AsyncKit pool is internally locked but not declared Sendable; this class only forwards to it.
    private let pool: EventLoopGroupConnectionPool<TunedSQLiteSource>
    private let threadPool: NIOThreadPool
    private let writeLock: AsyncLock
    let engine = DatabaseEngine.sqlite
    var services: [any Service] { [SQLiteOptimizer(database: self)] }

    private init(
        pool: EventLoopGroupConnectionPool<TunedSQLiteSource>, threadPool: NIOThreadPool, writerStallLimit: Duration
    ) {
        self.pool = pool
        self.threadPool = threadPool
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
        // Not NIOThreadPool.singleton: it has one thread per core, fewer than the connections, and it is shared.
        let threadPool = NIOThreadPool(numberOfThreads: connections)
        threadPool.start()
        let pool = EventLoopGroupConnectionPool(
            source: TunedSQLiteSource(path: path, threadPool: threadPool),
            maxConnectionsPerEventLoop: connectionsPerEventLoop,
            requestTimeout: .seconds(waitLimit.components.seconds),
            pruneInterval: nil, logger: logger, on: eventLoops)
        let database = SQLiteAppDatabase(pool: pool, threadPool: threadPool, writerStallLimit: writerStallLimit)
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
        // The body runs in a task of its own, started from the event loop: it would not see the caller's task-local
        // values, so the ones a unit of work reads are carried over (an open unit of work, the idempotency claim).
        let isInUnitOfWork = UnitOfWork.isOpen
        let claim = IdempotencyClaim.current
        return try await pool.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await UnitOfWork.$isOpen.withValue(isInUnitOfWork) {
                    try await IdempotencyClaim.$current.withValue(claim) {
                        try await body(SQLiteStatementDatabase(connection))
                    }
                }
            }
        }.get()
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
        // Closing a connection runs on the thread pool: the connections go first.
        try? await pool.shutdownAsync()
        try? await threadPool.shutdownGracefully()
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
