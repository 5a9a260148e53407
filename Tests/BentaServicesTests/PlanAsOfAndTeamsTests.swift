import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The plan as it stood on a date, team roll-ups and the doubtful debts of the cash forecast (issue 13), on both
/// engines. The test world's clock starts on 2026-11-30 in Manila; manager1 and manager3 form the team "North".
@Suite(.timeLimit(.minutes(20))) struct PlanAsOfAndTeamsTests {
    static let december = PlanMonth(year: 2026, month: 12)!
    static let april = PlanMonth(year: 2027, month: 4)!

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }
    static func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }
    static let day: TimeInterval = 86_400

    /// December's plan is saved on 11-30 (₱5M split 40/35/25), manager1 invoices ₱100,000 on 12-10, the plan is
    /// changed on 12-15 (by hand: manager1 ₱2.5M, manager2 ₱2.0M, manager3 nothing) and manager2 invoices ₱50,000
    /// that day; on 12-20 the reports read as of 12-12 show version 1 and the actuals through 12-12, as of 12-18
    /// version 2 and both invoices. North's row is manager1's and manager3's added up each time.
    @Test(arguments: TestEngine.available)
    func reportsReadThePlanInForceOnTheDayAskedAndTeamsRollUp(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let plans = world.services.plans
            _ = try await plans.save(PlanServiceTests.draft(world), month: Self.december, viewer: world.head.viewer)
            world.clock.advance(by: 10 * Self.day)  // 2026-12-10
            _ = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "100000")
            world.clock.advance(by: 5 * Self.day)  // 2026-12-15
            var change = PlanServiceTests.draft(world, reason: "Manager 3 moved to key accounts")
            change.splitMethod = "amounts"
            change.amounts = [
                .init(managerID: world.manager1.id.description, value: "2500000"),
                .init(managerID: world.manager2.id.description, value: "2000000"),
            ]
            _ = try await plans.save(change, month: Self.december, viewer: world.head.viewer)
            _ = try await world.issuedInvoice(
                account: world.manager2Accounts[0], net: "50000", owner: world.manager2)
            world.clock.advance(by: 5 * Self.day)  // 2026-12-20

            func rows(_ report: PlanAttainmentReport) -> [String: Attainment] {
                Dictionary(uniqueKeysWithValues: report.rows.map { ($0.managerName, $0.attainment) })
            }
            let before = try await plans.attainment(
                month: Self.december, asOf: try Self.date("2026-12-12"), viewer: world.head.viewer)
            #expect(before.planVersion == 1)
            #expect(before.asOf == (try Self.date("2026-12-12")))
            #expect(rows(before)["Kristine Uno"]?.plan == (try Self.php("2000000")))
            #expect(rows(before)["Kristine Uno"]?.actual == (try Self.php("100000")))
            #expect(rows(before)["Kristine Uno"]?.attainmentPercent == 5)
            #expect(rows(before)["Paolo Dos"]?.actual == (try Self.php("0")))
            let northBefore = try #require(before.teams.first)
            #expect(before.teams.map(\.teamName) == ["North"])
            #expect(Set(northBefore.memberIDs) == [world.manager1.id, world.manager3.id])
            #expect(northBefore.plan == (try Self.php("3250000")))
            #expect(northBefore.actual == (try Self.php("100000")))
            #expect(northBefore.attainmentPercent == Decimal(string: "3.1"))
            #expect(northBefore.gap == (try Self.php("3150000")))

            let after = try await plans.attainment(
                month: Self.december, asOf: try Self.date("2026-12-18"), viewer: world.head.viewer)
            #expect(after.planVersion == 2)
            #expect(rows(after)["Kristine Uno"]?.plan == (try Self.php("2500000")))
            #expect(rows(after)["Paolo Dos"]?.plan == (try Self.php("2000000")))
            #expect(rows(after)["Paolo Dos"]?.actual == (try Self.php("50000")))
            #expect(rows(after)["Liza Tres"]?.plan == (try Self.php("0")))
            #expect(after.teams.first?.plan == (try Self.php("2500000")))
            #expect(after.teams.first?.attainmentPercent == 4)

            // Without a date: today (12-20) and the version in force now.
            let now = try await plans.attainment(month: Self.december, viewer: world.head.viewer)
            #expect(now.planVersion == 2)
            #expect(now.asOf == (try Self.date("2026-12-20")))
            // A manager reads their own row and no team.
            let own = try await plans.attainment(
                month: Self.december, asOf: try Self.date("2026-12-12"), viewer: world.manager1.viewer)
            #expect(own.rows.map(\.managerID) == [world.manager1.id] && own.teams.isEmpty)
            #expect(own.rows.first?.attainment.plan == (try Self.php("2000000")))

            // The leaderboard and the head's dashboard read the same versions.
            let boardBefore = try await plans.leaderboard(
                month: Self.december, asOf: try Self.date("2026-12-12"), viewer: world.head.viewer)
            #expect(boardBefore.asOf == (try Self.date("2026-12-12")))
            #expect(boardBefore.rows.first { $0.managerID == world.manager1.id }?.plan == (try Self.php("2000000")))
            let boardAfter = try await plans.leaderboard(
                month: Self.december, asOf: try Self.date("2026-12-18"), viewer: world.head.viewer)
            #expect(boardAfter.rows.first { $0.managerID == world.manager1.id }?.plan == (try Self.php("2500000")))
            let dashboardBefore = try await world.services.headDashboard.dashboard(
                month: Self.december, asOf: try Self.date("2026-12-12"), viewer: world.head.viewer)
            #expect(dashboardBefore.planVersion == 1)
            #expect(dashboardBefore.asOf == (try Self.date("2026-12-12")))
            #expect(dashboardBefore.company.actual == (try Self.php("100000")))
            #expect(dashboardBefore.teams.first?.plan == (try Self.php("3250000")))
            let firstBefore = dashboardBefore.board.rows.first { $0.managerID == world.manager1.id }
            #expect(firstBefore?.plan == (try Self.php("2000000")))
            let dashboardAfter = try await world.services.headDashboard.dashboard(
                month: Self.december, asOf: try Self.date("2026-12-18"), viewer: world.head.viewer)
            #expect(dashboardAfter.planVersion == 2)
            #expect(dashboardAfter.company.actual == (try Self.php("150000")))
            #expect(dashboardAfter.teams.first?.plan == (try Self.php("2500000")))
            // Before the first version was saved there was no plan.
            let none = try await plans.attainment(
                month: Self.december, asOf: try Self.date("2026-11-29"), viewer: world.head.viewer)
            #expect(none.planVersion == nil)
            #expect(none.teams.first?.plan == (try Self.php("0")))
        }
    }

    /// On 2027-04-05 Perlas's ₱10,000 (net) invoice due 2026-12-30 is 96 days past due: not expected, counted as
    /// doubtful; Tala's ₱30,000 one due 2027-01-09 (86 days) is still expected on the first day, and Dagat's new
    /// one at its due date. The overdue list still shows Perlas.
    @Test(arguments: TestEngine.available)
    func invoicesMoreThanNinetyDaysPastDueAreDoubtfulNotExpected(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let (tala, dagat, perlas) = (
                world.manager1Accounts[0], world.manager2Accounts[0], world.manager2Accounts[1]
            )
            let old = try await world.issuedInvoice(account: perlas, net: "10000", owner: world.manager2)
            #expect(old.dueDate == (try Self.date("2026-12-30")))
            world.clock.advance(by: 10 * Self.day)  // 2026-12-10
            let late = try await world.issuedInvoice(account: tala, net: "30000")
            #expect(late.dueDate == (try Self.date("2027-01-09")))
            world.clock.advance(by: 116 * Self.day)  // 2027-04-05
            let fresh = try await world.issuedInvoice(account: dagat, net: "20000", owner: world.manager2)
            _ = try await world.services.plans.save(
                MonthPlanDraft(
                    costLines: [.init(kind: "rent", label: "Office rent", amount: "45000", isRecurringMonthly: true)],
                    targetProfit: "0", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
                    weights: [.init(managerID: world.manager1.id.description, value: "100")]),
                month: Self.april, viewer: world.head.viewer)

            let board = try await world.services.headDashboard.dashboard(month: Self.april, viewer: world.head.viewer)
            #expect(board.today == (try Self.date("2027-04-05")))
            let forecast = board.forecast
            #expect(forecast.doubtful == (try Self.php("10000")))
            #expect(forecast.doubtfulInvoices == 1)
            let expected = Dictionary(uniqueKeysWithValues: forecast.inflows.map { ($0.sourceID, $0.expectedOn) })
            #expect(expected[old.id.description] == nil)
            #expect(expected[late.id.description] == (try Self.date("2027-04-05")))
            #expect(expected[fresh.id.description] == (try Self.date("2027-05-05")))
            #expect(forecast.weeks.first?.invoices == (try Self.php("30000")))
            // ₱30,000 + ₱20,000 never reach the ₱150,000 plan: the old debt does not cover it on day one.
            #expect(forecast.coveredOn == nil)
            #expect(board.topOverdue.map(\.accountName) == ["Tala Foods", "Perlas Pharmacy"])
        }
    }
}
