import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// Plan shares and credit basis for a run, the same for every month (the sales plan is another issue's).
struct FixedTargets: CommissionTargets {
    let shares: [User.ID: Money]
    var creditBasis: CreditBasis = .invoiced

    func targets(companyID: Company.ID, month: PlanMonth, on db: StoreConnection) async throws -> [User.ID: Money] {
        shares
    }

    func basis(companyID: Company.ID, on db: StoreConnection) async throws -> CreditBasis { creditBasis }
}

/// Commission runs, approval and statements (issue 13) on both engines: DOMAIN.md §4's figures from real issued
/// invoices, statements that equal their recomputation from the source records, approved statements that nothing
/// changes (not a re-run, not a direct UPDATE), a credit note after approval as exactly the negative adjustment on
/// the next month's statement, who may read and approve, and the CLI's explanation.
@Suite(.timeLimit(.minutes(20))) struct CommissionServiceTests {
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// The test clock's month (the world starts on 30 November 2026, Manila time).
    static let november = PlanMonth(year: 2026, month: 11)!

    struct Setup {
        let world: TestWorld
        let commission: CommissionService
        let database: any AppDatabase
    }

    /// A world without a legal profile, plan shares of ₱2.0M for manager1 and manager2, the company default
    /// "10% over plan" and manager2's own tiered plan (0–100% 3%, 100–120% 5%, 120%– 8%).
    static func setup(_ database: any AppDatabase) async throws -> Setup {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let commission = CommissionService(
            database: database, clock: world.clock.appClock,
            targets: FixedTargets(shares: [
                world.manager1.id: try php("2000000"), world.manager2.id: try php("2000000"),
            ]))
        _ = try await commission.savePlan(
            try .overPlan(ratePercent: 10, baseSalary: try php("25000")), for: .companyDefault,
            effectiveFrom: november, reason: "The article's model", viewer: world.head.viewer)
        _ = try await commission.savePlan(
            try CommissionPlan(
                currency: .php, baseSalary: try php("25000"),
                structure: .tiered(bands: [
                    CommissionBand(from: 0, to: 100, ratePercent: 3),
                    CommissionBand(from: 100, to: 120, ratePercent: 5),
                    CommissionBand(from: 120, to: nil, ratePercent: 8),
                ])), for: .user(world.manager2.id), effectiveFrom: november, reason: "Accelerator",
            viewer: world.admin.viewer)
        return Setup(world: world, commission: commission, database: database)
    }

    /// An issued invoice of `net` + 12% VAT for `account`, by `owner`.
    static func invoice(_ world: TestWorld, account: Account, net: String, owner: User) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Office fit-out"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        return try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    /// ₱2.3M invoiced against a ₱2.0M plan (DOMAIN.md §4's manager A): over plan at 10% earns ₱30,000 (one zero
    /// line below plan, one line for the ₱300,000 above); tiered earns 60,000 + 15,000 = ₱75,000. Every line
    /// traces to the invoice, the stored line rows say the same, and the statement recomputed from the source
    /// records (CreditEventStore on the invoiced basis) equals the stored one.
    @Test(arguments: TestEngine.available)
    func runGivesDomainFiguresAndEqualsItsRecomputation(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            let first = try await Self.invoice(
                world, account: world.manager1Accounts[0], net: "2000000", owner: world.manager1)
            let second = try await Self.invoice(
                world, account: world.manager1Accounts[1], net: "300000", owner: world.manager1)
            let tiered = try await Self.invoice(
                world, account: world.manager2Accounts[0], net: "2300000", owner: world.manager2)
            let result = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            #expect(result.withoutPlan.isEmpty)
            #expect(result.statements.count == 2)
            let overPlan = try #require(result.statements.first { $0.userID == world.manager1.id })
            #expect(overPlan.status == .draft)
            #expect(overPlan.revision == 1)
            #expect(overPlan.statement.creditedSales == (try Self.php("2300000")))
            #expect(overPlan.statement.earned == (try Self.php("30000")))
            #expect(overPlan.statement.payable == (try Self.php("30000")))
            let sources = overPlan.statement.lines.compactMap { line -> String? in
                if case .credit(let event) = line.source { return event.sourceID }
                return nil
            }
            #expect(Set(sources) == [first.id.description, second.id.description])
            let tieredStatement = try #require(result.statements.first { $0.userID == world.manager2.id })
            #expect(tieredStatement.statement.earned == (try Self.php("75000")))
            #expect(tieredStatement.statement.lines.map(\.amount) == [try Self.php("60000"), try Self.php("15000")])
            #expect(
                tieredStatement.statement.lines.allSatisfy { line in
                    if case .credit(let event) = line.source { return event.sourceID == tiered.id.description }
                    return false
                })

            for stored in result.statements {
                let rows = try await database.read { db in try await CommissionStore(db).lineSummaries(of: stored.id) }
                #expect(rows.map(\.amountMinor) == stored.statement.lines.map(\.amount.minorUnits))
                let recomputed = try await database.read { db -> CommissionStatement in
                    let credits = try await CreditEventStore(db).credits(
                        companyID: world.company.id, month: Self.november, basis: .invoiced,
                        ownerIDs: [stored.userID])
                    let plan = try #require(
                        try await CommissionStore(db).planInForce(
                            companyID: world.company.id, userID: stored.userID, month: Self.november))
                    return try CommissionCalculator.statement(
                        month: Self.november, plan: plan.plan, target: try Self.php("2000000"),
                        credits: credits[stored.userID] ?? [])
                }
                #expect(recomputed == stored.statement)
                let read = try await setup.commission.statement(stored.id, viewer: world.head.viewer)
                #expect(read.statement == stored.statement)
            }
        }
    }

    /// Once approved a statement never changes: a re-run of the month leaves it as it was (and re-computes only
    /// the other manager's draft), a run with every statement approved is refused, approving twice is refused, and
    /// the database refuses a direct UPDATE or DELETE of the statement and of its lines.
    @Test(arguments: TestEngine.available)
    func approvedStatementIsImmutable(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            _ = try await Self.invoice(world, account: world.manager1Accounts[0], net: "2300000", owner: world.manager1)
            let first = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let draft = try #require(first.statements.first { $0.userID == world.manager1.id })
            let approved = try await setup.commission.approve(draft.id, viewer: world.head.viewer)
            #expect(approved.status == .approved)
            #expect(approved.statement.approval?.approvedBy == world.head.id.description)

            // More sales in the month after approval: the approved statement stays as approved.
            _ = try await Self.invoice(world, account: world.manager1Accounts[1], net: "500000", owner: world.manager1)
            let second = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let after = try #require(second.statements.first { $0.userID == world.manager1.id })
            #expect(after.id == approved.id)
            #expect(after.status == .approved)
            #expect(after.revision == 1)
            #expect(after.statement == approved.statement)
            let other = try #require(second.statements.first { $0.userID == world.manager2.id })
            #expect(other.revision == 2)

            _ = try await setup.commission.approve(other.id, viewer: world.admin.viewer)
            await #expect(throws: CommissionError.alreadyApproved) {
                _ = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            }
            await #expect(throws: CommissionError.alreadyApproved) {
                _ = try await setup.commission.approve(approved.id, viewer: world.head.viewer)
            }
            let id = approved.id.description
            for sql in [
                "UPDATE commission_statements SET earned_minor = 0 WHERE id = '\(id)'",
                "DELETE FROM commission_statements WHERE id = '\(id)'",
                "UPDATE commission_statement_lines SET amount_minor = 0 WHERE statement_id = '\(id)'",
                "DELETE FROM commission_statement_lines WHERE statement_id = '\(id)'",
            ] {
                await #expect(throws: (any Error).self) {
                    try await database.transaction { db in try await db.raw(SQLQueryString(sql)).run() }
                }
            }
            let read = try await setup.commission.statement(approved.id, viewer: world.head.viewer)
            #expect(read.statement == approved.statement)
            let rows = try await database.read { db in try await CommissionStore(db).lineSummaries(of: approved.id) }
            #expect(rows.map(\.amountMinor) == approved.statement.lines.map(\.amount.minorUnits))
        }
    }

    /// November approved at ₱2.3M (₱30,000); in December a ₱100,000 (net) credit note on a November invoice:
    /// December's statement carries exactly the negative adjustment of November (−₱10,000, what the calculator's
    /// adjustment of the approved statement gives), not a December credit; November stays as approved. A second
    /// run of December gives the same adjustment, once.
    @Test(arguments: TestEngine.available)
    func creditNoteAfterApprovalIsNextMonthsNegativeAdjustment(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            let invoice = try await Self.invoice(
                world, account: world.manager1Accounts[0], net: "2300000", owner: world.manager1)
            let run = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let november = try #require(run.statements.first { $0.userID == world.manager1.id })
            let approved = try await setup.commission.approve(november.id, viewer: world.head.viewer)

            world.clock.advance(by: 2 * 86_400)
            let note = try await world.services.invoices.creditNote(
                for: invoice.id, request: .amount(try Self.php("112000"), taxCategory: .vatable),
                reason: "Returned chairs", viewer: world.head.viewer)
            let december = Self.november.next
            let expected = try CommissionCalculator.adjustment(
                correcting: approved.statement,
                lateCredits: [
                    CreditEvent(
                        sourceKind: .creditNote, sourceID: note.id.description,
                        date: try #require(note.issueDate), amount: try Self.php("-100000"))
                ], reason: "check")
            #expect(expected.amount == (try Self.php("-10000")))

            for _ in 0..<2 {
                let next = try await setup.commission.run(month: december, viewer: world.head.viewer)
                let statement = try #require(next.statements.first { $0.userID == world.manager1.id }).statement
                #expect(statement.credits.isEmpty)
                #expect(statement.adjustments.count == 1)
                let adjustment = try #require(statement.adjustments.first)
                #expect(adjustment.correctsMonth == Self.november)
                #expect(adjustment.amount == expected.amount)
                #expect(adjustment.sources.map(\.sourceID) == [note.id.description])
                #expect(statement.earned == expected.amount)
                #expect(statement.payable == .zero(.php))
                #expect(statement.deficitCarried == (try Self.php("10000")))
            }
            let still = try await setup.commission.statement(approved.id, viewer: world.head.viewer)
            #expect(still.statement == approved.statement)
        }
    }

    /// A manager reads only their own statements (another's is 404, the list holds only theirs), and may neither
    /// run, approve nor set plans (403); a plan for the accountant is refused field by field; a bad plan is a 422.
    @Test(arguments: TestEngine.available)
    func managersSeeOnlyTheirOwnAndCannotManage(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            _ = try await Self.invoice(world, account: world.manager1Accounts[0], net: "2300000", owner: world.manager1)
            let run = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let first = try #require(run.statements.first { $0.userID == world.manager1.id })
            #expect(try await setup.commission.statement(first.id, viewer: world.manager1.viewer).id == first.id)
            await #expect(throws: RecordError.notFound(entity: "commission_statement")) {
                _ = try await setup.commission.statement(first.id, viewer: world.manager2.viewer)
            }
            let own = try await setup.commission.statements(month: nil, userID: nil, viewer: world.manager2.viewer)
            #expect(own.map(\.userID) == [world.manager2.id])
            let asked = try await setup.commission.statements(
                month: Self.november, userID: world.manager1.id, viewer: world.manager2.viewer)
            #expect(asked.isEmpty)
            await #expect(throws: RecordError.self) {
                _ = try await setup.commission.approve(first.id, viewer: world.manager1.viewer)
            }
            await #expect(throws: RecordError.self) {
                _ = try await setup.commission.run(month: Self.november, viewer: world.manager1.viewer)
            }
            await #expect(throws: RecordError.self) {
                _ = try await setup.commission.run(month: Self.november, viewer: world.accountant.viewer)
            }
            #expect(try await setup.commission.statement(first.id, viewer: world.manager1.viewer).status == .draft)

            let plan = try CommissionPlan.overPlan(ratePercent: 5, baseSalary: try Self.php("20000"))
            do {
                _ = try await setup.commission.savePlan(
                    plan, for: .user(world.accountant.id), effectiveFrom: nil, reason: " ", viewer: world.head.viewer)
                Issue.record("a plan for the accountant was saved")
            } catch let errors as ValidationErrors {
                #expect(Set(errors.errors.map(\.field)) == ["user_id", "reason"])
            }
            #expect(
                try await setup.commission.planVersions(for: .user(world.accountant.id), viewer: world.head.viewer)
                    .isEmpty)
            #expect(throws: ValidationErrors.self) {
                _ = try CommissionPlan(
                    currency: .php, baseSalary: try Self.php("1"),
                    structure: .tiered(bands: [CommissionBand(from: 0, to: 90, ratePercent: 3)]))
            }
        }
    }

    /// `benta commission explain` prints every line of a seeded month with its source, band, rate and amount,
    /// and the totals; the CSV holds one row per line.
    @Test(arguments: TestEngine.available)
    func explanationListsEveryLine(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await Self.setup(database)
            let world = setup.world
            let invoices = [
                try await Self.invoice(
                    world, account: world.manager2Accounts[0], net: "2100000", owner: world.manager2),
                try await Self.invoice(world, account: world.manager2Accounts[1], net: "500000", owner: world.manager2),
            ]
            _ = try await setup.commission.run(month: Self.november, viewer: world.head.viewer)
            let found = try #require(
                try await setup.commission.statement(
                    managerEmail: "MANAGER2@test.ph", month: Self.november, viewer: world.head.viewer))
            let statement = found.statement.statement
            #expect(statement.earned == (try Self.php("96000")))
            let text = CommissionExplanation.text(statement, manager: found.user.name)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first?.contains("Paolo Dos") == true)
            #expect(lines.first?.contains("2026-11") == true)
            for (index, line) in statement.lines.enumerated() {
                let printed = try #require(lines.first { $0.hasPrefix("\(index + 1). ") })
                guard case .credit(let event) = line.source else {
                    Issue.record("unexpected line source")
                    continue
                }
                #expect(printed.contains(event.sourceID))
                #expect(printed.contains("PHP \(line.amount.decimalString)"))
                #expect(printed.contains("rate \(line.ratePercent)%"))
                #expect(printed.contains("PHP \(line.basis.decimalString)"))
            }
            #expect(statement.lines.count == 4)
            for invoice in invoices { #expect(text.contains(invoice.id.description)) }
            #expect(text.contains("Earned: PHP 96000.00"))
            #expect(text.contains("Commission payable: PHP 96000.00"))
            let csv = CommissionExplanation.csv(statement)
            #expect(csv.split(separator: "\r\n").count == statement.lines.count + 1)
        }
    }
}
