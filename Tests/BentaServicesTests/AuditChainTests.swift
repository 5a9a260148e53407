import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The tamper-evident audit trail (issue 15) on both engines: the log and its chain refuse UPDATE and DELETE; a row
/// changed or deleted by someone with database access (who first disables the triggers) is named by `verify`; two
/// sealers at once keep one chain.
@Suite(.timeLimit(.minutes(20))) struct AuditChainTests {
    @Test(arguments: TestEngine.available)
    func verifyNamesTheFirstChangedOrDeletedEvent(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let chain = world.services.auditChain
            let company = world.company.id
            let first = try await chain.verify(companyID: company)
            #expect(first.firstBroken == nil)
            #expect(first.checked > 10)
            #expect(first.unsealed == 0)
            // New events are sealed after the existing ones.
            _ = try await world.services.accounts.create(
                {
                    var draft = AccountDraft()
                    draft.name = "Hiraya Bakery"
                    return draft
                }(), viewer: world.manager1.viewer)
            let second = try await chain.verify(companyID: company)
            #expect(second.checked > first.checked && second.firstBroken == nil)

            // The log refuses changes through SQL.
            let refused = try await database.read { db in
                do {
                    try await db.raw("UPDATE audit_events SET action = 'x'").run()
                    return false
                } catch { return true }
            }
            #expect(refused)

            // Someone with the database's keys turns the triggers off and edits the fifth sealed event.
            let target = try await database.read { db in
                try await db.raw(
                    "SELECT seq, event_id FROM audit_chain WHERE company_id = \(bind: company.description) AND seq = 5"
                ).first().map {
                    (try $0.decode(column: "seq", as: Int64.self), try $0.decode(column: "event_id", as: String.self))
                }
            }
            let (seq, eventID) = try #require(target)
            try await Self.tamper(
                database, engine: engine, "UPDATE audit_events SET details = '{}' WHERE id = '\(eventID)'")
            let broken = try await chain.verify(companyID: company)
            #expect(broken.firstBroken?.seq == seq)
            #expect(broken.firstBroken?.eventID == eventID)
        }
    }

    @Test(arguments: TestEngine.available)
    func aDeletedEventAndConcurrentSealers(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let company = world.company.id
            // Two sealers at once (two app instances): one chain, every event once.
            let chain = world.services.auditChain
            async let one = try? chain.seal(companyID: company, batch: 7)
            async let two = try? chain.seal(companyID: company, batch: 7)
            _ = await (one, two)
            let verified = try await chain.verify(companyID: company)
            #expect(verified.firstBroken == nil && verified.unsealed == 0)
            let counts = try await database.read { db in
                let row = try await db.raw(
                    """
                    SELECT (SELECT COUNT(*) FROM audit_chain) AS links, (SELECT COUNT(*) FROM audit_events) AS events,
                        (SELECT MAX(seq) FROM audit_chain) AS top
                    """
                ).first()
                return try ["links", "events", "top"].map { try #require(row).decode(column: $0, as: Int.self) }
            }
            #expect(counts[0] == counts[1] && counts[2] == counts[0])
            let eventID = try await database.read { db in
                try await db.raw("SELECT event_id FROM audit_chain WHERE seq = 3").first()?
                    .decode(column: "event_id", as: String.self)
            }
            let id = try #require(eventID)
            try await Self.tamper(database, engine: engine, "DELETE FROM audit_events WHERE id = '\(id)'")
            let broken = try await chain.verify(companyID: company)
            #expect(broken.firstBroken?.seq == 3)
            #expect(broken.firstBroken?.reason == "the event was deleted")
        }
    }

    /// Runs `sql` with the append-only triggers out of the way, as an attacker with the database's keys could.
    static func tamper(_ database: any AppDatabase, engine: TestEngine, _ sql: String) async throws {
        try await database.transaction { db in
            switch engine {
            case .sqlite:
                try await db.raw("DROP TRIGGER audit_events_no_update").run()
                try await db.raw("DROP TRIGGER audit_events_no_delete").run()
            case .postgres:
                try await db.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").run()
            }
            try await db.raw(SQLQueryString(sql)).run()
        }
    }
}
