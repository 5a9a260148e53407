import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Per-product commission rates in real runs (issue 13) on both engines. The worked example: manager1's plan pays
/// 5% flat and 10% on product "Ergo chair"; an invoice of ₱100,000 of chairs and ₱50,000 of desks (net of VAT)
/// earns 10,000 + 2,500 = ₱12,500, each part a line with its rate, and the explanation names the product. A credit
/// note of the chair line after approval takes back exactly ₱10,000; on the collected basis a half payment splits
/// pro rata (₱50,000 of chairs, ₱25,000 of desks). A plan without product rates reads the events undivided.
@Suite(.timeLimit(.minutes(20))) struct ProductRateCommissionTests {
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// The test clock's month (the world starts on 30 November 2026, Manila time).
    static let november = PlanMonth(year: 2026, month: 11)!

    struct Setup {
        let world: TestWorld
        let commission: CommissionService
        let chair: Product
        let desk: Product
        let invoice: Invoice
    }

    /// The world, two products, manager1's plan (5% flat, 10% on chairs; manager2 keeps the company default, 5%
    /// flat without product rates) and the invoice of both products for manager1 (12% VAT on top).
    static func setup(_ database: any AppDatabase, basis: CreditBasis) async throws -> Setup {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        func product(_ code: String, _ name: String, _ price: String) async throws -> Product {
            var draft = ProductDraft()
            draft.code = code
            draft.name = name
            draft.unit = "pc"
            draft.unitPrice = price
            return try await world.services.products.create(draft, viewer: world.head.viewer)
        }
        let chair = try await product("CHAIR", "Ergo chair", "10000")
        let desk = try await product("DESK", "Standing desk", "25000")
        let commission = CommissionService(
            database: database, clock: world.clock.appClock,
            targets: FixedTargets(
                shares: [world.manager1.id: try php("2000000"), world.manager2.id: try php("2000000")],
                creditBasis: basis))
        let flat = CommissionStructure.flat(ratePercent: 5)
        _ = try await commission.savePlan(
            try CommissionPlan(currency: .php, baseSalary: try php("25000"), structure: flat),
            for: .companyDefault, effectiveFrom: november, reason: "Flat", viewer: world.head.viewer)
        _ = try await commission.savePlan(
            try CommissionPlan(
                currency: .php, baseSalary: try php("25000"), structure: flat,
                productRates: [CommissionPlan.ProductRate(productID: chair.id.description, ratePercent: 10)]),
            for: .user(world.manager1.id), effectiveFrom: november, reason: "Chairs pay more",
            viewer: world.head.viewer)
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line(chair, quantity: "10", price: "10000"), line(desk, quantity: "2", price: "25000")]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        let invoice = try await world.services.invoices.issue(
            made.id, viewer: world.manager1.viewer, expectedVersion: nil)
        return Setup(world: world, commission: commission, chair: chair, desk: desk, invoice: invoice)
    }

    static func line(_ product: Product, quantity: String, price: String) -> LineDraft {
        var line = LineDraft()
        line.productID = product.id.description
        line.description = product.fields.name
        line.quantity = quantity
        line.unitPrice = price
        line.taxCategory = "vatable"
        return line
    }

    /// The statement's credit lines as (source kind, product, basis, rate, amount).
    static func creditLines(_ statement: CommissionStatement) -> [(String, String?, Money, Decimal, Money)] {
        statement.lines.compactMap { line in
            guard case .credit(let event) = line.source else { return nil }
            return (event.sourceKind.rawValue, event.productID, line.basis, line.ratePercent, line.amount)
        }
    }

    @Test(arguments: TestEngine.available)
    func invoiceIsDividedByProductAndTheCreditNoteTakesBackExactlyItsCommission(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database, basis: .invoiced)
            let world = setup.world
            let (chair, desk) = (setup.chair.id.description, setup.desk.id.description)
            // manager2 (no product rates) has an invoice of chairs too: read whole.
            var other = InvoiceDraft()
            other.accountID = world.manager2Accounts[0].id.description
            other.lines = [Self.line(setup.chair, quantity: "1", price: "10000")]
            let made = try await world.services.invoices.create(other, viewer: world.manager2.viewer)
            _ = try await world.services.invoices.issue(made.id, viewer: world.manager2.viewer, expectedVersion: nil)

            // The leaderboard's estimate before a run: divided for manager1's plan, whole for manager2's; the
            // actual is the undivided sum.
            _ = try await world.services.plans.save(
                PlanServiceTests.draft(world), month: Self.november, viewer: world.head.viewer)
            let board = try await world.services.plans.leaderboard(month: Self.november, viewer: world.head.viewer)
            let first = try #require(board.rows.first { $0.managerID == world.manager1.id })
            #expect(first.actual == (try Self.php("150000")))
            #expect(first.commission == (try Self.php("12500")))
            #expect(first.commissionSource == .estimate)
            #expect(board.rows.first { $0.managerID == world.manager2.id }?.commission == (try Self.php("500")))

            let run = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let november = try #require(run.statements.first { $0.userID == world.manager1.id })
            let lines = Self.creditLines(november.statement)
            #expect(lines.count == 2)
            #expect(lines.map(\.0) == ["invoice", "invoice"])
            #expect(lines.map(\.1) == [chair, desk])
            #expect(lines.map(\.2) == [try Self.php("100000"), try Self.php("50000")])
            #expect(lines.map(\.3) == [10, 5])
            #expect(lines.map(\.4) == [try Self.php("10000"), try Self.php("2500")])
            #expect(november.statement.creditedSales == (try Self.php("150000")))
            #expect(november.statement.earned == (try Self.php("12500")))
            let rateSources = november.statement.lines.map(\.rateSource)
            #expect(rateSources.first == .productRate(productID: chair))

            // The explanation (CLI text, CSV, the page's and the API's rows) names the product.
            let rows = CommissionExplanation.rows(november.statement)
            #expect(rows.map(\.band).first == "product Ergo chair")
            let text = CommissionExplanation.text(november.statement, manager: "Manager One")
            #expect(text.contains("band product Ergo chair rate 10% → PHP 10000.00"))
            #expect(CommissionExplanation.csv(november.statement).contains("product Ergo chair"))

            // The running month's estimate reads the same divided credits.
            let estimate = try await setup.commission.estimate(
                month: Self.november, userID: world.manager1.id, viewer: world.head.viewer)
            #expect(estimate.current.earned == (try Self.php("12500")))
            // A plan without product rates: one undivided line at its rate.
            let plain = try #require(run.statements.first { $0.userID == world.manager2.id })
            #expect(Self.creditLines(plain.statement).map(\.1) == [nil])
            #expect(plain.statement.earned == (try Self.php("500")))

            // After approval, a credit note of the chair line takes back exactly its ₱10,000, on December's run.
            let approved = try await setup.commission.approve(november.id, viewer: world.head.viewer)
            world.clock.advance(by: 2 * 86_400)
            let note = try await world.services.invoices.creditNote(
                for: setup.invoice.id, request: .lines([(index: 0, quantity: 10)]), reason: "Chairs returned",
                viewer: world.head.viewer)
            for _ in 0..<2 {
                let december = try await setup.commission.run(month: Self.november.next, viewer: world.head.viewer)
                let statement = try #require(december.statements.first { $0.userID == world.manager1.id })
                    .statement
                #expect(statement.credits.isEmpty)
                let adjustment = try #require(statement.adjustments.first)
                #expect(statement.adjustments.count == 1)
                #expect(adjustment.correctsMonth == Self.november)
                #expect(adjustment.amount == (try Self.php("-10000")))
                #expect(adjustment.sources.map(\.sourceID) == [note.id.description])
                #expect(adjustment.sources.map(\.productID) == [chair])
                #expect(adjustment.sources.map(\.amount) == [try Self.php("-100000")])
            }
            let still = try await setup.commission.statement(approved.id, viewer: world.head.viewer)
            #expect(still.statement == approved.statement)
        }
    }

    @Test(arguments: TestEngine.available)
    func collectedBasisSplitsAPartialPaymentProRata(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database, basis: .collected)
            let world = setup.world
            // Half of ₱168,000 (₱150,000 + 12% VAT) paid: ₱75,000 net, two thirds chairs.
            let payment = try await world.services.payments.record(
                PaymentDraft(
                    accountID: world.manager1Accounts[0].id.description, receivedOn: "2026-11-30", amount: "84000",
                    currency: "", method: "bank_transfer", reference: "BDO-84000",
                    allocations: [AllocationDraft(invoiceID: setup.invoice.id.description, amount: "84000")]),
                viewer: world.accountant.viewer)
            let run = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let statement = try #require(run.statements.first { $0.userID == world.manager1.id }).statement
            let lines = Self.creditLines(statement)
            #expect(lines.map(\.0) == ["payment", "payment"])
            #expect(statement.credits.map(\.sourceID) == Array(repeating: payment.payment.id.description, count: 2))
            #expect(lines.map(\.1) == [setup.chair.id.description, setup.desk.id.description])
            #expect(lines.map(\.2) == [try Self.php("50000"), try Self.php("25000")])
            #expect(lines.map(\.4) == [try Self.php("5000"), try Self.php("1250")])
            #expect(statement.earned == (try Self.php("6250")))

            // Attainment reads the events undivided, and the actual is the same.
            let whole = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: Self.november, basis: .collected,
                    ownerIDs: [world.manager1.id])
            }
            #expect(whole[world.manager1.id]?.map(\.amount) == [try Self.php("75000")])
            #expect(whole[world.manager1.id]?.map(\.productID) == [nil])
        }
    }

    /// Booked basis: a won deal with VAT-inclusive lines is divided over its deal lines net of VAT (₱112,000 of
    /// chairs → ₱100,000 at 10%, ₱56,000 of desks → ₱50,000 at 5%).
    @Test(arguments: TestEngine.available)
    func bookedBasisDividesAWonDealOverItsLines(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database, basis: .booked)
            let world = setup.world
            let viewer = world.manager1.viewer
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: viewer).first)
            var draft = DealDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.title = "Office floor"
            draft.expectedClose = "2026-11-30"
            draft.pricesIncludeTax = true
            draft.lines = [
                Self.line(setup.chair, quantity: "10", price: "11200"),
                Self.line(setup.desk, quantity: "2", price: "28000"),
            ]
            let deal = try await world.services.deals.create(draft, viewer: viewer)
            _ = try await world.services.deals.move(
                deal.id, to: pipeline.stages[4].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
            let run = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let statement = try #require(run.statements.first { $0.userID == world.manager1.id }).statement
            let lines = Self.creditLines(statement)
            #expect(lines.map(\.0) == ["deal", "deal"])
            #expect(lines.map(\.1) == [setup.chair.id.description, setup.desk.id.description])
            #expect(lines.map(\.2) == [try Self.php("100000"), try Self.php("50000")])
            #expect(lines.map(\.4) == [try Self.php("10000"), try Self.php("2500")])
        }
    }
}
