import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Quota types on the pages and the API (issue 13): the head adds the types on the plan page, enters each manager's
/// plan per type in the plan form, and the attainment page, its CSV and the head's dashboard show a row per type;
/// through the API a plan naming an unknown type is 422 and changes nothing.
@Suite(.timeLimit(.minutes(20))) struct QuotaTypesWebTests {
    /// A ₱1,000,000 plan for manager1 by hand, 300,000 of it new customers and 700,000 existing.
    static func form(_ world: TestWorld) -> [(String, String)] {
        let m1 = world.manager1.id.description
        return [
            ("cost_kind", "rent"), ("cost_label", "Office rent"), ("cost_amount", "300000"), ("cost_recurring", "yes"),
            ("target_profit", "0"), ("gross_margin", "30"), ("split_method", "amounts"), ("weight_scale", "percent"),
            ("reason", ""), ("share_manager", m1), ("share_value", "1000000"),
            ("type_manager", m1), ("type_code", "existing"), ("type_value", "700000"),
            ("type_manager", m1), ("type_code", "new"), ("type_value", "300000"),
        ]
    }

    @Test(arguments: TestEngine.available)
    func theHeadPlansByTypeAndThePagesShowARowPerType(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let head = try await client.login("head@test.ph")
            for (code, name, rule) in [
                ("new", "New customers", "new_customers"), ("existing", "Existing customers", "existing_customers"),
            ] {
                let added = try await client.browse(
                    .post, "/quota-types", as: head,
                    form: [("month", "2026-11"), ("code", code), ("name", name), ("rule", rule)])
                #expect(added.headers[.location] == "/plans/2026-11")
            }
            let refused = try await client.browse(
                .post, "/quota-types", as: head,
                form: [("month", "2026-11"), ("code", "new"), ("name", "Again"), ("rule", "new_customers")])
            #expect(refused.status == .unprocessableContent)
            let empty = try await client.browse(.get, "/plans/2026-11", as: head)
            #expect(empty.text.contains("id=\"plan-type-split\""))
            #expect(empty.text.contains("id=\"type_new_\(world.manager1.id)\""))
            #expect(empty.text.contains("<td>new</td><td>New customers</td>"))

            let saved = try await client.browse(.post, "/plans/2026-11", as: head, form: Self.form(world))
            #expect(saved.status == .seeOther || saved.status == .found)
            let plan = try #require(
                try await world.services.plans.plan(month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer)
            )
            #expect(
                plan.typeShares.map { "\($0.quotaType) \($0.amount.decimalString)" } == [
                    "existing 700000.00", "new 300000.00",
                ])
            let page = try await client.browse(.get, "/plans/2026-11", as: head)
            #expect(page.text.contains("name=\"type_value\" value=\"300000.00\""))

            // Tala is new (never invoiced); ₱250,000 of ₱300,000 → 83.3%.
            _ = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "250000")
            let attainment = try await client.browse(.get, "/plans/2026-11/attainment", as: head)
            #expect(attainment.status == .ok)
            #expect(attainment.text.contains("data-quota-type=\"new\""))
            #expect(
                attainment.text.contains(
                    "Quota type: New customers</th><td>300000.00</td><td>250000.00</td><td>83.3%</td>"))
            #expect(
                attainment.text.contains(
                    "Quota type: Existing customers</th><td>700000.00</td><td>0.00</td><td>0%</td>"))
            let csv = try await client.browse(.get, "/plans/2026-11/attainment/export.csv", as: head)
            #expect(
                csv.text.contains(
                    "quota_type:new,\(world.manager1.name) — New customers,300000.00,250000.00,83.3,50000.00"))
            let fil = try await client.browse(.get, "/plans/2026-11/attainment?lang=fil", as: head)
            #expect(fil.text.contains("Uri ng quota: New customers"))
            let dashboard = try await client.browse(.get, "/dashboard?month=2026-11", as: head)
            #expect(dashboard.text.contains("id=\"plan-by-type\""))
            #expect(dashboard.text.contains("<td>300000.00</td><td>250000.00</td><td>83.3%</td>"))
        }
    }

    @Test(arguments: TestEngine.available)
    func anUnknownTypeThroughTheAPIIs422AndChangesNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.head)
            let added = try await client.api(
                .post, "/api/v1/quota-types", token: token,
                json: #"{"code": "new", "name": "New customers", "rule": "new_customers"}"#)
            #expect(added.status == .created)
            let m1 = world.manager1.id.description
            let body = { (type: String) in
                """
                {"cost_lines": [{"kind": "rent", "label": "Rent", "amount": "300000"}], "gross_margin": "30",
                 "split_method": "amounts", "amounts": [{"manager_id": "\(m1)", "amount": "1000000"}],
                 "type_amounts": [{"manager_id": "\(m1)", "quota_type": "\(type)", "amount": "300000"}]}
                """
            }
            let bad = try await client.api(.put, "/api/v1/plans/2026-11", token: token, json: body("renewals"))
            #expect(bad.status == .unprocessableContent)
            let problem = try bad.json()
            let errors = try #require(problem["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["type_amounts[0].quota_type"])
            #expect(try await client.api(.get, "/api/v1/plans/2026-11", token: token).status == .notFound)

            let good = try await client.api(.put, "/api/v1/plans/2026-11", token: token, json: body("new"))
            #expect(good.status == .ok)
            let shares = try #require(try good.json()["type_shares"] as? [[String: Any]])
            #expect(shares.map { $0["amount"] as? String } == ["300000.00"])
            let again = try await client.api(
                .put, "/api/v1/plans/2026-11", token: token,
                json: body("total").replacingOccurrences(
                    of: #""gross_margin""#, with: #""reason": "x", "version": 1, "gross_margin""#))
            #expect(again.status == .unprocessableContent)
            let current = try await client.api(.get, "/api/v1/plans/2026-11", token: token).json()
            #expect(current["version"] as? Int == 1)
            let report = try await client.api(.get, "/api/v1/plans/2026-11/attainment", token: token).json()
            let rows = try #require(report["rows"] as? [[String: Any]])
            let row = try #require(rows.first { $0["manager_id"] as? String == m1 })
            let byType = try #require(row["by_type"] as? [[String: Any]])
            #expect(byType.map { $0["quota_type"] as? String } == ["new"])
            #expect(byType.first?["plan"] as? String == "300000.00")
        }
    }
}
