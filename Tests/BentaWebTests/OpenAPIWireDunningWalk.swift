import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The dunning part of the documented walk (issue 12): the ladder, a run and an invoice's dunning, held against the
// OpenAPI document, refusals included. The run is on the company's today with the standard ladder, so it takes at
// most courtesy reminders and places no credit hold the later walks would meet.

extension OpenAPIWireTests {
    /// Runs after `payments`.
    static func dunning(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "payment_terms": "due_on_receipt", "prices_include_tax": false,
                 "lines": [{"description": "Toner cartridges", "quantity": "4", "unit_price": "2500.00"}]}
                """, expect: .created)
        let invoice = try draft.id()
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/issue", token: t.manager, json: #"{"version": 1}"#, expect: .ok)

        let policy = try await api.call(.get, "/api/v1/dunning/policy", token: t.manager, expect: .ok)
        let steps = try #require(policy["steps"]).jsonText
        try await api.call(
            .put, "/api/v1/dunning/policy", token: t.manager, json: #"{"version": 0, "steps": \#(steps)}"#,
            expect: .forbidden)
        try await api.call(
            .put, "/api/v1/dunning/policy", token: t.head,
            json: """
                {"version": 0, "steps": [{"level": 0, "days_from_due": 5, "action": "reminder", "channel": "email",
                 "grace_days": 3}, {"level": 1, "days_from_due": 1, "action": "call", "channel": "phone",
                 "grace_days": 3}]}
                """, expect: .unprocessableContent)
        try await api.call(
            .put, "/api/v1/dunning/policy", token: t.head, json: #"{"version": 0, "steps": \#(steps)}"#, expect: .ok)
        try await api.call(
            .put, "/api/v1/dunning/policy", token: t.head, json: #"{"version": 0, "steps": \#(steps)}"#,
            expect: .preconditionFailed)

        try await api.call(.post, "/api/v1/dunning/runs", token: t.manager, expect: .forbidden)
        let run = try await api.call(.post, "/api/v1/dunning/runs", token: t.head, expect: .ok)
        let today = try #require(run["date"]?.stringValue)
        try await api.call(
            .post, "/api/v1/dunning/runs", token: t.admin, json: #"{"date": "\#(today)"}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/dunning/runs", token: t.admin, json: #"{"date": "yesterday"}"#,
            expect: .unprocessableContent)

        let shown = try await api.call(.get, "/api/v1/invoices/\(invoice)/dunning", token: t.manager, expect: .ok)
        #expect(shown["steps"]?.arrayValue?.count == 1)
        try await api.call(
            .get, "/api/v1/invoices/\(UUID().uuidString.lowercased())/dunning", token: t.manager, expect: .notFound)
    }
}
