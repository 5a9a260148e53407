import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct SearchPagesTests {
    @Test(arguments: TestEngine.available)
    func theSearchBoxAndAPIHonourVisibility(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/search?q=tala", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Tala Foods"))
            let hidden = try await client.browse(.get, "/search?q=dagat", as: session)
            #expect(!hidden.text.contains("Dagat Logistics"))
            let api = try await client.api(.get, "/api/v1/search?q=maria", token: try await world.token(world.head))
            let hits = try #require(try api.json()["data"] as? [[String: Any]])
            #expect(hits.map { $0["entity"] as? String } == ["contact"])
            let tooLong = try await client.api(
                .get, "/api/v1/search?q=\(String(repeating: "a", count: 201))", token: try await world.token(world.head)
            )
            #expect(tooLong.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func creatingALikelyDuplicateAsksFirstAndHeadsCanMerge(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let warned = try await client.browse(
                .post, "/accounts", as: session, form: [("name", "Tala Foods Inc."), ("phones", "0917 999 0000")])
            #expect(warned.status == .unprocessableContent)
            #expect(warned.text.contains("confirm_duplicates"))
            #expect(warned.text.contains("Tala Foods"))
            let confirmed = try await client.browse(
                .post, "/accounts", as: session,
                form: [("name", "Tala Foods Inc."), ("phones", "0917 999 0000"), ("confirm_duplicates", "1")])
            #expect(confirmed.status == .seeOther)
            let copyURL = try #require(confirmed.headers[.location])
            let copyID = String(copyURL.dropFirst("/accounts/".count))
            // The head sees the pair and merges the copy into the original through the API.
            let head = try await world.token(world.head)
            let original = world.manager1Accounts[0].id
            let dups = try await client.api(.get, "/api/v1/accounts/\(original)/duplicates", token: head)
            let ids = (try dups.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [copyID])
            let refused = try await client.api(
                .post, "/api/v1/accounts/\(original)/merge", token: try await world.token(world.manager1),
                json: #"{"from": "\#(copyID)"}"#)
            #expect(refused.status == .forbidden)
            let merged = try await client.api(
                .post, "/api/v1/accounts/\(original)/merge", token: head, json: #"{"from": "\#(copyID)"}"#)
            #expect(merged.status == .ok)
            let phones = (try merged.json()["phones"] as? [[String: Any]] ?? []).compactMap { $0["e164"] as? String }
            #expect(phones.contains("+639179990000"))
            let copy = try await client.api(.get, "/api/v1/accounts/\(copyID)", token: head)
            #expect(try copy.json()["status"] as? String == "archived")
        }
    }
}
