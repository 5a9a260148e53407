import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The leaderboard and trend part of the documented walk (issue 13): the month's ranking as the head and as a
// manager (whose view hides the others' amounts) and the 12-month trend for the team, a manager and refusals.

extension OpenAPIWireTests {
    /// Runs after `commission`: November 2026 has a plan with shares and a run's statements.
    static func leaderboard(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let path = "/api/v1/plans/2026-11/leaderboard"
        let head = try await api.call(.get, path, token: t.head, expect: .ok)
        let rows = try #require(head["rows"]?.arrayValue)
        #expect(rows.first?["rank"] == .integer(1))
        #expect(rows.contains { $0["commission_source"]?.stringValue == "statement" })
        let mine = try await api.call(.get, path, token: t.manager, expect: .ok)
        for row in mine["rows"]?.arrayValue ?? [] {
            let own = row["manager_id"]?.stringValue == world.manager1.id.description
            #expect(row["is_viewer"] == .bool(own))
            #expect((row["plan"]?.stringValue != nil) == own)
        }
        try await api.call(.get, "/api/v1/plans/2026-13/leaderboard", token: t.head, expect: .notFound)
        for order in ["collected", "commission"] {
            let ranked = try await api.call(.get, path + "?by=\(order)", token: t.head, expect: .ok)
            #expect(ranked["ranked_by"]?.stringValue == order)
        }
        try await api.call(.get, path + "?by=revenue", token: t.head, expect: .unprocessableContent)

        let team = try await api.call(.get, "/api/v1/plans/trend?to=2026-11", token: t.head, expect: .ok)
        #expect(team["months"]?.arrayValue?.count == 12)
        #expect(team["months"]?.arrayValue?.last?["month"]?.stringValue == "2026-11")
        try await api.call(
            .get, "/api/v1/plans/trend?user_id=\(world.manager1.id)", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/plans/trend", token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/plans/trend?user_id=\(world.manager2.id)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/plans/trend?to=November", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/plans/trend?user_id=nobody", token: t.head, expect: .unprocessableContent)
    }
}
