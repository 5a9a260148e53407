import Foundation
import SQLiteNIO
import Testing

@testable import BentaStore

/// Short queries on the caller's thread (issue 11): what runs inline and what is left to the pool, and that a query
/// handed over part-way gives every row once, in order. The budget is set per handle, so the tests do not depend on
/// how fast this machine is: a query producing 300,000 rows is past a 5 ms budget anywhere, and one producing a
/// single row within it, or within a minute, anywhere.
@Suite(.timeLimit(.minutes(20))) struct SQLiteInlineRunTests {
    /// A connection to a new file, and what closes it and removes the file.
    private func open(budget: Duration) throws -> (handle: SQLiteHandle, close: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "benta-inline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let handle = try SQLiteHandle.open(
            path: directory.appendingPathComponent("inline.sqlite").path, inlineBudget: budget)
        return (
            handle,
            {
                handle.close()
                try? FileManager.default.removeItem(at: directory)
            }
        )
    }

    /// The numbers 1…`?1`, one row each.
    private static let count =
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?1) SELECT x FROM n"

    /// Runs `sql` as the database does: inline first, the rest on the pool; the rows, and what the inline try did
    /// with how many rows it handed over.
    private func run(
        _ handle: SQLiteHandle, _ sql: String, _ binds: [SQLiteData] = []
    ) throws -> (values: [SQLiteData], outcome: SQLiteHandle.InlineOutcome, inline: Int) {
        var values: [SQLiteData] = []
        let outcome = try handle.runInline(sql, binds) { values.append($0.values[0]) }
        let inline = values.count
        if outcome == .continueOnPool { try handle.run(sql, binds) { values.append($0.values[0]) } }
        return (values, outcome, inline)
    }

    @Test func aQuickQueryRunsInlineFromItsSecondRunAndWritesNeverDo() throws {
        let (handle, close) = try open(budget: .seconds(60))
        defer { close() }
        let first = try run(handle, Self.count, [.integer(3)])
        #expect(first.outcome == .continueOnPool && first.inline == 0, "a statement not yet run is not known quick")
        #expect(first.values == [.integer(1), .integer(2), .integer(3)])
        let second = try run(handle, Self.count, [.integer(4)])
        #expect(second.outcome == .finished && second.inline == 4)
        #expect(second.values == (1...4).map { .integer($0) })

        _ = try run(handle, "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        for id in 1...3 {
            let insert = try run(handle, "INSERT INTO t (id) VALUES (?1) RETURNING id", [.integer(id)])
            #expect(insert.outcome == .continueOnPool && insert.inline == 0, "a write runs on the pool, run \(id)")
            #expect(insert.values == [.integer(id)])
        }
        for _ in 1...2 {
            #expect(try run(handle, "BEGIN").outcome == .continueOnPool)
            #expect(try run(handle, "SELECT count(*) FROM t").values == [.integer(3)])
            #expect(try run(handle, "COMMIT").outcome == .continueOnPool, "transaction control runs on the pool")
        }
        #expect(try run(handle, "SELECT count(*) FROM t").outcome == .finished)
    }

    @Test func aQueryPastTheBudgetHandsItsRestToThePoolAndItsNextRunGoesThere() throws {
        let (handle, close) = try open(budget: .milliseconds(5))
        defer { close() }
        // Quick on its first run (on the pool), so the second runs inline.
        #expect(try run(handle, Self.count, [.integer(1)]).values == [.integer(1)])
        let rows = 300_000
        let long = try run(handle, Self.count, [.integer(rows)])
        #expect(long.outcome == .continueOnPool)
        #expect(long.inline >= 1 && long.inline < rows, "handed over part-way: \(long.inline) rows inline")
        #expect(long.values.count == rows)
        #expect(long.values == (1...rows).map { .integer($0) }, "every row once, in order")
        // That run took longer than the budget: the next one starts on the pool, and being quick there, the one
        // after runs inline again.
        let next = try run(handle, Self.count, [.integer(1)])
        #expect(next.outcome == .continueOnPool && next.inline == 0 && next.values == [.integer(1)])
        #expect(try run(handle, Self.count, [.integer(2)]).outcome == .finished)
    }

    /// A quick query whose thread is off the CPU for a while (preempted under load; here its rows' reader sleeps)
    /// is still quick: the budget counts CPU time, so its next run stays inline. A wall-clock budget sent it to the
    /// pool, and under load every quick query flipped there and back.
    @Test func aQueryThatWaitsButUsesLittleCPUStaysInline() throws {
        let (handle, close) = try open(budget: .milliseconds(5))
        defer { close() }
        let nap = { (_: SQLiteValuesRow) in _ = usleep(2_000) }
        // On the pool: 3 rows, 6 ms of wall time (more than the budget, within the 20 ms deadline), well under 5 ms
        // of CPU.
        try handle.run(Self.count, [.integer(3)], nap)
        // Inline: the same, within the 20 ms deadline, and inline again after it.
        for run in 1...2 {
            var rows = 0
            let outcome = try handle.runInline(Self.count, [.integer(3)]) {
                rows += 1
                nap($0)
            }
            #expect(outcome == .finished && rows == 3, "run \(run) stayed inline")
        }
        // Past the deadline in wall time (12 rows of 2 ms): the rest goes to the pool, and so does the next run.
        var rows = 0
        #expect(
            try handle.runInline(Self.count, [.integer(12)]) {
                rows += 1
                nap($0)
            } == .continueOnPool)
        try handle.run(Self.count, [.integer(12)]) { _ in rows += 1 }
        #expect(rows == 12)
        #expect(try handle.runInline(Self.count, [.integer(1)]) { _ in } == .continueOnPool)
        // A run on the pool that waits past the deadline (a disk read, a lock) sends the next one there too, though
        // its CPU time is small; a quick one brings it back.
        try handle.run(Self.count, [.integer(12)], nap)
        #expect(try handle.runInline(Self.count, [.integer(1)]) { _ in } == .continueOnPool)
        try handle.run(Self.count, [.integer(1)]) { _ in }
        #expect(try handle.runInline(Self.count, [.integer(1)]) { _ in } == .finished)
    }

    @Test func aQueryLeftUnfinishedAndNotTakenUpIsResetForTheNextStatement() throws {
        let (handle, close) = try open(budget: .milliseconds(5))
        defer { close() }
        _ = try run(handle, Self.count, [.integer(1)])
        let other = "SELECT 7"
        _ = try run(handle, other)
        var inline = 0
        #expect(try handle.runInline(Self.count, [.integer(300_000)]) { _ in inline += 1 } == .continueOnPool)
        #expect(inline >= 1)
        // Another statement instead of the rest: it runs, and the first runs again whole afterwards.
        #expect(try run(handle, other).values == [.integer(7)])
        var values: [SQLiteData] = []
        try handle.run(Self.count, [.integer(3)]) { values.append($0.values[0]) }
        #expect(values == [.integer(1), .integer(2), .integer(3)])
    }

    @Test func anInlineQueryThatFailsThrowsAndTheConnectionGoesOn() throws {
        let (handle, close) = try open(budget: .seconds(60))
        defer { close() }
        let sql = "SELECT CASE WHEN ?1 = 1 THEN 1 ELSE abs(-9223372036854775807 - 1) END"
        #expect(try run(handle, sql, [.integer(1)]).values == [.integer(1)])
        #expect { try run(handle, sql, [.integer(2)]) } throws: { String(describing: $0).contains("overflow") }
        #expect(try run(handle, sql, [.integer(1)]).values == [.integer(1)])
    }
}
