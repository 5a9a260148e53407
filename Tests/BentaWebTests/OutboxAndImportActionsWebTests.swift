import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The API answers the steps the core allows an outbox message and an import job (`allowed_actions`), and the
/// pages show what the core says about them (the next attempt, whether the import still runs) instead of reading
/// the status themselves.
@Suite(.timeLimit(.minutes(20))) struct OutboxAndImportActionsWebTests {
    @Test(arguments: TestEngine.available)
    func anOutboxMessageAnswersTheStepsItsStateAllowsAndThePageShowsItsNextAttempt(
        engine: TestEngine
    ) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.admin)
            let session = try await client.login("admin@test.ph")
            let settings = #"""
                {"host": "127.0.0.1", "port": 9, "security": "none", "from_address": "billing@bituin.ph"}
                """#
            #expect(try await client.api(.put, "/api/v1/settings/smtp", token: token, json: settings).status == .ok)
            let queued = try await client.api(
                .post, "/api/v1/settings/smtp/test", token: token, json: #"{"to": "admin@test.ph"}"#)
            #expect(queued.status == .accepted)
            #expect(try queued.json()["allowed_actions"] as? [String] == ["claim"])
            let id = try #require(try queued.json()["id"] as? String)
            let list = try await client.api(.get, "/api/v1/outbox", token: token)
            let listed = try #require((try list.json()["data"] as? [[String: Any]])?.first)
            #expect(listed["allowed_actions"] as? [String] == ["claim"])
            var page = try await client.browse(.get, "/settings/outbox", as: session)
            #expect(page.text.contains("Next attempt:"))

            // A worker claims it: its attempt is recorded by that claim, nobody else's; no next attempt to show.
            var now = world.clock.now
            let claim = try #require(
                try await world.services.outbox.claimNext(
                    now: now, leaseUntil: now.addingTimeInterval(600), token: "worker"))
            var shown = try await client.api(.get, "/api/v1/outbox/\(id)", token: token)
            #expect(try shown.json()["status"] as? String == "sending")
            #expect(try shown.json()["allowed_actions"] as? [String] == ["fail", "record_sent", "schedule_retry"])
            page = try await client.browse(.get, "/settings/outbox", as: session)
            #expect(!page.text.contains("Next attempt:"))

            // The attempt fails for now: it waits a minute, claimable again only then.
            let after = try await world.services.outbox.recordFailure(claim, error: "421 busy", isPermanent: false)
            #expect(after == .queued)
            shown = try await client.api(.get, "/api/v1/outbox/\(id)", token: token)
            #expect(try shown.json()["allowed_actions"] as? [String] == [])
            page = try await client.browse(.get, "/settings/outbox", as: session)
            #expect(page.text.contains("Next attempt:"))
            world.clock.advance(by: 61)
            shown = try await client.api(.get, "/api/v1/outbox/\(id)", token: token)
            #expect(try shown.json()["allowed_actions"] as? [String] == ["claim"])

            // Sent, it allows nothing more.
            now = world.clock.now
            let again = try #require(
                try await world.services.outbox.claimNext(
                    now: now, leaseUntil: now.addingTimeInterval(600), token: "worker 2"))
            #expect(try await world.services.outbox.recordSent(again, reply: "250 OK"))
            shown = try await client.api(.get, "/api/v1/outbox/\(id)", token: token)
            #expect(try shown.json()["status"] as? String == "sent")
            #expect(try shown.json()["allowed_actions"] as? [String] == [])
        }
    }

    @Test(arguments: TestEngine.available)
    func anImportJobAnswersTheStepsItsStateAllowsAndItsPageRefreshesOnlyWhileItRuns(
        engine: TestEngine
    ) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let session = try await client.login("manager1@test.ph")
            let imported = try await client.execute(
                uri: "/api/v1/imports?entity=accounts", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"],
                body: .init(string: "Company,Tel\r\nLiwayway Printing,0917 500 0101\r\n"))
            #expect(imported.status == .created)
            #expect(try imported.json()["status"] as? String == "finished")
            #expect(try imported.json()["allowed_actions"] as? [String] == [])

            // A job still running (its batches are being written elsewhere).
            let running = ImportJob.started(
                id: ImportJob.ID(UUID()), companyID: world.company.id, userID: world.manager1.id, entity: "accounts",
                filename: "big.csv", totalRows: 18_250, now: world.clock.now)
            try await world.services.database.transaction { db in try await ImportJobStore(db).insert(running) }
            let shown = try await client.api(.get, "/api/v1/imports/\(running.id)", token: token)
            #expect(try shown.json()["allowed_actions"] as? [String] == ["fail", "record_batch"])
            var page = try await client.browse(.get, "/imports/\(running.id)", as: session)
            #expect(page.text.contains("http-equiv=\"refresh\""))
            #expect(page.text.contains("This page refreshes by itself"))

            // It fails: nothing changes it any more, and its page stops refreshing.
            let failed = try await world.services.database.transaction { db in
                let store = ImportJobStore(db)
                var job = try #require(try await store.find(running.id, viewer: world.manager1.viewer, forUpdate: true))
                try job.fail(now: world.clock.now)
                try await store.update(job)
                return job
            }
            #expect(failed.status == .failed)
            let after = try await client.api(.get, "/api/v1/imports/\(running.id)", token: token)
            #expect(try after.json()["status"] as? String == "failed")
            #expect(try after.json()["allowed_actions"] as? [String] == [])
            page = try await client.browse(.get, "/imports/\(running.id)", as: session)
            #expect(page.status == .ok && !page.text.contains("http-equiv=\"refresh\""))
        }
    }
}
