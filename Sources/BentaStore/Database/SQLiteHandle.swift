import NIOConcurrencyHelpers
import NIOCore
import SQLiteNIO
import VaporCSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One SQLite connection, driven through SQLite's C interface (the copy SQLiteNIO links, so that the process has one
/// SQLite and one set of file locks), with the statements it ran kept prepared.
///
/// Issue 11: parsing and planning a statement anew was 8% of a short list request's CPU, and SQLiteNIO prepares every
/// statement it runs. A handle keeps up to ``cacheLimit`` statements prepared by their SQL text, resets each after use
/// (a statement left open would hold a read transaction and stall WAL checkpoints), and starts over when full, so a
/// stream of one-off statements costs no more than before.
///
/// Its calls block. ``run(_:_:_:)`` is for the pool's threads (``SQLiteConnectionPool``). ``runInline(_:_:_:)`` runs
/// a short query on the caller's thread, cooperative executor included, and hands anything else back: a thread hop
/// there and back per statement was a third of a short request's CPU (issue 11; `/api/v1/me` 325 → 175 µs). A
/// statement runs inline only when it is a query (it reads, and starts with SELECT or WITH: no write, no transaction
/// control, nothing that can wait for a lock in WAL mode), it is kept prepared, and its last run took at most
/// ``inlineBudget`` of its thread's CPU time and at most ``inlineDeadline`` of wall time; a run that goes past the
/// deadline between two rows leaves the rest to ``run(_:_:_:)``, and the statement's next run goes to the pool. A query that is slow on every
/// run (a report) therefore never holds a cooperative thread longer than its first deadline; one that is quick until
/// its data grows does so once.
///
/// The budget is CPU time, not wall time: under load a quick query's thread is preempted now and then, and a wall
/// clock read that as slowness and sent the statement to the pool, where a thread hop per statement made the load
/// worse (issue 11: a manager's accounts page at 16 clients measured 1,280 and 810 requests/s as it flipped). The wall
/// time still counts past the deadline (four budgets): a run that waited that long read the disk or waited for a
/// lock, and a cooperative thread must not wait so.
///
/// One lease uses a handle at a time; the lock only guards against a caller running two statements of one lease at
/// once.
final class SQLiteHandle: @unchecked Sendable {
    static let cacheLimit = 64

    /// The most CPU time a query's last run may have taken for the next to run inline.
    let inlineBudget: Duration
    /// The longest an inline run goes on (wall time, preemption included) before it hands the rest to the pool: four
    /// budgets, so that a quick query preempted once finishes where it is.
    var inlineDeadline: Duration { inlineBudget * 4 }

    private let raw: OpaquePointer
    private let lock = NIOLock()
    private var statements: [String: PreparedStatement] = [:]
    private var unfinished: Unfinished?
    private var isClosed = false

    private init(raw: OpaquePointer, inlineBudget: Duration) {
        self.raw = raw
        self.inlineBudget = inlineBudget
    }

