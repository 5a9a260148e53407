import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The plan pages and API (issue 13): the head saves a month's plan through the form (the derived break-even and
/// plan, the split, a second version with its reason in the history; a refused form changes nothing), and the
/// attainment page shows each manager's row with an SVG bar and its text alternative, a manager only their own.
@Suite(.timeLimit(.minutes(20))) struct PlansWebTests {
    static func form(_ world: TestWorld, margin: String = "30", reason: String = "") -> [(String, String)] {
        var form: [(String, String)] = [
            ("cost_kind", "rent"), ("cost_label", "Office rent"), ("cost_amount", "500000"), ("cost_recurring", "yes"),
            ("cost_kind", "salaries"), ("cost_label", "Office salaries"), ("cost_amount", "700000"),
            ("cost_recurring", "yes"),
            ("cost_kind", "other"), ("cost_label", ""), ("cost_amount", ""), ("cost_recurring", "yes"),
            ("target_profit", "300000"), ("gross_margin", margin), ("split_method", "weights"),
            ("weight_scale", "percent"), ("reason", reason),
        ]
        for (manager, weight) in [(world.manager1, "40"), (world.manager2, "35"), (world.manager3, "25")] {
            form += [("share_manager", manager.id.description), ("share_value", weight)]
        }
        return form
    }

    /// Turns the legal profile off and issues an invoice of `net` + 12% VAT for `account`, by `owner`.
    static func issueInvoice(_ world: TestWorld, net: String, by owner: User, for account: Account) async throws {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        _ = try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    @Test(arguments: TestEngine.available)
    func theHeadSavesThePlanThroughTheFormAndSeesItsVersions(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await client.login("head@test.ph")
            let start = try await client.browse(.get, "/plans", as: head)
            #expect(start.status == .seeOther || start.status == .found)
            #expect(start.headers[.location] == "/plans/2026-11")
            let empty = try await client.browse(.get, "/plans/2026-11", as: head)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("id=\"plan-none\""))
            #expect(empty.text.contains(">Plans</a>"))

            let refused = try await client.browse(
                .post, "/plans/2026-11", as: head, form: Self.form(world, margin: "0"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("gross_margin"))
            #expect(
                try await world.services.plans.versions(
                    month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer
                ).isEmpty)

            let more = try await client.browse(
                .post, "/plans/2026-11", as: head, form: Self.form(world) + [("add_row", "1")])
            #expect(more.status == .ok)
            #expect(more.text.contains("id=\"cost_label_4\"") && !more.text.contains("id=\"cost_label_5\""))
            #expect(
                try await world.services.plans.versions(
                    month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer
                ).isEmpty)

            let saved = try await client.browse(.post, "/plans/2026-11", as: head, form: Self.form(world))
            #expect(saved.status == .seeOther || saved.status == .found)
            let page = try await client.browse(.get, "/plans/2026-11", as: head)
            #expect(page.text.contains("PHP 4000000.00") && page.text.contains("PHP 5000000.00"))
            #expect(page.text.contains("2000000.00") && page.text.contains("1750000.00"))
            #expect(page.text.contains("First plan for 2026-11"))

            let second = try await client.browse(
                .post, "/plans/2026-11", as: head, form: Self.form(world, margin: "25", reason: "Lower margins"))
            #expect(second.status == .seeOther || second.status == .found)
            let after = try await client.browse(.get, "/plans/2026-11", as: head)
            #expect(after.text.contains("Lower margins") && after.text.contains("PHP 6000000.00"))

            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/plans/2026-11", as: manager).status == .forbidden)
            let managerStart = try await client.browse(.get, "/plans", as: manager)
            #expect(managerStart.headers[.location] == "/plans/2026-11/attainment")
        }
    }

    @Test(arguments: TestEngine.available)
    func attainmentShowsBarsAndAManagerOnlyTheirOwnRow(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await Self.issueInvoice(world, net: "230000", by: world.manager1, for: world.manager1Accounts[0])
            let head = try await client.login("head@test.ph")
            _ = try await client.browse(.post, "/plans/2026-11", as: head, form: Self.form(world))

            let page = try await client.browse(.get, "/plans/2026-11/attainment", as: head)
            #expect(page.status == .ok)
            #expect(page.text.contains(world.manager1.name) && page.text.contains(world.manager2.name))
            #expect(page.text.contains("aria-label=\"\(world.manager1.name): 11.5% of plan\""))
            #expect(page.text.contains("<title>\(world.manager1.name): 11.5% of plan</title>"))
            #expect(page.text.contains("id=\"costs-covered\""))
            // ₱230,000 × 30% = ₱69,000 of ₱1,200,000 of costs.
            #expect(page.text.contains("Costs covered: 5.8%"))

            let manager = try await client.login("manager1@test.ph")
            let own = try await client.browse(.get, "/plans/2026-11/attainment", as: manager)
            #expect(own.status == .ok)
            #expect(own.text.contains(world.manager1.name) && !own.text.contains(world.manager2.name))
            #expect(!own.text.contains("id=\"costs-covered\""))

            let token = try await world.token(world.manager2)
            let json = try await client.api(.get, "/api/v1/plans/2026-11/attainment", token: token).json()
            let rows = try #require(json["rows"] as? [[String: Any]])
            #expect(rows.map { $0["manager_id"] as? String } == [world.manager2.id.description])
            #expect(rows.first?["plan"] as? String == "1750000.00")
            #expect(json["costs_covered"] is NSNull)

            let fil = try await client.browse(.get, "/plans/2026-11/attainment?lang=fil", as: manager)
            #expect(fil.status == .ok)
        }
    }
}
