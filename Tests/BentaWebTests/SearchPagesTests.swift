import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct SearchPagesTests {
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
            let copyID = String(copyURL.dropFirst("/accounts/".count).prefix { $0 != "?" })
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

    /// Issue 14: a GET form sends "Tala+Coffee"; the `+` was never decoded, so a two-word search found nothing and
    /// the box showed the plus signs.
    @Test(arguments: TestEngine.available)
    func aSearchWithASpaceFindsTheRecordOnEveryListAndShowsTheWords(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = world.manager1.viewer
            var account = AccountDraft()
            account.name = "Tala Coffee Roasters"
            let roasters = try await world.services.accounts.create(account, viewer: manager)
            var lead = LeadDraft()
            lead.personName = "Ana Cruz"
            lead.companyName = "Tala Coffee Kiosk"
            _ = try await world.services.leads.create(lead, viewer: manager, companyID: world.company.id)
            var deal = DealDraft()
            deal.title = "Tala Coffee Machines"
            deal.accountID = roasters.id.description
            deal.amount = "90000.00"
            deal.expectedClose = "2026-12-20"
            _ = try await world.services.deals.create(deal, viewer: manager)
            var product = ProductDraft()
            product.code = "TALA-BEANS"
            product.name = "Tala Coffee Beans"
            product.unit = "kg"
            product.unitPrice = "450.00"
            _ = try await world.services.products.create(product, viewer: world.head.viewer)

            let session = try await client.login("manager1@test.ph")
            let lists: [(path: String, words: String, finds: String, missing: String?)] = [
                ("/accounts", "Tala Coffee", "Tala Coffee Roasters", "Tala Foods"),
                ("/contacts", "Maria Santos", "Maria Santos", nil),
                ("/leads", "Tala Coffee", "Tala Coffee Kiosk", nil),
                ("/deals", "Tala Coffee", "Tala Coffee Machines", nil),
                ("/deals/list", "Tala Coffee", "Tala Coffee Machines", nil),
                ("/products", "Tala Coffee", "Tala Coffee Beans", nil),
                ("/search", "Tala Coffee", "Tala Coffee Roasters", "Tala Foods"),
            ]
            for list in lists {
                let plus = list.words.replacingOccurrences(of: " ", with: "+")
                let page = try await client.browse(.get, "\(list.path)?q=\(plus)", as: session)
                #expect(page.status == .ok, "\(list.path)")
                #expect(page.text.contains(list.finds), "\(list.path) did not find \(list.finds)")
                #expect(page.text.contains("name=\"q\" value=\"\(list.words)\""), "\(list.path) box")
                #expect(!page.text.contains(plus), "\(list.path) shows the plus signs")
                if let missing = list.missing { #expect(!page.text.contains(missing), "\(list.path)") }
            }
            // The global search's own page finds the lead too; the API reads its query the same way.
            #expect(
                try await client.browse(.get, "/search?q=Tala+Coffee", as: session).text.contains("Tala Coffee Kiosk"))
            let token = try await world.token(world.manager1)
            let api = try await client.api(.get, "/api/v1/accounts?q=Tala+Coffee", token: token)
            let names = (try api.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["Tala Coffee Roasters"])
            let hits = try await client.api(.get, "/api/v1/search?q=Tala+Coffee", token: token)
            let titles = (try hits.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(titles.contains("Tala Coffee Roasters") && !titles.contains("Tala Foods"))
            // An encoded plus stays a plus (in the box; the search itself cuts the text into words, so a plus
            // separates them like a space: "Tala+Coffee" finds the same account).
            let literal = try await client.browse(.get, "/accounts?q=Tala%2BCoffee", as: session)
            #expect(literal.text.contains("name=\"q\" value=\"Tala+Coffee\""))
            #expect(!literal.text.contains("value=\"Tala Coffee\""))
        }
    }
}
