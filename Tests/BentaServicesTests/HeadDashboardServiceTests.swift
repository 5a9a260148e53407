import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The head's dashboard (issue 13) on both engines: the costs-covered meter and plan coverage of the company, the
/// cash-timed forecast fed by each customer's payment habit from the database, the top overdue customers, and who
/// may read it. The clock starts on 2026-11-30 in Manila; invoices are net 30.
@Suite(.timeLimit(.minutes(20))) struct HeadDashboardServiceTests {
    static let january = PlanMonth(year: 2027, month: 1)!

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }
    static func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }

    static func invoice(_ world: TestWorld, _ account: Account, net: String, owner: User) async throws -> Invoice {
        try await world.issuedInvoice(account: account, net: net, owner: owner)
    }

    static func pay(_ world: TestWorld, _ account: Account, _ invoice: Invoice, on day: String) async throws {
        let amount = try invoice.totals().totalWithTax.decimalString
        _ = try await world.services.payments.record(
            PaymentDraft(
                accountID: account.id.description, receivedOn: day, amount: amount, currency: "",
                method: "bank_transfer", reference: "BDO-\(day)",
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount)]),
            viewer: world.accountant.viewer)
    }

    /// Tala paid ₱112,000 ten days late (40 days after issue), Bituin on its due date (30 days): the company pays
    /// 5 days late and in 35 days on average. On 2027-01-10 Tala's new ₱50,000 invoice (due 02-09) is expected
    /// ten days late, Dagat's ₱20,000 one (no history) five days late, Perlas's overdue ₱10,000 at once, and
    /// Dagat's ₱1,000,000 deal closing 01-20 at its stage's probability 35 days after closing.
    @Test(arguments: TestEngine.available)
    func theForecastTimesEachCustomerByTheirOwnHabitAndTheMeterCountsTheMonth(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let (dagat, perlas) = (world.manager2Accounts[0], world.manager2Accounts[1])
            let paidLate = try await Self.invoice(world, tala, net: "100000", owner: world.manager1)
            let paidOnTime = try await Self.invoice(world, bituin, net: "100000", owner: world.manager1)
            let overdue = try await Self.invoice(world, perlas, net: "10000", owner: world.manager2)
            #expect(paidLate.dueDate == (try Self.date("2026-12-30")))
            try await Self.pay(world, bituin, paidOnTime, on: "2026-12-30")
            try await Self.pay(world, tala, paidLate, on: "2027-01-09")
            world.clock.advance(by: 41 * 86_400)  // 2027-01-10 in Manila
            let open = try await Self.invoice(world, tala, net: "50000", owner: world.manager1)
            let fresh = try await Self.invoice(world, dagat, net: "20000", owner: world.manager2)
            #expect(open.dueDate == (try Self.date("2027-02-09")))
            let viewer = world.manager2.viewer
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: viewer).first)
            var draft = DealDraft()
            draft.accountID = dagat.id.description
            draft.title = "Fleet tracking"
            draft.amount = "1000000"
            draft.expectedClose = "2027-01-20"
            let deal = try await world.services.deals.create(draft, viewer: viewer)
            _ = try await world.services.deals.move(
                deal.id, to: pipeline.stages[2].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
            let probability = pipeline.stages[2].probability
            // ₱45,000 of costs at 30% margin: the plan is ₱150,000.
            _ = try await world.services.plans.save(
                MonthPlanDraft(
                    costLines: [.init(kind: "rent", label: "Office rent", amount: "45000", isRecurringMonthly: true)],
                    targetProfit: "0", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
                    weights: [
                        .init(managerID: world.manager1.id.description, value: "50"),
                        .init(managerID: world.manager2.id.description, value: "50"),
                    ]), month: Self.january, viewer: world.head.viewer)

            let board = try await world.services.headDashboard.dashboard(month: Self.january, viewer: world.head.viewer)
            #expect(board.today == (try Self.date("2027-01-10")))
            #expect(board.asOf == board.today)
            // Invoiced in January: ₱50,000 + ₱20,000; 30% of it against ₱45,000 of costs.
            let meter = try #require(board.costsCovered)
            #expect(meter.actual == (try Self.php("70000")))
            #expect(meter.grossProfit == (try Self.php("21000")))
            #expect(meter.percent == Decimal(string: "46.7"))
            #expect(board.company.plan == (try Self.php("150000")))
            #expect(board.company.gap == (try Self.php("80000")))
            let weighted = try Self.php(String(10_000 * probability))
            #expect(board.company.weightedPipeline == weighted)

            let forecast = board.forecast
            #expect(forecast.start == (try Self.date("2027-01-10")))
            #expect(forecast.horizonEnd == (try Self.date("2027-03-31")))
            // Tala's payment of 2027-01-09 (net of VAT) was collected in January; Bituin's was in December.
            #expect(forecast.collected == (try Self.php("100000")))
            let expected = Dictionary(uniqueKeysWithValues: forecast.inflows.map { ($0.sourceID, $0) })
            #expect(expected[open.id.description]?.expectedOn == (try Self.date("2027-02-19")))
            #expect(expected[open.id.description]?.amount == (try Self.php("50000")))
            #expect(expected[fresh.id.description]?.expectedOn == (try Self.date("2027-02-14")))
            #expect(expected[overdue.id.description]?.expectedOn == (try Self.date("2027-01-10")))
            #expect(expected[deal.id.description]?.expectedOn == (try Self.date("2027-02-24")))
            #expect(expected[deal.id.description]?.amount == weighted)
            #expect(expected[paidLate.id.description] == nil && expected[paidOnTime.id.description] == nil)
            // ₱100,000 + ₱10,000 + ₱20,000 (02-14) + ₱50,000 (02-19) reaches ₱150,000 on 02-19.
            #expect(forecast.coveredOn == (try Self.date("2027-02-19")))

            #expect(board.topOverdue.map(\.accountName) == ["Perlas Pharmacy"])
            #expect(board.topOverdue.first?.overdue == (try Self.php("11200")))
            #expect(board.aging.count == 1)
            #expect(board.aging.first?.total == (try Self.php("89600")))
            #expect(board.trend.months.count == 12 && board.trend.months.last?.month == Self.january)
            #expect(board.leaderboard.count == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func onlyTheHeadAndTheAdminReadIt(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let service = world.services.headDashboard
            let november = PlanMonth(year: 2026, month: 11)!
            for user in [world.manager1, world.accountant] {
                await #expect(throws: RecordError.self) {
                    _ = try await service.dashboard(month: november, viewer: user.viewer)
                }
            }
            let empty = try await service.dashboard(month: november, viewer: world.admin.viewer)
            #expect(empty.costsCovered == nil && empty.planVersion == nil)
            #expect(empty.company.plan == .zero(.php))
            #expect(empty.forecast.coveredOn == nil)
            #expect(empty.forecast.start == (try Self.date("2026-11-30")))
            #expect(empty.topOverdue.isEmpty && empty.aging.isEmpty && empty.latePaymentReasons.isEmpty)
        }
    }
}
