import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The head's dashboard part of the documented walk (issue 13): the dashboard with a plan (costs covered, coverage,
// the forecast), without one, and the refusals.

extension OpenAPIWireTests {
    /// Runs after `payments` (an issued invoice with a payment allocated to it is open).
    static func headDashboard(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let (m1, m2) = (world.manager1.id, world.manager2.id)
        try await api.call(
            .put, "/api/v1/plans/2026-10", token: t.head,
            json: """
                {"cost_lines": [{"kind": "rent", "label": "Office rent", "amount": "300000", "is_recurring_monthly": true}],
                 "target_profit": "0", "gross_margin": 30, "split_method": "weights", "weight_scale": "percent",
                 "weights": [{"manager_id": "\(m1)", "weight": 60}, {"manager_id": "\(m2)", "weight": 40}]}
                """, expect: .ok)
        let october = try await api.call(.get, "/api/v1/dashboards/head?month=2026-10", token: t.head, expect: .ok)
        #expect(october["costs_covered"]?["costs"]?.stringValue == "300000.00")
        #expect(october["plan_coverage"]?["plan"]?.stringValue == "1000000.00")
        #expect(october["plan_version"] == .integer(1))
        #expect(october["trend"]?.arrayValue?.count == 12)
        #expect(october["cash_forecast"]?["weeks"]?.arrayValue?.isEmpty == false)
        #expect(october["aging"]?.arrayValue?.isEmpty == false)
        #expect(october["cash_forecast"]?["doubtful"]?.stringValue == "0.00")
        #expect(october["teams"]?.arrayValue?.first?["team_name"]?.stringValue == "North")
        let asOf = try await api.call(
            .get, "/api/v1/dashboards/head?month=2026-10&as_of=2026-10-15", token: t.head, expect: .ok)
        #expect(asOf["as_of"]?.stringValue == "2026-10-15")
        try await api.call(
            .get, "/api/v1/dashboards/head?as_of=2026-13-01", token: t.head, expect: .unprocessableContent)
        let running = try await api.call(.get, "/api/v1/dashboards/head", token: t.admin, expect: .ok)
        #expect(running["costs_covered"] == .null)
        try await api.call(.get, "/api/v1/dashboards/head", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/dashboards/head?month=October", token: t.head, expect: .unprocessableContent)
    }
}
