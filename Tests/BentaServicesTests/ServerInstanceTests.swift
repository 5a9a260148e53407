import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

@testable import BentaServices

/// Server instances (issue 15: crash safety, two servers on one database): an `Idempotency-Key` claim and a
/// statement import carry the instance that works on them. A claim of a dead instance (no heartbeat for
/// ``ServerInstanceService/deadAfter``, or stopped) is free at once; a claim of a live one stays in progress however
/// long it takes; an import whose instance died reads as stopped, and the same file imported again finishes it.
/// Each "server" here is a second `Services` over the same database with its own instance, as `benta serve` builds.
@Suite(.timeLimit(.minutes(20))) struct ServerInstanceTests {
    /// Another server on the world's database and clock, registered as its own instance.
    static func otherServer(_ world: TestWorld) async throws -> Services {
        let services = Services(
            database: world.services.database, clock: world.clock.appClock, settings: world.services.settings,
            logger: Logger(label: "second-server"))
        try await services.instance.register()
        return services
    }

    static func create(_ services: Services, _ world: TestWorld, key: String) async throws -> IdempotencyService.Answer
    {
        try await services.idempotency.run(
            userID: world.manager1.id, key: key, request: IdempotencyTests.request, answer: IdempotencyTests.answer
        ) { try await services.invoices.create(IdempotencyTests.draft(world), viewer: world.manager1.viewer) }
    }

    /// A request through `server` that has claimed `key` and holds it until `release` fires: a server about to die
    /// mid-request, or a long import. Returns once the claim is taken.
    static func heldRequest(
        _ server: Services, _ world: TestWorld, key: String
    ) async -> (work: Task<IdempotencyService.Answer, any Error>, release: Signal) {
        let started = Signal()
        let release = Signal()
        let work = Task {
            try await server.idempotency.run(
                userID: world.manager1.id, key: key, request: IdempotencyTests.request,
                answer: IdempotencyTests.answer
            ) {
                await started.fire()
                await release.wait()
                return try await server.invoices.create(IdempotencyTests.draft(world), viewer: world.manager1.viewer)
            }
        }
        await started.wait()
        return (work, release)
    }

    static func instanceOfClaim(_ world: TestWorld, key: String) async throws -> String? {
        try await world.services.database.read { db in
            try await db.raw("SELECT instance_id FROM idempotency_keys WHERE idempotency_key = \(bind: key)")
                .first()?.decode(column: "instance_id", as: String?.self)
        }
    }

    /// A server that dies mid-request leaves its claim; once its heartbeat is older than the bound the retry through
    /// another server proceeds at once (no 5-minute wait), and the dead work, should it ever go on, cannot commit.
    /// A server that stops cleanly frees its claims without waiting for the bound.
    @Test(arguments: TestEngine.available)
    func aClaimOfADeadInstanceIsTakenOverAtOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let first = world.services
            try await first.instance.register()
            let second = try await Self.otherServer(world)
            let (dying, proceed) = await Self.heldRequest(first, world, key: "k-1")
            #expect(try await Self.instanceOfClaim(world, key: "k-1") == first.instance.id)
            // Its server lives: the retry through the other server is refused.
            await #expect(throws: RecordError.self) { _ = try await Self.create(second, world, key: "k-1") }
            // Its heartbeat stops (the process was killed): just before the bound still in progress, after it free.
            world.clock.advance(by: ServerInstanceService.deadAfter - 1)
            await #expect(throws: RecordError.self) { _ = try await Self.create(second, world, key: "k-1") }
            world.clock.advance(by: 2)
            let retried = try await Self.create(second, world, key: "k-1")
            #expect(retried.status == 201)
            #expect(try await Self.instanceOfClaim(world, key: "k-1") == second.instance.id)
            await proceed.fire()
            do {
                _ = try await dying.value
                Issue.record("the work of a dead instance's claim committed")
            } catch {
                #expect(IdempotencyTests.isInProgressConflict(error), "\(error)")
            }
            #expect(try await IdempotencyTests.invoiceCount(world) == 1)

            // A clean stop frees a claim without waiting for the bound.
            let third = try await Self.otherServer(world)
            let hash = try await database.read { db in
                try await db.raw("SELECT request_hash FROM idempotency_keys WHERE idempotency_key = 'k-1'")
                    .first()?.decode(column: "request_hash", as: String.self) ?? ""
            }
            let now = world.clock.now
            let claimed = try await database.transaction { db in
                try await IdempotencyStore(db).start(
                    userID: world.manager1.id, key: "k-2", requestHash: hash, token: "stopping", now: now,
                    staleBefore: now.addingTimeInterval(-IdempotencyService.staleAfter),
                    expiredBefore: now.addingTimeInterval(-IdempotencyService.lifetime),
                    instanceID: third.instance.id, liveSince: ServerInstanceService.liveSince(now))
            }
            #expect(claimed == .proceed(token: "stopping"))
            try await second.instance.heartbeat()
            await #expect(throws: RecordError.self) { _ = try await Self.create(second, world, key: "k-2") }
            try await third.instance.stop()
            #expect(try await Self.create(second, world, key: "k-2").status == 201)
            #expect(try await IdempotencyTests.invoiceCount(world) == 2)
        }
    }

    /// A live server's claim is in progress however long its work takes (a long statement import): past the old
    /// 5-minute limit a retry is still refused while the heartbeat goes on; the work then answers, and the retry
    /// replays that answer.
    @Test(arguments: TestEngine.available)
    func aClaimOfALiveInstanceIsNotTakenOverPastFiveMinutes(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let first = world.services
            try await first.instance.register()
            let second = try await Self.otherServer(world)
            let (slow, proceed) = await Self.heldRequest(first, world, key: "long-1")
            // Eleven minutes pass with a heartbeat every few seconds (sped up: one per 10 s of clock).
            for _ in 0..<66 {
                world.clock.advance(by: 10)
                try await first.instance.heartbeat()
            }
            await #expect(throws: RecordError.self) { _ = try await Self.create(second, world, key: "long-1") }
            await proceed.fire()
            let answer = try await slow.value
            #expect(answer.status == 201)
            let replay = try await Self.create(second, world, key: "long-1")
            #expect(replay.body == answer.body)
            #expect(try await IdempotencyTests.invoiceCount(world) == 1)
        }
    }

    /// Two servers, eight concurrent requests with one key through both: one invoice, every 2xx the same answer,
    /// the rest 409 `request_in_progress`.
    @Test(arguments: TestEngine.available)
    func concurrentRequestsWithOneKeyThroughTwoServersGiveOneEffect(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await world.services.instance.register()
            let servers = [world.services, try await Self.otherServer(world)]
            let outcomes = try await withThrowingTaskGroup(of: Data?.self) { group in
                for index in 0..<8 {
                    let services = servers[index % 2]
                    group.addTask {
                        do {
                            return try await Self.create(services, world, key: "same-1").body
                        } catch  where IdempotencyTests.isInProgressConflict(error) {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [Data?]()) { $0.append($1) }
            }
            let answered = outcomes.compactMap { $0 }
            #expect(!answered.isEmpty)
            #expect(Set(answered).count == 1)
            #expect(try await IdempotencyTests.invoiceCount(world) == 1)
            #expect(try await Self.create(servers[1], world, key: "same-1").body == answered[0])
        }
    }

    /// A server started on the same machine marks stopped the registered instances whose process is gone (a
    /// SIGKILLed server's claims are free as soon as it restarts), and leaves running processes alone.
    @Test(arguments: TestEngine.available)
    func aRestartFreesTheInstancesOfGoneProcessesAtOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let space = ServerInstanceService.processSpace()
            guard !space.isEmpty else {
                print("skipped: aRestartFreesTheInstancesOfGoneProcessesAtOnce (no /proc process space here)")
                return
            }
            let now = world.clock.now
            // A pid above Linux's largest (pid_max ≤ 2^22) is no process; the parent of this test is one.
            let gone = ServerInstance(
                id: "gone", host: "here", pid: 4_194_999, processSpace: space, startedAt: now, heartbeatAt: now)
            var running = gone
            running.id = "running"
            running.pid = Int(getppid())
            var elsewhere = gone
            elsewhere.id = "elsewhere"
            elsewhere.processSpace = "another machine"
            let instances = [gone, running, elsewhere]
            try await database.transaction { db in
                for instance in instances { try await ServerInstanceStore(db).register(instance) }
            }
            try await world.services.instance.register()
            let stopped = try await database.read { db in
                try await db.raw("SELECT id FROM server_instances WHERE stopped_at IS NOT NULL").all()
                    .map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(stopped == ["gone"])
            let live = try await database.read { db in
                try await ServerInstanceStore(db).live(
                    among: ["gone", "running", "elsewhere", world.services.instance.id],
                    liveSince: ServerInstanceService.liveSince(world.clock.now))
            }
            #expect(live == ["running", "elsewhere", world.services.instance.id])
        }
    }

    /// A statement import whose server died mid-file reads as stopped (how far it got, and to import the same file
    /// again), in the list and alone; the same file imported through another server finishes it, every line once.
    /// The death is simulated: the import waits after its first batch while the clock passes the heartbeat bound.
    @Test(arguments: TestEngine.available)
    func anImportOfADeadInstanceReadsStoppedAndTheSameFileFinishesIt(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            try await world.services.instance.register()
            let viewer = world.accountant.viewer
            let (file, invoices) = try await BankStatementProgressTests.statement(world)
            let paused = Signal()
            let resume = Signal()
            let payments = world.services.payments
            let dying = Task {
                try await payments.importStatement(
                    file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer,
                    writes: .batched, linesPerBatch: 2,
                    afterBatch: { _, batch in
                        guard batch == 2 else { return }
                        await paused.fire()
                        await resume.wait()
                    })
            }
            await paused.wait()
            let importing = try #require(
                try await payments.statements(viewer: viewer, page: PageRequest(limit: 10)).items.first)
            #expect(importing.importStatus == .importing)
            #expect(importing.instanceID == world.services.instance.id)

            world.clock.advance(by: ServerInstanceService.deadAfter + 1)
            let second = try await Self.otherServer(world)
            let listed = try #require(
                try await second.payments.statements(viewer: viewer, page: PageRequest(limit: 10)).items.first)
            let alone = try await second.payments.statement(importing.id, viewer: viewer)
            for statement in [listed, alone] {
                #expect(statement.importStatus == .stopped)
                #expect(
                    statement.importError
                        == "The import stopped after 4 of 7 lines; import the same file again to finish (lines "
                        + "already imported are skipped).")
            }

            let again = try await second.payments.importStatement(
                file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
            let finished = try #require(again.statements.first)
            #expect(finished.importStatus == .imported)
            #expect((finished.lineCount, finished.duplicateCount) == (3, 4))
            #expect(try await BankStatementProgressTests.lineCounts(world).values.allSatisfy { $0 == 1 })
            #expect(try await BankStatementProgressTests.lineCounts(world).count == 7)

            // The killed process never comes back in life; should the paused work go on, it adds nothing twice.
            await resume.fire()
            _ = try await dying.value
            #expect(try await BankStatementProgressTests.lineCounts(world).count == 7)
            try await StatementMatchingTests.expectReceivables(world, invoices)
        }
    }
}
