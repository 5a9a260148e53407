import Foundation
import Logging
import SQLKit
import SQLiteNIO
import Testing

@testable import BentaStore

/// Benta's own SQLite connections (issue 11): statements kept prepared per connection, a pool that leases in the
/// caller's task. What must hold: a kept statement answers as a fresh one would (binds, a schema change under it,
/// an error mid-way), a lease beyond the connections waits and is served, a wait has a limit and a cancellation,
/// and a closed pool refuses by name.
@Suite(.timeLimit(.minutes(20))) struct SQLiteConnectionPoolTests {
    private func withFile<R>(_ body: (String) async throws -> R) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("benta-pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory.appendingPathComponent("pool.sqlite").path)
    }

    private func rows(
        _ handle: SQLiteHandle, _ sql: String, _ binds: [SQLiteData] = []
    ) throws -> [[String: SQLiteData]] {
        var found: [[String: SQLiteData]] = []
        try handle.run(sql, binds) { row in
            found.append(Dictionary(uniqueKeysWithValues: zip(row.allColumns, row.values)))
        }
        return found
    }

    @Test func aKeptStatementAnswersWithEachRunsBindsAndSeesASchemaChange() async throws {
        try await withFile { path in
            let writer = try SQLiteHandle.open(path: path)
            let reader = try SQLiteHandle.open(path: path)
            defer {
                writer.close()
                reader.close()
            }
            _ = try rows(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note BLOB, share REAL)")
            for index in 1...5 {
                _ = try rows(
                    writer, "INSERT INTO t (id, name, note, share) VALUES (?, ?, ?, ?)",
                    [
                        .integer(index), .text("name ✓ \(index)"),
                        index == 3 ? .null : .blob(ByteBuffer(string: "b\(index)")),
                        .float(Double(index) / 4),
                    ])
            }
            let select = "SELECT * FROM t WHERE id >= ? ORDER BY id"
            #expect(try rows(reader, select, [.integer(4)]).map { $0["id"] } == [.integer(4), .integer(5)])
            let all = try rows(reader, select, [.integer(1)])
            #expect(all.count == 5)
            #expect(all[0]["name"] == .text("name ✓ 1") && all[2]["note"] == .null)
            #expect(all[1]["note"] == .blob(ByteBuffer(string: "b2")) && all[1]["share"] == .float(0.5))
            // A column added by another connection: the kept `SELECT *` is prepared again by SQLite, and its rows
            // name the new column.
            _ = try rows(writer, "ALTER TABLE t ADD COLUMN added TEXT DEFAULT 'new'")
            let widened = try rows(reader, select, [.integer(5)])
            #expect(widened.count == 1 && widened[0]["added"] == .text("new"))
            // A statement that fails names SQLite's reason, and the connection goes on.
            #expect {
                try rows(writer, "INSERT INTO t (id, name) VALUES (?, ?)", [.integer(1), .text("again")])
            } throws: { String(describing: $0).contains("UNIQUE constraint failed: t.id") }
            #expect(try rows(reader, "SELECT count(*) AS n FROM t")[0]["n"] == .integer(5))
            // A statement stopped mid-way (its reader threw) is reset: it runs again from its first row, and it holds
            // no read transaction that would keep a checkpoint from finishing.
            struct Stop: Error {}
            #expect(throws: Stop.self) { try reader.run(select, [.integer(1)]) { _ in throw Stop() } }
            #expect(try rows(reader, select, [.integer(1)]).count == 5)
            let checkpoint = try rows(writer, "PRAGMA wal_checkpoint(TRUNCATE)")
            #expect(checkpoint.first?["busy"] == .integer(0), "\(checkpoint)")
            // More distinct statements than the cache keeps: each still answers.
            for index in 0..<(SQLiteHandle.cacheLimit * 2) {
                #expect(try rows(reader, "SELECT \(index) AS n")[0]["n"] == .integer(index))
            }
        }
    }

    /// A kept statement is not prepared again on every run: SQLite marks a statement whose plan may depend on a
    /// bound value as expired when its values are cleared (the teams of a company, on Benta's schema, was prepared
    /// again on every page), so they are only overwritten; a run with fewer values than the statement's parameters
    /// starts from none (the rest are NULL, as in a fresh statement).
    @Test func aKeptStatementIsNotPreparedAgainOnEveryRun() async throws {
        try await withFile { path in
            var logger = Logger(label: "benta-test")
            logger.logLevel = .critical
            let database = try await openDatabase(.sqlite(path: path), logger: logger)
            try await Migrator().migrate(database, now: Date())
            await database.shutdown()
            let handle = try SQLiteHandle.open(path: path)
            defer { handle.close() }
            let sql = "SELECT id, company_id, name FROM teams WHERE company_id = ?1 ORDER BY name"
            for run in 0..<6 { _ = try rows(handle, sql, [.text("company \(run)")]) }
            #expect(handle.timesPreparedAgain(sql) == 0)
            let pair = "SELECT ?1 AS first, ?2 AS second"
            #expect(try rows(handle, pair, [.integer(1), .integer(2)])[0]["second"] == .integer(2))
            #expect(try rows(handle, pair, [.integer(3)])[0] == ["first": .integer(3), "second": .null])
        }
    }

    @Test func leasesBeyondTheConnectionsWaitAndAreServedInTheCallersTask() async throws {
        try await withFile { path in
            let pool = try await SQLiteConnectionPool.open(path: path, count: 2, waitLimit: .seconds(30)) { _ in }
            let inUse = Counter()
            let most = Counter()
            // The first two leases hold until both are out at once, so the other ten find none free.
            let bothOut = Gate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await pool.withHandle { handle in
                            let count = inUse.add(1)
                            most.raise(to: count)
                            if count == 2 { await bothOut.open() }
                            await bothOut.pass()
                            _ = try await pool.threadPool.runIfActive { try handle.run("SELECT 1", []) { _ in } }
                            inUse.add(-1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(most.value == 2)
            await pool.close()
            await #expect { try await pool.withHandle { _ in } } throws: {
                String(describing: $0).contains("the database is closed")
            }
        }
    }

    @Test func aWaitEndsAtItsLimitOrWhenItsTaskIsCancelled() async throws {
        try await withFile { path in
            let pool = try await SQLiteConnectionPool.open(path: path, count: 1, waitLimit: .milliseconds(300)) { _ in }
            let (held, holding) = AsyncStream<Void>.makeStream()
            let (release, releasing) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withHandle { _ in
                    holding.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            await #expect { try await pool.withHandle { _ in } } throws: {
                String(describing: $0).contains("no SQLite connection came free within")
            }
            let waiting = Task { try await pool.withHandle { _ in } }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            releasing.yield()
            try await holder.value
            // The connection came back: the next lease is served at once.
            try await pool.withHandle { _ in }
            await pool.close()
        }
    }
}

/// Holds tasks until it is opened; once open, lets every task pass.
private actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for task in waiting { task.resume() }
        waiting = []
    }

    func pass() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// A counter shared by concurrent tasks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    @discardableResult func add(_ amount: Int) -> Int {
        lock.withLock {
            count += amount
            return count
        }
    }

    func raise(to candidate: Int) {
        lock.withLock { count = max(count, candidate) }
    }
}
