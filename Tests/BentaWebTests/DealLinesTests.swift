import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct DealLinesTests {
    @Test(arguments: TestEngine.available)
    func linesPriceTheDealFromTheCatalogueAndBadLinesChangeNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let token = try await world.token(world.manager1)
            let product = try await client.api(
                .post, "/api/v1/products", token: head,
                json:
                    #"{"code": "LAPTOP", "name": "Laptop 14", "unit": "pc", "unit_price": "1120.00", "price_includes_tax": true}"#
            )
            let productID = try #require(try product.json()["id"] as? String)
            let account = world.manager1Accounts[0].id
            let created = try await client.api(
                .post, "/api/v1/deals", token: token,
                json: """
                    {"title": "Laptops and setup", "account_id": "\(account)", "expected_close": "2026-12-20",
                     "lines": [
                       {"product_id": "\(productID)", "quantity": "2"},
                       {"description": "Setup", "quantity": "2.5", "unit": "hour", "unit_price": "1500",
                        "discount_percent": "10"}]}
                    """)
            #expect(created.status == .created)
            let deal = try created.json()
            let id = try #require(deal["id"] as? String)
            // The catalogue price includes VAT; the deal's prices do not, so 1120 / 1.12 = 1000 per laptop.
            #expect(deal["amount"] as? String == "5375.00")
            let lines = try #require(deal["lines"] as? [[String: Any]])
            #expect(lines.map { $0["amount"] as? String } == ["2000.00", "3375.00"])
            #expect(lines[0]["description"] as? String == "Laptop 14" && lines[0]["unit"] as? String == "pc")
            #expect(lines[0]["unit_price"] as? String == "1000" && lines[1]["discount_percent"] as? String == "10")
            let totals = try #require(deal["totals"] as? [String: Any])
            #expect(totals["total_tax"] as? String == "645.00" && totals["total_with_tax"] as? String == "6020.00")

            // Bad lines: every problem reported under its line, and the deal stays as it was.
            let missing = UUID().uuidString.lowercased()
            let bad = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token,
                json: """
                    {"version": 1, "lines": [
                       {"product_id": "\(missing)", "quantity": "1"},
                       {"description": "Refund", "quantity": "-1", "unit_price": "100"},
                       {"description": "Typo", "quantity": "1", "unit_price": "-5"},
                       {"description": "Comma", "quantity": "1,5", "unit_price": "5"}]}
                    """)
            #expect(bad.status == .unprocessableContent)
            let fields = (try bad.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(
                Set(fields) == [
                    "lines[0].product_id", "lines[1].quantity", "lines[2].unit_price", "lines[3].quantity",
                ])
            let float = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token,
                json: #"{"version": 1, "lines": [{"description": "x", "quantity": 2.5, "unit_price": "1"}]}"#)
            #expect(float.status == .badRequest)
            let unknownKey = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token,
                json: #"{"version": 1, "lines": [{"description": "x", "price": "1"}]}"#)
            #expect(unknownKey.status == .badRequest)
            let typedAmount = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token, json: #"{"version": 1, "amount": "9999.00"}"#)
            #expect(typedAmount.status == .unprocessableContent)
            let unchanged = try await client.api(.get, "/api/v1/deals/\(id)", token: token)
            #expect(try unchanged.json()["version"] as? Int == 1)
            #expect((try unchanged.json()["lines"] as? [Any])?.count == 2)

            // Replacing the lines re-prices the deal; VAT-inclusive prices split to the centavo.
            let replaced = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token,
                json: """
                    {"version": 1, "prices_include_tax": true,
                     "lines": [{"description": "Annual support", "quantity": "1", "unit_price": "6000"}]}
                    """)
            #expect(replaced.status == .ok)
            let repriced = try replaced.json()
            #expect(repriced["amount"] as? String == "5357.14")
            #expect((repriced["totals"] as? [String: Any])?["total_tax"] as? String == "642.86")
            // Removing every line leaves a plain-amount deal that keeps its amount until someone changes it.
            let cleared = try await client.api(
                .patch, "/api/v1/deals/\(id)", token: token, json: #"{"version": 2, "lines": []}"#)
            #expect(try cleared.json()["amount"] as? String == "5357.14")
            #expect(try cleared.json()["totals"] is NSNull)
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct DealLinesPageTests {
    @Test(arguments: TestEngine.available)
    func theDealPageAddsAndRemovesLinesWithoutJavaScript(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let created = try await client.api(
                .post, "/api/v1/deals", token: token,
                json:
                    #"{"title": "Printer fleet", "account_id": "\#(account)", "amount": "50000", "expected_close": "2027-01-15"}"#
            )
            let id = try #require(try created.json()["id"] as? String)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/deals/\(id)", as: session)
            #expect(page.status == .ok && page.text.contains("id=\"lines\""))
            // The account's timeline and quick forms sit on the deal page too.
            #expect(page.text.contains("log-call-heading"))
            let bad = try await client.browse(
                .post, "/deals/\(id)/lines", as: session,
                form: [("version", "1"), ("description", "Toner"), ("quantity", "-2"), ("unit_price", "800")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("field-error") && bad.text.contains("value=\"-2\""))
            let added = try await client.browse(
                .post, "/deals/\(id)/lines", as: session,
                form: [
                    ("version", "1"), ("description", "Toner"), ("quantity", "3"), ("unit", "box"),
                    ("unit_price", "800.50"), ("discount_percent", ""), ("tax_category", "vatable"),
                ])
            #expect(added.status == .seeOther)
            var deal = try await client.api(.get, "/api/v1/deals/\(id)", token: token).json()
            #expect(deal["amount"] as? String == "2401.50" && deal["version"] as? Int == 2)
            let second = try await client.browse(
                .post, "/deals/\(id)/lines", as: session,
                form: [("version", "2"), ("description", "Service visit"), ("unit_price", "1000")])
            #expect(second.status == .seeOther)
            let shown = try await client.browse(.get, "/deals/\(id)", as: session)
            #expect(shown.text.contains("Service visit") && shown.text.contains("readonly"))
            let removed = try await client.browse(
                .post, "/deals/\(id)/lines/0/delete", as: session, form: [("version", "3")])
            #expect(removed.status == .seeOther)
            deal = try await client.api(.get, "/api/v1/deals/\(id)", token: token).json()
            #expect((deal["lines"] as? [[String: Any]])?.map { $0["description"] as? String } == ["Service visit"])
            #expect(deal["amount"] as? String == "1000.00")
            // Another manager cannot touch the lines.
            let other = try await client.login("manager2@test.ph")
            let refused = try await client.browse(
                .post, "/deals/\(id)/lines", as: other,
                form: [("version", "4"), ("description", "x"), ("unit_price", "1")])
            #expect(refused.status == .notFound)

            // The close-date filter.
            let january = try await client.api(
                .get, "/api/v1/deals?close_from=2027-01-01&close_to=2027-02-01", token: token)
            let titles = (try january.json()["data"] as? [[String: Any]])?.compactMap { $0["title"] as? String }
            #expect(titles == ["Printer fleet"])
            let badDate = try await client.api(.get, "/api/v1/deals?close_from=2027-13-01", token: token)
            #expect(badDate.status == .unprocessableContent)
            let list = try await client.browse(
                .get, "/deals/list?close_from=2027-01-01&close_to=2027-02-01", as: session)
            #expect(list.text.contains("Printer fleet") && list.text.contains("value=\"2027-01-01\""))
        }
    }
}
