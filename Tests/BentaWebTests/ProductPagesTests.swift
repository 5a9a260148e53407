import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct ProductPagesTests {
    @Test(arguments: TestEngine.available)
    func theHeadEditsTheCatalogueInPagesAndManagersOnlyRead(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await client.login("head@test.ph")
            #expect(try await client.browse(.get, "/products/new", as: head).status == .ok)
            let bad = try await client.browse(
                .post, "/products", as: head,
                form: [
                    ("code", "SVC INSTALL"), ("name", "Installation"), ("unit", "hour"), ("unit_price", "-5"),
                    ("tax_category", "vatable"), ("is_active", "false"), ("is_active", "true"),
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"Installation\""))
            #expect(bad.text.contains("It cannot be negative."))
            #expect(bad.text.contains("A product code has no spaces"))
            let good = try await client.browse(
                .post, "/products", as: head,
                form: [
                    ("code", "SVC-INSTALL"), ("name", "Pag-install ng network"), ("unit", "hour"),
                    ("unit_price", "1500.00"), ("tax_category", "vatable"), ("price_includes_tax", "true"),
                    ("is_active", "false"), ("is_active", "true"),
                ])
            #expect(good.status == .seeOther)
            let list = try await client.browse(.get, "/products", as: head)
            #expect(list.text.contains("Pag-install ng network") && list.text.contains("SVC-INSTALL"))
            let products = try await world.services.products.list(
                viewer: world.head.viewer, filter: ProductFilter(), page: PageRequest()
            ).items
            let product = try #require(products.first)
            #expect(product.fields.priceIncludesTax && product.fields.isActive)
            // Unticking "active" retires it (the hidden field sends false).
            let retired = try await client.browse(
                .post, "/products/\(product.id)", as: head,
                form: [
                    ("version", "1"), ("code", "SVC-INSTALL"), ("name", "Pag-install ng network"), ("unit", "hour"),
                    ("unit_price", "1500.00"), ("tax_category", "vatable"), ("is_active", "false"),
                ])
            #expect(retired.status == .seeOther)
            #expect(!(try await client.browse(.get, "/products", as: head).text.contains("SVC-INSTALL")))
            #expect(try await client.browse(.get, "/products?active=all", as: head).text.contains("SVC-INSTALL"))

            let manager = try await client.login("manager1@test.ph")
            let read = try await client.browse(.get, "/products?active=all", as: manager)
            #expect(read.status == .ok && read.text.contains("SVC-INSTALL"))
            #expect(!read.text.contains("/products/import"))
            #expect(try await client.browse(.get, "/products/new", as: manager).status == .forbidden)
            let sneaky = try await client.browse(
                .post, "/products", as: manager,
                form: [("code", "X"), ("name", "X"), ("unit", "pc"), ("unit_price", "1.00"), ("is_active", "true")])
            #expect(sneaky.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCatalogueFileIsCheckedThenImportedAllOrNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await client.login("head@test.ph")
            func upload(_ csv: String, dryRun: Bool) async throws -> TestResponse {
                var fields = [("_csrf", head.csrf)]
                if dryRun { fields.append(("dry_run", "true")) }
                let body = ImportPagesTests.multipart(fields, file: ("file", "products.csv", "text/csv", csv))
                return try await client.execute(
                    uri: "/products/import", method: .post,
                    headers: [.cookie: "benta_session=\(head.cookie)", .contentType: body.type],
                    body: ByteBuffer(string: body.body))
            }
            let broken =
                "code,name,unit,unit_price,tax_category,is_active\r\nLAP-14,Laptop,pc,42000.00,vatable,yes\r\n"
                + "LAP-16,Laptop 16,pc,-1,vatable,oo\r\nlap-14,Again,pc,1.00,exempt,maybe\r\n"
            let rejected = try await upload(broken, dryRun: false)
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.text.contains("Line 3, unit_price"))
            #expect(rejected.text.contains("Line 4, is_active"))
            #expect(
                try await world.services.products.list(
                    viewer: world.head.viewer, filter: ProductFilter(isActive: nil), page: PageRequest()
                ).items.isEmpty)
            let csv =
                "code,name,unit,unit_price,tax_category,tax_rate_percent,price_includes_tax\r\n"
                + "LAP-14,Laptop 14-inch,pc,42000.00,vatable,,no\r\n"
                + "BOOK-PH,\"Aklat, Pagbebenta\",pc,450,exempt,,\r\n"
            let checked = try await upload(csv, dryRun: true)
            #expect(checked.status == .ok && checked.text.contains("2 would be new"))
            let imported = try await upload(csv, dryRun: false)
            #expect(imported.status == .ok && imported.text.contains("Imported: 2 new, 0 updated."))
            // The same codes again update; the export reads back what was imported.
            let again = try await upload(csv.replacingOccurrences(of: "42000.00", with: "41000.00"), dryRun: false)
            #expect(again.text.contains("Imported: 0 new, 2 updated."))
            let export = try await client.browse(.get, "/products/export.csv", as: head)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(export.text.contains("LAP-14,Laptop 14-inch,,pc,41000.00,PHP,false,vatable,,true"))
            #expect(export.text.contains("BOOK-PH,\"Aklat, Pagbebenta\",,pc,450.00,PHP,false,exempt,,true"))
        }
    }

    @Test(arguments: TestEngine.available)
    func theImportAPIReportsEveryRejectedRowAndExportNeutralisesFormulas(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.admin)
            func post(_ csv: String, query: String = "") async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/products/import\(query)", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"],
                    body: ByteBuffer(string: csv))
            }
            let missing = try await post("code,name\r\nA,B\r\n")
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["code"] as? String != nil)
            let bad = try await post("code,name,unit,unit_price\r\nA,=HYPERLINK(1),pc,1.00\r\nB,,pc,1.00\r\n")
            #expect(bad.status == .unprocessableContent)
            let body = try bad.json()
            #expect(body["applied"] as? Bool == false)
            let rejected = try #require(body["rejected"] as? [[String: Any]])
            #expect(
                rejected.count == 1 && rejected[0]["line"] as? Int == 3 && rejected[0]["column"] as? String == "name")
            let dry = try await post("code,name,unit,unit_price\r\nA,=HYPERLINK(1),pc,1.00\r\n", query: "?dry_run=true")
            let dryBody = try dry.json()
            #expect(dry.status == .ok && dryBody["applied"] as? Bool == false)
            let real = try await post("code,name,unit,unit_price\r\nA,=HYPERLINK(1),pc,1.00\r\n")
            let realBody = try real.json()
            #expect(real.status == .ok && realBody["created"] as? Int == 1)
            let export = try await client.api(.get, "/api/v1/products/export.csv", token: token)
            #expect(export.text.contains("A,'=HYPERLINK(1),,pc,1.00"))
            let manager = try await world.token(world.manager1)
            let refused = try await client.execute(
                uri: "/api/v1/products/import", method: .post,
                headers: [.authorization: "Bearer \(manager)", .contentType: "text/csv"],
                body: ByteBuffer(string: "code,name,unit,unit_price\r\nZ,Z,pc,1.00\r\n"))
            #expect(refused.status == .forbidden)
            let wrongType = try await client.execute(
                uri: "/api/v1/products/import", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }
}
