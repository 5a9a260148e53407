import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The running month's commission figures (issue 13) on both engines: the estimate's open deals are new or existing
/// customers by the rule the credits follow (an account with no invoice issued before the deal's expected close is
/// new), and the leaderboard's estimate is the statement a run makes — the same calculator with the draw and the
/// deficit carried by the last approved statement. The test world's clock stands on 2026-11-30 in Manila.
@Suite(.timeLimit(.minutes(20))) struct CommissionEstimateTests {
    static let november = QuotaTypeServiceTests.november
    static let day: TimeInterval = 86_400

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// An open deal of manager1's for `account`, expected to close on the month's last day (today).
    static func openDeal(_ world: TestWorld, _ account: Account, title: String, amount: String) async throws -> Deal {
        var deal = DealDraft()
        deal.accountID = account.id.description
        deal.title = title
        deal.amount = amount
        deal.expectedClose = "2026-11-30"
        return try await world.services.deals.create(deal, viewer: world.manager1.viewer)
    }

    /// Saves manager1's commission plan for November: flat 5%, optionally a new-customer rate or one quota type.
    static func plan(
        _ world: TestWorld, newCustomerRate: Decimal? = nil, quotaType: String? = nil, reason: String
    ) async throws {
        _ = try await world.services.commission.savePlan(
            try CommissionPlan(
                currency: .php, baseSalary: try php("25000"), structure: .flat(ratePercent: 5),
                newCustomerRatePercent: newCustomerRate, quotaType: quotaType),
            for: .user(world.manager1.id), effectiveFrom: november, reason: reason, viewer: world.head.viewer)
    }

    /// Bituin (invoiced in October) is an existing customer, Tala (never invoiced) a new one: an open ₱400,000
    /// deal with Bituin and an open ₱100,000 deal with Tala, both closing today. At 5%, with a 10% new-customer
    /// rate the deals add 10,000 + 20,000; a plan of the "new" type counts Tala's deal only (5,000), one of the
    /// "existing" type Bituin's only (20,000). Before, every open deal counted as an existing customer's and a
    /// typed plan counted them all.
    @Test(arguments: TestEngine.available)
    func openDealsAreNewOrExistingCustomersByTheAccountsInvoices(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await QuotaTypeServiceTests.addTypes(world)
            _ = try await world.services.plans.save(
                QuotaTypeServiceTests.draft(world), month: Self.november, viewer: world.head.viewer)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            world.clock.advance(by: -40 * Self.day)
            _ = try await world.issuedInvoice(account: bituin, net: "10000")
            world.clock.advance(by: 40 * Self.day)
            let newDeal = try await Self.openDeal(world, tala, title: "Tala first order", amount: "100000")
            let existingDeal = try await Self.openDeal(world, bituin, title: "Bituin renewal", amount: "400000")
            let commission = world.services.commission
            func estimate() async throws -> CommissionEstimate {
                try await commission.estimate(
                    month: Self.november, userID: world.manager1.id, viewer: world.head.viewer)
            }

            try await Self.plan(world, newCustomerRate: 10, reason: "10% for new customers")
            let rated = try await estimate()
            #expect(rated.current.earned == .zero(.php))
            #expect(rated.deals.map(\.dealID).sorted() == [newDeal, existingDeal].map(\.id.description).sorted())
            #expect(rated.deals.first { $0.dealID == newDeal.id.description }?.isNewCustomer == true)
            #expect(rated.deals.first { $0.dealID == existingDeal.id.description }?.isNewCustomer == false)
            #expect(rated.additional == (try Self.php("30000")))
            #expect(
                rated.withDeals.lines.compactMap { $0.rateSource == .newCustomerRate ? $0.amount : nil } == [
                    try Self.php("10000")
                ])

            try await Self.plan(world, quotaType: "new", reason: "New business only")
            let new = try await estimate()
            #expect(new.deals.map(\.dealID) == [newDeal.id.description])
            #expect(new.withDeals.creditedSales == (try Self.php("100000")))
            #expect(new.additional == (try Self.php("5000")))

            try await Self.plan(world, quotaType: "existing", reason: "Renewals only")
            let existing = try await estimate()
            #expect(existing.deals.map(\.dealID) == [existingDeal.id.description])
            #expect(existing.additional == (try Self.php("20000")))
        }
    }

    /// DOMAIN.md §4's recoverable draw through the leaderboard: draw ₱20,000, flat 10%. October earned ₱12,000
    /// (₱120,000 invoiced) → pays ₱20,000 and carries ₱8,000, approved. In November, before any run, ₱350,000
    /// invoiced earns ₱35,000 and the leaderboard's estimate pays ₱27,000 — exactly the statement the November run
    /// then makes (earned and payable), which the leaderboard shows afterwards.
    @Test(arguments: TestEngine.available)
    func theLeaderboardEstimateCarriesTheDrawAndTheDeficitAsTheRunDoes(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let october = Self.november.previous
            var draft = QuotaTypeServiceTests.draft(world)
            draft.typeAmounts = []
            for month in [october, Self.november] {
                _ = try await world.services.plans.save(draft, month: month, viewer: world.head.viewer)
            }
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let commission = world.services.commission
            _ = try await commission.savePlan(
                try CommissionPlan(
                    currency: .php, baseSalary: try Self.php("25000"), structure: .flat(ratePercent: 10),
                    draw: CommissionDraw(amount: try Self.php("20000"), isRecoverable: true)),
                for: .user(world.manager1.id), effectiveFrom: october, reason: "10% with a recoverable draw",
                viewer: world.head.viewer)
            world.clock.advance(by: -40 * Self.day)
            _ = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "120000")
            world.clock.advance(by: 40 * Self.day)
            let octoberRun = try await commission.run(month: october, viewer: world.head.viewer)
            let octoberStatement = try #require(octoberRun.statements.first { $0.userID == world.manager1.id })
            #expect(octoberStatement.statement.earned == (try Self.php("12000")))
            #expect(octoberStatement.statement.payable == (try Self.php("20000")))
            #expect(octoberStatement.statement.deficitCarried == (try Self.php("8000")))
            _ = try await commission.approve(octoberStatement.id, viewer: world.head.viewer)
            _ = try await world.issuedInvoice(account: world.manager1Accounts[1], net: "350000")

            func row(_ viewer: Viewer) async throws -> LeaderboardRow {
                let board = try await world.services.plans.leaderboard(month: Self.november, viewer: viewer)
                return try #require(board.rows.first { $0.managerID == world.manager1.id })
            }
            let estimated = try await row(world.head.viewer)
            #expect(estimated.commissionSource == .estimate)
            #expect(estimated.commission == (try Self.php("35000")))
            #expect(estimated.payable == (try Self.php("27000")))
            #expect(try await row(world.manager1.viewer).payable == (try Self.php("27000")))
            #expect(try await row(world.manager2.viewer).payable == nil)

            let novemberRun = try await commission.run(month: Self.november, viewer: world.head.viewer)
            let run = try #require(novemberRun.statements.first { $0.userID == world.manager1.id }).statement
            #expect(run.carriedDeficitIn == (try Self.php("8000")))
            #expect(run.earned == estimated.commission && run.payable == estimated.payable)
            let afterRun = try await row(world.head.viewer)
            #expect(afterRun.commissionSource == .statement)
            #expect(afterRun.commission == run.earned && afterRun.payable == run.payable)
        }
    }
}
