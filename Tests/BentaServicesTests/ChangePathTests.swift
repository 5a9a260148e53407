import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@testable import BentaServices

@Suite(.timeLimit(.minutes(20))) struct ChangePathTests {
    @Test(arguments: TestEngine.available)
    func staleVersionReportsTheVersionActuallyStored(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let id = world.manager1Accounts[1].id
            for name in ["Bituin Hardware Two", "Bituin Hardware Three"] {
                _ = try await world.services.accounts.update(id, viewer: viewer, expectedVersion: nil) {
                    $0.name = name
                }
            }
            await #expect(throws: RecordError.staleVersion(entity: "account", expected: 1, actual: 3)) {
                _ = try await world.services.accounts.update(id, viewer: viewer, expectedVersion: 1) {
                    $0.name = "Too late"
                }
            }
            let account = try await world.services.accounts.account(id, viewer: viewer)
            #expect(account.version == 3)
            #expect(account.fields.name == "Bituin Hardware Three")
        }
    }

    /// A row that moved on between the load and the save (a load that did not lock) is reported with the version
    /// stored at the save, not a guess.
    @Test(arguments: TestEngine.available)
    func aSaveThatLosesTheRaceReportsTheStoredVersion(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let stale = world.manager1Accounts[1]
            for name in ["Second", "Third"] {
                _ = try await world.services.accounts.update(stale.id, viewer: viewer, expectedVersion: nil) {
                    $0.name = name
                }
            }
            let loads = Counter()
            let real = AccountService.changeTarget(stale.id, viewer: viewer)
            let racing = ChangeTarget<Account>(
                entity: "account",
                load: { db in loads.next() == 0 ? stale : try await real.load(db) },
                save: real.save)
            await #expect(throws: RecordError.staleVersion(entity: "account", expected: 1, actual: 3)) {
                _ = try await path(world).change(racing, expectedVersion: 1, by: viewer, in: database) { account, _ in
                    account.fields.name = "Lost the race"
                    return AuditEntry("account.updated")
                }
            }
            #expect(try await world.services.accounts.account(stale.id, viewer: viewer).fields.name == "Third")
        }
    }

    @Test(arguments: TestEngine.available)
    func aChangeRaisesTheVersionStampsTheTimeAndWritesItsAuditRow(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let id = world.manager1Accounts[1].id
            world.clock.advance(by: 3600)
            let changed = try await path(world).change(
                AccountService.changeTarget(id, viewer: viewer), expectedVersion: 1, by: viewer, in: database
            ) { account, _ in
                account.fields.industry = "Hardware"
                return AuditEntry("account.updated", details: ["fields": "industry"])
            }
            #expect(changed.version == 2)
            #expect(changed.updatedAt.timeIntervalSince(world.manager1Accounts[1].updatedAt) > 3600)
            let stored = try await world.services.accounts.account(id, viewer: viewer)
            #expect(stored.version == 2 && stored.fields == changed.fields)
            #expect(abs(stored.updatedAt.timeIntervalSince(changed.updatedAt)) < 0.002)
            let history = try await world.services.accounts.history(id, viewer: viewer)
            let row = try #require(history.first)
            #expect(row.action == "account.updated")
            #expect(row.actorID == world.manager1.id)
            #expect(row.entityType == "account")
            // The caller's details, and the changed field before and after (written by the change path itself).
            #expect(row.details.hasPrefix(#"{"changes":{"industry":{"from":"#))
            #expect(row.details.hasSuffix(#","to":"Hardware"}},"fields":"industry"}"#))
        }
    }

    @Test(arguments: TestEngine.available)
    func aThrowingChangeLeavesNothingBehind(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let id = world.manager1Accounts[1].id
            let before = try await world.services.accounts.history(id, viewer: viewer)
            let audit = AuditWriter(clock: world.clock.appClock)
            await #expect(throws: RecordError.conflict(code: "refused", detail: "No.")) {
                _ = try await path(world).change(
                    AccountService.changeTarget(id, viewer: viewer), expectedVersion: 1, by: viewer, in: database
                ) { account, context in
                    account.fields.name = "Never saved"
                    // A write the change made on the way is undone with it.
                    try await audit.record(
                        "account.touched", entityType: "account", entityID: id.description,
                        companyID: viewer.companyID, actor: viewer.userID, on: context.db)
                    throw RecordError.conflict(code: "refused", detail: "No.")
                }
            }
            let account = try await world.services.accounts.account(id, viewer: viewer)
            #expect(account.version == 1 && account.fields == world.manager1Accounts[1].fields)
            #expect(try await world.services.accounts.history(id, viewer: viewer) == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func nothingToChangeKeepsTheVersionAndWritesNoAuditRow(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let id = world.manager1Accounts[1].id
            let before = try await world.services.accounts.history(id, viewer: viewer)
            let same = try await world.services.accounts.setStatus(.active, of: id, viewer: viewer, expectedVersion: 1)
            #expect(same.version == 1)
            #expect(try await world.services.accounts.account(id, viewer: viewer).version == 1)
            #expect(try await world.services.accounts.history(id, viewer: viewer) == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func aRecordTheViewerCannotSeeIsNotFound(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let id = world.manager2Accounts[1].id
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await world.services.accounts.setStatus(
                    .archived, of: id, viewer: world.manager1.viewer, expectedVersion: nil)
            }
        }
    }

    private func path(_ world: TestWorld) -> ChangePath {
        ChangePath(clock: world.clock.appClock, audit: AuditWriter(clock: world.clock.appClock))
    }
}

/// Counts calls across the concurrency domains a `@Sendable` closure may run in.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.withLock {
            defer { count += 1 }
            return count
        }
    }
}
