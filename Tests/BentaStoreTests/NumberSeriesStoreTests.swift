import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct NumberSeriesStoreTests {
    private struct Injected: Error {}

    @Test(arguments: TestEngine.available)
    func concurrentTakersGetConsecutiveNumbersWithoutGapsOrDuplicates(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let company = world.company.id
            let date = CalendarDate(year: 2026, month: 11, day: 29)!
            let taken = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await database.transaction { db in
                            try await NumberSeriesStore(db).take(
                                companyID: company, type: .quote, date: date, now: Date()
                            ).sequence
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(taken.sorted() == Array(1...40))
            // Another type is its own series.
            let contract = try await database.transaction { db in
                try await NumberSeriesStore(db).take(companyID: company, type: .contract, date: date, now: Date())
            }
            #expect(contract == AssignedNumber(sequence: 1, text: "CTR-2026-00001"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aRolledBackTransactionHandsItsNumberBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let company = world.company.id
            let date = CalendarDate(year: 2027, month: 1, day: 5)!
            let first = try await database.transaction { db in
                try await NumberSeriesStore(db).take(companyID: company, type: .quote, date: date, now: Date())
            }
            #expect(first.text == "Q-2027-00001")
            await #expect(throws: Injected.self) {
                try await database.transaction { db in
                    _ = try await NumberSeriesStore(db).take(companyID: company, type: .quote, date: date, now: Date())
                    throw Injected()
                }
            }
            let next = try await database.transaction { db in
                try await NumberSeriesStore(db).take(companyID: company, type: .quote, date: date, now: Date())
            }
            #expect(next.text == "Q-2027-00002")
            let format = try NumberFormat(template: "QT/{YY}{MM}/{SEQ:3}")
            try await database.transaction { db in
                try await NumberSeriesStore(db).setFormat(format, companyID: company, type: .quote, now: Date())
            }
            let reformatted = try await database.transaction { db in
                try await NumberSeriesStore(db).take(companyID: company, type: .quote, date: date, now: Date())
            }
            #expect(reformatted.text == "QT/2701/003")
        }
    }
}
