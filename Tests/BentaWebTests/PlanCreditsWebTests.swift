import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Every figure links to its records (issue 13): a manager's actual on the attainment page, the leaderboard and the
/// head's dashboard opens the documents credited to them, which add up to it, each linking to its record; a manager
/// opens only their own; the API gives the same. The clock starts on 2026-11-30 in Manila; the company credits on
/// issued invoices.
@Suite(.timeLimit(.minutes(20))) struct PlanCreditsWebTests {
    @Test(arguments: TestEngine.available)
    func theActualOpensTheInvoicesBehindItAndAddsUp(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let first = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "150000")
            let second = try await world.issuedInvoice(account: world.manager1Accounts[1], net: "80000")
            _ = try await world.issuedInvoice(
                account: world.manager2Accounts[0], net: "99000", owner: world.manager2)
            let head = try await client.login("head@test.ph")
            _ = try await client.browse(.post, "/plans/2026-11", as: head, form: PlansWebTests.form(world))

            let attainment = try await client.browse(.get, "/plans/2026-11/attainment", as: head)
            let link = "/plans/2026-11/credits/\(world.manager1.id)"
            #expect(attainment.text.contains("<td><a href=\"\(link)\">230000.00</a></td>"))

            let board = try await client.browse(.get, "/plans/2026-11/leaderboard", as: head)
            #expect(board.text.contains("<td><a href=\"\(link)\">230000.00</a></td>"))
            let dashboard = try await client.browse(.get, "/dashboard", as: head)
            #expect(dashboard.text.contains("<td><a href=\"\(link)\">230000.00</a></td>"))
            let page = try await client.browse(.get, link, as: head)
            #expect(page.status == .ok)
            #expect(page.text.contains("Sales credited to \(world.manager1.name) · 2026-11"))
            for invoice in [first, second] {
                let number = try #require(invoice.number)
                #expect(page.text.contains("<a href=\"/invoices/\(invoice.id)\">\(number)</a>"))
            }
            #expect(page.text.contains("<td class=\"num\">150000.00</td>"))
            #expect(page.text.contains("<td class=\"num\">80000.00</td>"))
            #expect(page.text.contains("<td class=\"num\" id=\"credits-total\">230000.00</td>"))
            #expect(!page.text.contains("99000.00"))

            // A manager opens their own, not another's (404, as for a record they cannot see).
            let manager1 = try await client.login("manager1@test.ph")
            let own = try await client.browse(.get, link, as: manager1)
            #expect(own.status == .ok && own.text.contains("id=\"credits-total\">230000.00<"))
            let manager2 = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, link, as: manager2).status == .notFound)
            #expect(
                try await client.browse(.get, "/plans/2026-11/credits/not-a-user", as: head).status == .notFound)

            // The API: the same documents and total; another manager's is 404; Filipino page reads.
            let json = try await client.api(
                .get, "/api/v1/plans/2026-11/credits/\(world.manager1.id)", token: try await world.token(world.manager1)
            ).json()
            #expect(json["actual"] as? String == "230000.00" && json["credit_basis"] as? String == "invoiced")
            let rows = try #require(json["data"] as? [[String: Any]])
            #expect(Set(rows.compactMap { $0["amount"] as? String }) == ["150000.00", "80000.00"])
            #expect(rows.allSatisfy { $0["source_kind"] as? String == "invoice" })
            #expect(rows.contains { $0["source_link"] as? String == "/api/v1/invoices/\(first.id)" })
            #expect(rows.contains { $0["label"] as? String == first.number })
            #expect(
                try await client.api(
                    .get, "/api/v1/plans/2026-11/credits/\(world.manager1.id)",
                    token: try await world.token(world.manager2)
                ).status == .notFound)
            try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let filipino = try await client.browse(.get, link, as: manager1)
            #expect(filipino.text.contains("Mga benta na naitala kay \(world.manager1.name)"))
        }
    }
}
