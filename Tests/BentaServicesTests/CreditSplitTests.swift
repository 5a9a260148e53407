import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Split credit on deals (issue 13, DOMAIN.md §4: ₱1.0M split 60/40 → quota credit ₱600k / ₱400k; at 3% →
/// ₱18k / ₱12k) on both engines, with real deals, invoices and runs: the split moves exactly 60% and 40% of the
/// credited amount in the credit events, the attainment report, the leaderboard and the commission run, on the
/// invoiced and the booked basis; a deal or invoice without a split credits the owner at the time; bad splits and
/// a split of a closed deal are refused with nothing changed.
@Suite(.timeLimit(.minutes(20))) struct CreditSplitTests {
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    static let november = PlanMonth(year: 2026, month: 11)!

    struct Setup {
        let world: TestWorld
        let deal: Deal
        let split: CreditSplit
    }

    /// Manager1's open deal on their first account, split 60% manager1 / 40% manager2 by the head.
    static func setup(_ database: any AppDatabase) async throws -> Setup {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        var draft = DealDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.title = "Shared fit-out"
        draft.amount = "1000000"
        draft.expectedClose = "2026-11-30"
        let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
        let split = try CreditSplit(shares: [
            CreditSplit.Share(managerID: world.manager1.id.description, percent: 60),
            CreditSplit.Share(managerID: world.manager2.id.description, percent: 40),
        ])
        let saved = try await world.services.plans.setCreditSplit(split, dealID: deal.id, viewer: world.head.viewer)
        #expect(saved == split)
        #expect(try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.manager1.viewer) == split)
        return Setup(world: world, deal: deal, split: split)
    }

    /// An issued invoice of `net` + 12% VAT on manager1's first account, for `deal` when given.
    static func invoice(_ world: TestWorld, net: String, deal: Deal?) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Office fit-out"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        draft.dealID = deal?.id.description
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        return try await world.services.invoices.issue(made.id, viewer: world.manager1.viewer, expectedVersion: nil)
    }

    /// Invoiced basis: a ₱1,000,000 (net) invoice of the split deal and a ₱500,000 one without a deal. Manager1 is
    /// credited ₱600,000 + ₱500,000, manager2 ₱400,000 of the deal's invoice (also when only manager2's credits are
    /// asked for); the attainment report and the leaderboard show the same actuals; a flat 3% run pays ₱33,000 and
    /// ₱12,000, every line tracing to the invoices.
    @Test(arguments: TestEngine.available)
    func splitCreditsEachManagerTheirShareOnTheInvoicedBasis(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            let shared = try await Self.invoice(world, net: "1000000", deal: setup.deal)
            let own = try await Self.invoice(world, net: "500000", deal: nil)
            let (m1, m2) = (world.manager1.id, world.manager2.id)

            let credits = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: Self.november, basis: .invoiced)
            }
            #expect(
                Set((credits[m1] ?? []).map { "\($0.sourceID) \($0.amount.decimalString)" }) == [
                    "\(shared.id) 600000.00", "\(own.id) 500000.00",
                ])
            #expect(
                (credits[m2] ?? []).map { "\($0.sourceID) \($0.amount.decimalString)" } == [
                    "\(shared.id) 400000.00"
                ])
            let onlySecond = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: Self.november, basis: .invoiced, ownerIDs: [m2])
            }
            #expect(Array(onlySecond.keys) == [m2])
            #expect(onlySecond[m2]?.map(\.amount) == [try Self.php("400000")])

            let report = try await world.services.plans.attainment(month: Self.november, viewer: world.head.viewer)
            #expect(report.rows.first { $0.managerID == m1 }?.attainment.actual == (try Self.php("1100000")))
            #expect(report.rows.first { $0.managerID == m2 }?.attainment.actual == (try Self.php("400000")))
            let board = try await world.services.plans.leaderboard(month: Self.november, viewer: world.head.viewer)
            #expect(board.rows.first { $0.managerID == m1 }?.actual == (try Self.php("1100000")))
            #expect(board.rows.first { $0.managerID == m2 }?.actual == (try Self.php("400000")))

            let commission = CommissionService(
                database: database, clock: world.clock.appClock,
                targets: FixedTargets(shares: [m1: try Self.php("2000000"), m2: try Self.php("2000000")]))
            _ = try await commission.savePlan(
                try CommissionPlan(currency: .php, baseSalary: try Self.php("25000"), structure: .flat(ratePercent: 3)),
                for: .companyDefault, effectiveFrom: Self.november, reason: "Flat 3%", viewer: world.head.viewer)
            let run = try await commission.run(month: Self.november, viewer: world.head.viewer)
            let first = try #require(run.statements.first { $0.userID == m1 }).statement
            let second = try #require(run.statements.first { $0.userID == m2 }).statement
            #expect(first.earned == (try Self.php("33000")))
            #expect(second.earned == (try Self.php("12000")))
            #expect(second.lines.map(\.amount) == [try Self.php("12000")])
            #expect(
                second.lines.allSatisfy { line in
                    if case .credit(let event) = line.source { return event.sourceID == shared.id.description }
                    return false
                })
        }
    }

    /// Booked basis: the split deal won credits ₱600,000 and ₱400,000 of its ₱1,000,000; another deal won without
    /// a split credits all of it to its owner (manager2). Once won, the split is fixed (409 `deal_closed`).
    @Test(arguments: TestEngine.available)
    func wonDealIsSplitAndADealWithoutSplitCreditsTheOwner(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.head.viewer).first)
            let won = try #require(pipeline.stages.first { $0.outcome == .won })
            _ = try await world.services.deals.move(
                setup.deal.id, to: won.id, lostReason: nil, viewer: world.manager1.viewer, expectedVersion: nil)
            var draft = DealDraft()
            draft.accountID = world.manager2Accounts[0].id.description
            draft.title = "Own deal"
            draft.amount = "250000"
            draft.expectedClose = "2026-11-30"
            let other = try await world.services.deals.create(draft, viewer: world.manager2.viewer)
            _ = try await world.services.deals.move(
                other.id, to: won.id, lostReason: nil, viewer: world.manager2.viewer, expectedVersion: nil)

            let credits = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: Self.november, basis: .booked)
            }
            #expect(credits[world.manager1.id]?.map(\.amount) == [try Self.php("600000")])
            #expect(
                Set((credits[world.manager2.id] ?? []).map { "\($0.sourceID) \($0.amount.decimalString)" }) == [
                    "\(setup.deal.id) 400000.00", "\(other.id) 250000.00",
                ])

            let closed = RecordError.conflict(
                code: "deal_closed", detail: "The deal is won; its credit split is fixed.")
            await #expect(throws: closed) {
                _ = try await world.services.plans.setCreditSplit(nil, dealID: setup.deal.id, viewer: world.head.viewer)
            }
            #expect(
                try await world.services.plans.creditSplit(dealID: setup.deal.id, viewer: world.head.viewer)
                    == setup.split)
        }
    }

    /// Percentages that do not add up to 100 are refused by the split itself; a share for the accountant is
    /// `not_a_manager`; a manager may not set a split (403); nothing changes on any of them.
    @Test(arguments: TestEngine.available)
    func badSplitsAreRefusedAndNothingChanges(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            do {
                _ = try CreditSplit(shares: [
                    CreditSplit.Share(managerID: world.manager1.id.description, percent: 60),
                    CreditSplit.Share(managerID: world.manager2.id.description, percent: 30),
                ])
                Issue.record("a split of 90% was accepted")
            } catch let error as ValidationErrors {
                #expect(error.errors.map { "\($0.field):\($0.code)" } == ["shares:not_100"])
            }
            let withAccountant = try CreditSplit(shares: [
                CreditSplit.Share(managerID: world.manager1.id.description, percent: 50),
                CreditSplit.Share(managerID: world.accountant.id.description, percent: 50),
            ])
            do {
                _ = try await world.services.plans.setCreditSplit(
                    withAccountant, dealID: setup.deal.id, viewer: world.head.viewer)
                Issue.record("a split with the accountant was saved")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.map { "\($0.field):\($0.code)" } == ["shares[1].manager_id:not_a_manager"])
            }
            await #expect(throws: RecordError.self) {
                _ = try await world.services.plans.setCreditSplit(
                    nil, dealID: setup.deal.id, viewer: world.manager1.viewer)
            }
            #expect(
                try await world.services.plans.creditSplit(dealID: setup.deal.id, viewer: world.head.viewer)
                    == setup.split)
        }
    }
}
