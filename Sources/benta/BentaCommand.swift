import ArgumentParser
import BentaCore
import BentaServices
import BentaStore
import BentaWeb
import Foundation
import Logging

/// The `benta` command line: thin wrappers that parse, build the configuration and call the services.
@main
struct BentaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benta",
        abstract: "Benta — sales management: accounts, contacts, deals, invoices, collections and commission.",
        version: BentaVersion.current,
        subcommands: [
            Serve.self, Migrate.self, Demo.self, UserCommand.self, TokenCommand.self, BenchCommand.self,
            JobsCommand.self, AuditCommand.self, CommissionCommand.self, BackupCommand.self, RestoreCommand.self,
            FuzzCommand.self,
        ]
    )
}

enum BentaVersion {
    static let current = "0.1.0"
}

/// Where the data lives; every command that touches data takes these.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"), help: "Folder for the SQLite file (env BENTA_DATA_DIR; default ./benta-data).")
    var dataDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: "postgres://user:password@host:port/db (env BENTA_DATABASE_URL); SQLite when absent.")
    var databaseURL: String?

    /// Flags first, then `BENTA_*` variables, then defaults.
    func config() throws -> AppConfig {
        var config = try AppConfig.fromEnvironment()
        if let dataDirectory { config.dataDirectory = dataDirectory }
        if let databaseURL { config.databaseURL = databaseURL }
        if !config.secretKeyFromEnvironment {
            config.services.secrets = try SecretBox.loadOrCreate(
                at: (config.dataDirectory as NSString).appendingPathComponent("secret.key"))
        }
        return config
    }
}

/// Opens the database, brings the schema up to date, and runs `body` with the services while the pool runs.
///
/// A command that only reads passes `onlyReads` (`bench import-csv`): no migrations (each is a write transaction
/// that queues behind a server running on the same file) and none of the database's background work (on SQLite the
/// `PRAGMA optimize` the server runs at start, a write that takes seconds on a big file); on PostgreSQL the pool's
/// client still runs, since every lease goes through it. It refuses a SQLite file that is not there (instead of
/// making an empty one) and a schema that is not up to date (`benta migrate`).
func withServices<R: Sendable>(
    _ config: AppConfig, migrate: Bool = true, onlyReads: Bool = false,
    _ body: @escaping @Sendable (Services) async throws -> R
) async throws -> R {
    if onlyReads, case .sqlite(let path) = config.databaseLocation, !FileManager.default.fileExists(atPath: path) {
        throw CommandFailure(description: "There is no database at \(path).")
    }
    var logger = Logger(label: "benta")
    logger.logLevel = .warning
    let database = try await openDatabase(config.databaseLocation, logger: logger)
    let services = Services(database: database, settings: config.services, logger: logger)
    defer { Task { await database.shutdown() } }
    if onlyReads {
        let read: @Sendable () async throws -> R = {
            try await requireCurrentSchema(database)
            return try await body(services)
        }
        return database.engine == .sqlite ? try await read() : try await withRunningServices(database, read)
    }
    return try await withRunningServices(database) {
        if migrate { try await services.migrate() }
        return try await body(services)
    }
}

/// Refuses a database whose schema lacks a migration this build knows (or has none): a command that only reads does
/// not bring it up to date.
private func requireCurrentSchema(_ database: any AppDatabase) async throws {
    let applied = Set((try? await Migrator().appliedNumbers(database)) ?? [])
    guard Set(Migrations.all.map(\.number)).isSubset(of: applied) else {
        throw CommandFailure(description: "The database's schema is not up to date: run `benta migrate` first.")
    }
}

/// Prints a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A failure to report as one readable message and exit status 1 (no usage text: the command line was fine).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}

/// Turns Benta's errors into a readable message and a non-zero exit.
func failing(_ error: any Error) -> any Error {
    switch error {
    case let validation as ValidationErrors:
        let lines = validation.errors.map { "  \($0.field): \($0.message)" }.joined(separator: "\n")
        return CommandFailure(description: "Invalid input:\n\(lines)")
    case let classified as any ClassifiedError:
        return CommandFailure(description: classified.detail)
    case let config as ConfigError:
        return CommandFailure(description: config.description)
    case let failure as CommandFailure:
        return failure
    default:
        return CommandFailure(description: "\(error)")
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the database migrations that are missing.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        do {
            let applied = try await withServices(try database.config(), migrate: false) { services in
                try await services.migrate()
            }
            print(
                applied.isEmpty
                    ? "The database is up to date."
                    : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
        } catch { throw failing(error) }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo company into an empty database.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Generate a large company instead: small, medium, large or a number of accounts (see ScaleData).")
    var scale: String?
    @Option(help: "The seed of --scale; the same seed makes the same records.") var seed: UInt64 = 2026

    func run() async throws {
        if let scale { return try await loadScaleData(try database.config(), scale: scale, seed: seed) }
        do {
            let config = try database.config()
            let folder = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("demo-statements")
            let summary = try await withServices(config) { services in
                try await DemoLoader(services: services).load(statementsFolder: folder)
            }
            printDemoSummary(summary)
        } catch { throw failing(error) }
    }
}

func printDemoSummary(_ summary: DemoSummary) {
    say("Loaded the demo company: \(summary.accounts) accounts, \(summary.contacts) contacts.")
    say("Demo logins (password: \(DemoSummary.password)):")
    for login in summary.logins { say("  \(login.email)  (\(login.role.rawValue))") }
    if !summary.statementFiles.isEmpty {
        say("Bank statements of the demo's BDO account to import and match:")
        for file in summary.statementFiles { say("  \(file.path)") }
    }
}
