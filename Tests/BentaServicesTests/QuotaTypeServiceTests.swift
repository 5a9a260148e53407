import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Several quota types per period (issue 13) on both engines: the company's types, a manager's plan split by type,
/// attainment per type and in total from real invoices (a customer is new when no invoice had been issued to it
/// before the credited document), the plan by type as it stood on an earlier day, and a commission plan whose
/// rules apply to one type. The test world's clock stands on 2026-11-30 in Manila.
@Suite(.timeLimit(.minutes(20))) struct QuotaTypeServiceTests {
    static let november = PlanMonth(year: 2026, month: 11)!
    static let day: TimeInterval = 86_400

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// ₱300,000 of costs at 30% margin → a ₱1,000,000 plan, all of it manager1's by hand, split 300,000 new and
    /// 700,000 existing (or as given).
    static func draft(
        _ world: TestWorld, new: String = "300000", existing: String = "700000", reason: String = ""
    ) -> MonthPlanDraft {
        var draft = MonthPlanDraft(
            costLines: [.init(kind: "rent", label: "Office rent", amount: "300000", isRecurringMonthly: true)],
            targetProfit: "0", grossMargin: "30", splitMethod: "amounts",
            amounts: [.init(managerID: world.manager1.id.description, value: "1000000")], reason: reason)
        draft.typeAmounts = [
            .init(managerID: world.manager1.id.description, quotaType: "new", amount: new),
            .init(managerID: world.manager1.id.description, quotaType: "existing", amount: existing),
        ]
        return draft
    }

    /// The company's two types: new and existing customers.
    static func addTypes(_ world: TestWorld) async throws {
        let plans = world.services.plans
        _ = try await plans.addQuotaType(
            code: "new", name: "New customers", rule: "new_customers", viewer: world.head.viewer)
        _ = try await plans.addQuotaType(
            code: "existing", name: "Existing customers", rule: "existing_customers", viewer: world.admin.viewer)
    }

    /// Bituin was invoiced in October (so it is an existing customer in November); then, on November 30, manager1
    /// sells ₱250,000 to Tala (never invoiced before: new) and ₱800,000 to Bituin (existing).
    static func sell(_ world: TestWorld) async throws {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
        world.clock.advance(by: -40 * day)
        _ = try await world.issuedInvoice(account: bituin, net: "10000")
        world.clock.advance(by: 40 * day)
        _ = try await world.issuedInvoice(account: tala, net: "250000")
        _ = try await world.issuedInvoice(account: bituin, net: "800000")
    }

    @Test(arguments: TestEngine.available)
    func typesAreTheCompanysAndCheckedAsAWhole(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let plans = world.services.plans
            #expect(try await plans.quotaTypes(viewer: world.manager1.viewer) == [.total])
            await #expect(throws: RecordError.self) {
                _ = try await plans.addQuotaType(
                    code: "new", name: "New", rule: "new_customers", viewer: world.manager1.viewer)
            }
            let refused = await #expect(throws: ValidationErrors.self) {
                _ = try await plans.addQuotaType(
                    code: "Total Sales", name: " ", rule: "all", viewer: world.head.viewer)
            }
            #expect(
                refused?.errors.map { "\($0.field):\($0.code)" }.sorted() == [
                    "code:invalid", "name:required", "rule:invalid_choice",
                ])
            let reserved = await #expect(throws: ValidationErrors.self) {
                _ = try await plans.addQuotaType(
                    code: "total", name: "Total", rule: "new_customers", viewer: world.head.viewer)
            }
            #expect(reserved?.errors.map(\.code) == ["reserved"])
            try await Self.addTypes(world)
            let duplicate = await #expect(throws: ValidationErrors.self) {
                _ = try await plans.addQuotaType(
                    code: "new", name: "Again", rule: "existing_customers", viewer: world.head.viewer)
            }
            #expect(duplicate?.errors.map(\.code) == ["duplicate"])
            #expect(
                try await plans.quotaTypes(viewer: world.manager1.viewer).map(\.code) == ["total", "existing", "new"])
            #expect(
                try await plans.quotaTypes(viewer: world.head.viewer).last
                    == QuotaType(uncheckedCode: "new", name: "New customers", rule: .newCustomers))
        }
    }

    /// DOMAIN.md §4 per type: plan 300,000 new + 700,000 existing; 250,000 sold to new and 800,000 to existing
    /// customers → 83.3% and 114.3%, 105.0% in total (the total row as without types).
    @Test(arguments: TestEngine.available)
    func attainmentPerTypeAndInTotal(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.addTypes(world)
            let plans = world.services.plans
            let saved = try await plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)
            #expect(saved.split.shares.map(\.amount) == [try Self.php("1000000")])
            #expect(saved.typeShares.map(\.quotaType) == ["new", "existing"])
            let read = try #require(try await plans.plan(month: Self.november, viewer: world.head.viewer))
            #expect(read == saved)
            try await Self.sell(world)

            let report = try await plans.attainment(month: Self.november, viewer: world.head.viewer)
            let row = try #require(report.rows.first { $0.managerID == world.manager1.id })
            #expect(row.attainment.plan == (try Self.php("1000000")))
            #expect(row.attainment.actual == (try Self.php("1050000")))
            #expect(row.attainment.attainmentPercent == Decimal(string: "105"))
            #expect(row.byType.map(\.quotaType.code) == ["existing", "new"])
            let new = try #require(row.byType.first { $0.quotaType.code == "new" })
            let existing = try #require(row.byType.first { $0.quotaType.code == "existing" })
            #expect(new.plan == (try Self.php("300000")))
            #expect(new.actual == (try Self.php("250000")))
            #expect(new.attainmentPercent == Decimal(string: "83.3"))
            #expect(new.gap == (try Self.php("50000")))
            #expect(existing.plan == (try Self.php("700000")))
            #expect(existing.actual == (try Self.php("800000")))
            #expect(existing.attainmentPercent == Decimal(string: "114.3"))
            #expect(existing.gap == (try Self.php("-100000")))
            // Another manager without a plan by type gets the types with a zero plan; a manager reads their own.
            let other = try #require(report.rows.first { $0.managerID == world.manager2.id })
            let zeroPlans = other.byType.allSatisfy { $0.plan.isZero && $0.attainmentPercent == nil }
            #expect(zeroPlans && other.byType.count == 2)
            let own = try await plans.attainment(month: Self.november, viewer: world.manager1.viewer)
            #expect(own.rows.map(\.byType) == [row.byType])

            // The head's dashboard adds the types up for the company.
            let dashboard = try await world.services.headDashboard.dashboard(
                month: Self.november, viewer: world.head.viewer)
            #expect(
                dashboard.byType.map { "\($0.quotaType.code) \($0.attainmentPercent.map { "\($0)" } ?? "-")" } == [
                    "existing 114.3", "new 83.3",
                ])
        }
    }

    /// Without types nothing is added: no rows by type, no figure changes.
    @Test(arguments: TestEngine.available)
    func aPlanWithoutTypesReportsTheTotalOnly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = Self.draft(world)
            draft.typeAmounts = []
            _ = try await world.services.plans.save(draft, month: Self.november, viewer: world.head.viewer)
            try await Self.sell(world)
            let report = try await world.services.plans.attainment(month: Self.november, viewer: world.head.viewer)
            #expect(report.rows.filter { !$0.byType.isEmpty }.isEmpty)
            #expect(report.rows.first { $0.managerID == world.manager1.id }?.attainment.attainmentPercent == 105)
        }
    }

    /// A bad plan by type refuses the whole save with a field error per row; nothing is stored.
    @Test(arguments: TestEngine.available)
    func aBadPlanByTypeChangesNothing(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.addTypes(world)
            var draft = Self.draft(world)
            draft.typeAmounts += [
                .init(managerID: world.manager1.id.description, quotaType: "renewals", amount: "1"),
                .init(managerID: world.manager2.id.description, quotaType: "new", amount: "1"),
                .init(managerID: world.manager1.id.description, quotaType: "new", amount: "-5"),
                .init(managerID: world.manager1.id.description, quotaType: "total", amount: "5"),
            ]
            let refused = await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.plans.save(draft, month: Self.november, viewer: world.head.viewer)
            }
            #expect(
                refused?.errors.map { "\($0.field):\($0.code)" } == [
                    "type_amounts[2].quota_type:invalid_choice", "type_amounts[3].manager_id:not_in_split",
                    "type_amounts[4].quota_type:duplicate", "type_amounts[4].amount:negative",
                    "type_amounts[5].quota_type:invalid_choice",
                ])
            #expect(try await world.services.plans.versions(month: Self.november, viewer: world.head.viewer).isEmpty)
        }
    }

    /// A new version keeps the old split by type: as of the day before it, the report reads the old plans by type.
    @Test(arguments: TestEngine.available)
    func aNewVersionKeepsThePlanByTypeAsItStood(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.addTypes(world)
            let plans = world.services.plans
            world.clock.advance(by: -20 * Self.day)
            _ = try await plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)
            world.clock.advance(by: 20 * Self.day)
            let second = try await plans.save(
                Self.draft(world, new: "400000", existing: "600000", reason: "More new business"),
                month: Self.november, viewer: world.head.viewer)
            #expect(second.version.number == 2)
            let versions = try await plans.versions(month: Self.november, viewer: world.head.viewer)
            #expect(
                versions.map { $0.typeShares.map(\.amount.decimalString) } == [
                    ["400000.00", "600000.00"], ["300000.00", "700000.00"],
                ])
            func plansByType(_ asOf: CalendarDate?) async throws -> [String] {
                let report = try await plans.attainment(month: Self.november, asOf: asOf, viewer: world.head.viewer)
                let row = try #require(report.rows.first { $0.managerID == world.manager1.id })
                return row.byType.map { "\($0.quotaType.code) \($0.plan.decimalString)" }
            }
            #expect(
                try await plansByType(CalendarDate(iso8601: "2026-11-15")) == ["existing 700000.00", "new 300000.00"])
            #expect(try await plansByType(nil) == ["existing 600000.00", "new 400000.00"])
            // Copied forward, the plan by type comes along.
            let december = try await plans.copyForward(from: Self.november, viewer: world.head.viewer)
            #expect(december.typeShares == second.typeShares)
        }
    }

    /// A commission plan for the new-customer quota: 5% of new-customer sales, against the new-customer plan; the
    /// explanation names the type, its target and only the new customer's invoice. An unknown type is refused.
    @Test(arguments: TestEngine.available)
    func aCommissionPlanAppliesToOneQuotaType(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.addTypes(world)
            _ = try await world.services.plans.save(Self.draft(world), month: Self.november, viewer: world.head.viewer)
            try await Self.sell(world)
            let commission = world.services.commission
            let unknown = await #expect(throws: ValidationErrors.self) {
                _ = try await commission.savePlan(
                    try CommissionPlan(
                        currency: .php, baseSalary: try Self.php("25000"), structure: .flat(ratePercent: 5),
                        quotaType: "renewals"),
                    for: .user(world.manager1.id), effectiveFrom: Self.november, reason: "New business",
                    viewer: world.head.viewer)
            }
            #expect(unknown?.errors.map { "\($0.field):\($0.code)" } == ["quota_type:invalid_choice"])
            _ = try await commission.savePlan(
                try CommissionPlan(
                    currency: .php, baseSalary: try Self.php("25000"), structure: .flat(ratePercent: 5),
                    quotaType: "new"),
                for: .user(world.manager1.id), effectiveFrom: Self.november, reason: "New business",
                viewer: world.head.viewer)
            let run = try await commission.run(month: Self.november, viewer: world.head.viewer)
            let stored = try #require(run.statements.first { $0.userID == world.manager1.id })
            let statement = stored.statement
            #expect(statement.target == (try Self.php("300000")))
            #expect(statement.creditedSales == (try Self.php("250000")))
            #expect(statement.earned == (try Self.php("12500")))
            let text = CommissionExplanation.text(statement, manager: world.manager1.name)
            #expect(text.contains("Plan (target): PHP 300000.00\n") && text.hasSuffix("Quota type: new\n"))
            #expect(text.contains("basis PHP 250000.00") && text.contains("rate 5% → PHP 12500.00"))
            #expect(!text.contains("800000"))
            #expect(CommissionExplanation.rows(statement).count == 1)
        }
    }
}
