import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The dunning engine (issue 12, DOMAIN.md §3) on both engines: the standard ladder over simulated days, each step
/// once (run twice a day, and two runs at once), and what holds it back or pushes it on — a payment, a dispute, a
/// pending 2307, promises to pay open, kept and broken.
@Suite(.timeLimit(.minutes(20))) struct DunningTests {
    /// A world with email set up (nothing is sent: the messages stay queued) and no legal profile.
    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await PaymentServiceTests.world(database)
        var draft = SMTPSettingsDraft()
        draft.host = "127.0.0.1"
        draft.port = "2525"
        draft.security = SMTPSecurity.none.rawValue
        draft.fromAddress = "billing@bituin.ph"
        draft.fromName = "Bituin Office Solutions"
        _ = try await world.services.outbox.saveSMTPSettings(draft, viewer: world.admin.viewer, expectedVersion: nil)
        return world
    }

    /// An issued invoice of `net` + 12% VAT to `account`, billed to `contact` (whose email the reminders go to).
    static func invoice(
        _ world: TestWorld, account: Account, contact: Contact? = nil, owner: User? = nil, net: String = "100000"
    ) async throws -> Invoice {
        let owner = owner ?? world.manager1
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.contactID = contact?.id.description ?? ""
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        return try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    static func dunningMessages(_ world: TestWorld) async throws -> [OutboxMessage] {
        try await world.services.outbox.list(
            viewer: world.admin.viewer, filter: OutboxFilter(), page: PageRequest(limit: 200)
        ).items.filter { $0.kind.hasPrefix("dunning_") }
    }

    static func openCalls(_ world: TestWorld, of user: User) async throws -> [CollectionCall] {
        try await world.services.database.read { db in
            try await CollectionCallStore(db).list(
                viewer: user.viewer, open: true, assigneeID: user.id, page: PageRequest(limit: 200)
            ).items.map(\.call)
        }
    }

    static func steps(_ world: TestWorld, _ invoice: Invoice) async throws -> [DunningStepTaken] {
        try await world.services.dunning.invoiceDunning(invoice.id, viewer: world.head.viewer).steps
    }

    /// An unpaid invoice run every day from five days before its due date to 70 after (twice a day): exactly the
    /// six steps of the standard ladder, each once, on its day; three emails to the billing contact (the first two
    /// with the invoice attached); the call on the manager's list; the account on credit hold with a task for the
    /// head; the demand letter as the manager's task. The second run of a day does nothing.
    @Test(arguments: TestEngine.available)
    func theStandardLadderOverSeventyFiveDays(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, contact: world.manager1Contact)
            let due = try #require(invoice.dueDate)
            let dunning = world.services.dunning
            var taken: [Int: CalendarDate] = [:]
            for offset in -5...70 {
                let day = due.adding(days: offset)
                let first = try await dunning.run(companyID: world.company.id, today: day)
                for (action, count) in first.stepsTaken {
                    #expect(count == 1)
                    let level = try #require(DunningPolicy.standard.steps.first { $0.action == action }).level
                    #expect(taken[level] == nil)
                    taken[level] = day
                }
                let again = try await dunning.run(companyID: world.company.id, today: day)
                #expect(again == DunningRunSummary(), "the second run on \(day) did something")
            }
            #expect(
                taken == [
                    0: due.adding(days: -3), 1: due.adding(days: 1), 2: due.adding(days: 15), 3: due.adding(days: 30),
                    4: due.adding(days: 45), 5: due.adding(days: 60),
                ])
            let steps = try await Self.steps(world, invoice)
            #expect(steps.map(\.level) == [0, 1, 2, 3, 4, 5])
            #expect(steps.map(\.daysLate) == [-3, 1, 15, 30, 45, 60])
            #expect(steps.allSatisfy { $0.open == (try? PaymentServiceTests.php("112000")) })
            let messages = try await Self.dunningMessages(world)
            #expect(messages.count == 3)
            #expect(
                Set(messages.map(\.kind)) == ["dunning_courtesy_reminder", "dunning_reminder", "dunning_final_notice"])
            #expect(messages.allSatisfy { $0.to == ["maria@example.ph"] && $0.relatedID == invoice.id.description })
            #expect(Set(steps.compactMap(\.messageID)) == Set(messages.map(\.id.description)))
            let calls = try await Self.openCalls(world, of: world.manager1)
            #expect(calls.count == 1 && calls.first?.cause == .dunning && calls.first?.accountID == tala.id)
            #expect(steps.first { $0.action == .call }?.callID == calls.first?.id)
            let hold = try await database.read { db in
                try await CreditHoldStore(db).openHold(accountID: tala.id, companyID: world.company.id)
            }
            #expect(hold?.placedBy == nil)
            #expect(hold?.dunningStepID == steps.first { $0.action == .creditHold }?.id.description)
            let headTasks = try await world.services.tasks.list(
                viewer: world.head.viewer, filter: TaskFilter(assigneeID: world.head.id))
            #expect(headTasks.count == 1)
            #expect(headTasks.first?.title.hasPrefix("Account Tala Foods on credit hold") == true)
            let managerTasks = try await world.services.tasks.list(
                viewer: world.manager1.viewer, filter: TaskFilter(assigneeID: world.manager1.id))
            #expect(managerTasks.map(\.title).contains { $0.contains("demand letter") })
            let decision = try await world.services.dunning.invoiceDunning(invoice.id, viewer: world.manager1.viewer)
            #expect(decision.steps.count == 6)
            // Another manager does not see the invoice's dunning.
            await #expect(throws: RecordError.self) {
                _ = try await world.services.dunning.invoiceDunning(invoice.id, viewer: world.manager2.viewer)
            }
        }
    }

    /// Two runs at once (courtesy reminders, then call steps) take each step once: one row per invoice and level,
    /// one email per reminder, one call per account.
    @Test(arguments: TestEngine.available)
    func twoRunsAtOnceTakeEachStepOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            _ = try await world.services.accounts.update(bituin.id, viewer: world.manager1.viewer, expectedVersion: nil)
            {
                $0.email = ""
            }
            let invoices = [
                try await Self.invoice(world, account: tala, contact: world.manager1Contact),
                try await Self.invoice(world, account: tala, contact: world.manager1Contact),
                try await Self.invoice(world, account: bituin),
            ]
            let due = try #require(invoices[0].dueDate)
            #expect(invoices.allSatisfy { $0.dueDate == due })
            let company = world.company.id
            let dunning = world.services.dunning
            for offset in [-3, 15] {
                let day = due.adding(days: offset)
                async let first = dunning.run(companyID: company, today: day)
                async let second = dunning.run(companyID: company, today: day)
                var both = try await first
                both.add(try await second)
                #expect(both.totalSteps == 3)
            }
            for invoice in invoices {
                #expect(try await Self.steps(world, invoice).map(\.level) == [0, 2])
            }
            // Tala's invoices are billed to Maria; Bituin's has no billing email: its manager gets a task instead.
            #expect(try await Self.dunningMessages(world).count == 2)
            let tasks = try await world.services.tasks.list(
                viewer: world.manager1.viewer, filter: TaskFilter(assigneeID: world.manager1.id))
            #expect(tasks.filter { $0.title.contains("courtesy reminder") }.count == 1)
            let calls = try await Self.openCalls(world, of: world.manager1)
            #expect(calls.count == 2)
            #expect(Set(calls.map(\.accountID)) == [tala.id, bituin.id])
        }
    }

    /// A payment that settles the invoice stops dunning; a dispute and a pending 2307 hold it back.
    @Test(arguments: TestEngine.available)
    func paymentStopsDisputeAndPendingCertificateBlock(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let paid = try await Self.invoice(world, account: tala, contact: world.manager1Contact)
            let disputed = try await Self.invoice(world, account: tala, contact: world.manager1Contact)
            _ = try await world.services.payments.saveWithholdingProfile(
                .services, accountID: bituin.id, viewer: world.accountant.viewer, expectedVersion: 0)
            let withheld = try await Self.invoice(world, account: bituin)
            let due = try #require(paid.dueDate)
            let dunning = world.services.dunning
            _ = try await dunning.run(companyID: world.company.id, today: due.adding(days: 1))
            for invoice in [paid, disputed, withheld] {
                #expect(try await Self.steps(world, invoice).map(\.level) == [1])
            }
            _ = try await world.services.payments.record(
                PaymentServiceTests.payment(
                    tala, amount: "112000",
                    allocations: [AllocationDraft(invoiceID: paid.id.description, amount: "112000")]),
                viewer: world.accountant.viewer)
            // Half the cash, with its 2% EWT line: the 2307 is pending.
            _ = try await world.services.payments.record(
                PaymentServiceTests.payment(
                    bituin, amount: "55000",
                    allocations: [AllocationDraft(invoiceID: withheld.id.description, amount: "55000")]),
                viewer: world.accountant.viewer)
            try await database.transaction { db in
                let now = world.clock.now
                _ = try await DisputeStore(db).openIfNone(
                    InvoiceDispute(
                        id: Identifier(UUID()), companyID: world.company.id, invoiceID: disputed.id,
                        accountID: tala.id, openedOn: due, openedBy: world.manager1.id, callID: nil,
                        note: "Wrong quantity", createdAt: now, updatedAt: now, version: 1))
            }
            let day = due.adding(days: 15)
            let summary = try await dunning.run(companyID: world.company.id, today: day)
            #expect(summary.totalSteps == 0)
            let decisions = try await [paid, disputed, withheld].asyncMap { invoice in
                try await dunning.invoiceDunning(invoice.id, viewer: world.head.viewer)
            }
            #expect(decisions[0].decision == .none(.nothingOpen))
            #expect(decisions[1].decision == .blocked(.disputed))
            #expect(decisions[2].decision == .blocked(.withholdingCertificatePending))
            #expect(decisions.allSatisfy { $0.steps.map(\.level) == [1] })
            #expect(try await Self.openCalls(world, of: world.manager1).isEmpty)
        }
    }

    /// An open promise pauses dunning until its deadline; a kept one is closed as kept; a broken one escalates at
    /// once (the final notice two weeks early) with a new call for the manager, cause broken promise.
    @Test(arguments: TestEngine.available)
    func promisesPauseCloseAndEscalate(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let broken = try await Self.invoice(world, account: tala, contact: world.manager1Contact)
            let kept = try await Self.invoice(world, account: bituin)
            let due = try #require(broken.dueDate)
            let company = world.company.id
            let dunning = world.services.dunning
            _ = try await dunning.run(companyID: company, today: due.adding(days: 15))
            var calls = try await Self.openCalls(world, of: world.manager1)
            #expect(calls.count == 2)
            // The manager logs both calls, each with a promise: Tala by due+18 (no grace), Bituin by due+20.
            let now = world.clock.now
            for (call, invoice, promised) in [
                (calls.first { $0.accountID == tala.id }, broken, due.adding(days: 18)),
                (calls.first { $0.accountID == bituin.id }, kept, due.adding(days: 20)),
            ] {
                var logged = try #require(call)
                logged.loggedAt = now
                logged.loggedBy = world.manager1.id
                logged.reason = .cashFlowProblem
                logged.version += 1
                let saved = logged
                let promise = try PaymentPromise(
                    promisedDate: promised, amount: try PaymentServiceTests.php("112000"),
                    invoiceIDs: [invoice.id.description], loggedBy: world.manager1.id.description, graceDays: 0)
                try await database.transaction { db in
                    #expect(try await CollectionCallStore(db).save(saved, expectedVersion: saved.version - 1))
                    try await PromiseStore(db).insert(
                        StoredPromise(
                            id: Identifier(UUID()), companyID: company, accountID: saved.accountID,
                            callID: saved.id, promise: promise, status: .open, paid: nil, decidedOn: nil,
                            createdAt: now))
                }
            }
            // Paused: no step while the promises are open, though nothing was paid.
            for offset in 16...18 {
                let summary = try await dunning.run(companyID: company, today: due.adding(days: offset))
                #expect(summary == DunningRunSummary())
            }
            let paused = try await dunning.invoiceDunning(broken.id, viewer: world.head.viewer)
            #expect(paused.steps.count == 1)
            // Bituin pays in full on due+19, within its promise.
            var draft = PaymentServiceTests.payment(
                bituin, amount: "112000",
                allocations: [AllocationDraft(invoiceID: kept.id.description, amount: "112000")])
            draft.receivedOn = due.adding(days: 19).iso8601String
            _ = try await world.services.payments.record(draft, viewer: world.accountant.viewer)
            let day = due.adding(days: 19)
            let summary = try await dunning.run(companyID: company, today: day)
            #expect(summary.promisesDecided == [.broken: 1, .kept: 1])
            #expect(summary.stepsTaken == [.finalNotice: 1])
            #expect(summary.callsOpened == 1)
            let outcomes = try await database.read { db in
                try await PromiseStore(db).list(
                    viewer: world.head.viewer, accountID: nil, status: nil, page: PageRequest(limit: 10))
            }.items
            #expect(outcomes.first { $0.accountID == bituin.id }?.status == .kept)
            #expect(outcomes.first { $0.accountID == tala.id }?.status == .broken)
            calls = try await Self.openCalls(world, of: world.manager1)
            #expect(calls.count == 1)
            #expect(calls.first?.cause == .brokenPromise && calls.first?.accountID == tala.id)
            let escalated = try await Self.steps(world, broken)
            #expect(escalated.map(\.level) == [2, 3])
            #expect(escalated.last?.takenOn == day)
            #expect(try await dunning.run(companyID: company, today: day) == DunningRunSummary())
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
