import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The leaderboard page (issue 13): linked from the attainment page, every manager ranked with the amounts for the
/// head, a manager's view with the others' amounts hidden, and the 12-month trend as an SVG bar chart with its table.
@Suite(.timeLimit(.minutes(20))) struct PlanLeaderboardWebTests {
    @Test(arguments: TestEngine.available)
    func theLeaderboardPageRanksManagersAndDrawsTheTrend(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await PlansWebTests.issueInvoice(
                world, net: "230000", by: world.manager2, for: world.manager2Accounts[0])
            let head = try await client.login("head@test.ph")
            _ = try await client.browse(.post, "/plans/2026-11", as: head, form: PlansWebTests.form(world))

            let attainment = try await client.browse(.get, "/plans/2026-11/attainment", as: head)
            #expect(attainment.text.contains("href=\"/plans/2026-11/leaderboard\""))

            // manager2: ₱230,000 of a ₱1,750,000 share → 13.1%, first; the others at 0.0% share rank 2.
            let page = try await client.browse(.get, "/plans/2026-11/leaderboard", as: head)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"leaderboard\""))
            #expect(page.text.contains("13.1%") && page.text.contains("1750000.00") && page.text.contains("230000.00"))
            #expect(page.text.contains("<svg role=\"img\" aria-label=\"Plan and actual, last 12 months: Team"))
            #expect(page.text.contains("id=\"trend-table\""))
            #expect(page.text.contains("<th scope=\"row\">2025-12</th>") && page.text.contains("5000000.00"))

            let manager = try await client.login("manager1@test.ph")
            let own = try await client.browse(.get, "/plans/2026-11/leaderboard", as: manager)
            #expect(own.status == .ok)
            #expect(own.text.contains(world.manager2.name) && own.text.contains("13.1%"))
            #expect(!own.text.contains("230000.00") && own.text.contains("2000000.00"))
            #expect(own.text.contains("last 12 months: \(world.manager1.name)"))
            let other = try await client.browse(
                .get, "/plans/2026-11/leaderboard?user_id=\(world.manager2.id)", as: manager)
            #expect(other.status == .notFound)

            let fil = try await client.browse(.get, "/plans/2026-11/leaderboard?lang=fil", as: manager)
            #expect(fil.status == .ok)
        }
    }
}
