import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The one search box (issue 14, item 1): a landline typed without its area code finds the number, TINs that start
/// with 0 are found, invoice numbers and deals are in it, and an unknown number offers to make a lead of the caller.
@Suite(.timeLimit(.minutes(20))) struct GlobalSearchTests {
    @Test(arguments: TestEngine.available)
    func aNumberTypedWithoutItsAreaCodeFindsThePhone(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            // Bituin Hardware's landline is 02 8111 0002; Maria Santos's mobile 0917 555 0101.
            for query in ["8111+0002", "8111-0002", "81110002"] {
                let page = try await client.browse(.get, "/search?q=\(query)", as: session)
                #expect(page.text.contains("Bituin Hardware"), "\(query)")
            }
            #expect(try await client.browse(.get, "/search?q=555+0101", as: session).text.contains("Maria Santos"))
            // Too few digits to be a phone's ending; another manager's customer stays hidden.
            #expect(!(try await client.browse(.get, "/search?q=10002", as: session).text.contains("Bituin Hardware")))
            #expect(!(try await client.browse(.get, "/search?q=222+0002", as: session).text.contains("Perlas")))
            // The lists' text filters and the API read the same index.
            #expect(
                try await client.browse(.get, "/accounts?q=8111+0002", as: session).text.contains("Bituin Hardware"))
            let api = try await client.api(
                .get, "/api/v1/search?q=8111%200002", token: try await world.token(world.manager1))
            let hits = try #require(try api.json()["data"] as? [[String: Any]])
            #expect(hits.map { $0["title"] as? String } == ["Bituin Hardware"])
            // A TIN that starts with 0 (the company's own customer here: 011-222-333).
            var account = AccountDraft()
            account.name = "Zero TIN Trading"
            account.tin = "011-222-333-000"
            _ = try await world.services.accounts.create(account, viewer: world.manager1.viewer)
            for query in ["011-222-333", "011222333", "011-222-333-000"] {
                let page = try await client.browse(.get, "/search?q=\(query)", as: session)
                #expect(page.text.contains("Zero TIN Trading"), "\(query)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func invoiceNumbersAndDealsAreInTheGlobalSearch(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            try await AccountOverviewTests.invoiceSettings(world)
            var deal = DealDraft()
            deal.title = "Espresso machines"
            deal.accountID = tala.id.description
            deal.amount = "90000.00"
            deal.expectedClose = "2026-12-20"
            let made = try await world.services.deals.create(deal, viewer: world.manager1.viewer)
            var line = LineDraft()
            line.description = "Consulting"
            line.quantity = "1"
            line.unitPrice = "10000"
            var draft = InvoiceDraft()
            draft.accountID = tala.id.description
            draft.lines = [line]
            let created = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let invoice = try await world.services.invoices.issue(
                created.id, viewer: world.manager1.viewer, expectedVersion: nil)
            let number = try #require(invoice.number)
            let encoded = try #require(number.addingPercentEncoding(withAllowedCharacters: .alphanumerics))

            let session = try await client.login("manager1@test.ph")
            for query in [encoded, encoded.lowercased()] {
                let page = try await client.browse(.get, "/search?q=\(query)", as: session)
                #expect(page.text.contains("<a href=\"/invoices/\(invoice.id)\">\(number)</a>"), "\(query)")
                #expect(page.text.contains("<h2>Invoices</h2>"))
            }
            let deals = try await client.browse(.get, "/search?q=espresso+mach", as: session)
            #expect(deals.text.contains("<a href=\"/deals/\(made.id)\">Espresso machines</a>"))
            #expect(deals.text.contains("<h2>Deals</h2>") && deals.text.contains("· Tala Foods"))
            let token = try await world.token(world.manager1)
            let api = try await client.api(.get, "/api/v1/search?q=\(encoded)", token: token)
            let hits = try #require(try api.json()["data"] as? [[String: Any]])
            #expect(hits.map { $0["entity"] as? String } == ["invoice"])
            #expect(hits.first?["subtitle"] as? String == "Tala Foods")
            let dealHits = try #require(
                try await client.api(.get, "/api/v1/search?q=espresso", token: token).json()["data"]
                    as? [[String: Any]])
            #expect(dealHits.map { $0["entity"] as? String } == ["deal"])
            // Another manager finds neither.
            let other = try await client.login("manager2@test.ph")
            #expect(
                !(try await client.browse(.get, "/search?q=\(encoded)", as: other).text.contains(
                    "/invoices/\(invoice.id)")))
            #expect(!(try await client.browse(.get, "/search?q=espresso", as: other).text.contains("Espresso")))
        }
    }

    @Test(arguments: TestEngine.available)
    func anUnknownNumberBecomesALeadInOneStep(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let search = try await client.browse(.get, "/search?q=0999+123+4567", as: session)
            let offer = "href=\"/leads/new?phone=0999%20123%204567&amp;source=inbound_call\""
            #expect(search.text.contains(offer))
            #expect(search.text.contains("Create a lead with this number"))
            // A known number or a word offers nothing.
            #expect(!(try await client.browse(.get, "/search?q=8111+0002", as: session).text.contains("/leads/new")))
            #expect(!(try await client.browse(.get, "/search?q=nobody", as: session).text.contains("/leads/new")))
            // The form comes filled in; the number alone is enough to save it.
            let form = try await client.browse(
                .get, "/leads/new?phone=0999%20123%204567&source=inbound_call", as: session)
            #expect(form.text.contains("name=\"phone\" value=\"0999 123 4567\""))
            #expect(form.text.contains("<option value=\"inbound_call\" selected>"))
            let saved = try await client.browse(
                .post, "/leads", as: session,
                form: [("phone", "0999 123 4567"), ("source", "inbound_call")])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasSuffix("?saved=1"))
            let page = try await client.browse(.get, location, as: session)
            #expect(page.text.contains("Lead saved."))
            #expect(page.text.contains("<a href=\"tel:+639991234567\">"))
            // Found by its number from now on, and no longer offered.
            let again = try await client.browse(.get, "/search?q=0999+123+4567", as: session)
            #expect(again.text.contains("<h2>Leads</h2>") && again.text.contains("0999 123 4567"))
            #expect(!again.text.contains(offer))
        }
    }
}