    /// A connection no one closed (a database dropped without `shutdown()`) closes as it goes.
    deinit {
        guard !isClosed else { return }
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.raw) }
        sqlite_nio_sqlite3_close_v2(raw)
    }

    /// Opens the file (created when missing) with SQLite's own locking for a connection shared across threads.
    static func open(path: String, inlineBudget: Duration = .milliseconds(2)) throws -> SQLiteHandle {
        var raw: OpaquePointer?
        let flags =
            SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &raw, flags, nil)
        guard status == SQLITE_OK, let raw else {
            let message = raw.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let raw { sqlite_nio_sqlite3_close_v2(raw) }
            throw SQLiteStatementError(code: status, message: "\(message) (\(path))")
        }
        return SQLiteHandle(raw: raw, inlineBudget: inlineBudget)
    }

    /// What ``runInline(_:_:_:)`` did.
    enum InlineOutcome: Equatable {
        /// The statement ran to its end.
        case finished
        /// The rest is for ``run(_:_:_:)`` with the same statement and values: all of it (nothing ran, no row was
        /// handed over), or what is left after the rows already handed over.
        case continueOnPool
    }

    /// Runs one statement on the caller's thread if it is a short query (see the type's comment), handing each row
    /// to `onRow` as it is read; otherwise leaves it, or its rest, to ``run(_:_:_:)``, which must come next.
    func runInline(
        _ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteValuesRow) throws -> Void
    ) throws -> InlineOutcome {
        try lock.withLock {
            dropUnfinished()
            guard !isClosed, let statement = statements[sql],
                statement.runsInline(within: inlineBudget, deadline: inlineDeadline)
            else {
                return .continueOnPool
            }
            let start = Start()
            try begin(statement, binds)
            return try step(statement, columns: nil, since: start, until: start.wall + inlineDeadline, onRow)
                ? .finished : .continueOnPool
        }
    }

    /// Runs one statement (the first of `sql`) with `binds`, handing each row to `onRow` as it is read; or the rest
    /// of it, when ``runInline(_:_:_:)`` left it unfinished.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteValuesRow) throws -> Void) throws {
        try lock.withLock {
            guard !isClosed else {
                throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the connection is closed")
            }
            if let unfinished, unfinished.sql == sql {
                // It went past its deadline: its next run starts on the pool (which times it anew).
                self.unfinished = nil
                unfinished.statement.lastRun = nil
                _ = try step(unfinished.statement, columns: unfinished.columns, since: nil, until: nil, onRow)
                return
            }
            dropUnfinished()
            guard let statement = try prepared(sql) else { return }
            let start = Start()
            try begin(statement, binds)
            _ = try step(statement, columns: nil, since: start, until: nil, onRow)
        }
    }

    /// Binds `binds` to the statement, reset from its last run.
    private func begin(_ statement: PreparedStatement, _ binds: [SQLiteData]) throws {
        // The values of the last run are kept, not cleared: clearing them marks a statement whose plan may depend on
        // a value as expired, so SQLite would prepare it again on every run. Every parameter is bound anew; a run
        // that binds fewer starts from none.
        if binds.count < Int(sqlite_nio_sqlite3_bind_parameter_count(statement.raw)) {
            sqlite_nio_sqlite3_clear_bindings(statement.raw)
        }
        do {
            try bind(binds, to: statement.raw)
        } catch {
            finish(statement, since: nil)
            throw error
        }
    }

    /// Steps the statement to its end (true) or, past `deadline`, to the end of the row that crossed it (false: the
    /// statement is left unfinished for ``run(_:_:_:)``). `columns` are the names read at the first row, if one was.
    private func step(
        _ statement: PreparedStatement, columns: SQLiteColumnNames?, since start: Start?,
        until deadline: ContinuousClock.Instant?, _ onRow: (SQLiteValuesRow) throws -> Void
    ) throws -> Bool {
        // The columns are read after the first step: a statement SQLite prepared again for a schema change (a
        // `SELECT *` after a column was added) has them only then.
        var columns = columns
        do {
            while true {
                switch sqlite_nio_sqlite3_step(statement.raw) {
                case SQLITE_ROW:
                    let names = columns ?? statement.columns()
                    columns = names
                    try onRow(
                        SQLiteValuesRow(columns: names, values: try values(of: statement.raw, count: names.count)))
                    if let deadline, ContinuousClock.now > deadline {
                        unfinished = Unfinished(sql: statement.sql, statement: statement, columns: names)
                        return false
                    }
                case SQLITE_DONE:
                    finish(statement, since: start)
                    return true
                case let status:
                    throw error(status)
                }
            }
        } catch {
            finish(statement, since: nil)
            throw error
        }
    }

    /// Resets a statement left unfinished and not taken up (its caller failed or gave up between the two calls).
    private func dropUnfinished() {
        guard let unfinished else { return }
        self.unfinished = nil
        sqlite_nio_sqlite3_reset(unfinished.statement.raw)
    }

    /// Resets the statement after its run (a statement left open would hold a read transaction and stall WAL
    /// checkpoints), and keeps the CPU time the run took from `start`.
    private func finish(_ statement: PreparedStatement, since start: Start?) {
        sqlite_nio_sqlite3_reset(statement.raw)
        if let start {
            statement.lastRun = (cpu: Start.threadCPUTime() - start.cpu, wall: ContinuousClock.now - start.wall)
        }
        if !statement.isCached { sqlite_nio_sqlite3_finalize(statement.raw) }
    }

    /// How many times SQLite prepared the kept statement for `sql` again since it was kept (a schema change, or a
    /// value its plan may depend on changed); nil when it is not kept. For tests.
    func timesPreparedAgain(_ sql: String) -> Int32? {
        lock.withLock {
            statements[sql].map { sqlite_nio_sqlite3_stmt_status($0.raw, SQLITE_STMTSTATUS_REPREPARE, 0) }
        }
    }

    /// Finalizes every statement and closes the connection; later runs fail by name.
    func close() {
        lock.withLock {
            guard !isClosed else { return }
            isClosed = true
            unfinished = nil
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.raw) }
            statements = [:]
            sqlite_nio_sqlite3_close_v2(raw)
        }
    }

    /// The statement for `sql`, from the cache or prepared now; nil for text without a statement (a comment).
    /// Schema statements are not kept, and drop the cache: the statements prepared before may name what they changed.
    private func prepared(_ sql: String) throws -> PreparedStatement? {
        if let cached = statements[sql] { return cached }
        let changesSchema = Self.changesSchema(sql)
        if changesSchema || statements.count >= Self.cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.raw) }
            statements.removeAll(keepingCapacity: true)
        }
        var handle: OpaquePointer?
        let flags = changesSchema ? 0 : UInt32(SQLITE_PREPARE_PERSISTENT)
        let status = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, flags, &handle, nil)
        guard status == SQLITE_OK else { throw error(status) }
        guard let handle else { return nil }
        let statement = PreparedStatement(raw: handle, sql: sql, isCached: !changesSchema)
        if !changesSchema { statements[sql] = statement }
        return statement
    }

    private static func changesSchema(_ sql: String) -> Bool {
        let word = firstWord(sql)
        return word.hasPrefix("CREATE") || word.hasPrefix("ALTER") || word.hasPrefix("DROP")
    }

    fileprivate static func startsAsQuery(_ sql: String) -> Bool {
        let word = firstWord(sql)
        return word.hasPrefix("SELECT") || word.hasPrefix("WITH")
    }

    /// The first six characters after leading white space, upper-cased.
    private static func firstWord(_ sql: String) -> String {
        let start = sql.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }
        return String(decoding: start.prefix(6), as: UTF8.self).uppercased()
    }

    /// A statement ``runInline(_:_:_:)`` left for ``run(_:_:_:)`` after handing over some of its rows.
    private struct Unfinished {
        let sql: String
        let statement: PreparedStatement
        let columns: SQLiteColumnNames
    }

    /// When a run began: on the wall clock (for its deadline) and in its thread's CPU time (for its cost; a run is
    /// timed on the thread it began on).
    private struct Start {
        let wall = ContinuousClock.now
        let cpu = threadCPUTime()

        /// The CPU time the calling thread has used.
        static func threadCPUTime() -> Duration {
            var now = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
            return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
        }
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number):
                status = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text):
                var text = text
                status = text.withUTF8 { bytes in
                    sqlite_nio_sqlite3_bind_text64(
                        statement, index,
                        bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                        UInt64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes { bytes in
                    sqlite_nio_sqlite3_bind_blob64(
                        statement, index, bytes.baseAddress, UInt64(bytes.count), Self.transient)
                }
            case .null:
                status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw error(status) }
        }
    }

    private func values(of statement: OpaquePointer, count: Int) throws -> [SQLiteData] {
        var values: [SQLiteData] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER:
                values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
            case SQLITE_FLOAT:
                values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                // The pointer first, then the length (SQLite's advice: the length of the text as it was converted).
                let text = sqlite_nio_sqlite3_column_text(statement, column)
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard let text else {
                    values.append(.text(""))
                    continue
                }
                values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)))
            case SQLITE_BLOB:
                let bytes = sqlite_nio_sqlite3_column_blob(statement, column)
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                var buffer = ByteBufferAllocator().buffer(capacity: length)
                if let bytes { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length)) }
                values.append(.blob(buffer))
            case SQLITE_NULL:
                values.append(.null)
            case let type:
                throw SQLiteStatementError(code: SQLITE_MISMATCH, message: "unexpected column type \(type)")
            }
        }
        return values
    }

    private func error(_ status: Int32) -> SQLiteStatementError {
        SQLiteStatementError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(raw)))
    }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`, a macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A prepared statement and the names of its columns, read once (and again if a schema change re-prepared it
    /// with another number of columns).
    private final class PreparedStatement {
        let raw: OpaquePointer
        let sql: String
        let isCached: Bool
        /// It reads only, and is a SELECT or WITH (not transaction control, which SQLite counts as reading).
        let isQuery: Bool
        /// The CPU time its last run took, from binding to the last row; nil before its first, and after a run that
        /// went past its inline deadline.
        var lastRun: (cpu: Duration, wall: Duration)?
        private var names: SQLiteColumnNames?

        init(raw: OpaquePointer, sql: String, isCached: Bool) {
            self.raw = raw
            self.sql = sql
            self.isCached = isCached
            self.isQuery = sqlite_nio_sqlite3_stmt_readonly(raw) != 0 && SQLiteHandle.startsAsQuery(sql)
        }

        /// Quick: its last run took at most `budget` of CPU time, and at most `deadline` of wall time (so a run that
        /// waited on the disk or a lock, rather than being preempted, goes to the pool next).
        func runsInline(within budget: Duration, deadline: Duration) -> Bool {
            guard isQuery, let lastRun else { return false }
            return lastRun.cpu <= budget && lastRun.wall <= deadline
        }

        func columns() -> SQLiteColumnNames {
            let count = Int(sqlite_nio_sqlite3_column_count(raw))
            if let names, names.count == count { return names }
            let fresh = SQLiteColumnNames(
                (0..<Int32(count)).map { column in
                    sqlite_nio_sqlite3_column_name(raw, column).map { String(cString: $0) } ?? ""
                })
            names = fresh
            return fresh
        }
    }
}

/// The column names of a statement's rows, with their places, shared by every row of the statement.
///
/// A row's decoder looks every column up by name, about a thousand times for a page of 50 accounts, and a `Dictionary`
/// hashed each name with SipHash (about 5 % of such a request's CPU; issue 11). The names are few and short and set
/// once, so the lookup is an open-addressing table on a cheap hash of the name's length and a few of its bytes, the
/// name compared to confirm.
final class SQLiteColumnNames: Sendable {
    let names: [String]
    /// For each slot, the place of the column whose hash lands there (or after it, probing on), or -1.
    private let slots: [Int]
    private let mask: Int

    init(_ names: [String]) {
        self.names = names
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Int](repeating: -1, count: size)
        // The first column of a name wins, as SQLite's own lookup does.
        for (place, name) in names.enumerated() {
            var slot = Self.hash(name) & (size - 1)
            while slots[slot] >= 0, names[slots[slot]] != name { slot = (slot + 1) & (size - 1) }
            if slots[slot] < 0 { slots[slot] = place }
        }
        self.slots = slots
        self.mask = size - 1
    }

    var count: Int { names.count }

    func place(of name: String) -> Int? {
        var slot = Self.hash(name) & mask
        while true {
            let place = slots[slot]
            if place < 0 { return nil }
            if names[place] == name { return place }
            slot = (slot + 1) & mask
        }
    }

    /// The name's length and its first, middle and last bytes, mixed: enough to tell a row's columns apart (a
    /// shared slot costs a probe and a comparison), and read without walking the name.
    private static func hash(_ name: String) -> Int {
        let bytes = name.utf8
        guard let first = bytes.first, let last = bytes.last else { return 0 }
        let middle = bytes[bytes.index(bytes.startIndex, offsetBy: bytes.count / 2)]
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ UInt64(first)) &* 0x100_0000_01b3
        hash = (hash ^ UInt64(middle)) &* 0x100_0000_01b3
        hash = (hash ^ UInt64(last)) &* 0x100_0000_01b3
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

/// A failed SQLite call: SQLite's result code and message (``StorageError`` reads the message, as it did
/// SQLiteNIO's error's).
struct SQLiteStatementError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}
