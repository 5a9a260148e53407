import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite(.timeLimit(.minutes(20))) struct QuotesAPITests {
    /// A deal of manager1 with two lines, one with a Filipino ñ; returns its id.
    static func dealWithLines(_ client: any TestClientProtocol, world: TestWorld, token: String) async throws -> String
    {
        let account = world.manager1Accounts[0].id
        let contact = world.manager1Contact.id
        let created = try await client.api(
            .post, "/api/v1/deals", token: token,
            json: """
                {"title": "Store displays", "account_id": "\(account)", "contact_ids": ["\(contact)"],
                 "expected_close": "2027-01-20", "lines": [
                   {"description": "Piñata display stand", "quantity": "4", "unit": "pc", "unit_price": "1250.00"},
                   {"description": "Installation", "quantity": "2.5", "unit": "hour", "unit_price": "800",
                    "discount_percent": "10"}]}
                """)
        #expect(created.status == .created)
        return try #require(try created.json()["id"] as? String)
    }

    @Test(arguments: TestEngine.available)
    func aQuoteGoesFromDraftToSentToAcceptedAndWinsTheDeal(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await Self.dealWithLines(client, world: world, token: token)
            let created = try await client.api(
                .post, "/api/v1/quotes", token: token, json: #"{"deal_id": "\#(dealID)"}"#)
            #expect(created.status == .created)
            var quote = try created.json()
            let id = try #require(quote["id"] as? String)
            #expect(quote["status"] as? String == "draft" && quote["number"] is NSNull)
            #expect((quote["lines"] as? [Any])?.count == 2)
            #expect(quote["contact_id"] as? String == world.manager1Contact.id.description)
            // 4 × 1250 + 2.5 × 800 − 10% = 5000 + 1800 = 6800; VAT 816; total 7616.
            let totals = try #require(quote["totals"] as? [String: Any])
            #expect(
                totals["total_without_tax"] as? String == "6800.00" && totals["total_with_tax"] as? String == "7616.00")

            let edited = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token,
                json: #"{"version": 1, "terms": "50% down payment, balance on delivery.", "notes": "Salamat po!"}"#)
            #expect(edited.status == .ok)
            let sent = try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token, json: #"{"version": 2}"#)
            #expect(sent.status == .ok)
            quote = try sent.json()
            let number = try #require(quote["number"] as? String)
            #expect(number.hasPrefix("Q-") && number.hasSuffix("-00001"))
            #expect(quote["status"] as? String == "sent" && quote["issue_date"] is String)

            // A sent quote is a document: no edits, no second send, nothing changes.
            let edit = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token, json: #"{"version": 3, "notes": "changed"}"#)
            #expect(edit.status == .conflict)
            #expect(try edit.json()["code"] as? String == "quote_not_editable")
            let again = try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token)
            #expect(again.status == .conflict)
            #expect(
                try await client.api(.get, "/api/v1/quotes/\(id)", token: token).json()["notes"] as? String
                    == "Salamat po!")

            // The PDF carries the number, parties, lines (ñ included) and totals.
            let pdf = try await client.api(.get, "/api/v1/quotes/\(id)/pdf", token: token)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
                for expected in [
                    number, "QUOTATION", "Tala Foods", "Maria Santos", "Piñata display stand", "Installation",
                    "PHP 6,800.00", "PHP 816.00", "PHP 7,616.00", "Seven Thousand Six Hundred Sixteen",
                    "50% down payment",
                ] {
                    #expect(text.contains(expected), "PDF text lacks \(expected)")
                }
            }

            let accepted = try await client.api(
                .post, "/api/v1/quotes/\(id)/accept", token: token, json: #"{"version": 3}"#)
            #expect(accepted.status == .ok)
            #expect(try accepted.json()["status"] as? String == "accepted")
            let deal = try await client.api(.get, "/api/v1/deals/\(dealID)", token: token).json()
            #expect(deal["status"] as? String == "won")
            let declined = try await client.api(.post, "/api/v1/quotes/\(id)/decline", token: token)
            #expect(declined.status == .conflict)

            // Visibility: another manager sees none of it.
            let other = try await world.token(world.manager2)
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/quotes/\(id)"), (.get, "/api/v1/quotes/\(id)/pdf"),
                (.post, "/api/v1/quotes/\(id)/send"), (.post, "/api/v1/quotes/\(id)/accept"),
                (.post, "/api/v1/quotes/\(id)/decline"),
            ] {
                #expect(try await client.api(method, path, token: other).status == .notFound, "\(path)")
            }
            let patch = try await client.api(.patch, "/api/v1/quotes/\(id)", token: other, json: #"{"version": 4}"#)
            #expect(patch.status == .notFound)
            let list = try await client.api(.get, "/api/v1/quotes", token: other)
            #expect((try list.json()["data"] as? [Any])?.isEmpty == true)
            let fromHiddenDeal = try await client.api(
                .post, "/api/v1/quotes", token: other, json: #"{"deal_id": "\#(dealID)"}"#)
            #expect(fromHiddenDeal.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func badDraftsAreRefusedAndExpiredQuotesCannotBeAccepted(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await Self.dealWithLines(client, world: world, token: token)
            let id = try #require(
                try await client.api(.post, "/api/v1/quotes", token: token, json: #"{"deal_id": "\#(dealID)"}"#)
                    .json()["id"] as? String)
            let bad = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token,
                json: """
                    {"version": 1, "valid_until": "2026-02-30", "contact_id": "\(world.manager2Accounts[0].id)",
                     "lines": [{"description": "x", "quantity": "-1", "unit_price": "5"}]}
                    """)
            #expect(bad.status == .unprocessableContent)
            let past = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token, json: #"{"version": 1, "valid_until": "2020-01-01"}"#)
            #expect(past.status == .ok)
            let refused = try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token)
            #expect(refused.status == .unprocessableContent)
            let empty = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token,
                json: #"{"version": 2, "valid_until": "2099-12-31", "lines": []}"#)
            #expect(empty.status == .ok)
            #expect(
                try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token).status
                    == .unprocessableContent)
            let restored = try await client.api(
                .patch, "/api/v1/quotes/\(id)", token: token,
                json: #"{"version": 3, "lines": [{"description": "Display", "unit_price": "100"}]}"#)
            #expect(restored.status == .ok)
            #expect(try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token).status == .ok)
            // Time passes: the validity date is behind us, so the quote shows as expired and cannot be accepted.
            try await world.services.database.transaction { db in
                try await db.raw("UPDATE quotes SET valid_until = '2021-06-30' WHERE id = \(bind: id)").run()
            }
            #expect(
                try await client.api(.get, "/api/v1/quotes/\(id)", token: token).json()["status"] as? String
                    == "expired")
            let expired = try await client.api(.get, "/api/v1/quotes?status=expired", token: token)
            #expect((try expired.json()["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let accept = try await client.api(.post, "/api/v1/quotes/\(id)/accept", token: token)
            #expect(accept.status == .conflict)
            #expect(try accept.json()["code"] as? String == "quote_expired")
            let declined = try await client.api(
                .post, "/api/v1/quotes/\(id)/decline", token: token, json: #"{"reason": "Budget moved to 2027"}"#)
            #expect(try declined.json()["status"] as? String == "declined")
            #expect(try await client.api(.get, "/api/v1/quotes?status=bogus", token: token).status != .ok)
        }
    }

    /// Twenty quotes sent at once get the numbers 1…20 of the series: no gap, no duplicate.
    @Test(arguments: TestEngine.available)
    func concurrentSendersGetGaplessUniqueNumbers(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await Self.dealWithLines(client, world: world, token: token)
            var ids: [String] = []
            for _ in 0..<20 {
                let created = try await client.api(
                    .post, "/api/v1/quotes", token: token, json: #"{"deal_id": "\#(dealID)"}"#)
                ids.append(try #require(try created.json()["id"] as? String))
            }
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for id in ids {
                    group.addTask {
                        let sent = try await client.api(.post, "/api/v1/quotes/\(id)/send", token: token)
                        return try sent.json()["number"] as? String
                    }
                }
                return try await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
            }
            let sequences = numbers.compactMap { Int($0.split(separator: "-").last ?? "") }.sorted()
            #expect(sequences == Array(1...20))
        }
    }
}
