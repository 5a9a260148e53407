import BentaStore
import Foundation
import Logging
import SQLKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
            // The pool would retry a refused connection for ever; a stopped cluster should fail the test at once.
            if let port = URLComponents(string: url)?.port, host != "::1", host != "[::1]",
                !PortProbe.accepts(host: "127.0.0.1", port: port)
            {
                throw TestSetupError(
                    "PostgreSQL at 127.0.0.1:\(port) does not answer; start it with scripts/postgres.sh start "
                        + "or unset BENTA_TEST_DATABASE_URL.")
            }
            // Tests run in parallel and each opens its own pools: at most `postgresSlots` at once, so the server's
            // connection slots never run out (a refused connection would leave leases waiting until they time out).
            try await postgresSlots.acquire()
            defer { Task { await postgresSlots.release() } }
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
            return try outcome.mapError(DatabaseErrorDetail.readable).get()
        }
    }
}

/// PostgresNIO describes its errors as "Generic description to prevent accidental leakage…", which says nothing in
/// a failed test run: an error escaping a test carries the full reflection (SQLSTATE, message, detail) instead.
public struct DatabaseErrorDetail: Error, CustomStringConvertible {
    public let description: String

    static func readable(_ error: any Error) -> any Error {
        guard String(describing: error).contains("String(reflecting: error)") else { return error }
        return DatabaseErrorDetail(description: String(reflecting: error))
    }
}

/// PostgreSQL test databases open at once: each holds up to five connections (its pool and the admin one).
let postgresSlots = AsyncSlots(count: 16)

/// A counting semaphore for async code: waiters suspend, first come first served, and a cancelled waiter (a test past
/// its time limit) stops waiting.
actor AsyncSlots {
    private var free: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    init(count: Int) {
        free = count
    }

    func acquire() async throws {
        try Task.checkCancellation()
        if free > 0 {
            free -= 1
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func stopWaiting(_ id: UInt64) {
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Whether something listens on a local TCP port (a refused connection answers at once on loopback).
enum PortProbe {
    static func accepts(host: String, port: Int) -> Bool {
        #if canImport(Glibc)
            let socketType = Int32(SOCK_STREAM.rawValue)
        #else
            let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
