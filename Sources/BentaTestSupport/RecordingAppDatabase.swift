import BentaStore
import Foundation
import SQLKit
import ServiceLifecycle

/// An ``AppDatabase`` that records every statement sent through any of its connections, for tests that count what
/// a whole request or use case sends (a query per row shows up as a count that grows with the rows).
///
/// It forwards everything to the database it wraps: the same pool, the same writer queue, the same transactions.
public final class RecordingAppDatabase: AppDatabase, @unchecked Sendable {
    private let base: any AppDatabase
    private let lock = NSLock()
    private var recorded: [RecordingDatabase.Statement] = []
    private var arrivalWatchers: [AsyncStream<Void>.Continuation] = []

    public init(_ base: any AppDatabase) {
        self.base = base
    }

    public var engine: DatabaseEngine { base.engine }
    public var services: [any Service] { base.services }

    public func withConnection<R: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await base.withConnection { db in
            try await body(RecordingDatabase(db) { [weak self] statement in self?.append(statement) })
        }
    }

    public func serializingWrites<R: Sendable>(
        _ body: @escaping @Sendable () async throws -> R
    ) async throws -> R {
        for watcher in lock.withLock({ arrivalWatchers }) { watcher.yield() }
        return try await base.serializingWrites(body)
    }

    /// An element for every unit of work that asks for the writer queue from now on, as it reaches the queue (before
    /// it waits in it): a test waits for a write to be queued behind another instead of polling or sleeping.
    public func writerQueueArrivals() -> AsyncStream<Void> {
        let (arrivals, watcher) = AsyncStream<Void>.makeStream()
        lock.withLock { arrivalWatchers.append(watcher) }
        return arrivals
    }

    public func shutdown() async {
        await base.shutdown()
    }

    private func append(_ statement: RecordingDatabase.Statement) {
        lock.lock()
        recorded.append(statement)
        lock.unlock()
    }

    /// What ran since the start or the last ``reset()``, in order.
    public var statements: [RecordingDatabase.Statement] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// The statements that ran since the start or the last ``reset()``, without transaction control (`BEGIN`,
    /// `COMMIT`, `ROLLBACK`): the queries.
    public var queries: [RecordingDatabase.Statement] {
        statements.filter { statement in
            let word = statement.sql.prefix { !$0.isWhitespace }.uppercased()
            return !["BEGIN", "COMMIT", "ROLLBACK"].contains(word)
        }
    }

    /// Forgets what was recorded so far.
    public func reset() {
        lock.lock()
        recorded.removeAll()
        lock.unlock()
    }

    /// Runs `body` and returns what it sent, without transaction control.
    public func recording(_ body: () async throws -> Void) async rethrows -> [RecordingDatabase.Statement] {
        reset()
        try await body()
        return queries
    }
}
