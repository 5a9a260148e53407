import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct QuotePagesTests {
    @Test(arguments: TestEngine.available)
    func aManagerQuotesADealAndSendsItFromThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await QuotesAPITests.dealWithLines(client, world: world, token: token)
            let session = try await client.login("manager1@test.ph")
            let dealPage = try await client.browse(.get, "/deals/\(dealID)", as: session)
            #expect(dealPage.text.contains("/deals/\(dealID)/quotes"))
            let made = try await client.browse(.post, "/deals/\(dealID)/quotes", as: session, form: [])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.hasPrefix("/quotes/"))
            let id = String(location.dropFirst("/quotes/".count))
            var page = try await client.browse(.get, location, as: session)
            #expect(page.status == .ok && page.text.contains("Piñata display stand"))

            let badLine = try await client.browse(
                .post, "/quotes/\(id)/lines", as: session,
                form: [("version", "1"), ("description", "Delivery"), ("quantity", "1"), ("unit_price", "abc")])
            #expect(badLine.status == .unprocessableContent && badLine.text.contains("value=\"abc\""))
            let line = try await client.browse(
                .post, "/quotes/\(id)/lines", as: session,
                form: [
                    ("version", "1"), ("description", "Delivery"), ("unit_price", "500"), ("tax_category", "vatable"),
                ])
            #expect(line.status == .seeOther)
            let badDate = try await client.browse(
                .post, "/quotes/\(id)", as: session,
                form: [("version", "2"), ("valid_until", "someday"), ("terms", "Net 30"), ("notes", "")])
            #expect(badDate.status == .unprocessableContent && badDate.text.contains("field-error"))
            let saved = try await client.browse(
                .post, "/quotes/\(id)", as: session,
                form: [("version", "2"), ("valid_until", "2099-01-31"), ("terms", "Net 30"), ("notes", "Salamat!")])
            #expect(saved.status == .seeOther)
            let sent = try await client.browse(.post, "/quotes/\(id)/send", as: session, form: [("version", "3")])
            #expect(sent.status == .seeOther)
            page = try await client.browse(.get, "/quotes/\(id)", as: session)
            let quote = try await client.api(.get, "/api/v1/quotes/\(id)", token: token).json()
            let number = try #require(quote["number"] as? String)
            #expect(page.text.contains(number) && !page.text.contains("/quotes/\(id)/lines\""))
            // Only an accepted quote offers a contract.
            #expect(!page.text.contains("/contracts/new?quote_id="))
            #expect(quote["total_with_tax"] == nil)
            #expect((quote["totals"] as? [String: Any])?["total_with_tax"] as? String == "8176.00")
            // Sending again from a stale page explains why instead of failing blankly.
            let twice = try await client.browse(.post, "/quotes/\(id)/send", as: session, form: [("version", "4")])
            #expect(twice.status == .conflict && twice.text.contains("alert-error"))
            let printable = try await client.browse(.get, "/quotes/\(id)/print", as: session)
            #expect(printable.status == .ok && printable.text.contains(number) && printable.text.contains("₱8,176.00"))
            let pdf = try await client.browse(.get, "/quotes/\(id)/quote.pdf", as: session)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            let list = try await client.browse(.get, "/quotes?status=sent", as: session)
            #expect(list.text.contains(number))
            let accepted = try await client.browse(
                .post, "/quotes/\(id)/accept", as: session, form: [("version", "4"), ("win_deal", "true")])
            #expect(accepted.status == .seeOther)
            let deal = try await client.api(.get, "/api/v1/deals/\(dealID)", token: token).json()
            #expect(deal["status"] as? String == "won")

            // An accepted quote leads to a contract form filled from it (account, signatory, value without VAT:
            // 7,300.00 of the 8,176.00 total, the contract's value being stated exclusive of taxes).
            let acceptedPage = try await client.browse(.get, "/quotes/\(id)", as: session)
            #expect(acceptedPage.text.contains("/contracts/new?quote_id=\(id)"))
            let contractForm = try await client.browse(.get, "/contracts/new?quote_id=\(id)", as: session)
            #expect(contractForm.status == .ok && contractForm.text.contains("value=\"7300.00\""))
            #expect(contractForm.text.contains("Store displays"))
            let wonDeal = try await client.browse(.get, "/deals/\(dealID)", as: session)
            #expect(wonDeal.text.contains("/contracts/new?deal_id=\(dealID)"))

            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/contracts/new?quote_id=\(id)", as: other).status == .notFound)
            for path in ["/quotes/\(id)", "/quotes/\(id)/print", "/quotes/\(id)/quote.pdf"] {
                #expect(try await client.browse(.get, path, as: other).status == .notFound, "\(path)")
            }
            #expect(try await client.browse(.get, "/quotes", as: other).text.contains(number) == false)
            let fil = try await client.login("head@test.ph")
            #expect(try await client.browse(.get, "/quotes", as: fil).status == .ok)
        }
    }
}
