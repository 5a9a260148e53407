import BentaCore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

@testable import BentaStore

/// The SQLite writer queue's stall limit judges ordinary writers, not migrations: on a real SQLite file with the limit
/// shortened to 1 s, a writer queued behind a migration that holds the writer until the test releases it is served
/// when the migration ends, however long it held (past the limit and the waiter's patience, four times the limit),
/// while an ordinary holder that does not move still makes its waiter fail by name. No step waits on a set time: the
/// migration holds on a latch, and the test releases it once ordinary waiters behind a stuck holder on another file
/// with the same limit have failed by name, one after another, for longer than that patience.
@Suite(.timeLimit(.minutes(20))) struct WriterQueueMigrationTests {
    // Not shorter: after the migration the migrator's `PRAGMA optimize` waits behind the served writer like any
    // waiter, and on a loaded machine (the whole suite on two cores) that small write took more than 300 ms.
    static let stallLimit: Duration = .seconds(1)

    /// A migration whose backfill holds the writer (as a backfill over a big file does) until `released` ends, after
    /// it has created its table and written a row.
    struct LongMigration: Migration {
        let number = 9_001
        let name = "long_backfill"
        let started: AsyncStream<Void>.Continuation
        let released: AsyncStream<Void>

        func statements(for engine: DatabaseEngine) -> [String] {
            ["CREATE TABLE queue_probe (seq INTEGER PRIMARY KEY, writer TEXT NOT NULL)"]
        }

        func backfill(_ db: any SQLDatabase) async throws {
            try await db.raw("INSERT INTO queue_probe (writer) VALUES ('migration')").run()
            started.yield()
            for await _ in released {}
        }
    }

    @Test func aWriterQueuedBehindALongMigrationIsServedWhenItEnds() async throws {
        try await withShortLimitDatabase { database in
            let (started, signalStarted) = AsyncStream<Void>.makeStream()
            let (released, release) = AsyncStream<Void>.makeStream()
            let migration = LongMigration(started: signalStarted, released: released)
            let migrating = Task { try await Migrator(migrations: [migration]).migrate(database, now: Date()) }
            for await _ in started { break }

            // Queued while the migration holds the writer; it writes into the table the migration creates.
            let watched = RecordingAppDatabase(database)
            var arrivals = watched.writerQueueArrivals().makeAsyncIterator()
            let arrived = ContinuousClock.now
            let writer = Task {
                try await insertProbe("writer", into: watched)
                return ContinuousClock.now
            }
            guard await arrivals.next() != nil else { throw TestSetupError("the writer queue is no longer watched") }

            // Meanwhile the same limit fails ordinary waiters behind a stuck holder, one after another, for longer
            // than the writer's patience; the writer waits on.
            let failures = try await ordinaryWaitersFailingByName(count: 5)
            let releasedAt = ContinuousClock.now
            release.finish()

            let served = try await writer.value
            #expect(try await migrating.value == [9_001])
            #expect(failures == 5)
            #expect(served > releasedAt, "the writer was served only when the migration ended")
            let waited = arrived.duration(to: served)
            #expect(waited > Self.stallLimit * 4, "the writer waited behind the migration (\(waited))")
            #expect(try await probes(in: database) == ["migration", "writer"])
        }
    }

    /// On a file of its own with the same limit, an ordinary holder keeps the writer and does not move, and `count`
    /// waiters queue behind it one after another: each fails by name no sooner than the limit after it arrived, so
    /// the whole takes at least `count` limits. Returns how many failed so.
    private func ordinaryWaitersFailingByName(count: Int) async throws -> Int {
        var failures = 0
        try await withShortLimitDatabase { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE queue_probe (seq INTEGER PRIMARY KEY, writer TEXT NOT NULL)").run()
            }
            let (taken, signalTaken) = AsyncStream<Void>.makeStream()
            let (held, release) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO queue_probe (writer) VALUES ('holder')").run()
                    signalTaken.yield()
                    for await _ in held {}
                }
            }
            for await _ in taken { break }
            for _ in 0..<count {
                do {
                    try await insertProbe("waiter", into: database)
                } catch StorageError.unavailable(let message) where message.contains("did not move for") {
                    failures += 1
                }
            }
            release.finish()
            try await holder.value
        }
        return failures
    }

    @Test func aStuckOrdinaryHolderStillMakesItsWaiterFailByName() async throws {
        try await withShortLimitDatabase { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE queue_probe (seq INTEGER PRIMARY KEY, writer TEXT NOT NULL)").run()
            }
            let (taken, signalTaken) = AsyncStream<Void>.makeStream()
            let (held, release) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO queue_probe (writer) VALUES ('holder')").run()
                    signalTaken.yield()
                    for await _ in held {}
                }
            }
            for await _ in taken { break }

            await #expect {
                try await insertProbe("waiter", into: database)
            } throws: { error in
                guard case StorageError.unavailable(let message) = error else { return false }
                return message.contains("the SQLite writer queue did not move for")
            }
            release.finish()
            try await holder.value
            // The refused waiter wrote nothing, and the queue goes on.
            try await insertProbe("after", into: database)
            #expect(try await probes(in: database) == ["holder", "after"])
        }
    }

    private func withShortLimitDatabase(_ body: (SQLiteAppDatabase) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("benta-writer-queue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await SQLiteAppDatabase.open(
            path: directory.appendingPathComponent("benta.sqlite").path, logger: Logger(label: "benta-test"),
            writerStallLimit: Self.stallLimit)
        do {
            try await body(database)
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    private func insertProbe(_ writer: String, into database: some AppDatabase) async throws {
        try await database.transaction { db in
            try await db.raw("INSERT INTO queue_probe (writer) VALUES (\(bind: writer))").run()
        }
    }

    private func probes(in database: some AppDatabase) async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT writer FROM queue_probe ORDER BY seq").all()
                .map { try $0.decode(column: "writer", as: String.self) }
        }
    }
}
