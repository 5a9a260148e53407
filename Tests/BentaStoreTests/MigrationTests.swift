import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@Suite(.timeLimit(.minutes(20))) struct MigrationTests {
    @Test(arguments: TestEngine.available)
    func migratingTwiceIsANoOp(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine, migrate: false) { database in
            let migrator = Migrator()
            let first = try await migrator.migrate(database, now: Date())
            #expect(first == Migrations.all.map(\.number))
            let second = try await migrator.migrate(database, now: Date())
            #expect(second.isEmpty)
            #expect(try await migrator.appliedNumbers(database) == Migrations.all.map(\.number))
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentMigratorsApplyEachMigrationOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine, migrate: false) { database in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<3 { group.addTask { try await Migrator().migrate(database, now: Date()) } }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Migrations.all.map(\.number))
        }
    }

    @Test(arguments: TestEngine.available)
    func aThrowingTransactionLeavesNoTrace(engine: TestEngine) async throws {
        struct Boom: Error {}
        try await TestDatabases.withFresh(engine) { database in
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    try await db.raw(
                        """
                        INSERT INTO companies (id, name, registered_name, registered_address, is_vat_registered,
                            country, base_currency, time_zone, default_language, created_at, updated_at, version)
                        VALUES ('x', 'X', 'X', '', \(bind: true), 'PH', 'PHP', 'Asia/Manila', 'en', 0, 0, 1)
                        """
                    ).run()
                    throw Boom()
                }
            }
            let count = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM companies").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func databaseIsReachable(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            #expect(await database.isReachable())
        }
    }

    @Test func sqliteUsesWriteAheadLogAndForeignKeys() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let (mode, keys) = try await database.read { db in
                (
                    try await db.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self),
                    try await db.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                )
            }
            #expect(mode == "wal")
            #expect(keys == 1)
        }
    }
}
