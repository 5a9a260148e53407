import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The head's dashboard page and its CSV (issue 13): both languages, the charts with their tables, links to the
/// records behind the figures, the menu entry for heads and admins, and the refusal for anyone else.
@Suite(.timeLimit(.minutes(20))) struct HeadDashboardPageTests {
    @Test(arguments: TestEngine.available)
    func theHeadSeesTheDashboardAndItsCSVAndAManagerIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let november = PlanMonth(year: 2026, month: 11)!
            _ = try await world.services.plans.save(
                MonthPlanDraft(
                    costLines: [.init(kind: "rent", label: "Office rent", amount: "300000", isRecurringMonthly: true)],
                    targetProfit: "0", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
                    weights: [
                        .init(managerID: world.manager1.id.description, value: "50"),
                        .init(managerID: world.manager2.id.description, value: "50"),
                    ]), month: november, viewer: world.head.viewer)
            try await HeadDashboardBudgetTests.addRecords(world, rounds: 1)

            let head = try await client.login(world.head.email.value)
            let page = try await client.browse(.get, "/dashboard?month=2026-11", as: head)
            #expect(page.status == .ok)
            let html = page.text
            for id in [
                "costs-covered", "plan-coverage", "cash-forecast", "forecast-table", "dashboard-leaderboard",
                "dashboard-aging", "dashboard-overdue", "dashboard-late-reasons", "trend-table",
            ] {
                #expect(html.contains("id=\"\(id)\""), "no \(id)")
            }
            #expect(html.contains("<svg role=\"img\""))
            #expect(html.contains("href=\"/plans/2026-11/leaderboard\""))
            #expect(html.contains("href=\"/receivables\""))
            #expect(html.contains("href=\"/collections/late-payments\""))
            #expect(html.contains("href=\"/plans/2026-11/attainment\""))
            #expect(html.contains("href=\"/dashboard\""))  // the menu entry
            #expect(html.contains("Costs covered: 1%"))  // ₱10,000 invoiced × 30% of ₱300,000

            let csv = try await client.browse(.get, "/dashboard/export.csv?month=2026-11", as: head)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("costs_covered,costs,300000.00"))
            #expect(csv.text.contains("plan_coverage,plan,1000000.00"))

            let admin = try await client.login(world.admin.email.value)
            _ = try await world.services.users.setLanguage(.filipino, for: world.admin.id)
            let filipino = try await client.browse(.get, "/dashboard", as: admin)
            #expect(filipino.status == .ok)
            #expect(filipino.text.contains("Dashboard ng head"))

            let manager = try await client.login(world.manager1.email.value)
            let refused = try await client.browse(.get, "/dashboard", as: manager)
            #expect(refused.status == .forbidden)
            let accounts = try await client.browse(.get, "/accounts", as: manager)
            #expect(!accounts.text.contains("href=\"/dashboard\""))
            #expect(try await client.browse(.get, "/dashboard/export.csv", as: manager).status == .forbidden)
        }
    }
}
