import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct ProductsAPITests {
    @Test(arguments: TestEngine.available)
    func theHeadKeepsTheCatalogueAndEveryoneReadsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let install =
                #"{"code": "SVC-INSTALL", "name": "Installation service", "unit": "hour", "unit_price": "1500.00"}"#
            let refused = try await client.api(.post, "/api/v1/products", token: manager, json: install)
            #expect(refused.status == .forbidden)
            let created = try await client.api(.post, "/api/v1/products", token: head, json: install)
            #expect(created.status == .created)
            let product = try created.json()
            let id = try #require(product["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/products/\(id)")
            #expect(product["unit_price"] as? String == "1500.00" && product["currency"] as? String == "PHP")
            #expect(product["tax_category"] as? String == "vatable" && product["tax_rate_percent"] is NSNull)
            #expect(product["price_includes_tax"] as? Bool == false && product["is_active"] as? Bool == true)
            let exempt = try await client.api(
                .post, "/api/v1/products", token: head,
                json:
                    #"{"code": "BOOK-PH", "name": "Aklat ng Pagbebenta", "unit": "pc", "unit_price": 450, "tax_category": "exempt"}"#
            )
            #expect(exempt.status == .created)
            #expect(try exempt.json()["unit_price"] as? String == "450.00")

            // Everyone reads the catalogue; filters by text and by active flag.
            let all = try await client.api(.get, "/api/v1/products", token: manager)
            #expect(all.status == .ok)
            let names = (try all.json()["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["Aklat ng Pagbebenta", "Installation service"])
            let found = try await client.api(.get, "/api/v1/products?q=svc-inst", token: manager)
            #expect((try found.json()["data"] as? [[String: Any]])?.count == 1)

            // Versioned update; a stale version changes nothing.
            let retired = try await client.api(
                .patch, "/api/v1/products/\(id)", token: head,
                json: #"{"is_active": false, "unit_price": "1650.00", "version": 1}"#)
            #expect(retired.status == .ok)
            #expect(try retired.json()["version"] as? Int == 2)
            let stale = try await client.api(
                .patch, "/api/v1/products/\(id)", token: head, json: #"{"name": "Changed", "version": 1}"#)
            #expect(stale.status == .preconditionFailed)
            let active = try await client.api(.get, "/api/v1/products", token: manager)
            #expect((try active.json()["data"] as? [[String: Any]])?.count == 1)
            let inactive = try await client.api(.get, "/api/v1/products?active=false", token: manager)
            let shown = try #require((try inactive.json()["data"] as? [[String: Any]])?.first)
            #expect(shown["name"] as? String == "Installation service" && shown["unit_price"] as? String == "1650.00")
            let badFilter = try await client.api(.get, "/api/v1/products?active=maybe", token: manager)
            #expect(badFilter.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func badProductsAreRefusedAndChangeNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let first = try await client.api(
                .post, "/api/v1/products", token: head,
                json: #"{"code": "LAP-14", "name": "Laptop 14-inch", "unit": "pc", "unit_price": "42000.00"}"#)
            #expect(first.status == .created)
            let cases: [(String, HTTPResponse.Status, String?)] = [
                (
                    #"{"code": "lap-14", "name": "Same code", "unit": "pc", "unit_price": "1.00"}"#,
                    .unprocessableContent, "taken"
                ),
                (
                    #"{"code": "NEG", "name": "Negative", "unit": "pc", "unit_price": "-1.00"}"#, .unprocessableContent,
                    "negative"
                ),
                (#"{"code": "FLT", "name": "Float", "unit": "pc", "unit_price": 10.5}"#, .badRequest, nil),
                (
                    #"{"code": "X", "name": "Three decimals", "unit": "pc", "unit_price": "1.005"}"#,
                    .unprocessableContent, "invalid_amount"
                ),
                (
                    #"{"code": "A B", "name": "Space", "unit": "pc", "unit_price": "1.00"}"#, .unprocessableContent,
                    "invalid_code"
                ),
                (
                    #"{"code": "T", "name": "Tax", "unit": "pc", "unit_price": "1.00", "tax_category": "luxury"}"#,
                    .unprocessableContent, "invalid_choice"
                ),
                (
                    #"{"code": "R", "name": "Rate", "unit": "pc", "unit_price": "1.00", "tax_category": "exempt", "tax_rate_percent": 12}"#,
                    .unprocessableContent, "not_allowed"
                ),
                (
                    #"{"code": "R2", "name": "Rate", "unit": "pc", "unit_price": "1.00", "tax_rate_percent": "150"}"#,
                    .unprocessableContent, "out_of_range"
                ),
                (
                    #"{"code": "C", "name": "Currency", "unit": "pc", "unit_price": "1.00", "currency": "XXXX"}"#,
                    .unprocessableContent, "invalid_currency"
                ),
                (#"{"code": "M", "unit": "pc", "unit_price": "1.00"}"#, .unprocessableContent, "required"),
                (
                    #"{"code": "U", "name": "Unknown", "unit": "pc", "unit_price": "1.00", "colour": "red"}"#,
                    .badRequest, nil
                ),
            ]
            for (body, status, code) in cases {
                let response = try await client.api(.post, "/api/v1/products", token: head, json: body)
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8", "\(body)")
                if let code {
                    let errors = try #require(try response.json()["errors"] as? [[String: Any]], "\(body)")
                    #expect(errors.contains { $0["code"] as? String == code }, "\(body)")
                }
            }
            let list = try await client.api(.get, "/api/v1/products?active=all", token: head)
            #expect((try list.json()["data"] as? [[String: Any]])?.count == 1)
            let missing = try await client.api(
                .get, "/api/v1/products/01945c3a-8f21-7b4e-9d12-6a0c3e5f7b21", token: head)
            #expect(missing.status == .notFound)
        }
    }
}
