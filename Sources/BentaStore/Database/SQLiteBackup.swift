import Foundation
import Logging
import SQLiteNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies of a SQLite database file taken while the server runs, and their return (issue 15, `benta backup` and
/// `benta restore`).
///
/// The copy is made with `VACUUM INTO`, not the online backup API: SQLite documents its output as "a consistent
/// snapshot of the original database" taken in one read transaction, so in WAL mode writers go on while it runs and
/// the copy holds every transaction committed before that read began and none after. The online backup API copies
/// page by page and, when another connection writes to the source, starts over; under steady writes it finishes only
/// when told to copy everything in one step, which is the same read transaction `VACUUM INTO` takes. The copy is also
/// compact and self-contained (no `-wal` file beside it). SQLite does not fsync what `VACUUM INTO` writes, so the copy
/// is written under a temporary name, checked with `PRAGMA integrity_check`, synced and only then renamed into place.
public enum SQLiteBackup {
    /// What a backup or a restore did.
    public struct Report: Sendable, Equatable {
        /// Where the copy now is.
        public let path: String
        /// The copy's size in bytes.
        public let bytes: Int64
        /// The highest migration the copy has applied.
        public let schemaVersion: Int
        /// Where the database that a restore replaced was kept (nil for a backup, or when there was none).
        public let previous: String?
    }

    /// Writes a consistent copy of the database at `database` to `destination`, which must not exist yet.
    public static func backup(database: String, to destination: String, logger: Logger) async throws -> Report {
        guard FileManager.default.fileExists(atPath: database) else { throw SQLiteBackupError.missing(database) }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw SQLiteBackupError.destinationExists(destination)
        }
        let partial = try await snapshot(of: database, besides: destination, logger: logger)
        let schemaVersion: Int
        do {
            schemaVersion = try await check(partial, logger: logger)
            try sync(file: partial)
            // link(2) refuses an existing name, so a copy appearing meanwhile is never overwritten.
            guard link(partial, destination) == 0 else {
                throw SQLiteBackupError.io("cannot create \(destination): \(String(cString: strerror(errno)))")
            }
            unlink(partial)
            try sync(directoryOf: destination)
        } catch {
            unlink(partial)
            throw error
        }
        return Report(path: destination, bytes: size(of: destination), schemaVersion: schemaVersion, previous: nil)
    }

    /// Replaces the database at `database` with the copy at `source`, after checking the copy.
    ///
    /// The copy is snapshotted beside the database (`VACUUM INTO`, so `source` may itself be a live file), checked
    /// with `PRAGMA integrity_check` and for Benta's migrations table, and renamed over the database in one step.
    /// The database it replaces is kept beside it as `NAME.before-restore-STAMP` (with its `-wal`). Refuses with
    /// ``SQLiteBackupError/inUse(_:)`` while another connection has the database open (a running server): stop it
    /// first.
    public static func restore(from source: String, to database: String, logger: Logger) async throws -> Report {
        guard FileManager.default.fileExists(atPath: source) else { throw SQLiteBackupError.missing(source) }
        if isOpenElsewhere(database) { throw SQLiteBackupError.inUse(database) }
        let directory = (database as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let partial = try await snapshot(of: source, besides: database, logger: logger)
        var previous: String?
        do {
            let schemaVersion = try await check(partial, logger: logger)
            try sync(file: partial)
            // Checked again right before the swap: the copy may have taken a while.
            if isOpenElsewhere(database) { throw SQLiteBackupError.inUse(database) }
            if FileManager.default.fileExists(atPath: database) {
                let stamp = Int(Date().timeIntervalSince1970 * 1000)
                let kept = "\(database).before-restore-\(stamp)"
                guard link(database, kept) == 0 else {
                    throw SQLiteBackupError.io(
                        "cannot keep the old database as \(kept): \(String(cString: strerror(errno)))")
                }
                // The old WAL belongs to the old file: it goes with it, and a stale index must not meet the new one.
                if FileManager.default.fileExists(atPath: database + "-wal") {
                    guard rename(database + "-wal", kept + "-wal") == 0 else {
                        throw SQLiteBackupError.io("cannot move \(database)-wal: \(String(cString: strerror(errno)))")
                    }
                }
                unlink(database + "-shm")
                previous = kept
            }
            guard rename(partial, database) == 0 else {
                throw SQLiteBackupError.io("cannot replace \(database): \(String(cString: strerror(errno)))")
            }
            try sync(directoryOf: database)
            return Report(path: database, bytes: size(of: database), schemaVersion: schemaVersion, previous: previous)
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// Whether another connection holds the database open in WAL mode: every such connection keeps a shared lock on
    /// the "DMS" byte of the `-shm` file (offset 128, SQLite's `walformat.html`) for as long as it is open. Asked with
    /// an open-file-description lock. Call it only from a process that has no connection to the database: closing
    /// the probe's descriptor drops every POSIX lock the process holds on the file, its own connections' included.
    public static func isOpenElsewhere(_ database: String) -> Bool {
        let descriptor = open(database + "-shm", O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 128
        probe.l_len = 1
        #if os(Linux)
            // F_OFD_GETLK (Linux 3.15+); Glibc exports it only under _GNU_SOURCE.
            let getLock: Int32 = 36
        #else
            let getLock = F_GETLK
        #endif
        guard fcntl(descriptor, getLock, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    /// `VACUUM INTO` a temporary file beside `target`; returns its path.
    private static func snapshot(of source: String, besides target: String, logger: Logger) async throws -> String {
        let partial = "\(target).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try await withConnection(to: source, logger: logger) { connection in
                _ = try await rows(connection, "VACUUM INTO ?", [.text(partial)])
            }
        } catch let error as SQLiteBackupError {
            unlink(partial)
            throw error
        } catch {
            unlink(partial)
            throw SQLiteBackupError.io("cannot copy \(source): \(error)")
        }
        return partial
    }

    /// Runs `PRAGMA integrity_check` on a copy and reads its highest migration; throws when either fails.
    private static func check(_ copy: String, logger: Logger) async throws -> Int {
        try await withConnection(to: copy, logger: logger) { connection in
            let integrity = try await rows(connection, "PRAGMA integrity_check", []).compactMap {
                $0.column("integrity_check")?.string
            }
            guard integrity == ["ok"] else {
                throw SQLiteBackupError.notIntact(integrity.prefix(5).joined(separator: "; "))
            }
            let tables = try await rows(
                connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", [])
            guard !tables.isEmpty else { throw SQLiteBackupError.notBenta }
            let latest = try await rows(connection, "SELECT MAX(number) AS latest FROM schema_migrations", [])
            return Int(latest.first?.column("latest")?.integer ?? 0)
        }
    }

    private static func withConnection<R: Sendable>(
        to path: String, logger: Logger, _ body: @Sendable (SQLiteConnection) async throws -> R
    ) async throws -> R {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            _ = try await rows(connection, "PRAGMA busy_timeout = 10000", [])
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func rows(
        _ connection: SQLiteConnection, _ sql: String, _ binds: [SQLiteData]
    ) async throws
        -> [SQLiteRow]
    {
        let collected = CollectedRows()
        try await connection.query(sql, binds) { row in collected.append(row) }
        return collected.rows
    }

    /// The rows of one statement, handed over from SQLite's thread.
    private final class CollectedRows: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [SQLiteRow] = []

        func append(_ row: SQLiteRow) { lock.withLock { collected.append(row) } }
        var rows: [SQLiteRow] { lock.withLock { collected } }
    }

    private static func sync(file path: String) throws {
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw SQLiteBackupError.io("cannot sync \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    private static func sync(directoryOf path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = fsync(descriptor)
    }

    private static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Why a backup or a restore of a SQLite database did not happen.
public enum SQLiteBackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database or copy to read does not exist.
    case missing(String)
    /// `benta backup` never overwrites a file.
    case destinationExists(String)
    /// `PRAGMA integrity_check` found problems (its first lines).
    case notIntact(String)
    /// The file is a SQLite database but not a Benta one (no migrations table).
    case notBenta
    /// Another connection has the database open: a running server.
    case inUse(String)
    /// A file operation failed.
    case io(String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path) does not exist."
        case .destinationExists(let path): "\(path) exists already; a backup never overwrites a file."
        case .notIntact(let report): "The copy failed PRAGMA integrity_check: \(report)"
        case .notBenta: "The copy is not a Benta database (it has no schema_migrations table)."
        case .inUse(let path):
            "\(path) is open in another process (a running benta server?): stop the server first, then restore."
        case .io(let message): message
        }
    }
}
