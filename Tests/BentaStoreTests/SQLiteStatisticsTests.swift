import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

/// SQLite's planner gets its statistics without anyone running `ANALYZE` (issue 11): `PRAGMA optimize` runs at
/// open, after migrations, every hour and at shutdown. Without them the planner takes "company = ?" for ten rows.
@Suite(.timeLimit(.minutes(20))) struct SQLiteStatisticsTests {
    @Test func aDatabaseWithRecordsHasPlannerStatisticsAfterItIsClosedAndOpened() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("benta-stat-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("benta.sqlite").path
        var logger = Logger(label: "benta-test")
        logger.logLevel = .critical
        func statistics(_ database: any AppDatabase) async throws -> Set<String> {
            try await database.read { db in
                let tables = try await db.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all()
                guard !tables.isEmpty else { return [] }
                return Set(
                    try await db.raw("SELECT idx FROM sqlite_stat1").all().compactMap {
                        try $0.decode(column: "idx", as: String?.self)
                    })
            }
        }
        let first = try await openDatabase(.sqlite(path: path), logger: logger)
        do {
            try await Migrator().migrate(first, now: Date())
            let world = try await TestWorld.make(database: first)
            for index in 0..<40 {
                var draft = AccountDraft()
                draft.name = "Statistics \(index)"
                draft.phones = [String(format: "0917 800 %04d", index)]
                _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
            }
            // The migrations ran on empty tables: nothing worth counting yet.
            #expect(!(try await statistics(first)).contains("accounts_list"))
        } catch {
            await first.shutdown()
            throw error
        }
        await first.shutdown()
        let second = try await openDatabase(.sqlite(path: path), logger: logger)
        let found = try await statistics(second)
        await second.shutdown()
        #expect(
            found.isSuperset(of: ["accounts_list", "contacts_list_visible", "contact_points_lookup"]),
            "\(found.sorted())")
    }
}
