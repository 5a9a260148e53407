import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// UBL under EN 16931 carries amounts with at most two decimals: a three-decimal currency is refused by name, a
/// currency without decimals exports and validates.
@Suite(.timeLimit(.minutes(20))) struct InvoiceUBLCurrencyTests {
    /// Creates and issues a foreign-currency invoice for Tala Foods; returns its id.
    static func issue(
        _ client: some TestClientProtocol, token: String, world: TestWorld, currency: String, rate: String,
        price: String
    ) async throws -> String {
        let created = try await client.api(
            .post, "/api/v1/invoices", token: token,
            json:
                #"{"account_id": "\#(world.manager1Accounts[0].id)", "contact_id": "\#(world.manager1Contact.id)", "currency": "\#(currency)", "exchange_rate": "\#(rate)", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Consulting", "quantity": "3", "unit": "hour", "unit_price": "\#(price)"}]}"#
        )
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(try created.json()["id"] as? String)
        let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
        #expect(issued.status == .ok, "\(issued.text)")
        return id
    }

    /// A KWD invoice (three decimals) is issued and prints, but its UBL is refused with a 409 that names the
    /// currency and the two-decimal limit, by the download and by sending with `include_ubl`.
    @Test(arguments: TestEngine.available)
    func aThreeDecimalCurrencyIsRefusedUBLByName(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let id = try await Self.issue(
                client, token: token, world: world, currency: "KWD", rate: "183.25", price: "12.345")
            let refused = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
            #expect(refused.status == .conflict)
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let problem = try refused.json()
            #expect(problem["code"] as? String == "ubl_not_possible")
            let detail = try #require(problem["detail"] as? String)
            #expect(detail.contains("KWD") && detail.contains("3 decimals") && detail.contains("at most 2"))
            #expect(try await client.api(.get, "/api/v1/invoices/\(id)/pdf", token: token).status == .ok)

            let smtp = try await client.api(
                .put, "/api/v1/settings/smtp", token: try await world.token(world.admin),
                json: #"{"host": "127.0.0.1", "port": 2525, "security": "none", "from_address": "billing@bituin.ph"}"#)
            #expect(smtp.status == .ok, "\(smtp.text)")
            let withUBL = try await client.api(
                .post, "/api/v1/invoices/\(id)/send", token: token, json: #"{"include_ubl": true}"#)
            #expect(withUBL.status == .conflict)
            #expect(try withUBL.json()["code"] as? String == "ubl_not_possible")
            let pdfOnly = try await client.api(.post, "/api/v1/invoices/\(id)/send", token: token)
            #expect(pdfOnly.status == .accepted)
        }
    }

    /// A JPY invoice (no decimals) exports with whole-yen amounts, and its VAT in pesos with centavos.
    @Test(arguments: TestEngine.available)
    func aZeroDecimalCurrencyExportsWholeAmounts(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let xml = try await Self.yenUBL(client, world: world)
            #expect(xml.contains(#"<cbc:DocumentCurrencyCode>JPY</cbc:DocumentCurrencyCode>"#))
            #expect(xml.contains(#"<cbc:PayableAmount currencyID="JPY">40320</cbc:PayableAmount>"#))
            let yen = try Regex(#"currencyID="JPY">([^<]*)<"#)
            let amounts = xml.matches(of: yen).map { String(xml[$0.range]) }
            #expect(amounts.count > 5)
            #expect(amounts.allSatisfy { !$0.contains(".") }, "\(amounts)")
            #expect(xml.contains(#"<cbc:TaxAmount currencyID="PHP">1598.40</cbc:TaxAmount>"#))
        }
    }

    /// The JPY invoice passes the UBL 2.1 XSD and the EN 16931 Schematron (third-party files).
    @Test(.ublValidation)
    func aZeroDecimalCurrencyPassesTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await withWebApp(.sqlite) { world, client in
            let xml = try await Self.yenUBL(client, world: world)
            let outcome = try #require(try await validators.validate(["jpy": xml])["jpy"])
            #expect(outcome.schemaErrors.isEmpty, "\(outcome.schemaErrors)")
            #expect(outcome.fatalRuleIDs.isEmpty, "\(outcome.assertions.map { "\($0.id) \($0.text)" })")
        }
    }

    /// 3 hours at ¥12,000 plus 12% VAT (¥4,320) at 0.37 PHP per yen; the UBL of the issued invoice.
    static func yenUBL(_ client: some TestClientProtocol, world: TestWorld) async throws -> String {
        try await InvoicesAPITests.prepare(client, world: world)
        let token = try await world.token(world.manager1)
        let id = try await Self.issue(client, token: token, world: world, currency: "JPY", rate: "0.37", price: "12000")
        let response = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return response.text
    }
}
