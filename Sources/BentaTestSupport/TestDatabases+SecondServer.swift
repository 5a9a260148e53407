import BentaStore
import Foundation
import Logging
import SQLKit

extension TestDatabases {
    /// Runs `body` with a second connection pool on the PostgreSQL schema of `database` (a fresh one from
    /// ``withFresh(_:migrate:_:)``), as a second `benta serve` process opens it: its own connections and
    /// transactions, the same data. Then closes the pool.
    public static func withSecondPool<R: Sendable>(
        on database: any AppDatabase, _ body: @escaping @Sendable (any AppDatabase) async throws -> R
    ) async throws -> R {
        guard database.engine == .postgres, let url = TestEngine.postgresURL else {
            throw TestSetupError("A second pool is for a PostgreSQL test database.")
        }
        let schema = try await database.read { db in
            try await db.raw("SELECT current_schema() AS name").first()?.decode(column: "name", as: String.self)
        }
        guard let schema else { throw TestSetupError("The test database names no schema.") }
        let second = try await openDatabase(
            .postgres(url: url), postgresSchema: schema, maximumConnections: 4,
            logger: Logger(label: "benta-test-second-server"))
        return try await withRunningServices(second) { try await body(second) }
    }
}
