import NIOConcurrencyHelpers
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// One SQLite connection, driven through SQLite's C interface (the copy SQLiteNIO links, so that the process has one
/// SQLite and one set of file locks), with the statements it ran kept prepared.
///
/// Issue 11: parsing and planning a statement anew was 8% of a short list request's CPU, and SQLiteNIO prepares every
/// statement it runs. A handle keeps up to ``cacheLimit`` statements prepared by their SQL text, resets each after use
/// (a statement left open would hold a read transaction and stall WAL checkpoints), and starts over when full, so a
/// stream of one-off statements costs no more than before.
///
/// Its calls block: they run on the pool's threads (``SQLiteConnectionPool``), never on the cooperative executor. One
/// lease uses a handle at a time; the lock only guards against a caller running two statements of one lease at once.
final class SQLiteHandle: @unchecked Sendable {
    static let cacheLimit = 64

    private let raw: OpaquePointer
    private let lock = NIOLock()
    private var statements: [String: PreparedStatement] = [:]
    private var isClosed = false

    private init(raw: OpaquePointer) {
        self.raw = raw
    }

    /// A connection no one closed (a database dropped without `shutdown()`) closes as it goes.
    deinit {
        guard !isClosed else { return }
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.raw) }
        sqlite_nio_sqlite3_close_v2(raw)
    }

    /// Opens the file (created when missing) with SQLite's own locking for a connection shared across threads.
    static func open(path: String) throws -> SQLiteHandle {
        var raw: OpaquePointer?
        let flags =
            SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &raw, flags, nil)
        guard status == SQLITE_OK, let raw else {
            let message = raw.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let raw { sqlite_nio_sqlite3_close_v2(raw) }
            throw SQLiteStatementError(code: status, message: "\(message) (\(path))")
        }
        return SQLiteHandle(raw: raw)
    }

    /// Runs one statement (the first of `sql`) with `binds`, handing each row to `onRow` as it is read.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteValuesRow) throws -> Void) throws {
        try lock.withLock {
            guard !isClosed else {
                throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the connection is closed")
            }
            guard let statement = try prepared(sql) else { return }
            defer {
                sqlite_nio_sqlite3_reset(statement.raw)
                if !statement.isCached { sqlite_nio_sqlite3_finalize(statement.raw) }
            }
            // The values of the last run are kept, not cleared: clearing them marks a statement whose plan may
            // depend on a value as expired, so SQLite would prepare it again on every run. Every parameter is bound
            // anew; a run that binds fewer starts from none.
            if binds.count < Int(sqlite_nio_sqlite3_bind_parameter_count(statement.raw)) {
                sqlite_nio_sqlite3_clear_bindings(statement.raw)
            }
            try bind(binds, to: statement.raw)
            // The columns are read after the first step: a statement SQLite prepared again for a schema change
            // (a `SELECT *` after a column was added) has them only then.
            var columns: SQLiteColumnNames?
            while true {
                switch sqlite_nio_sqlite3_step(statement.raw) {
                case SQLITE_ROW:
                    let names = columns ?? statement.columns()
                    columns = names
                    try onRow(
                        SQLiteValuesRow(columns: names, values: try values(of: statement.raw, count: names.count)))
                case SQLITE_DONE:
                    return
                case let status:
                    throw error(status)
                }
            }
        }
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
        let statement = PreparedStatement(raw: handle, isCached: !changesSchema)
        if !changesSchema { statements[sql] = statement }
        return statement
    }

    private static func changesSchema(_ sql: String) -> Bool {
        let start = sql.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }
        let word = String(decoding: start.prefix(6), as: UTF8.self).uppercased()
        return word.hasPrefix("CREATE") || word.hasPrefix("ALTER") || word.hasPrefix("DROP")
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
        let isCached: Bool
        private var names: SQLiteColumnNames?

        init(raw: OpaquePointer, isCached: Bool) {
            self.raw = raw
            self.isCached = isCached
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
final class SQLiteColumnNames: Sendable {
    let names: [String]
    private let places: [String: Int]

    init(_ names: [String]) {
        self.names = names
        // The first column of a name wins, as SQLite's own lookup does.
        var places: [String: Int] = [:]
        for (place, name) in names.enumerated() where places[name] == nil { places[name] = place }
        self.places = places
    }

    var count: Int { names.count }

    func place(of name: String) -> Int? { places[name] }
}

/// A failed SQLite call: SQLite's result code and message (``StorageError`` reads the message, as it did
/// SQLiteNIO's error's).
struct SQLiteStatementError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}
