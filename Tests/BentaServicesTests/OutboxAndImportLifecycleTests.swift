import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The outbox's and the import's state changes on a real database: the services load, apply the core's
/// transition and save, so what is stored is what the core decided (claims with their token and lease, a lost
/// claim changing nothing, the retry policy, a failing import batch).
@Suite(.timeLimit(.minutes(20))) struct OutboxAndImportLifecycleTests {
    func stored(_ world: TestWorld, _ id: OutboxMessage.ID) async throws -> OutboxMessage {
        try await world.services.outbox.message(id, viewer: world.admin.viewer)
    }

    /// What a stored job and the job a run returned must agree on (instants are stored to the millisecond).
    static func facts(_ job: ImportJob) -> [String] {
        [
            job.status.rawValue, "\(job.totalRows)", "\(job.processedRows)", "\(job.createdRows)",
            "\(job.rejectedRows)", job.report, "\(job.updatedAt.millisecondsSince1970)",
        ]
    }

    func queue(_ world: TestWorld, _ outbox: OutboxService, to address: String) async throws -> OutboxMessage {
        let email = OutboxTests().invoiceEmail(world, to: address)
        return try await world.services.database.transaction { db in try await outbox.enqueue(email, on: db) }
    }

    @Test(arguments: TestEngine.available)
    func aClaimIsStoredWithItsLeaseAndOnlyTheClaimHoldingTheMessageRecordsItsAttempt(
        engine: TestEngine
    ) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            // Nothing listens on the port: no attempt here talks to a server, the test records the results itself.
            let outbox = try await OutboxTests().configure(world, port: 9)
            let queued = try await queue(world, outbox, to: "maria@talafoods.ph")
            #expect(queued.status == .queued && queued.attempts == 0 && queued.claimToken == nil)
            var now = world.clock.now
            #expect(try await stored(world, queued.id).allowedActions(at: now) == [.claim])

            let first = try #require(
                try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "first"))
            #expect(first.message.id == queued.id && first.token == "first" && !first.data.isEmpty)
            var message = try await stored(world, queued.id)
            #expect(message.status == .sending && message.attempts == 1 && message.claimToken == "first")
            #expect(message.claimedUntil?.millisecondsSince1970 == now.addingTimeInterval(600).millisecondsSince1970)
            #expect(message.allowedActions(at: now) == [.recordSent, .scheduleRetry, .fail])
            #expect(
                try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "x") == nil,
                "the lease holds")

            // The first worker stops; once its lease ran out another takes the message over.
            world.clock.advance(by: 601)
            now = world.clock.now
            let second = try #require(
                try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "second"))
            #expect(second.message.attempts == 2 && second.message.claimToken == "second")
            #expect(try await outbox.recordSent(first, reply: "250 late") == false)
            #expect(try await outbox.recordFailure(first, error: "late", isPermanent: true) == nil)
            message = try await stored(world, queued.id)
            #expect(message.status == .sending && message.claimToken == "second" && message.lastError == nil)

            // The second attempt fails for now: back in the queue for the policy's wait after two attempts.
            #expect(try await outbox.recordFailure(second, error: "421 busy", isPermanent: false) == .queued)
            message = try await stored(world, queued.id)
            #expect(message.status == .queued && message.attempts == 2 && message.lastError == "421 busy")
            #expect(message.claimToken == nil && message.claimedUntil == nil)
            let due = try #require(message.nextAttempt)
            #expect(due > now.addingTimeInterval(299) && due <= now.addingTimeInterval(301))
            #expect(message.allowedActions(at: world.clock.now).isEmpty)
            #expect(try await outbox.claimNext(now: world.clock.now, leaseUntil: due, token: "early") == nil)

            world.clock.advance(by: 301)
            now = world.clock.now
            let third = try #require(
                try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "third"))
            #expect(try await outbox.recordSent(third, reply: "250 OK") == true)
            message = try await stored(world, queued.id)
            #expect(message.status == .sent && message.attempts == 3 && message.sentAt != nil)
            #expect(message.lastError == nil && message.claimToken == nil && message.allowedActions(at: now).isEmpty)
            // A sent message is never claimed or recorded again.
            #expect(try await outbox.recordFailure(third, error: "again", isPermanent: false) == nil)
            world.clock.advance(by: 7 * 86400)
            now = world.clock.now
            #expect(try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "y") == nil)
            let history = try await database.read { db in
                try await AuditStore(db).history(
                    companyID: world.company.id, entityType: "outbox_message", entityID: queued.id.description)
            }
            #expect(history.map(\.action) == ["email.sent", "email.queued"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aPermanentRefusalOrTheLastAttemptFailsTheMessageForGood(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await OutboxTests().configure(world, port: 9)
            let refused = try await queue(world, outbox, to: "nobody@talafoods.ph")
            var now = world.clock.now
            let claim = try #require(
                try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "a"))
            #expect(try await outbox.recordFailure(claim, error: "550 no such user", isPermanent: true) == .failed)
            let failed = try await stored(world, refused.id)
            #expect(failed.status == .failed && failed.attempts == 1 && failed.lastError == "550 no such user")
            #expect(failed.allowedActions(at: now).isEmpty && failed.nextAttempt == nil)

            // A message that fails for now every time is retried until the policy's last attempt, then failed.
            let flaky = try await queue(world, outbox, to: "maria@talafoods.ph")
            var statuses: [OutboxStatus?] = []
            for attempt in 1...OutboxRetryPolicy.maximumAttempts {
                world.clock.advance(by: 86401)
                now = world.clock.now
                let claim = try #require(
                    try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "t\(attempt)"))
                #expect(claim.message.id == flaky.id && claim.message.attempts == attempt)
                statuses.append(try await outbox.recordFailure(claim, error: "421 busy", isPermanent: false))
            }
            #expect(statuses == Array(repeating: .queued, count: 7) + [.failed])
            let exhausted = try await stored(world, flaky.id)
            #expect(exhausted.status == .failed && exhausted.attempts == 8)
            world.clock.advance(by: 86401)
            now = world.clock.now
            #expect(try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "z") == nil)
            let history = try await database.read { db in
                try await AuditStore(db).history(
                    companyID: world.company.id, entityType: "outbox_message", entityID: flaky.id.description)
            }
            #expect(history.map(\.action) == ["email.failed", "email.queued"])
        }
    }

    // MARK: - Import jobs

    /// Three accounts; the database refuses to insert any account named `Boom…` (standing in for a batch that
    /// cannot be written).
    static let threeAccounts = Data(
        "Company,Tel\r\nUna Trading,0917 500 0001\r\nBoom Hardware,0917 500 0002\r\nTatlo Foods,0917 500 0003\r\n".utf8)

    static func refuseBoomAccounts(_ engine: TestEngine, database: any AppDatabase) async throws {
        try await database.transaction { db in
            switch engine {
            case .sqlite:
                try await db.raw(
                    """
                    CREATE TRIGGER refuse_boom BEFORE INSERT ON accounts WHEN NEW.name LIKE 'Boom%'
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                    """
                ).run()
            case .postgres:
                try await db.raw(
                    """
                    CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.name LIKE 'Boom%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                        RETURN NEW;
                    END $$
                    """
                ).run()
                try await db.raw(
                    "CREATE TRIGGER refuse_boom BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
                ).run()
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func eachBatchIsCountedInTheStoredJobAndTheLastOneFinishesIt(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var imports = world.services.imports
            imports.batchSize = 2
            let (job, work) = try await imports.start(
                Self.threeAccounts, filename: "three.csv", request: ImportRequest(entity: .accounts),
                viewer: world.head.viewer)
            let started = try await imports.job(job.id, viewer: world.head.viewer)
            #expect(started.status == .running && started.processedRows == 0 && started.totalRows == 3)
            #expect(started.allowedActions == [.recordBatch, .fail])
            let done = await work()
            #expect(done.status == .finished && done.processedRows == 3 && done.createdRows == 3)
            let stored = try await imports.job(job.id, viewer: world.head.viewer)
            #expect(Self.facts(stored) == Self.facts(done) && stored.allowedActions.isEmpty && stored.isFinished)

            // A file with a header and no rows has no batch: the run finishes it.
            let (empty, emptyWork) = try await imports.start(
                Data("Company,Tel\r\n".utf8), filename: "empty.csv", request: ImportRequest(entity: .accounts),
                viewer: world.head.viewer)
            #expect(empty.allowedActions == [.finish, .fail])
            let finished = await emptyWork()
            #expect(finished.status == .finished && finished.totalRows == 0)
            #expect(try await imports.job(empty.id, viewer: world.head.viewer).status == .finished)
        }
    }

    @Test(arguments: TestEngine.available)
    func aBatchThatCannotBeWrittenFailsTheJobAndTheBatchesBeforeItStay(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.refuseBoomAccounts(engine, database: database)
            var imports = world.services.imports
            imports.batchSize = 1
            let (job, work) = try await imports.start(
                Self.threeAccounts, filename: "three.csv", request: ImportRequest(entity: .accounts),
                viewer: world.head.viewer)
            let done = await work()
            #expect(done.status == .failed && done.processedRows == 1 && done.createdRows == 1)
            let stored = try await imports.job(job.id, viewer: world.head.viewer)
            #expect(Self.facts(stored) == Self.facts(done) && stored.allowedActions.isEmpty)
            let names = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(), page: PageRequest(limit: 100)
            ).items.map(\.fields.name)
            #expect(names.contains("Una Trading") && !names.contains("Boom Hardware") && !names.contains("Tatlo Foods"))
            let history = try await database.read { db in
                try await AuditStore(db).history(
                    companyID: world.company.id, entityType: "import", entityID: job.id.description)
            }
            #expect(history.first?.action == "import.finished" && history.first?.details.contains("failed") == true)
        }
    }
}
