import BentaCore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

@testable import BentaStore

/// `benta backup` and `benta restore` (issue 15): a copy taken while writers write is one consistent snapshot, and
/// it comes back whole into a fresh place.
@Suite(.timeLimit(.minutes(20))) struct SQLiteBackupTests {
    static let logger: Logger = {
        var logger = Logger(label: "benta-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A fresh folder, removed after `body`.
    static func withFolder<R>(_ body: (URL) async throws -> R) async throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Each writer's transactions: an order and its line, written together (`"writer-n"` → amount).
    static func written(_ database: any AppDatabase) async throws -> (orders: [String: Int], withLine: Int) {
        try await database.read { db in
            var orders: [String: Int] = [:]
            for row in try await db.raw("SELECT writer, n, amount FROM probe_orders").all() {
                let key =
                    "\(try row.decode(column: "writer", as: Int.self))-\(try row.decode(column: "n", as: Int.self))"
                orders[key] = try row.decode(column: "amount", as: Int.self)
            }
            let withLine = try await db.raw(
                """
                SELECT COUNT(*) AS c FROM probe_orders o
                WHERE EXISTS (SELECT 1 FROM probe_lines l WHERE l.writer = o.writer AND l.n = o.n)
                """
            ).first()?.decode(column: "c", as: Int.self)
            return (orders, withLine ?? 0)
        }
    }

    /// A migrated Benta database with the two probe tables the writers fill.
    static func openProbeDatabase(_ path: String) async throws -> any AppDatabase {
        let database = try await openDatabase(.sqlite(path: path), logger: Self.logger)
        do {
            try await Migrator().migrate(database, now: Date())
            try await database.transaction { db in
                try await db.raw(
                    "CREATE TABLE probe_orders (writer BIGINT, n BIGINT, amount BIGINT, PRIMARY KEY (writer, n))"
                )
                .run()
                try await db.raw("CREATE TABLE probe_lines (writer BIGINT, n BIGINT, PRIMARY KEY (writer, n))").run()
            }
        } catch {
            await database.shutdown()
            throw error
        }
        return database
    }

    /// Writes order `n` of `writer` and its line in one transaction.
    static func write(_ database: any AppDatabase, writer: Int, n: Int) async throws {
        try await database.transaction { db in
            try await db.raw(
                "INSERT INTO probe_orders (writer, n, amount) VALUES (\(bind: writer), \(bind: n), \(bind: n * 7))"
            )
            .run()
            try await db.raw("INSERT INTO probe_lines (writer, n) VALUES (\(bind: writer), \(bind: n))").run()
        }
    }

    @Test func aBackupTakenWhileWritersWriteHoldsExactlyTheTransactionsCommittedBeforeItsSnapshot() async throws {
        try await Self.withFolder { folder in
            let live = folder.appendingPathComponent("live/benta.sqlite").path
            let copy = folder.appendingPathComponent("copy.sqlite").path
            let restored = folder.appendingPathComponent("fresh/benta.sqlite").path
            let database = try await Self.openProbeDatabase(live)
            let writers = 4
            let stop = StopFlag()
            // Each writer writes its orders one after another, each with its line in the same transaction.
            let writing = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for writer in 0..<writers {
                        group.addTask {
                            var n = 0
                            while !stop.isSet {
                                try await Self.write(database, writer: writer, n: n)
                                n += 1
                            }
                            return n
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
            let before: Int
            let after: Int
            do {
                while try await Self.written(database).orders.count < 200 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                before = try await Self.written(database).orders.count
                _ = try await SQLiteBackup.backup(database: live, to: copy, logger: Self.logger)
                after = try await Self.written(database).orders.count
                // The writers go on after the copy: the live database grows past it.
                while try await Self.written(database).orders.count < after + 50 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                stop.set()
                _ = try await writing.value
            } catch {
                stop.set()
                _ = try? await writing.value
                await database.shutdown()
                throw error
            }
            let liveRows = try await Self.written(database)
            await database.shutdown()

            let report = try await SQLiteBackup.restore(from: copy, to: restored, logger: Self.logger)
            #expect(report.previous == nil)
            #expect(report.schemaVersion == Migrations.all.map(\.number).max())
            let copyDatabase = try await openDatabase(.sqlite(path: restored), logger: Self.logger)
            let copied: (orders: [String: Int], withLine: Int)
            let integrity: [String]
            do {
                copied = try await Self.written(copyDatabase)
                integrity = try await copyDatabase.read { db in
                    try await db.raw("PRAGMA integrity_check").all().map {
                        try $0.decode(column: "integrity_check", as: String.self)
                    }
                }
            } catch {
                await copyDatabase.shutdown()
                throw error
            }
            await copyDatabase.shutdown()

            #expect(integrity == ["ok"])
            // Everything committed before the backup began, nothing that was not committed when it ended.
            #expect(copied.orders.count >= before)
            #expect(copied.orders.count <= after)
            #expect(copied.orders.count < liveRows.orders.count)
            // Every row as it is live, each with the line of its own transaction.
            for (key, amount) in copied.orders { #expect(liveRows.orders[key] == amount, "\(key)") }
            #expect(copied.withLine == copied.orders.count)
            // One snapshot: each writer's orders in the copy are its first ones, with no hole.
            for writer in 0..<writers {
                let numbers = copied.orders.keys.filter { $0.hasPrefix("\(writer)-") }
                    .compactMap { Int($0.split(separator: "-").last ?? "") }.sorted()
                #expect(!numbers.isEmpty)
                #expect(numbers == Array(0..<numbers.count), "writer \(writer): \(numbers)")
            }
        }
    }

    /// Holds the database open from another process (as a running server does) until `body` returns.
    static func whileOpenInAnotherProcess<R>(_ path: String, _ body: () async throws -> R) async throws -> R {
        let python = ProcessInfo.processInfo.environment["BENTA_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                + "c.execute('SELECT COUNT(*) FROM schema_migrations').fetchall(); print('open', flush=True); "
                + "sys.stdin.read()",
            path,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let ready = output.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).hasPrefix("open") else {
            throw TestSetupError("the helper process did not open \(path)")
        }
        return try await body()
    }

    @Test func restoreRefusesWhileTheDatabaseIsOpenAndKeepsTheDatabaseItReplaces() async throws {
        try await Self.withFolder { folder in
            let live = folder.appendingPathComponent("benta.sqlite").path
            let copy = folder.appendingPathComponent("copy.sqlite").path
            let database = try await Self.openProbeDatabase(live)
            do {
                try await Self.write(database, writer: 0, n: 0)
                _ = try await SQLiteBackup.backup(database: live, to: copy, logger: Self.logger)
                await #expect(throws: SQLiteBackupError.destinationExists(copy)) {
                    try await SQLiteBackup.backup(database: live, to: copy, logger: Self.logger)
                }
                // Written after the copy: the restore takes it back, the kept file still has it.
                try await Self.write(database, writer: 0, n: 1)
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            #expect(!SQLiteBackup.isOpenElsewhere(live))
            try await Self.whileOpenInAnotherProcess(live) {
                #expect(SQLiteBackup.isOpenElsewhere(live))
                await #expect(throws: SQLiteBackupError.inUse(live)) {
                    try await SQLiteBackup.restore(from: copy, to: live, logger: Self.logger)
                }
            }

            let report = try await SQLiteBackup.restore(from: copy, to: live, logger: Self.logger)
            let kept = try #require(report.previous)
            func orders(_ path: String) async throws -> Int {
                let database = try await openDatabase(.sqlite(path: path), logger: Self.logger)
                let count = try? await Self.written(database).orders.count
                await database.shutdown()
                return count ?? -1
            }
            #expect(try await orders(live) == 1)
            #expect(try await orders(kept) == 2)
        }
    }

    @Test func restoreRefusesADamagedCopyOrAnotherDatabaseAndLeavesTheDatabaseAlone() async throws {
        try await Self.withFolder { folder in
            let live = folder.appendingPathComponent("benta.sqlite").path
            let copy = folder.appendingPathComponent("copy.sqlite").path
            let database = try await Self.openProbeDatabase(live)
            do {
                for n in 0..<500 { try await Self.write(database, writer: 1, n: n) }
                _ = try await SQLiteBackup.backup(database: live, to: copy, logger: Self.logger)
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            let original = try Data(contentsOf: URL(fileURLWithPath: live))

            // The probe table's first page in the copy overwritten. (A damaged index page alone would not do: the
            // restore's VACUUM INTO reads the tables and builds the indexes anew, so the result would be sound.)
            let reader = try await openDatabase(.sqlite(path: copy), logger: Self.logger)
            let (root, pageSize) = try await reader.read { db in
                (
                    try await db.raw("SELECT rootpage FROM sqlite_master WHERE name = 'probe_orders'")
                        .first()?.decode(column: "rootpage", as: Int.self),
                    try await db.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self)
                )
            }
            await reader.shutdown()
            let size = try #require(pageSize)
            let offset = (try #require(root) - 1) * size
            var damaged = try Data(contentsOf: URL(fileURLWithPath: copy))
            damaged.replaceSubrange(offset..<(offset + size), with: Data(repeating: 0x5A, count: size))
            let broken = folder.appendingPathComponent("broken.sqlite").path
            try damaged.write(to: URL(fileURLWithPath: broken))
            await #expect(throws: SQLiteBackupError.self) {
                try await SQLiteBackup.restore(from: broken, to: live, logger: Self.logger)
            }

            // A sound SQLite file that is not Benta's.
            let other = folder.appendingPathComponent("other.sqlite").path
            let otherDatabase = try await openDatabase(.sqlite(path: other), logger: Self.logger)
            try await otherDatabase.transaction { db in try await db.raw("CREATE TABLE notes (body TEXT)").run() }
            await otherDatabase.shutdown()
            await #expect(throws: SQLiteBackupError.notBenta) {
                try await SQLiteBackup.restore(from: other, to: live, logger: Self.logger)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == original)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains(".partial-") || $0.contains("before-restore")
            }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aPostgreSQLURLNamesItsSchemaAsLibpqDoes() {
        let base = "postgres://benta:benta@127.0.0.1:54329/benta_test?sslmode=disable"
        #expect(PostgresURL.searchPath(in: base) == nil)
        #expect(PostgresURL.searchPath(in: base + "&options=-c%20search_path%3Dcrash_1") == "crash_1")
        #expect(PostgresURL.searchPath(in: base + "&options=-csearch_path%3Dx_2") == "x_2")
    }
}

/// Tells the writers to finish.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
