import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The credit-hold part of the documented walk (issue 12, collections): every credit-hold operation answered and
// held against the OpenAPI document, refusals included. It leaves the account released, as it found it.

extension OpenAPIWireTests {
    static func creditHold(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let account = world.manager1Accounts[1].id
        let path = "/api/v1/accounts/\(account)/credit-hold"
        let accountant = try await world.token(world.accountant)
        let outsider = try await world.token(world.manager2)
        let today = world.company.settings.today(at: world.clock.now)

        try await api.call(.get, path, token: t.manager, expect: .ok)
        try await api.call(.post, path, token: t.manager, json: #"{"reason": "Late"}"#, expect: .forbidden)
        try await api.call(.post, path, token: t.admin, json: #"{"reason": " "}"#, expect: .unprocessableContent)
        try await api.call(
            .post, path, token: accountant, json: #"{"reason": "Three invoices over 60 days"}"#, expect: .created)
        try await api.call(.post, path, token: t.head, json: #"{"reason": "Again"}"#, expect: .conflict)
        try await api.call(.get, path, token: outsider, expect: .notFound)

        let until = today.adding(days: 7).iso8601String
        try await api.call(
            .post, path + "/overrides", token: t.manager,
            json: #"{"reason": "Tender", "valid_until": "\#(until)"}"#, expect: .forbidden)
        try await api.call(
            .post, path + "/overrides", token: t.head,
            json: #"{"reason": "Tender", "valid_until": "\#(today.adding(days: 31).iso8601String)"}"#,
            expect: .unprocessableContent)
        try await api.call(
            .post, path + "/overrides", token: t.head,
            json: #"{"reason": "Government tender", "valid_until": "\#(until)"}"#, expect: .created)
        let state = try await api.call(.get, path, token: t.manager, expect: .ok)
        #expect(state["active_override"]?["valid_until"]?.stringValue == until)

        try await api.call(
            .post, path + "/release", token: t.head, json: #"{"version": 2, "note": "Paid"}"#,
            expect: .preconditionFailed)
        try await api.call(
            .post, path + "/release", token: t.manager, json: #"{"version": 1, "note": "Paid"}"#, expect: .forbidden)
        try await api.call(
            .post, path + "/release", token: t.head, json: #"{"version": 1, "note": "Paid in full"}"#, expect: .ok)
        try await api.call(
            .post, path + "/overrides", token: t.head,
            json: #"{"reason": "Tender", "valid_until": "\#(until)"}"#, expect: .conflict)
    }
}
