import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The sealer reads its work from the queue of unsealed events (migration 45), not by walking the log: every event,
/// whichever path wrote it, is queued by the trigger and leaves the queue in the transaction that seals it.
@Suite(.timeLimit(.minutes(20))) struct AuditSealQueueTests {
    @Test(arguments: TestEngine.available)
    func everyEventIsQueuedOnceAndLeavesTheQueueWhenSealed(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let chain = world.services.auditChain
            let company = world.company.id.description
            _ = try await chain.seal(companyID: world.company.id)
            #expect(try await Self.queued(database, company: company) == 0)

            // A service's write and a row written straight into the log (as a bulk load does) are both queued.
            var draft = AccountDraft()
            draft.name = "Hiraya Bakery"
            _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
            let bulkID = HexText.text(of: UUID())
            try await database.transaction { db in
                try await db.raw(
                    """
                    INSERT INTO audit_events (id, company_id, occurred_at, actor_id, action, entity_type, entity_id,
                        details)
                    VALUES (\(bind: bulkID), \(bind: company), 1, NULL, 'demo.loaded', 'company', \(bind: company), '{}')
                    """
                ).run()
            }
            let waiting = try await Self.queued(database, company: company)
            #expect(waiting >= 2)

            // Sealed oldest first: the bulk row (stamped at 1 ms) is the first of this batch, then the queue is empty.
            let head = try await database.read { db in
                try await db.raw("SELECT MAX(seq) AS n FROM audit_chain WHERE company_id = \(bind: company)").first()
                    .map { try $0.decode(column: "n", as: Int64.self) } ?? 0
            }
            #expect(try await chain.seal(companyID: world.company.id) == waiting)
            #expect(try await Self.queued(database, company: company) == 0)
            let firstNew = try await database.read { db in
                try await db.raw(
                    "SELECT event_id FROM audit_chain WHERE company_id = \(bind: company) AND seq = \(bind: head + 1)"
                ).first().map { try $0.decode(column: "event_id", as: String.self) }
            }
            #expect(firstNew == bulkID)
            let verified = try await chain.verify(companyID: world.company.id)
            #expect(verified.firstBroken == nil && verified.unsealed == 0)
        }
    }

    static func queued(_ database: any AppDatabase, company: String) async throws -> Int64 {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_unsealed WHERE company_id = \(bind: company)").first()
                .map { try $0.decode(column: "n", as: Int64.self) } ?? 0
        }
    }
}
