import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The sending part of the documented walk (issue 14, item 6): a quote and a contract sent by email through the
// outbox (set up by the `outbox` part), their refusals, and a send without email.

extension OpenAPIWireTests {
    /// Runs after `outbox` (outgoing email is set up) and `payments`.
    static func sending(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let deal = try await api.call(
            .post, "/api/v1/deals", token: t.manager,
            json: """
                {"title": "Sent displays", "account_id": "\(tala)", "expected_close": "2027-02-20",
                 "lines": [{"description": "Display", "quantity": "2", "unit": "pc", "unit_price": "1500"}]}
                """, expect: .created)
        let quote = try await api.call(
            .post, "/api/v1/quotes", token: t.manager, json: #"{"deal_id": "\#(try deal.id())"}"#, expect: .created)
        let quoteID = try quote.id()
        try await api.call(
            .post, "/api/v1/quotes/\(quoteID)/send", token: t.manager, json: #"{"to": "not an address"}"#,
            expect: .unprocessableContent)
        try await api.call(
            .post, "/api/v1/quotes/\(quoteID)/send", token: t.manager,
            json: #"{"email": false, "message": "Hello"}"#, expect: .unprocessableContent)
        try await api.call(
            .post, "/api/v1/quotes/\(quoteID)/send", token: t.manager,
            json: """
                {"version": 1, "to": "maria@example.ph", "subject": "Quotation {number}",
                 "message": "Please find our quotation {number} attached.", "email": true}
                """, expect: .ok)

        let contract = try await api.call(
            .post, "/api/v1/contracts", token: t.manager,
            json: """
                {"title": "Sent service", "account_id": "\(tala)", "signatory_contact_id": "\(world.manager1Contact.id)",
                 "start_date": "2027-01-01", "end_date": "2027-12-31", "value": "12000.00",
                 "billing_schedule": {"kind": "one_off", "date": "2027-01-15"}}
                """, expect: .created)
        try await api.call(.post, "/api/v1/contracts/\(try contract.id())/send", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/outbox", token: t.manager, expect: .ok)
    }
}
