import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaServices

/// Issue 15: on SQLite a heartbeat is a write and queues behind the one writer. A write that holds the queue longer
/// than ``ServerInstanceService/deadAfter`` must not make a live server read as dead: its claims stay in progress,
/// its imports importing, and nothing waiting in the queue meets a lock error. The long write is a transaction held
/// open while the clock passes the bound; both servers' heartbeats fire meanwhile, as their jobs would. No step waits
/// on time: each heartbeat, and the retry, is known to have reached the writer queue (on SQLite, to wait behind the
/// write) because the database signals every arrival there (``RecordingAppDatabase/writerQueueArrivals()``).
@Suite(.timeLimit(.minutes(20))) struct ServerInstanceQueueTests {
    /// Waits until the next unit of work has reached the writer queue.
    static func waitUntilQueued(_ arrivals: inout AsyncStream<Void>.Iterator) async throws {
        guard await arrivals.next() != nil else { throw TestSetupError("the writer queue is no longer watched") }
    }

    @Test(arguments: TestEngine.available)
    func aLiveInstanceStaysLiveBehindAWriteLongerThanTheBound(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let watched = RecordingAppDatabase(database)
            let world = try await TestWorld.make(database: watched)
            let first = world.services
            try await first.instance.register()
            let second = try await ServerInstanceTests.otherServer(world)
            let (work, proceed) = await ServerInstanceTests.heldRequest(first, world, key: "queue-1")

            // A long write holds the writer (on SQLite, the queue every write waits in).
            let holding = Signal()
            let release = Signal()
            let long = Task {
                try await database.transaction { db in
                    try await db.raw("UPDATE server_instances SET host = host WHERE id = 'none'").run()
                    await holding.fire()
                    await release.wait()
                }
            }
            await holding.wait()
            var arrivals = watched.writerQueueArrivals().makeAsyncIterator()
            // The heartbeat jobs fire every few seconds: on SQLite each beat waits behind the write, on PostgreSQL it
            // lands at once. The write holds on until well past the bound.
            var beats: [Task<Void, any Error>] = []
            for step in [ServerInstanceService.heartbeatEvery, .seconds(ServerInstanceService.deadAfter + 5)] {
                world.clock.advance(by: TimeInterval(step.components.seconds))
                for server in [first, second] {
                    let beat = Task { try await server.instance.heartbeat() }
                    try await Self.waitUntilQueued(&arrivals)
                    beats.append(beat)
                }
            }
            let retry = Task { try await ServerInstanceTests.create(second, world, key: "queue-1") }
            try await Self.waitUntilQueued(&arrivals)

            // While the write holds: a read through the other server finds the first live.
            let dead = try await database.read { db in
                try await second.instance.dead(among: [first.instance.id], on: db)
            }
            #expect(dead.isEmpty, "a live server read as dead behind a long write")
            if engine == .sqlite {
                #expect(first.instance.heartbeatWaitingSince != nil, "the heartbeat did not wait behind the write")
            }
            await release.fire()
            try await long.value

            // Every heartbeat was written (no lock error), stamped when it landed; the retry found the claim held.
            for beat in beats { try await beat.value }
            #expect(first.instance.heartbeatWaitingSince == nil)
            let beatAt = try await database.read { db in
                try await ServerInstanceStore(db).instance(first.instance.id)?.heartbeatAt
            }
            #expect(try #require(beatAt) >= world.clock.now.addingTimeInterval(-1))
            do {
                _ = try await retry.value
                Issue.record("the claim of a live server was taken over behind a long write")
            } catch {
                #expect(IdempotencyTests.isInProgressConflict(error), "\(error)")
            }
            #expect(try await ServerInstanceTests.instanceOfClaim(world, key: "queue-1") == first.instance.id)
            await proceed.fire()
            #expect(try await work.value.status == 201)
            #expect(try await IdempotencyTests.invoiceCount(world) == 1)

            // The rule keeps no dead server alive: once only the second beats, the first reads dead past the bound.
            world.clock.advance(by: ServerInstanceService.deadAfter + 1)
            try await second.instance.heartbeat()
            let later = try await database.read { db in
                try await second.instance.dead(among: [first.instance.id, second.instance.id], on: db)
            }
            #expect(later == [first.instance.id])
        }
    }
}
