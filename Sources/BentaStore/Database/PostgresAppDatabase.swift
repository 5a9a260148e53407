import BentaCore
import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL through PostgresNIO's `PostgresClient` pool, which must run as a service to lease connections.
final class PostgresAppDatabase: AppDatabase {
    private let client: PostgresClient
    let engine = DatabaseEngine.postgres
    var services: [any Service] { [client] }

    /// - Parameter searchPath: a schema to use instead of `public` (tests give each run its own schema).
    init(url: String, searchPath: String? = nil, maximumConnections: Int = 10, logger: Logger) throws {
        var configuration = try PostgresURL.parse(url)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectionIdleTimeout = .seconds(60)
        if let searchPath = searchPath ?? PostgresURL.searchPath(in: url) {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// How long a unit of work waits for a free connection before it fails with ``StorageError/unavailable(_:)``.
    /// PostgresClient waits for ever (and for ever when its run loop has stopped); the work itself is not bounded.
    static let leaseTimeout: Duration = .seconds(30)

    func withConnection<R: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        let lease = LeaseState()
        let client = self.client
        // Until a connection is leased the wait may be abandoned: at the deadline, or when the caller is cancelled.
        // Once leased, the work runs to its end and the caller waits for it (a transaction is never left behind).
        return try await Deadline.run(
            Self.leaseTimeout, abandon: { lease.abandon() },
            expired: {
                StorageError.unavailable(
                    "no PostgreSQL connection within \(Self.leaseTimeout) (pool exhausted or not running)")
            }
        ) {
            try await client.withConnection { connection in
                // A wait abandoned just before the connection came: the caller is gone, so no work is done for it.
                guard lease.claim() else { throw CancellationError() }
                return try await body(connection.sql(queryLogLevel: nil))
            }
        }
    }

    func shutdown() async {}

    /// PostgreSQL locks rows, not the database: writers run concurrently.
    func serializingWrites<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        try await body()
    }
}

/// Whether a unit of work got its connection or its caller gave up waiting first: whichever happens first wins.
private final class LeaseState: @unchecked Sendable {
    private let lock = NSLock()
    private var leased = false
    private var abandoned = false

    /// The connection arrived; false when the wait was abandoned first.
    func claim() -> Bool {
        lock.withLock {
            if abandoned { return false }
            leased = true
            return true
        }
    }

    /// The caller stops waiting; false when the connection arrived first (the work then runs to its end).
    func abandon() -> Bool {
        lock.withLock {
            if leased { return false }
            abandoned = true
            return true
        }
    }
}

/// Reads `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
enum PostgresURL {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The schema named by libpq's `options=-c search_path=NAME` (so one URL serves `benta` and `psql` alike).
    static func searchPath(in text: String) -> String? {
        let options = URLComponents(string: text)?.queryItems?.first { $0.name == "options" }?.value ?? ""
        return options.firstMatch(of: /-c\s*search_path=(\w+)/).map { String($0.1) }
    }

    static func parse(_ text: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else { throw Invalid(description: "The database URL must start with postgres://") }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "The database URL has no host.")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "The database URL has no user name.")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw Invalid(description: "Unknown sslmode '\(sslMode)'; use disable, prefer or require.")
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database,
            tls: tls)
    }
}
