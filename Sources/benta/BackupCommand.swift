import ArgumentParser
import BentaStore
import Foundation
import Logging

/// What to say when a backup or restore is asked of a PostgreSQL database: its own tools do it (README, "Backup
/// and restore").
private let postgresBackupAdvice = """
    This database is PostgreSQL: back it up with PostgreSQL's own tools, for example
      pg_dump --format=custom --file=benta.dump "$BENTA_DATABASE_URL"
    and restore into an empty database with
      pg_restore --no-owner --exit-on-error --dbname="$URL_OF_THE_EMPTY_DATABASE" benta.dump
    (README.md, "Backup and restore").
    """

/// `benta backup DEST`: a consistent copy of the SQLite database, taken while the server runs (issue 15).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to DEST while the server runs (a consistent snapshot, checked).",
        discussion: """
            The copy is one read transaction (VACUUM INTO): it holds every write committed before it began and none \
            after, and writers go on meanwhile. It is checked with PRAGMA integrity_check, synced, and only then \
            appears under DEST; an existing DEST is never overwritten. PostgreSQL: use pg_dump (README.md).
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The file to write; it must not exist.") var destination: String

    func run() async throws {
        let location: DatabaseLocation
        do { location = try database.config().databaseLocation } catch { throw failing(error) }
        guard case .sqlite(let path) = location else { throw CommandFailure(description: postgresBackupAdvice) }
        let started = ContinuousClock.now
        do {
            let report = try await SQLiteBackup.backup(database: path, to: destination, logger: quietLogger())
            let elapsed = (ContinuousClock.now - started).components
            let seconds = String(format: "%.1f s", Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
            print(
                "Backed up \(path) to \(report.path): \(report.bytes) bytes, migration \(report.schemaVersion), "
                    + "integrity ok, in \(seconds).")
        } catch let error as SQLiteBackupError {
            throw CommandFailure(description: error.description)
        }
    }
}

/// `benta restore SRC`: puts a copy made by `benta backup` back in place of the SQLite database (issue 15).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with the copy SRC (stop the server first).",
        discussion: """
            The copy is checked first (PRAGMA integrity_check, Benta's migrations table) and then renamed over the \
            database in one step; the database it replaces is kept beside it as benta.sqlite.before-restore-STAMP. \
            Refuses while another process has the database open (a running server). The next start applies any \
            migrations the copy lacks. PostgreSQL: use pg_restore (README.md).
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The copy to bring back.") var source: String

    func run() async throws {
        let location: DatabaseLocation
        do { location = try database.config().databaseLocation } catch { throw failing(error) }
        guard case .sqlite(let path) = location else { throw CommandFailure(description: postgresBackupAdvice) }
        do {
            let report = try await SQLiteBackup.restore(from: source, to: path, logger: quietLogger())
            print(
                "Restored \(source) into \(report.path): \(report.bytes) bytes, migration \(report.schemaVersion), "
                    + "integrity ok.")
            if let previous = report.previous { print("The database it replaced is kept as \(previous).") }
        } catch let error as SQLiteBackupError {
            throw CommandFailure(description: error.description)
        }
    }
}

private func quietLogger() -> Logger {
    var logger = Logger(label: "benta")
    logger.logLevel = .warning
    return logger
}
