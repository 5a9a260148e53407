import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The discount approval queue's page (issue 13), on both engines: the head finds it from the quotes list, sees
/// each waiting line with a form, rejects one with a reason (none: the problem page, nothing decided) and approves
/// the other; a manager is refused the queue and sees the outcomes on the quote, in English and Filipino.
@Suite(.timeLimit(.minutes(20))) struct DiscountApprovalsWebTests {
    @Test(arguments: TestEngine.available)
    func theHeadDecidesOnThePageAndTheManagerSeesTheOutcome(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let quote = try await OpenAPIWireTests.quoteAwaitingDiscounts(world)
            let requests = try await world.services.quotes.discountApprovals(
                quoteID: quote.id, viewer: world.head.viewer)
            #expect(requests.count == 2)
            let head = try await client.login("head@test.ph")
            let manager = try await client.login("manager1@test.ph")
            #expect(
                try await client.browse(.get, "/quotes", as: head).text.contains("id=\"discount-approvals-link\""))
            #expect(
                !(try await client.browse(.get, "/quotes", as: manager).text.contains("discount-approvals-link")))

            let page = try await client.browse(.get, "/approvals/discounts", as: head)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"discount-approvals\""))
            for request in requests {
                #expect(page.text.contains("action=\"/approvals/discounts/\(request.id)\""))
            }
            #expect(page.text.contains("Consulting") && page.text.contains("20%") && page.text.contains("10%"))
            #expect(try await client.browse(.get, "/approvals/discounts", as: manager).status == .forbidden)
            #expect(try await client.browse(.get, "/approvals/discounts?lang=fil", as: head).status == .ok)

            let consulting = try #require(requests.first { $0.lineDescription == "Consulting" })
            let installation = try #require(requests.first { $0.lineDescription == "Installation" })
            let noReason = try await client.browse(
                .post, "/approvals/discounts/\(consulting.id)", as: head,
                form: [("decision", "reject"), ("reason", ""), ("version", "1")])
            #expect(noReason.status == .unprocessableContent)
            let rejected = try await client.browse(
                .post, "/approvals/discounts/\(consulting.id)", as: head,
                form: [("decision", "reject"), ("reason", "Too deep for a new customer"), ("version", "1")])
            #expect(rejected.status == .seeOther)
            #expect(rejected.headers[.location] == "/approvals/discounts?decided=1")
            let approved = try await client.browse(
                .post, "/approvals/discounts/\(installation.id)", as: head,
                form: [("decision", "approve"), ("reason", ""), ("version", "1")])
            #expect(approved.status == .seeOther)
            let byManager = try await client.browse(
                .post, "/approvals/discounts/\(installation.id)", as: manager,
                form: [("decision", "approve"), ("version", "2")])
            #expect(byManager.status == .forbidden)
            let after = try await client.browse(.get, "/approvals/discounts?decided=1", as: head)
            #expect(
                after.text.contains("id=\"discount-decided\"") && after.text.contains("id=\"discount-approvals-empty\"")
            )

            let seen = try await client.browse(.get, "/quotes/\(quote.id)", as: manager)
            #expect(seen.status == .ok)
            #expect(seen.text.contains("id=\"discount-approvals\""))
            #expect(seen.text.contains("Line 1 (Consulting), 20%: rejected — Too deep for a new customer"))
            #expect(seen.text.contains("Line 2 (Installation), 15%: approved"))
            let fil = try await client.browse(.get, "/quotes/\(quote.id)?lang=fil", as: manager)
            #expect(fil.text.contains("tinanggihan"))
            // The quote is not sent while a line is rejected.
            let send = try await client.api(
                .post, "/api/v1/quotes/\(quote.id)/send", token: try await world.token(world.manager1))
            #expect(send.status == .conflict)
            #expect(try send.json()["code"] as? String == "discount_approval_required")
        }
    }
}
