import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Collection calls, promises to pay, disputes and the late-payment report (issue 12), through the collections
/// service on both engines: one open call per account under concurrency, logging an outcome as one transaction
/// (and refusing a bad promise without writing anything), a manager kept to their own calls, and the report's
/// figures on constructed data.
@Suite(.timeLimit(.minutes(20))) struct CollectionCallTests {
    static let day: TimeInterval = 86_400

    /// An issued invoice of `net` + 12% VAT for `account`, by `owner` (manager1 by default).
    static func invoice(
        _ world: TestWorld, account: Account, net: String, owner: User? = nil, currency: String? = nil
    ) async throws -> Invoice {
        try await world.issuedInvoice(account: account, net: net, owner: owner, currency: currency, rate: "56.25")
    }

    /// A world without a legal profile, with manager1's first account owing one invoice (₱11,200) now 60 days late.
    static func overdueWorld(_ database: any AppDatabase) async throws -> (TestWorld, Invoice) {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let invoice = try await invoice(world, account: world.manager1Accounts[0], net: "10000")
        world.clock.advance(by: 90 * day)
        return (world, invoice)
    }

    static func openCalls(_ world: TestWorld, viewer: Viewer) async throws -> [CallToMake] {
        try await world.services.collections.calls(
            viewer: viewer, open: true, assigneeID: nil, page: PageRequest(limit: 200)
        ).items
    }

    /// Eight concurrent attempts to put a call on the list for one account leave one open call, and every attempt
    /// answers that call.
    @Test(arguments: TestEngine.available)
    func oneOpenCallPerAccountUnderConcurrency(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let (world, _) = try await Self.overdueWorld(database)
            let tala = world.manager1Accounts[0]
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let ids = try await withThrowingTaskGroup(of: CollectionCall.ID.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let call = CollectionCall(
                            id: CollectionCall.ID(UUID()), companyID: world.company.id, accountID: tala.id,
                            assigneeID: world.manager1.id, cause: .dunning,
                            dueOn: CalendarDate(year: 2027, month: 1, day: 4)!, createdAt: now, updatedAt: now,
                            version: 1)
                        return try await database.transaction { db in
                            try await CollectionCallStore(db).openIfNone(call).id
                        }
                    }
                }
                var ids: Set<CollectionCall.ID> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count == 1)
            let open = try await Self.openCalls(world, viewer: world.head.viewer)
            #expect(open.map(\.call.id) == Array(ids))
        }
    }

    /// Logging the outcome with a promise and a dispute closes the call with the overdue total, records the promise
    /// (its invoices defaulting to the overdue ones) and the dispute, logs a call on the account's timeline and
    /// frees the account for a new call.
    @Test(arguments: TestEngine.available)
    func loggingAnOutcomeRecordsEverythingAtOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let (world, invoice) = try await Self.overdueWorld(database)
            let tala = world.manager1Accounts[0]
            let collections = world.services.collections
            let made = try await collections.createCall(
                accountID: tala.id.description, dueOn: "2027-02-27", assigneeID: nil, viewer: world.manager1.viewer)
            #expect(made.created)
            #expect(made.call.assigneeID == world.manager1.id)
            let listed = try #require(try await Self.openCalls(world, viewer: world.manager1.viewer).first)
            #expect(listed.accountName == "Tala Foods")
            #expect(listed.contact.name == "Maria Santos")
            #expect(listed.contact.phone == "+639175550101")
            #expect(listed.overdueInvoices.map(\.invoiceID) == [invoice.id])
            #expect(listed.overdueTotals == [try Money(decimalString: "11200", currency: .php)])
            #expect((listed.overdueInvoices.first?.daysLate ?? 0) > 30)

            let result = try await collections.logOutcome(
                made.call.id,
                draft: CallOutcomeDraft(
                    reason: "cash_flow_problem", note: "Collections next Friday",
                    promise: PromiseDraft(promisedOn: "2027-03-05", amount: "11200"),
                    disputedInvoiceIDs: [invoice.id.description], disputeNote: "Wrong quantity on line 1"),
                expectedVersion: 1, viewer: world.manager1.viewer)
            #expect(result.call.isOpen == false)
            #expect(result.call.version == 2)
            #expect(result.call.reason == .cashFlowProblem)
            #expect(result.call.overdueAtOutcome == (try Money(decimalString: "11200", currency: .php)))
            let promise = try #require(result.promise)
            #expect(result.call.promiseID == promise.id.description)
            #expect(promise.promise.invoiceIDs == [invoice.id.description])
            #expect(result.disputes.map(\.invoiceID) == [invoice.id])

            #expect(try await Self.openCalls(world, viewer: world.manager1.viewer).isEmpty)
            let promises = try await collections.promises(
                viewer: world.manager1.viewer, accountID: tala.id, status: .open, page: PageRequest())
            #expect(promises.items.map(\.id) == [promise.id])
            #expect(promises.items.first?.callID == made.call.id)
            await #expect(
                throws: RecordError.conflict(code: "dispute_open", detail: "The invoice is disputed already.")
            ) {
                _ = try await collections.openDispute(invoice.id, note: nil, viewer: world.head.viewer)
            }
            let timeline = try await world.services.activities.timeline(
                .account(tala.id), viewer: world.manager1.viewer)
            #expect(timeline.items.contains { $0.kind == .call && $0.body?.contains("cash_flow_problem") == true })
            // Logged twice: the version moved on.
            await #expect(throws: RecordError.self) {
                _ = try await collections.logOutcome(
                    made.call.id, draft: CallOutcomeDraft(reason: "other"), expectedVersion: 1,
                    viewer: world.manager1.viewer)
            }
            let again = try await collections.createCall(
                accountID: tala.id.description, dueOn: "2027-03-06", assigneeID: nil, viewer: world.head.viewer)
            #expect(again.created)
            // The dispute resolves once, at its version.
            let dispute = try #require(result.disputes.first)
            let resolved = try await collections.resolveDispute(
                dispute.id, resolution: "Credit note for line 1", expectedVersion: 1, viewer: world.head.viewer)
            #expect(resolved.resolvedOn != nil)
            #expect(resolved.version == 2)
            _ = try await collections.openDispute(invoice.id, note: "Again", viewer: world.manager1.viewer)
        }
    }

    /// A bad promise — nothing promised, another customer's invoice, invoices in two currencies — is refused with
    /// its field and code, and the call stays open at its version with no promise or dispute written.
    @Test(arguments: TestEngine.available)
    func aBadPromiseChangesNothing(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let (world, invoice) = try await Self.overdueWorld(database)
            let tala = world.manager1Accounts[0]
            let other = try await Self.invoice(world, account: world.manager1Accounts[1], net: "500")
            let dollars = try await Self.invoice(world, account: tala, net: "100", currency: "USD")
            let collections = world.services.collections
            let call = try await collections.createCall(
                accountID: tala.id.description, dueOn: "2027-02-27", assigneeID: nil, viewer: world.manager1.viewer
            ).call
            func refused(_ promise: PromiseDraft, field: String, code: String) async throws {
                do {
                    _ = try await collections.logOutcome(
                        call.id,
                        draft: CallOutcomeDraft(
                            reason: "awaiting_approval", promise: promise, disputedInvoiceIDs: [invoice.id.description]),
                        expectedVersion: 1, viewer: world.manager1.viewer)
                    Issue.record("accepted \(promise)")
                } catch let errors as ValidationErrors {
                    #expect(errors.errors.contains { $0.field == field && $0.code == code }, "\(errors)")
                }
            }
            try await refused(
                PromiseDraft(promisedOn: "2027-03-05", amount: "0"), field: "promise.amount", code: "not_positive")
            try await refused(
                PromiseDraft(promisedOn: "2027-03-05", amount: "100", invoiceIDs: [other.id.description]),
                field: "promise.invoice_ids[0]", code: "invalid_invoice")
            try await refused(
                PromiseDraft(
                    promisedOn: "2027-03-05", amount: "100",
                    invoiceIDs: [invoice.id.description, dollars.id.description]),
                field: "promise.invoice_ids[1]", code: "currency_mismatch")
            let open = try await Self.openCalls(world, viewer: world.manager1.viewer)
            #expect(open.map(\.call.id) == [call.id])
            #expect(open.first?.call.version == 1)
            let promises = try await collections.promises(
                viewer: world.head.viewer, accountID: nil, status: nil, page: PageRequest())
            #expect(promises.items.isEmpty)
            // No dispute was left behind: the invoice can be disputed now.
            _ = try await collections.openDispute(invoice.id, note: nil, viewer: world.manager1.viewer)
        }
    }

    /// A manager neither sees nor logs another manager's call (404), and cannot assign calls; a head can.
    @Test(arguments: TestEngine.available)
    func aManagerKeepsToTheirOwnCalls(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let (world, _) = try await Self.overdueWorld(database)
            let collections = world.services.collections
            let call = try await collections.createCall(
                accountID: world.manager1Accounts[0].id.description, dueOn: "2027-02-27", assigneeID: nil,
                viewer: world.head.viewer
            ).call
            #expect(call.assigneeID == world.manager1.id)
            #expect(try await Self.openCalls(world, viewer: world.manager2.viewer).isEmpty)
            #expect(try await Self.openCalls(world, viewer: world.head.viewer).map(\.call.id) == [call.id])
            await #expect(throws: RecordError.notFound(entity: "collection_call")) {
                _ = try await collections.logOutcome(
                    call.id, draft: CallOutcomeDraft(reason: "other"), expectedVersion: 1,
                    viewer: world.manager2.viewer)
            }
            // manager3 shares the account's team, so sees the account, but the call is manager1's.
            await #expect(throws: RecordError.notFound(entity: "collection_call")) {
                _ = try await collections.logOutcome(
                    call.id, draft: CallOutcomeDraft(reason: "other"), expectedVersion: 1,
                    viewer: world.manager3.viewer)
            }
            await #expect(throws: ValidationErrors.self) {
                _ = try await collections.createCall(
                    accountID: world.manager2Accounts[0].id.description, dueOn: "2027-02-27", assigneeID: nil,
                    viewer: world.manager1.viewer)
            }
            let logged = try await collections.logOutcome(
                call.id, draft: CallOutcomeDraft(reason: "other"), expectedVersion: 1, viewer: world.head.viewer)
            #expect(logged.call.loggedBy == world.head.id)
        }
    }

    /// The report counts logged calls and their overdue amounts per reason and manager, and promises decided in the
    /// period per manager (kept rate over decided, partly kept apart) and the broken ones per customer.
    @Test(arguments: TestEngine.available)
    func reportFiguresOnConstructedData(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let (world, _) = try await Self.overdueWorld(database)
            let collections = world.services.collections
            let tala = world.manager1Accounts[0]
            let bituin = world.manager1Accounts[1]
            let dagat = world.manager2Accounts[0]
            _ = try await Self.invoice(world, account: bituin, net: "1000")
            _ = try await Self.invoice(world, account: dagat, net: "2000", owner: world.manager2)
            world.clock.advance(by: 60 * Self.day)
            var promiseIDs: [StoredPromise.ID] = []
            for (account, reason) in [(tala, "cash_flow_problem"), (bituin, "cash_flow_problem"), (dagat, "other")] {
                let call = try await collections.createCall(
                    accountID: account.id.description, dueOn: "2027-03-01", assigneeID: nil,
                    viewer: world.head.viewer
                ).call
                let result = try await collections.logOutcome(
                    call.id,
                    draft: CallOutcomeDraft(
                        reason: reason, promise: PromiseDraft(promisedOn: "2027-03-10", amount: "100")),
                    expectedVersion: 1, viewer: world.head.viewer)
                promiseIDs.append(try #require(result.promise).id)
            }
            // A fourth promise for Tala, decided broken like the first.
            promiseIDs.append(
                try await collections.recordPromise(
                    PromiseDraft(accountID: tala.id.description, promisedOn: "2027-03-12", amount: "50"),
                    viewer: world.manager1.viewer
                ).id)
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let statuses: [PaymentPromiseStatus] = [.broken, .kept, .partlyKept, .broken]
            let decided = Array(zip(promiseIDs, statuses))
            try await database.transaction { db in
                for (id, status) in decided {
                    _ = try await DunningStore(db).insertOutcome(
                        promiseID: id.description, companyID: world.company.id, status: status, decidedOn: today,
                        paid: .zero(.php), now: Date())
                }
            }
            let report = try await collections.latePaymentReport(
                viewer: world.head.viewer, from: today.adding(days: -1), to: today, ownerID: nil)
            let manager1Cash = try #require(
                report.reasons.first { $0.managerID == world.manager1.id && $0.reason == .cashFlowProblem })
            #expect(manager1Cash.calls == 2)
            #expect(manager1Cash.overdue == (try Money(decimalString: "12320", currency: .php)))
            let manager2Other = try #require(report.reasons.first { $0.managerID == world.manager2.id })
            #expect(manager2Other.reason == .other)
            #expect(manager2Other.calls == 1)
            #expect(manager2Other.overdue == (try Money(decimalString: "2240", currency: .php)))
            #expect(report.reasons.count == 2)
            let rates = Dictionary(uniqueKeysWithValues: report.promises.map { ($0.managerID, $0) })
            #expect(rates[world.manager1.id]?.kept == 1)
            #expect(rates[world.manager1.id]?.broken == 2)
            #expect(rates[world.manager1.id]?.decided == 3)
            #expect(rates[world.manager1.id]?.keptPercent == Decimal(string: "33.3"))
            #expect(rates[world.manager2.id]?.partlyKept == 1)
            #expect(rates[world.manager2.id]?.keptPercent == 0)
            #expect(report.broken.map(\.accountName) == ["Tala Foods"])
            #expect(report.broken.first?.broken == 2)
            // A manager's report covers their own customers; an empty period has nothing.
            let own = try await collections.latePaymentReport(
                viewer: world.manager2.viewer, from: today.adding(days: -1), to: today, ownerID: nil)
            #expect(own.reasons.map(\.managerID) == [world.manager2.id])
            let before = try await collections.latePaymentReport(
                viewer: world.head.viewer, from: today.adding(days: -30), to: today.adding(days: -2), ownerID: nil)
            #expect(before.reasons.isEmpty && before.promises.isEmpty)
        }
    }
}
