import BentaStore
import Foundation
import Logging
import SQLKit

/// The engines a storage test runs on: SQLite always, PostgreSQL when `BENTA_TEST_DATABASE_URL` is set.
public enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertibleShim {
    case sqlite
    case postgres

    /// SQLite, plus PostgreSQL when the test script started one.
    public static var available: [TestEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["BENTA_TEST_DATABASE_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    public var testDescription: String { rawValue }
}

/// Lets test output name the engine without importing Testing here.
public protocol CustomTestStringConvertibleShim {
    var testDescription: String { get }
}

/// Fresh, migrated databases for tests: a new SQLite file, or a new PostgreSQL schema, per test.
public enum TestDatabases {
    /// Runs `body` against a freshly migrated database of the engine, then throws it away.
    public static func withFresh<R: Sendable>(
        _ engine: TestEngine, migrate: Bool = true,
        _ body: @escaping @Sendable (any AppDatabase) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "benta-test")
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("benta-test-\(UUID().uuidString)")
            let database = try await openDatabase(
                .sqlite(path: directory.appendingPathComponent("benta.sqlite").path), logger: logger)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                if migrate { try await Migrator().migrate(database, now: Date()) }
                let result = try await body(database)
                await database.shutdown()
                return result
            } catch {
                await database.shutdown()
                throw error
            }
        case .postgres:
            guard let url = TestEngine.postgresURL else { throw TestSetupError("BENTA_TEST_DATABASE_URL is not set.") }
            guard let host = postgresHost(of: url), ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
                throw TestSetupError("Tests only run against a PostgreSQL server on this machine (127.0.0.1).")
            }
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try await openDatabase(.postgres(url: url), maximumConnections: 1, logger: logger)
            // A PostgresClient runs once: the admin pool runs around the whole test, the test's own pool inside.
            let outcome: Result<R, any Error> = try await withRunningServices(admin) {
                try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
                let database = try await openDatabase(
                    .postgres(url: url), postgresSchema: schema, maximumConnections: 4, logger: logger)
                let outcome: Result<R, any Error>
                do {
                    outcome = .success(
                        try await withRunningServices(database) {
                            if migrate { try await Migrator().migrate(database, now: Date()) }
                            return try await body(database)
                        })
                } catch {
                    outcome = .failure(error)
                }
                try await admin.withConnection { db in
                    try await db.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
                }
                return outcome
            }
            return try outcome.get()
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
