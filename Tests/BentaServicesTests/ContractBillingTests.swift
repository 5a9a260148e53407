import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@Suite(.timeLimit(.minutes(20))) struct ContractBillingTests {
    /// A contract of manager1 for Tala Foods (Maria Santos signs), taken through `steps`.
    func contract(
        _ world: TestWorld, start: CalendarDate, months: Int = 12, value: String = "120000.00",
        terms: String = "net_15", schedule: BillingScheduleDraft, steps: [ContractStatus]
    ) async throws -> Contract {
        let viewer = world.manager1.viewer
        var draft = ContractDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.signatoryContactID = world.manager1Contact.id.description
        draft.title = "Managed print service"
        draft.startDate = start.iso8601String
        draft.endDate = start.adding(months: months).adding(days: -1).iso8601String
        draft.value = value
        draft.paymentTerms = terms
        draft.billingSchedule = schedule
        var contract = try await world.services.contracts.create(draft, viewer: viewer)
        for step in steps {
            switch step {
            case .sent:
                contract = try await world.services.contracts.send(contract.id, viewer: viewer, expectedVersion: nil)
            case .signed:
                contract = try await world.services.contracts.sign(contract.id, viewer: viewer, expectedVersion: nil)
            case .active:
                contract = try await world.services.contracts.activate(
                    contract.id, viewer: viewer, expectedVersion: nil)
            case .terminated:
                contract = try await world.services.contracts.terminate(
                    contract.id, reason: "Moved in-house", viewer: viewer, expectedVersion: nil)
            case .draft, .expired: break
            }
        }
        return contract
    }

    func monthly(from start: CalendarDate, count: Int = 12, amount: String = "10000.00") -> BillingScheduleDraft {
        var schedule = BillingScheduleDraft()
        schedule.kind = "monthly"
        schedule.from = start.iso8601String
        schedule.to = start.adding(months: count - 1).iso8601String
        schedule.amount = amount
        return schedule
    }

    func contractInvoices(_ world: TestWorld, _ contract: Contract) async throws -> [Invoice] {
        try await world.services.invoices.list(
            viewer: world.head.viewer, filter: InvoiceFilter(kind: .invoice), page: PageRequest(limit: 200)
        ).items.filter { $0.contractID == contract.id.description }
    }

    @Test(arguments: TestEngine.available)
    func monthlyContractActiveForThreeMonthsGetsThreeDraftsOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            // Active for the third month: entries about 80, 50 and 20 days ago, the next one in about 10 days.
            let start = today.adding(days: -80)
            let contract = try await contract(
                world, start: start, schedule: monthly(from: start), steps: [.sent, .signed, .active])
            let drafts = try await world.services.invoices.createDueContractInvoices(today: today)
            #expect(drafts.count == 3)
            for (index, draft) in drafts.sorted(by: {
                $0.fields.lines[0].line.description < $1.fields.lines[0].line.description
            })
            .enumerated() {
                let stored = try await world.services.invoices.invoice(draft.id, viewer: world.manager1.viewer)
                #expect(stored.status == .draft && stored.number == nil)
                #expect(stored.contractID == contract.id.description)
                #expect(stored.accountID == world.manager1Accounts[0].id)
                #expect(stored.fields.contactID == world.manager1Contact.id)
                #expect(stored.ownerID == world.manager1.id)
                #expect(stored.createdBy == nil)
                #expect(stored.fields.currency == .php && stored.fields.pricesIncludeTax)
                #expect(stored.fields.paymentTerms == .net(days: 15))
                #expect(stored.fields.lines.count == 1)
                let line = try #require(stored.fields.lines.first).line
                #expect(line.description.contains("Managed print service"))
                #expect(
                    line.description.contains(
                        "Monthly billing \(index + 1): \(start.adding(months: index).iso8601String)"))
                #expect(line.taxCategory == .vatable && line.ratePercent == 12)
                // The schedule amount is what the customer pays: VAT included.
                let totals = try stored.totals()
                #expect(totals.totalWithTax == Money(minorUnits: 1_000_000, currency: .php))
                #expect(totals.totalTax == Money(minorUnits: 107_143, currency: .php))
            }
            #expect(try await contractInvoices(world, contract).count == 3)
            // Each draft is audited as a system action.
            let audited = try await database.read { db in
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM audit_events
                    WHERE action = 'invoice.created' AND actor_id IS NULL AND details LIKE '%billing_schedule%'
                    """
                ).first()?.decode(column: "n", as: Int.self)
            }
            #expect(audited == 3)
            // Running again creates nothing; a month later, the fourth entry.
            #expect(try await world.services.invoices.createDueContractInvoices(today: today).isEmpty)
            let next = try await world.services.invoices.createDueContractInvoices(today: start.adding(months: 3))
            #expect(next.count == 1)
            #expect(try await contractInvoices(world, contract).count == 4)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentSweepsCreateEachDraftOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let start = today.adding(months: -5)
            let contract = try await contract(
                world, start: start, schedule: monthly(from: start), steps: [.sent, .signed, .active])
            let invoices = world.services.invoices
            let created = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await invoices.createDueContractInvoices(today: today).count }
                }
                return try await group.reduce(0, +)
            }
            #expect(created == 6)
            let stored = try await contractInvoices(world, contract)
            #expect(stored.count == 6)
            #expect(Set(stored.map { $0.fields.lines[0].line.description }).count == 6)
        }
    }

    @Test(arguments: TestEngine.available)
    func onlySignedAndActiveContractsAreBilled(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let start = today.adding(months: -2)
            let draft = try await contract(world, start: start, schedule: monthly(from: start), steps: [])
            let sent = try await contract(world, start: start, schedule: monthly(from: start), steps: [.sent])
            let terminated = try await contract(
                world, start: start, schedule: monthly(from: start), steps: [.sent, .signed, .active, .terminated])
            let signed = try await contract(
                world, start: start, schedule: monthly(from: start), steps: [.sent, .signed])
            let drafts = try await world.services.invoices.createDueContractInvoices(today: today)
            #expect(drafts.count == 3)
            #expect(drafts.allSatisfy { $0.contractID == signed.id.description })
            for other in [draft, sent, terminated] {
                #expect(try await contractInvoices(world, other).isEmpty)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func milestonesAreBilledOnlyWhenDue(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let start = today.adding(days: -10)
            var schedule = BillingScheduleDraft()
            schedule.kind = "milestones"
            schedule.milestones = [
                .init(name: "Kick-off", date: start.iso8601String, amount: "40000.00"),
                .init(name: "Acceptance", date: today.adding(days: 20).iso8601String, amount: "60000.00"),
            ]
            let contract = try await contract(
                world, start: start, months: 3, value: "100000.00", terms: "eom_15", schedule: schedule,
                steps: [.sent, .signed, .active])
            let first = try await world.services.invoices.createDueContractInvoices(today: today)
            #expect(first.map { $0.fields.lines[0].line.description } == ["Managed print service — Kick-off"])
            #expect(try first.first?.totals().totalWithTax == Money(minorUnits: 4_000_000, currency: .php))
            #expect(first.first?.fields.paymentTerms == .endOfMonthPlus(days: 15))
            #expect(try await world.services.invoices.createDueContractInvoices(today: today.adding(days: 19)).isEmpty)
            let second = try await world.services.invoices.createDueContractInvoices(today: today.adding(days: 20))
            #expect(second.map { $0.fields.lines[0].line.description } == ["Managed print service — Acceptance"])
            #expect(try await world.services.invoices.createDueContractInvoices(today: today.adding(days: 90)).isEmpty)
            #expect(try await contractInvoices(world, contract).count == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func aDiscardedDraftIsNotCreatedAgain(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            var schedule = BillingScheduleDraft()
            schedule.kind = "one_off"
            schedule.date = today.iso8601String
            schedule.amount = "50000.00"
            let contract = try await contract(
                world, start: today, months: 1, value: "50000.00", schedule: schedule, steps: [.sent, .signed])
            let drafts = try await world.services.invoices.createDueContractInvoices(today: today)
            let draft = try #require(drafts.first)
            try await world.services.invoices.discard(draft.id, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(try await world.services.invoices.createDueContractInvoices(today: today).isEmpty)
            #expect(try await contractInvoices(world, contract).isEmpty)
        }
    }
}
