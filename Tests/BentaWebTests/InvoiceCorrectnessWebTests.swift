import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// What the API and the print view show of issue 10's rules: negative invoices refused with the field named, and a
/// seller that is not VAT-registered printing no VAT.
@Suite(.timeLimit(.minutes(20))) struct InvoiceCorrectnessWebTests {
    static func errors(_ response: TestResponse) throws -> [String] {
        (try response.json()["errors"] as? [[String: Any]] ?? []).map {
            "\($0["field"] as? String ?? "") \($0["code"] as? String ?? "")"
        }
    }

    @Test(arguments: TestEngine.available)
    func aNegativeInvoiceIsRefusedNamingTheDiscount(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let negative = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "discount": "500", "lines": [{"description": "Pen", "unit_price": "100"}]}"#
            )
            let id = try #require(try negative.json()["id"] as? String)
            let refused = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.errors(refused) == ["discount negative_tax_base", "discount total_not_positive"])
            let exempt = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "discount": "500", "lines": [{"description": "Seminar", "unit_price": "2000", "tax_category": "exempt"}]}"#
            )
            let exemptID = try #require(try exempt.json()["id"] as? String)
            let wrongCategory = try await client.api(.post, "/api/v1/invoices/\(exemptID)/issue", token: token)
            #expect(wrongCategory.status == .unprocessableContent)
            #expect(
                try Self.errors(wrongCategory) == [
                    "discount_tax_category tax_category_not_on_lines", "discount negative_tax_base",
                ])
        }
    }

    @Test(arguments: TestEngine.available)
    func theNonVATSellersPrintViewShowsNoVAT(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            var settings = CompanySettingsDraft(world.company.settings)
            settings.isVATRegistered = false
            _ = try await world.services.companies.updateSettings(
                settings, expectedVersion: nil, viewer: world.admin.viewer)
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": [{"description": "Seminar", "unit_price": "2000", "tax_category": "exempt"}]}"#
            )
            let id = try #require(try created.json()["id"] as? String)
            #expect(try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).status == .ok)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            #expect(page.text.contains("NON-VAT Reg. TIN 009-123-456-00000"))
            #expect(page.text.contains("THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX"))
            #expect(!page.text.contains("VATable Sales"))
        }
    }
}
