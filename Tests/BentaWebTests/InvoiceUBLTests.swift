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

@Suite(.timeLimit(.minutes(20))) struct InvoiceUBLTests {
    /// Issued invoices and credit notes export as UBL with Benta's figures; a draft has none; sending queues it.
    @Test(arguments: TestEngine.available)
    func issuedDocumentsExportAsUBL(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let (documents, mixed, draftID) = try await Self.issueDocuments(client, world: world)
            let token = try await world.token(world.manager1)
            #expect(documents["tiny"]?.contains(#"<cbc:TaxAmount currencyID="PHP">0.04</cbc:TaxAmount>"#) == true)
            #expect(documents["dollars"]?.contains("<cbc:TaxCurrencyCode>PHP</cbc:TaxCurrencyCode>") == true)
            #expect(documents["credit"]?.contains("<CreditNote ") == true)
            #expect(documents["mixed"]?.contains("RF") == true)
            let other = try await world.token(world.manager2)
            #expect(try await client.api(.get, "/api/v1/invoices/\(mixed)/ubl", token: other).status == .notFound)

            // Sending by email: refused without an SMTP server, then queued in the outbox for the billing contact.
            let unconfigured = try await client.api(.post, "/api/v1/invoices/\(mixed)/send", token: token)
            #expect(unconfigured.status == .conflict)
            #expect(try unconfigured.json()["code"] as? String == "email_not_configured")
            let smtp = try await client.api(
                .put, "/api/v1/settings/smtp", token: try await world.token(world.admin),
                json: #"{"host": "127.0.0.1", "port": 2525, "security": "none", "from_address": "billing@bituin.ph"}"#)
            #expect(smtp.status == .ok, "\(smtp.text)")
            let draftSend = try await client.api(.post, "/api/v1/invoices/\(draftID)/send", token: token)
            #expect(draftSend.status == .conflict)
            let queued = try await client.api(
                .post, "/api/v1/invoices/\(mixed)/send", token: token, json: #"{"include_ubl": true}"#)
            #expect(queued.status == .accepted)
            #expect(try queued.json()["to"] as? String == "maria@example.ph")
            let outbox = try await client.api(.get, "/api/v1/outbox", token: token).json()
            #expect((outbox["data"] as? [[String: Any]])?.first?["related_id"] as? String == mixed)
            #expect(try await client.api(.post, "/api/v1/invoices/\(mixed)/send", token: other).status == .notFound)
        }
    }

    /// The same documents validate against the UBL 2.1 XSD and the EN 16931 Schematron (third-party files).
    @Test(.ublValidation)
    func issuedDocumentsPassTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await withWebApp(.sqlite) { world, client in
            let (documents, _, _) = try await Self.issueDocuments(client, world: world)
            #expect(documents.count == 5)
            for (name, outcome) in try await validators.validate(documents) {
                #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
                #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.assertions.map { "\($0.id) \($0.text)" })")
            }
        }
    }

    /// Issues a mixed-VAT invoice with a discount and a charge, a VAT-inclusive one, one of three 0.10 lines, one in
    /// dollars and a credit note; returns their UBL by name, the mixed invoice's id and a draft's id.
    static func issueDocuments(
        _ client: some TestClientProtocol, world: TestWorld
    ) async throws -> (documents: [String: String], mixed: String, draftID: String) {
        try await InvoicesAPITests.prepare(client, world: world)
        let token = try await world.token(world.manager1)
        let account = world.manager1Accounts[0].id
        func issue(_ body: String) async throws -> String {
            let created = try await client.api(.post, "/api/v1/invoices", token: token, json: body)
            let id = try #require(try created.json()["id"] as? String)
            let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(issued.status == .ok, "\(issued.text)")
            return id
        }
        let draft = try await client.api(
            .post, "/api/v1/invoices", token: token, json: #"{"account_id": "\#(account)"}"#)
        let draftID = try #require(try draft.json()["id"] as? String)
        #expect(try await client.api(.get, "/api/v1/invoices/\(draftID)/ubl", token: token).status == .conflict)

        let mixed = try await issue(
            #"{"account_id": "\#(account)", "contact_id": "\#(world.manager1Contact.id)", "discount": "100", "charge": "250", "charge_reason": "Delivery", "lines": \#(InvoicesAPITests.mixedLines)}"#
        )
        let inclusive = try await issue(
            #"{"account_id": "\#(account)", "prices_include_tax": true, "lines": [{"description": "Annual support, ñ", "quantity": "3", "unit": "month", "unit_price": "2000", "discount_percent": "5"}]}"#
        )
        let tiny = try await issue(
            #"{"account_id": "\#(account)", "lines": [{"description": "A", "unit_price": "0.10"}, {"description": "B", "unit_price": "0.10"}, {"description": "C", "unit_price": "0.10"}]}"#
        )
        let dollars = try await issue(
            #"{"account_id": "\#(account)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Consulting", "quantity": "10", "unit": "hour", "unit_price": "100"}]}"#
        )
        let note = try await client.api(
            .post, "/api/v1/invoices/\(mixed)/credit-notes", token: token,
            json: #"{"reason": "One printer returned", "lines": [{"line": 0, "quantity": "1"}]}"#)
        let noteID = try #require(try note.json()["id"] as? String)
        var documents: [String: String] = [:]
        for (name, id) in [
            ("mixed", mixed), ("inclusive", inclusive), ("tiny", tiny), ("dollars", dollars), ("credit", noteID),
        ] {
            let response = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
            #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("application/xml") == true)
            documents[name] = String(buffer: response.body)
        }
        return (documents, mixed, draftID)
    }
}
