import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct DealsTests {
    @Test(arguments: TestEngine.available)
    func dealsThroughTheAPIAndTheBoard(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let pipelines = try await client.api(.get, "/api/v1/pipelines", token: token)
            let stages = try #require(
                (try pipelines.json()["data"] as? [[String: Any]])?.first?["stages"] as? [[String: Any]])
            let account = world.manager1Accounts[0].id
            let float = try await client.api(
                .post, "/api/v1/deals", token: token,
                json:
                    #"{"title": "Float", "account_id": "\#(account)", "amount": 10.5, "expected_close": "2026-12-20"}"#)
            #expect(float.status == .badRequest)
            let created = try await client.api(
                .post, "/api/v1/deals", token: token,
                json:
                    #"{"title": "20 laptops", "account_id": "\#(account)", "amount": "1200000.00", "expected_close": "2026-12-20"}"#
            )
            #expect(created.status == .created)
            let deal = try created.json()
            let id = try #require(deal["id"] as? String)
            #expect(deal["amount"] as? String == "1200000.00" && deal["currency"] as? String == "PHP")
            #expect(deal["stage_name"] as? String == "Qualification" && deal["probability"] as? Int == 10)
            let lostID = try #require(stages.first { $0["outcome"] as? String == "lost" }?["id"] as? String)
            let noReason = try await client.api(
                .post, "/api/v1/deals/\(id)/stage", token: token, json: #"{"stage_id": "\#(lostID)"}"#)
            #expect(noReason.status == .unprocessableContent)
            let proposal = try #require(stages.first { $0["name"] as? String == "Proposal" }?["id"] as? String)
            let moved = try await client.api(
                .post, "/api/v1/deals/\(id)/stage", token: token, json: #"{"stage_id": "\#(proposal)"}"#)
            #expect(try moved.json()["probability"] as? Int == 50)
            let history = try await client.api(.get, "/api/v1/deals/\(id)/history", token: token)
            #expect((try history.json()["data"] as? [Any])?.count == 2)
            let metrics = try await client.api(.get, "/api/v1/deals/metrics?month=2026-12", token: token)
            #expect(try metrics.json()["weighted_pipeline"] as? String == "600000.00")
            #expect(
                try await client.api(.get, "/api/v1/deals/\(id)", token: try await world.token(world.manager2)).status
                    == .notFound)
            // The board shows the card, and moving it works with a plain form.
            let session = try await client.login("manager1@test.ph")
            let board = try await client.browse(.get, "/deals", as: session)
            #expect(board.status == .ok && board.text.contains("20 laptops"))
            let negotiation = try #require(stages.first { $0["name"] as? String == "Negotiation" }?["id"] as? String)
            let move = try await client.browse(
                .post, "/deals/\(id)/stage", as: session, form: [("stage_id", negotiation), ("return_to", "/deals")])
            #expect(move.status == .seeOther)
            let detail = try await client.browse(.get, "/deals/\(id)", as: session)
            #expect(detail.text.contains("Negotiation"))
            // Conversion by stage from the history: entered, went on, and visibility applies.
            let conversion = try await client.api(.get, "/api/v1/deals/conversion", token: token).json()
            let rows = try #require(conversion["stages"] as? [[String: Any]])
            #expect(
                rows.map { $0["stage_name"] as? String } == [
                    "Qualification", "Needs analysis", "Proposal", "Negotiation",
                ])
            #expect(rows.map { $0["entered"] as? Int } == [1, 0, 1, 1])
            #expect(rows.map { $0["advanced"] as? Int } == [1, 0, 1, 0])
            #expect(rows[0]["advance_rate_percent"] as? String == "100" && rows[1]["advance_rate_percent"] is NSNull)
            let hidden = try await client.api(
                .get, "/api/v1/deals/conversion", token: try await world.token(world.manager2)
            ).json()
            #expect((hidden["stages"] as? [[String: Any]])?.allSatisfy { $0["entered"] as? Int == 0 } == true)
            #expect(
                try await client.api(.get, "/api/v1/deals/conversion?pipeline_id=nope", token: token).status
                    == .unprocessableContent)
            #expect(try await client.browse(.get, "/deals", as: session).text.contains("conversion-heading"))
            let badForm = try await client.browse(
                .post, "/deals", as: session,
                form: [("title", ""), ("account_id", account.description), ("amount", "-1")])
            #expect(badForm.status == .unprocessableContent)
        }
    }
}
