import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The reports as of a day, the team rows, the forecast's doubtful debts and the deal page's credit-split form
/// (issue 13), through the pages and the API on both engines. The clock starts on 2026-11-30 in Manila.
@Suite(.timeLimit(.minutes(20))) struct PlanAsOfWebTests {
    static let december = PlanMonth(year: 2026, month: 12)!

    /// ₱1.2M of costs, ₱0.3M target profit, 30% margin (plan ₱5M), split 40/35/25.
    static func draft(_ world: TestWorld, reason: String = "") -> MonthPlanDraft {
        MonthPlanDraft(
            costLines: [.init(kind: "rent", label: "Office rent", amount: "1200000", isRecurringMonthly: true)],
            targetProfit: "300000", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
            weights: [
                .init(managerID: world.manager1.id.description, value: "40"),
                .init(managerID: world.manager2.id.description, value: "35"),
                .init(managerID: world.manager3.id.description, value: "25"),
            ], reason: reason)
    }

    /// December's plan v1 on 11-30 (manager1 ₱2.0M), v2 on 12-15 (manager1 ₱2.5M); on 12-20 the attainment page
    /// and API as of 12-12 show v1, as of 12-18 v2, with North's row; the dashboard page shows the as-of form, the
    /// team rows and the doubtful figure; a day that does not read is refused.
    @Test(arguments: TestEngine.available)
    func theReportsReadThePlanAsItStoodAndShowTheTeams(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.plans.save(
                Self.draft(world), month: Self.december, viewer: world.head.viewer)
            world.clock.advance(by: 15 * 86_400)
            var change = Self.draft(world, reason: "Manager 3 moved to key accounts")
            change.splitMethod = "amounts"
            change.amounts = [
                .init(managerID: world.manager1.id.description, value: "2500000"),
                .init(managerID: world.manager2.id.description, value: "2000000"),
            ]
            _ = try await world.services.plans.save(change, month: Self.december, viewer: world.head.viewer)
            world.clock.advance(by: 5 * 86_400)
            let head = try await client.login(world.head.email.value)

            let before = try await client.browse(.get, "/plans/2026-12/attainment?as_of=2026-12-12", as: head)
            #expect(before.status == .ok)
            #expect(before.text.contains("id=\"as-of-form\""))
            #expect(before.text.contains("value=\"2026-12-12\""))
            #expect(before.text.contains("id=\"team-attainment\""))
            #expect(before.text.contains("<th scope=\"row\">North</th><td>3250000.00</td>"))
            #expect(before.text.contains("href=\"/plans/2026-12/attainment/export.csv?as_of=2026-12-12\""))
            let beforeCSV = try await client.browse(
                .get, "/plans/2026-12/attainment/export.csv?as_of=2026-12-12", as: head)
            #expect(beforeCSV.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(beforeCSV.text.contains("manager,Kristine Uno,2000000.00,0.00,"))
            #expect(beforeCSV.text.contains("team,North,3250000.00,0.00,"))
            let after = try await client.browse(.get, "/plans/2026-12/attainment?as_of=2026-12-18", as: head)
            #expect(after.text.contains("<th scope=\"row\">North</th><td>2500000.00</td>"))
            let bad = try await client.browse(.get, "/plans/2026-12/attainment?as_of=12%2F12%2F2026", as: head)
            #expect(bad.status == .unprocessableContent)

            let board = try await client.browse(.get, "/plans/2026-12/leaderboard?as_of=2026-12-12", as: head)
            #expect(board.status == .ok)
            #expect(board.text.contains("id=\"as-of-form\"") && board.text.contains("2000000.00"))

            let dashboard = try await client.browse(.get, "/dashboard?month=2026-12&as_of=2026-12-12", as: head)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("name=\"month\" value=\"2026-12\""))
            #expect(dashboard.text.contains("id=\"team-attainment\""))
            #expect(dashboard.text.contains("id=\"forecast-doubtful\""))
            #expect(dashboard.text.contains("PHP 0.00 in 0 invoices more than 90 days past due"))
            let csv = try await client.browse(.get, "/dashboard/export.csv?month=2026-12&as_of=2026-12-12", as: head)
            #expect(csv.text.contains("team_plan,North,3250000.00"))
            #expect(csv.text.contains("cash_forecast,doubtful,0.00"))

            let token = try await world.token(world.head)
            func api(_ uri: String) async throws -> TestResponse { try await client.api(.get, uri, token: token) }
            let early = try await api("/api/v1/plans/2026-12/attainment?as_of=2026-12-12").json()
            #expect(early["plan_version"] as? Int == 1)
            let teams = try #require(early["teams"] as? [[String: Any]])
            #expect(teams.first?["team_name"] as? String == "North")
            #expect(teams.first?["plan"] as? String == "3250000.00")
            let late = try await api("/api/v1/plans/2026-12/attainment?as_of=2026-12-18").json()
            #expect(late["plan_version"] as? Int == 2)
            let head12 = try await api("/api/v1/dashboards/head?month=2026-12&as_of=2026-12-12").json()
            #expect(head12["plan_version"] as? Int == 1)
            #expect((head12["cash_forecast"] as? [String: Any])?["doubtful"] as? String == "0.00")
            #expect(try await api("/api/v1/plans/2026-12/leaderboard?as_of=soon").status == .unprocessableContent)
        }
    }

    /// manager1's open deal of PHP 1,000,000 for shared printers with Tala Foods: the deal the split forms are tried on.
    static func sharedPrintersDeal(_ world: TestWorld) async throws -> Deal {
        var draft = DealDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.title = "Shared printers"
        draft.amount = "1000000"
        draft.expectedClose = "2026-12-15"
        return try await world.services.deals.create(draft, viewer: world.manager1.viewer)
    }

    /// The head sets a deal's split through the deal page's form (60/40), a split that does not add up is refused
    /// and changes nothing, a manager reads the split without a form and may not post one, and empty rows credit
    /// the owner again.
    @Test(arguments: TestEngine.available)
    func theHeadSetsACreditSplitOnTheDealPageAndAManagerReadsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let deal = try await Self.sharedPrintersDeal(world)
            let head = try await client.login(world.head.email.value)
            let manager = try await client.login(world.manager1.email.value)
            let page = "/deals/\(deal.id)"

            let empty = try await client.browse(.get, page, as: head)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("id=\"credit-split-owner\""))
            #expect(empty.text.contains("id=\"credit-split-form\""))
            #expect(empty.text.contains("<option value=\"\(world.head.id)\">Ramon Head</option>"))
            #expect(!empty.text.contains("<option value=\"\(world.accountant.id)\""))

            let (m1, m2) = (world.manager1.id.description, world.manager2.id.description)
            let refused = try await client.browse(
                .post, page + "/credit-split", as: head,
                form: [("manager_id", m1), ("percent", "60"), ("manager_id", m2), ("percent", "30")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("href=\"\(page)#credit-split\""))
            #expect(try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer) == nil)

            let saved = try await client.browse(
                .post, page + "/credit-split", as: head,
                form: [
                    ("manager_id", m1), ("percent", "60"), ("manager_id", m2), ("percent", "40"), ("manager_id", ""),
                    ("percent", ""),
                ])
            #expect(saved.status == .seeOther || saved.status == .found)
            #expect(saved.headers[.location] == page + "#credit-split")
            let split = try #require(
                try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer))
            #expect(split.shares.map(\.managerID) == [m1, m2])
            #expect(split.shares.map(\.value) == [60, 40])
            let shown = try await client.browse(.get, page, as: head)
            #expect(shown.text.contains("<li>Kristine Uno: 60%</li><li>Paolo Dos: 40%</li>"))
            #expect(shown.text.contains("<option value=\"\(m2)\" selected>Paolo Dos</option>"))

            let readOnly = try await client.browse(.get, page, as: manager)
            #expect(readOnly.status == .ok)
            #expect(readOnly.text.contains("<li>Kristine Uno: 60%</li>"))
            #expect(!readOnly.text.contains("id=\"credit-split-form\""))
            let forbidden = try await client.browse(
                .post, page + "/credit-split", as: manager, form: [("manager_id", m1), ("percent", "100")])
            #expect(forbidden.status == .forbidden)
            #expect(try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer) == split)

            let cleared = try await client.browse(
                .post, page + "/credit-split", as: head, form: [("manager_id", ""), ("percent", "")])
            #expect(cleared.status == .seeOther || cleared.status == .found)
            #expect(try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer) == nil)
        }
    }
}
