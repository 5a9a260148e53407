import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The commission part of the documented walk (issue 13): plans, a run, statements, approval and the estimate,
// refusals included, each answer held against the OpenAPI document.

extension OpenAPIWireTests {
    /// Runs after `payments`: manager1 has issued invoices in November 2026 (the test clock's month).
    static func commission(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let manager = world.manager1.id.description
        try await api.call(
            .put, "/api/v1/commission/plans/default", token: t.admin,
            json: """
                {"structure": "over_plan", "rate_percent": "10", "gross_margin_percent": "30", "currency": "PHP",
                 "base_salary": "25000.00", "product_rates": [], "new_customer_rate_percent": "12",
                 "cap": "500000.00", "draw": {"amount": "5000.00", "is_recoverable": true},
                 "clawback": {"rate_percent": "10", "days_after_due": 90}, "effective_from": "2026-11",
                 "reason": "The article's model"}
                """, expect: .ok)
        try await api.call(
            .put, "/api/v1/commission/plans/\(manager)", token: t.head,
            json: """
                {"structure": "tiered", "tiers": [{"from": "0", "to": "100", "rate_percent": "3"},
                 {"from": "100", "to": null, "rate_percent": "5"}], "base_salary": "25000.00",
                 "product_rates": [{"product_id": "\(UUID().uuidString.lowercased())", "rate_percent": "4"}],
                 "effective_from": "2026-11", "reason": "Accelerator"}
                """, expect: .ok)
        try await api.call(
            .put, "/api/v1/commission/plans/\(manager)", token: t.head,
            json: """
                {"structure": "tiered", "tiers": [{"from": "0", "to": "90", "rate_percent": "3"},
                 {"from": "100", "rate_percent": "5"}], "reason": "Gap", "version": 1}
                """, expect: .unprocessableContent)
        try await api.call(
            .put, "/api/v1/commission/plans/\(manager)", token: t.manager,
            json: #"{"structure": "flat", "rate_percent": "50", "reason": "Mine"}"#, expect: .forbidden)
        try await api.call(
            .put, "/api/v1/commission/plans/\(world.accountant.id)", token: t.admin,
            json: #"{"structure": "flat", "rate_percent": "5", "reason": "Not a manager"}"#,
            expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/commission/plans/default", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/commission/plans/\(manager)", token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/commission/plans/\(world.manager2.id)", token: t.manager, expect: .notFound)

        _ = try await world.services.plans.save(
            MonthPlanDraft(
                costLines: [.init(kind: "rent", label: "Office", amount: "600000", isRecurringMonthly: true)],
                targetProfit: "0", grossMargin: "30", splitMethod: "amounts",
                amounts: [.init(managerID: manager, value: "100000")], reason: "November plan"),
            month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer)
        try await api.call(
            .post, "/api/v1/deals", token: t.manager,
            json: """
                {"title": "Closing this month", "account_id": "\(world.manager1Accounts[0].id)",
                 "amount": "40000.00", "expected_close": "2026-11-30"}
                """, expect: .created)

        try await api.call(
            .post, "/api/v1/commission/runs", token: t.manager, json: #"{"month": "2026-11"}"#, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/commission/runs", token: t.head, json: #"{"month": "November"}"#,
            expect: .unprocessableContent)
        let run = try await api.call(
            .post, "/api/v1/commission/runs", token: t.head, json: #"{"month": "2026-11"}"#, expect: .ok)
        let statement = try #require(run["statements"]?.arrayValue?.first).id()
        try await api.call(.get, "/api/v1/commission/statements?month=2026-11", token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/commission/statements?user_id=\(manager)", token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/commission/statements?month=11-2026", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/commission/statements/\(statement)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/commission/estimate?month=2026-11", token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/commission/estimate?month=2026-11&user_id=\(world.manager2.id)", token: t.head,
            expect: .notFound)
        try await api.call(
            .post, "/api/v1/commission/statements/\(statement)/approval", token: t.manager, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/commission/statements/\(statement)/approval", token: t.head, expect: .ok)
        try await api.call(
            .post, "/api/v1/commission/statements/\(statement)/approval", token: t.head, expect: .conflict)
        try await api.call(
            .post, "/api/v1/commission/runs", token: t.head, json: #"{"month": "2026-11"}"#, expect: .conflict)
    }
}
