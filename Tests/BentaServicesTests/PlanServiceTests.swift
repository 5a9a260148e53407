import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Monthly plans from the company's costs, their versions, the credit events on each basis and attainment
/// (issue 13, DOMAIN.md §4–5), on both engines. The test world's clock stands on 2026-11-30 in Manila, so
/// November 2026 is the running month and every document issued in these tests is dated in it.
@Suite(.timeLimit(.minutes(20))) struct PlanServiceTests {
    static let november = PlanMonth(year: 2026, month: 11)!

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// DOMAIN.md §4: ₱1.2M of costs (one of them a one-off), ₱0.3M target profit, 30% margin, split 40/35/25.
    static func draft(_ world: TestWorld, reason: String = "") -> MonthPlanDraft {
        MonthPlanDraft(
            costLines: [
                .init(kind: "rent", label: "Office rent, Makati", amount: "500000", isRecurringMonthly: true),
                .init(kind: "salaries", label: "Office salaries", amount: "600000", isRecurringMonthly: true),
                .init(kind: "other", label: "Year-end party", amount: "100000", isRecurringMonthly: false),
            ],
            targetProfit: "300000", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
            weights: [
                .init(managerID: world.manager1.id.description, value: "40"),
                .init(managerID: world.manager2.id.description, value: "35"),
                .init(managerID: world.manager3.id.description, value: "25"),
            ], reason: reason)
    }

    @Test(arguments: TestEngine.available)
    func planFromCostsIsSavedSplitAndReadBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let plans = world.services.plans
            let saved = try await plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)
            #expect(saved.plan.totalCosts == (try Self.php("1200000")))
            #expect(saved.plan.breakEvenRevenue == (try Self.php("4000000")))
            #expect(saved.plan.targetRevenue == (try Self.php("5000000")))
            #expect(
                saved.split.shares.map(\.amount) == [
                    try Self.php("2000000"), try Self.php("1750000"), try Self.php("1250000"),
                ])
            #expect(saved.split.difference.isZero)
            #expect(saved.version.number == 1 && saved.version.authorID == world.head.id.description)
            #expect(saved.version.reason == "First plan for 2026-11")

            let read = try #require(try await plans.plan(month: Self.november, viewer: world.accountant.viewer))
            #expect(read == saved)
            #expect(try await plans.plan(month: Self.november.next, viewer: world.head.viewer) == nil)
            await #expect(throws: RecordError.self) {
                _ = try await plans.plan(month: Self.november, viewer: world.manager1.viewer)
            }

            // Copied forward: the recurring lines, the same profit, margin and weights, as December's version 1.
            let december = try await plans.copyForward(from: Self.november, viewer: world.admin.viewer)
            #expect(december.month == Self.november.next && december.version.number == 1)
            #expect(december.version.reason == "Copied forward from 2026-11")
            #expect(
                december.version.content.inputs.costLines.map(\.label) == ["Office rent, Makati", "Office salaries"])
            #expect(december.plan.targetRevenue == (try Self.php("4666666.67")))
            #expect(december.split.shares.map(\.weight) == [40, 35, 25])
            #expect(december.split.difference.isZero)
            await #expect(throws: RecordError.self) {
                _ = try await plans.copyForward(from: PlanMonth(year: 2027, month: 3)!, viewer: world.head.viewer)
            }
        }
    }

    /// A second save is version 2 and needs a reason; reading as of an instant before it gives version 1; a split
    /// by hand keeps its difference.
    @Test(arguments: TestEngine.available)
    func aChangeIsANewVersionAndTheOldOneStaysReadable(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let plans = world.services.plans
            _ = try await plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)
            world.clock.advance(by: 3600)
            let between = world.clock.now
            world.clock.advance(by: 3600)

            var change = Self.draft(world)
            change.splitMethod = "amounts"
            change.amounts = [
                .init(managerID: world.manager1.id.description, value: "2500000"),
                .init(managerID: world.manager2.id.description, value: "2000000"),
            ]
            do {
                _ = try await plans.save(change, month: Self.november, viewer: world.admin.viewer)
                Issue.record("a second version without a reason was saved")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.map(\.field) == ["reason"])
            }
            change.reason = "Manager 3 moved to key accounts"
            let second = try await plans.save(change, month: Self.november, viewer: world.admin.viewer)
            #expect(second.version.number == 2 && second.version.authorID == world.admin.id.description)
            #expect(second.split.difference == (try Self.php("500000")))

            let before = try #require(
                try await plans.plan(month: Self.november, asOf: between, viewer: world.head.viewer))
            #expect(before.version.number == 1)
            #expect(before.split.shares.count == 3)
            let now = try #require(try await plans.plan(month: Self.november, viewer: world.head.viewer))
            #expect(now.version.number == 2 && now.version.reason == "Manager 3 moved to key accounts")
            let history = try await plans.versions(month: Self.november, viewer: world.head.viewer)
            #expect(history.map(\.version.number) == [2, 1])
        }
    }

    /// Each bad input is refused with its field error and nothing is saved; a manager may not save a plan.
    @Test(arguments: TestEngine.available)
    func badInputsAreRefusedAndNothingChanges(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let plans = world.services.plans
            func refused(_ edit: (inout MonthPlanDraft) -> Void) async throws -> [String] {
                var draft = Self.draft(world)
                edit(&draft)
                do {
                    _ = try await plans.save(draft, month: Self.november, viewer: world.head.viewer)
                    return []
                } catch let errors as ValidationErrors {
                    return errors.errors.map { "\($0.field) \($0.code)" }
                }
            }
            #expect(try await refused { $0.weights[0].value = "-10" } == ["weights[0].weight negative"])
            #expect(
                try await refused { d in for i in d.weights.indices { d.weights[i].value = "0" } } == [
                    "weights all_zero"
                ])
            #expect(try await refused { $0.weights[2].value = "20" } == ["weights not_100"])
            #expect(try await refused { $0.grossMargin = "0" } == ["gross_margin out_of_range"])
            #expect(try await refused { $0.grossMargin = "-5" } == ["gross_margin out_of_range"])
            #expect(try await refused { $0.grossMargin = "100.5" } == ["gross_margin out_of_range"])
            #expect(try await refused { $0.grossMargin = "thirty" } == ["gross_margin invalid_number"])
            #expect(try await refused { $0.costLines[1].amount = "-1" } == ["cost_lines[1].amount negative"])
            #expect(try await refused { $0.costLines[0].label = " " } == ["cost_lines[0].label required"])
            #expect(
                try await refused { $0.weights[1].managerID = world.accountant.id.description }
                    == ["weights[1].manager_id not_a_manager"])
            #expect(try await refused { $0.splitMethod = "vibes" } == ["split_method invalid_choice"])
            await #expect(throws: RecordError.self) {
                _ = try await plans.save(Self.draft(world), month: Self.november, viewer: world.manager1.viewer)
            }
            #expect(try await plans.versions(month: Self.november, viewer: world.head.viewer).isEmpty)
        }
    }

    /// The credit basis is invoiced until the head or admin sets it, at the version read.
    @Test(arguments: TestEngine.available)
    func creditBasisIsASettingWithAVersion(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let plans = world.services.plans
            #expect(try await plans.creditBasis(viewer: world.manager1.viewer) == (.invoiced, 0))
            await #expect(throws: RecordError.self) {
                _ = try await plans.setCreditBasis(.collected, viewer: world.manager1.viewer, expectedVersion: 0)
            }
            #expect(
                try await plans.setCreditBasis(.collected, viewer: world.head.viewer, expectedVersion: 0) == (
                    .collected, 1
                ))
            await #expect(throws: RecordError.self) {
                _ = try await plans.setCreditBasis(.booked, viewer: world.admin.viewer, expectedVersion: 0)
            }
            #expect(
                try await plans.setCreditBasis(.booked, viewer: world.admin.viewer, expectedVersion: 1) == (.booked, 2))
            #expect(try await plans.creditBasis(viewer: world.accountant.viewer) == (.booked, 2))
        }
    }

    struct Sales {
        let world: TestWorld
        let invoiceA: Invoice
        let invoiceB: Invoice
        let note: Invoice
        let payments: [PaymentDetail]
        let deal: Deal
        let dagat: Invoice
    }

    /// manager1: invoice A ₱100,000 + VAT paid ₱56,000, a ₱11,200 credit note on it; invoice B ₱100,000 + VAT to a
    /// customer withholding 2% paid ₱110,000 cash (+ ₱2,000 Form 2307); a ₱800,000 deal won and a ₱500,000 deal
    /// open at Proposal (50%) closing this month. manager2: a ₱50,000 + VAT invoice.
    static func sales(_ database: any AppDatabase) async throws -> Sales {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
        _ = try await world.services.payments.saveWithholdingProfile(
            .services, accountID: bituin.id, viewer: world.accountant.viewer, expectedVersion: 0)
        let invoiceA = try await PaymentServiceTests.invoice(world, account: tala, net: "100000")
        let invoiceB = try await PaymentServiceTests.invoice(world, account: bituin, net: "100000")
        let dagat = try await PaymentServiceTests.invoice(
            world, account: world.manager2Accounts[0], net: "50000", owner: world.manager2)
        let note = try await world.services.invoices.creditNote(
            for: invoiceA.id, request: .amount(try php("11200"), taxCategory: .vatable), reason: "Price correction",
            viewer: world.head.viewer)
        var payments: [PaymentDetail] = []
        for (account, invoice, amount) in [(tala, invoiceA, "56000"), (bituin, invoiceB, "110000")] {
            payments.append(
                try await world.services.payments.record(
                    PaymentDraft(
                        accountID: account.id.description, receivedOn: "2026-11-30", amount: amount, currency: "",
                        method: "bank_transfer", reference: "BDO-\(amount)",
                        allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount)]),
                    viewer: world.accountant.viewer))
        }
        let viewer = world.manager1.viewer
        let pipeline = try #require(try await world.services.deals.pipelines(viewer: viewer).first)
        func deal(_ title: String, _ amount: String) async throws -> Deal {
            var draft = DealDraft()
            draft.accountID = tala.id.description
            draft.title = title
            draft.amount = amount
            draft.expectedClose = "2026-11-30"
            return try await world.services.deals.create(draft, viewer: viewer)
        }
        let won = try await deal("40 office chairs", "800000")
        let wonDeal = try await world.services.deals.move(
            won.id, to: pipeline.stages[4].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
        let open = try await deal("Printers", "500000")
        _ = try await world.services.deals.move(
            open.id, to: pipeline.stages[2].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
        return Sales(
            world: world, invoiceA: invoiceA, invoiceB: invoiceB, note: note, payments: payments, deal: wonDeal,
            dagat: dagat)
    }

    /// Each basis from constructed documents: invoiced = net of VAT minus credit notes; collected = the net share
    /// of cash + withholding (DOMAIN.md §4: ₱56,000 of ₱112,000 → ₱50,000; ₱110,000 + ₱2,000 Form 2307 → all of
    /// ₱100,000); booked = deals won. Each event names its source, and `ownerIDs` narrows the managers.
    @Test(arguments: TestEngine.available)
    func creditEventsOnEachBasis(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let sales = try await Self.sales(database)
            let world = sales.world
            let (m1, m2) = (world.manager1.id, world.manager2.id)
            func credits(_ basis: CreditBasis, _ owners: [User.ID]? = nil) async throws -> [User.ID: [CreditEvent]] {
                try await database.read { db in
                    try await CreditEventStore(db).credits(
                        companyID: world.company.id, month: Self.november, basis: basis, ownerIDs: owners)
                }
            }
            let day = try #require(CalendarDate(iso8601: "2026-11-30"))
            let invoiced = try await credits(.invoiced)
            #expect(
                Set(invoiced[m1] ?? []) == [
                    CreditEvent(
                        sourceKind: .invoice, sourceID: sales.invoiceA.id.description, date: day,
                        amount: try Self.php("100000"), isNewCustomer: true),
                    CreditEvent(
                        sourceKind: .invoice, sourceID: sales.invoiceB.id.description, date: day,
                        amount: try Self.php("100000"), isNewCustomer: true),
                    CreditEvent(
                        sourceKind: .creditNote, sourceID: sales.note.id.description, date: day,
                        amount: try Self.php("-10000"), isNewCustomer: true),
                ])
            #expect(invoiced[m2]?.map(\.amount) == [try Self.php("50000")])

            let collected = try await credits(.collected)
            let byPayment = Dictionary(
                grouping: (collected[m1] ?? []).filter { $0.sourceKind == .payment }, by: \.sourceID)
            #expect(byPayment[sales.payments[0].payment.id.description]?.map(\.amount) == [try Self.php("50000")])
            #expect(byPayment[sales.payments[1].payment.id.description]?.map(\.amount) == [try Self.php("100000")])
            #expect(
                (collected[m1] ?? []).filter { $0.sourceKind == .creditNote }.map(\.amount) == [try Self.php("-10000")])
            #expect(collected[m2] == nil)

            let booked = try await credits(.booked)
            #expect(
                booked[m1] == [
                    CreditEvent(
                        sourceKind: .deal, sourceID: sales.deal.id.description, date: day,
                        amount: try Self.php("800000"), isNewCustomer: true)
                ])
            #expect(booked[m2] == nil)

            let narrowed = try await credits(.invoiced, [m2])
            #expect(Array(narrowed.keys) == [m2])
            #expect(try await credits(.invoiced, []).isEmpty)
            #expect(try await credits(.invoiced, [world.manager3.id]).isEmpty)
            // December has nothing yet.
            let december = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: Self.november.next, basis: .invoiced)
            }
            #expect(december.isEmpty)
        }
    }

    /// Attainment per manager on the company's basis: plan share, actual, attainment, gap, run-rate, weighted
    /// pipeline; the costs-covered meter for the head; a manager sees only their own row and no meter.
    @Test(arguments: TestEngine.available)
    func attainmentPerManagerAndTheCostsMeter(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let sales = try await Self.sales(database)
            let world = sales.world
            let plans = world.services.plans
            _ = try await plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)

            let report = try await plans.attainment(month: Self.november, viewer: world.head.viewer)
            #expect(report.basis == .invoiced && report.planVersion == 1)
            #expect(report.asOf == CalendarDate(iso8601: "2026-11-30"))
            #expect(Set(report.rows.map(\.managerID)) == [world.manager1.id, world.manager2.id, world.manager3.id])
            let first = try #require(report.rows.first { $0.managerID == world.manager1.id }).attainment
            #expect(first.plan == (try Self.php("2000000")))
            #expect(first.actual == (try Self.php("190000")))
            #expect(first.attainmentPercent == Decimal(string: "9.5"))
            #expect(first.gap == (try Self.php("1810000")))
            #expect(first.workingDaysInMonth == 21 && first.workingDaysElapsed == 21)
            #expect(first.runRateProjection == (try Self.php("190000")))
            #expect(first.openPipeline == (try Self.php("500000")))
            #expect(first.weightedPipeline == (try Self.php("250000")))
            let second = try #require(report.rows.first { $0.managerID == world.manager2.id }).attainment
            #expect(second.plan == (try Self.php("1750000")))
            #expect(second.actual == (try Self.php("50000")))
            let meter = try #require(report.costsCovered)
            #expect(meter.costs == (try Self.php("1200000")))
            #expect(meter.actual == (try Self.php("240000")))
            #expect(meter.grossProfit == (try Self.php("72000")))
            #expect(meter.percent == 6)

            _ = try await plans.setCreditBasis(.collected, viewer: world.head.viewer, expectedVersion: 0)
            let collected = try await plans.attainment(month: Self.november, viewer: world.manager1.viewer)
            #expect(collected.basis == .collected)
            #expect(collected.rows.map(\.managerID) == [world.manager1.id])
            #expect(collected.rows.first?.attainment.actual == (try Self.php("140000")))
            #expect(collected.rows.first?.attainment.attainmentPercent == 7)
            #expect(collected.costsCovered == nil)

            _ = try await plans.setCreditBasis(.booked, viewer: world.head.viewer, expectedVersion: 1)
            let booked = try await plans.attainment(month: Self.november, viewer: world.manager2.viewer)
            #expect(booked.rows.map(\.managerID) == [world.manager2.id])
            #expect(booked.rows.first?.attainment.actual == .zero(.php))
            #expect(booked.rows.first?.attainment.weightedPipeline == .zero(.php))
        }
    }
}
