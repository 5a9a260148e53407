import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The month's leaderboard and the 12-month trend (issue 13) on both engines, from the constructed sales of
/// `PlanServiceTests.sales` (manager1 ₱190,000 invoiced net, manager2 ₱50,000, in November 2026) and the plan
/// split 40/35/25 of ₱5.0M.
@Suite(.timeLimit(.minutes(20))) struct PlanLeaderboardTests {
    static let november = PlanServiceTests.november

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// Ranked by attainment with the commission so far: an estimate through the commission plan in force before a
    /// run, the statement's earnings after it. The head sees every amount; a manager sees every rank, name and
    /// attainment %, but only their own amounts.
    @Test(arguments: TestEngine.available)
    func managersAreRankedAndAManagerSeesOnlyTheirOwnAmounts(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let sales = try await PlanServiceTests.sales(database)
            let world = sales.world
            let (m1, m2, m3) = (world.manager1.id, world.manager2.id, world.manager3.id)
            _ = try await world.services.plans.save(
                PlanServiceTests.draft(world), month: Self.november, viewer: world.head.viewer)
            _ = try await world.services.commission.savePlan(
                try CommissionPlan(
                    currency: .php, baseSalary: try Self.php("25000"), structure: .flat(ratePercent: 1)),
                for: .companyDefault, effectiveFrom: Self.november, reason: "1% of every sale",
                viewer: world.head.viewer)

            let board = try await world.services.plans.leaderboard(month: Self.november, viewer: world.head.viewer)
            #expect(board.rows.map(\.managerID) == [m1, m2, m3])
            #expect(board.rows.map(\.rank) == [1, 2, 3])
            #expect(board.rows.map(\.attainmentPercent) == [Decimal(string: "9.5"), Decimal(string: "2.9"), 0])
            let first = try #require(board.rows.first)
            #expect(first.plan == (try Self.php("2000000")))
            #expect(first.actual == (try Self.php("190000")))
            #expect(first.gap == (try Self.php("1810000")))
            #expect(first.commission == (try Self.php("1900")))
            #expect(first.commissionSource == .estimate)
            #expect(board.rows[2].commission == .zero(.php))
            #expect(board.rows.allSatisfy { !$0.isViewer })

            let own = try await world.services.plans.leaderboard(month: Self.november, viewer: world.manager2.viewer)
            #expect(own.rows.map(\.managerID) == [m1, m2, m3])
            #expect(own.rows.map(\.attainmentPercent) == board.rows.map(\.attainmentPercent))
            for row in own.rows {
                let mine = row.managerID == m2
                #expect(row.isViewer == mine)
                #expect((row.plan != nil) == mine && (row.actual != nil) == mine && (row.gap != nil) == mine)
                #expect((row.commission != nil) == mine)
            }
            #expect(own.rows[1].commission == (try Self.php("500")))

            _ = try await world.services.commission.run(month: Self.november, viewer: world.head.viewer)
            let afterRun = try await world.services.plans.leaderboard(
                month: Self.november, viewer: world.admin.viewer)
            #expect(afterRun.rows.map(\.commissionSource) == [.statement, .statement, .statement])
            #expect(afterRun.rows.first?.commission == (try Self.php("1900")))
        }
    }

    /// Twelve months of plan against actual from one statement per kind over the range: a manager's share and
    /// actual per month, the team's sums, months without a plan at zero; a manager reads only their own.
    @Test(arguments: TestEngine.available)
    func theTrendHasTwelveMonthsOfPlanAgainstActual(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let sales = try await PlanServiceTests.sales(database)
            let world = sales.world
            let plans = world.services.plans
            _ = try await plans.save(PlanServiceTests.draft(world), month: Self.november, viewer: world.head.viewer)
            // A December invoice for manager1: the trend to December counts it in its own month.
            world.clock.advance(by: 2 * 86_400)
            _ = try await PaymentServiceTests.invoice(world, account: world.manager1Accounts[0], net: "30000")
            let december = Self.november.next

            let mine = try await plans.trend(userID: nil, last: december, viewer: world.manager1.viewer)
            #expect(mine.userID == world.manager1.id && mine.userName == world.manager1.name)
            #expect(mine.months.count == 12)
            #expect(mine.months.first?.month == PlanMonth(year: 2026, month: 1))
            #expect(mine.months.map(\.month).last == december)
            let nov = try #require(mine.months.first { $0.month == Self.november })
            #expect(nov.plan == (try Self.php("2000000")))
            #expect(nov.actual == (try Self.php("190000")))
            #expect(nov.attainmentPercent == Decimal(string: "9.5"))
            let dec = try #require(mine.months.last)
            #expect(dec.plan == .zero(.php) && dec.attainmentPercent == nil)
            #expect(dec.actual == (try Self.php("30000")))
            #expect(mine.months.dropLast(2).allSatisfy { $0.plan.isZero && $0.actual.isZero })

            let team = try await plans.trend(userID: nil, last: Self.november, viewer: world.head.viewer)
            #expect(team.userID == nil && team.months.last?.month == Self.november)
            #expect(team.months.last?.plan == (try Self.php("5000000")))
            #expect(team.months.last?.actual == (try Self.php("240000")))
            #expect(team.months.last?.attainmentPercent == Decimal(string: "4.8"))

            let second = try await plans.trend(userID: world.manager2.id, last: nil, viewer: world.accountant.viewer)
            #expect(second.months.last?.month == december)
            #expect(second.months.first { $0.month == Self.november }?.actual == (try Self.php("50000")))
            await #expect(throws: RecordError.self) {
                _ = try await plans.trend(userID: world.manager2.id, last: nil, viewer: world.manager1.viewer)
            }
        }
    }
}
