import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The audit part of the documented walk (issue 15): an account changed through the API with an `X-Request-ID`,
// its history read back (the request id and the changed field from → to in it; paged), refused to another
// manager as the account itself is; the auditors' CSV refused to a manager and sent to the head.

extension OpenAPIWireTests {
    static func audit(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let account = world.manager1Accounts[1]
        var headers = HTTPFields()
        headers[.xRequestID] = "walk-audit-0001"
        let before = try await api.call(.get, "/api/v1/accounts/\(account.id)", token: t.manager, expect: .ok)
        headers[.ifMatch] = "\"\(try before.version())\""
        try await api.call(
            .patch, "/api/v1/accounts/\(account.id)", token: t.manager, json: #"{"industry": "Audited retail"}"#,
            headers: headers, expect: .ok)
        let history = try await api.call(
            .get, "/api/v1/history/account/\(account.id)?limit=1", token: t.manager, expect: .ok)
        let newest = try #require(history["data"]?.arrayValue?.first)
        #expect(newest["request_id"]?.stringValue == "walk-audit-0001")
        #expect(newest["action"]?.stringValue == "account.updated")
        #expect(newest["actor_name"]?.stringValue == world.manager1.name)
        let industry = newest["changes"]?.arrayValue?.first { $0["field"]?.stringValue == "industry" }
        #expect(industry?["to"]?.stringValue == "Audited retail")
        let cursor = try #require(history["next_cursor"]?.stringValue)
        let older = try await api.call(
            .get, "/api/v1/history/account/\(account.id)?limit=1&cursor=\(cursor)", token: t.manager, expect: .ok)
        #expect(older["data"]?.arrayValue?.first?["id"] != newest["id"])
        try await api.call(.get, "/api/v1/history/account/\(account.id)", token: t.head, expect: .ok)
        // Another manager's account: 404, as its own GET.
        let hidden = world.manager2Accounts[0]
        try await api.call(.get, "/api/v1/accounts/\(hidden.id)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/history/account/\(hidden.id)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/history/unicorn/\(hidden.id)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/history/user/\(world.admin.id)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/history/user/\(world.manager1.id)", token: t.admin, expect: .ok)

        try await api.call(.get, "/api/v1/audit/export", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/audit/export?from=2026-12-31&to=2026-01-01", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/audit/export", token: t.head, expect: .ok)
    }
}
