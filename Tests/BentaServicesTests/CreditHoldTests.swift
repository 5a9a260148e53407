import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Credit holds (issue 12, collections): a held account gets no new invoice and no won deal unless a head's or
/// admin's override is valid that day; the refusal changes nothing; who may place, release and override; one open
/// hold per account however many placements race; credit notes and payments are never blocked.
@Suite(.timeLimit(.minutes(20))) struct CreditHoldTests {
    static func today(_ world: TestWorld) -> CalendarDate { world.company.settings.today(at: world.clock.now) }

    /// A draft invoice of ₱10,000 + VAT for `account`, by manager1.
    static func draft(_ world: TestWorld, account: Account) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Toner cartridges"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        return try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
    }

    static func deal(_ world: TestWorld, account: Account) async throws -> Deal {
        var draft = DealDraft()
        draft.accountID = account.id.description
        draft.contactIDs = [world.manager1Contact.id.description]
        draft.title = "20 laptops"
        draft.amount = "1200000.00"
        draft.expectedClose = "2026-12-15"
        return try await world.services.deals.create(draft, viewer: world.manager1.viewer)
    }

    static func wonStage(_ world: TestWorld) async throws -> Pipeline.Stage.ID {
        let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.head.viewer).first)
        return try #require(pipeline.stages.first { $0.outcome == .won }).id
    }

    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        return world
    }

    static func refusalCode(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as any ClassifiedError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    static func audit(_ world: TestWorld, _ type: String, _ id: String) async throws -> [AuditEvent] {
        try await world.services.database.read { db in
            try await AuditStore(db).history(companyID: world.company.id, entityType: type, entityID: id)
        }
    }

    /// On hold, issuing is refused with `credit_hold` naming since when and why: the invoice stays a draft at its
    /// version and no number is used (the number it gets after the release is the series' first); winning the
    /// deal is refused and the deal stays open.
    @Test(arguments: TestEngine.available)
    func heldAccountGetsNoInvoiceAndNoWonDeal(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let holds = world.services.creditHolds
            let invoice = try await Self.draft(world, account: tala)
            let deal = try await Self.deal(world, account: tala)
            let placed = try await holds.place(
                accountID: tala.id, reason: "Three invoices 60 days late", viewer: world.accountant.viewer)
            let hold = try #require(placed.hold)
            #expect(hold.placedBy == world.accountant.id && hold.placedOn == Self.today(world))
            do {
                _ = try await world.services.invoices.issue(
                    invoice.id, viewer: world.manager1.viewer, expectedVersion: nil)
                Issue.record("issued on hold")
            } catch let error as CreditHoldRefusal {
                #expect(error.code == "credit_hold")
                #expect(error.kind == .conflict)
                #expect(error.detail.contains("since \(hold.placedOn.iso8601String)"))
                #expect(error.detail.contains("Three invoices 60 days late"))
                #expect(error == CreditHoldRefusal(hold))
            }
            let still = try await world.services.invoices.invoice(invoice.id, viewer: world.manager1.viewer)
            #expect(still.status == .draft && still.number == nil && still.version == invoice.version)
            let won = try await Self.wonStage(world)
            #expect(
                await Self.refusalCode {
                    _ = try await world.services.deals.move(
                        deal.id, to: won, lostReason: nil, viewer: world.manager1.viewer, expectedVersion: nil)
                } == "credit_hold")
            let open = try await world.services.deals.deal(deal.id, viewer: world.manager1.viewer)
            #expect(open.status == .open && open.stageID == deal.stageID && open.version == deal.version)
            #expect(try await world.services.deals.history(deal.id, viewer: world.manager1.viewer).count == 1)
            // Released, the same draft issues with the series' first number: the refusal used none.
            _ = try await holds.release(
                accountID: tala.id, note: "Paid in full", viewer: world.head.viewer, expectedVersion: hold.version)
            let issued = try await world.services.invoices.issue(
                invoice.id, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(issued.status == .issued && issued.sequence == 1)
            let wonDeal = try await world.services.deals.move(
                deal.id, to: won, lostReason: nil, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(wonDeal.status == .won)
        }
    }

    /// A head's override lets invoices and won deals through until its date (inclusive), and the audit names it
    /// under the document; the day after, the hold refuses again.
    @Test(arguments: TestEngine.available)
    func overrideLetsDocumentsThroughUntilItsDate(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let holds = world.services.creditHolds
            _ = try await holds.place(accountID: tala.id, reason: "Overdue", viewer: world.head.viewer)
            let today = Self.today(world)
            let state = try await holds.override(
                accountID: tala.id,
                CreditHoldOverrideDraft(reason: "Government tender, paid by LGU", validUntil: today.adding(days: 2)),
                viewer: world.head.viewer)
            let granted = try #require(state.activeOverride)
            #expect(state.overrides == [granted] && granted.grantedBy == world.head.id)
            let first = try await Self.draft(world, account: tala)
            let issued = try await world.services.invoices.issue(
                first.id, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(issued.status == .issued)
            let used = try await Self.audit(world, "invoice", first.id.description)
                .filter { $0.action == "credit_hold.override_used" }
            #expect(used.count == 1)
            #expect(used.first?.details.contains(granted.id.description) == true)
            let deal = try await Self.deal(world, account: tala)
            let won = try await world.services.deals.move(
                deal.id, to: try await Self.wonStage(world), lostReason: nil, viewer: world.manager1.viewer,
                expectedVersion: nil)
            #expect(won.status == .won)
            #expect(
                try await Self.audit(world, "deal", deal.id.description)
                    .contains {
                        $0.action == "credit_hold.override_used" && $0.details.contains(granted.id.description)
                    })
            // The last valid day still passes; the day after does not.
            world.clock.advance(by: 2 * 86_400)
            #expect(Self.today(world) == today.adding(days: 2))
            let onLastDay = try await Self.draft(world, account: tala)
            _ = try await world.services.invoices.issue(
                onLastDay.id, viewer: world.manager1.viewer, expectedVersion: nil)
            world.clock.advance(by: 86_400)
            let late = try await Self.draft(world, account: tala)
            #expect(
                await Self.refusalCode {
                    _ = try await world.services.invoices.issue(
                        late.id, viewer: world.manager1.viewer, expectedVersion: nil)
                } == "credit_hold")
            #expect(try await holds.state(accountID: tala.id, viewer: world.head.viewer).activeOverride == nil)
        }
    }

    /// Placing is the head's, admin's and accountant's; releasing and overriding the head's and admin's. A
    /// manager reads their own accounts' holds and is told an invisible account does not exist; an override is
    /// at most 30 days ahead and not in the past; a stale release is refused; nothing is written by a refusal.
    @Test(arguments: TestEngine.available)
    func whoMayPlaceReleaseAndOverride(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let holds = world.services.creditHolds
            let today = Self.today(world)
            #expect(
                await Self.refusalCode {
                    _ = try await holds.place(accountID: tala.id, reason: "Late", viewer: world.manager1.viewer)
                } == "forbidden")
            #expect(
                await Self.refusalCode {
                    _ = try await holds.place(accountID: tala.id, reason: "  ", viewer: world.accountant.viewer)
                } == "validation_failed")
            let hold = try #require(
                try await holds.place(accountID: tala.id, reason: "Late", viewer: world.accountant.viewer).hold)
            #expect(
                await Self.refusalCode {
                    _ = try await holds.place(accountID: tala.id, reason: "Again", viewer: world.head.viewer)
                } == "credit_hold_exists")
            let valid = CreditHoldOverrideDraft(reason: "Trusted", validUntil: today.adding(days: 5))
            for viewer in [world.manager1.viewer, world.accountant.viewer] {
                #expect(
                    await Self.refusalCode { _ = try await holds.override(accountID: tala.id, valid, viewer: viewer) }
                        == "forbidden")
                #expect(
                    await Self.refusalCode {
                        _ = try await holds.release(
                            accountID: tala.id, note: "ok", viewer: viewer, expectedVersion: hold.version)
                    } == "forbidden")
            }
            for late in [today.adding(days: CreditHoldRules.maximumOverrideDays + 1), today.adding(days: -1)] {
                do {
                    _ = try await holds.override(
                        accountID: tala.id, CreditHoldOverrideDraft(reason: "x", validUntil: late),
                        viewer: world.head.viewer)
                    Issue.record("override accepted for \(late)")
                } catch let errors as ValidationErrors {
                    #expect(errors.errors.map(\.field) == ["valid_until"])
                    #expect(errors.errors.map(\.code) == ["out_of_range"])
                }
            }
            _ = try await holds.override(
                accountID: tala.id,
                CreditHoldOverrideDraft(
                    reason: "x", validUntil: today.adding(days: CreditHoldRules.maximumOverrideDays)),
                viewer: world.admin.viewer)
            // manager1 reads their account's hold; manager2 does not see the account.
            let seen = try await holds.state(accountID: tala.id, viewer: world.manager1.viewer)
            #expect(seen.hold?.id == hold.id && seen.overrides.count == 1)
            #expect(
                await Self.refusalCode { _ = try await holds.state(accountID: tala.id, viewer: world.manager2.viewer) }
                    == "account_not_found")
            #expect(
                await Self.refusalCode {
                    _ = try await holds.release(
                        accountID: tala.id, note: "ok", viewer: world.head.viewer, expectedVersion: hold.version + 1)
                } == "stale_version")
            let released = try await holds.release(
                accountID: tala.id, note: "Settled", viewer: world.head.viewer, expectedVersion: hold.version)
            #expect(released.hold == nil)
            #expect(
                await Self.refusalCode {
                    _ = try await holds.release(
                        accountID: tala.id, note: "ok", viewer: world.head.viewer, expectedVersion: nil)
                } == "credit_hold_not_found")
            let actions = try await Self.audit(world, "account", tala.id.description).map(\.action)
            #expect(
                actions.filter { $0.hasPrefix("credit_hold.") }.sorted()
                    == ["credit_hold.overridden", "credit_hold.placed", "credit_hold.released"])
            // Released, the account may be held again.
            let again = try await holds.place(accountID: tala.id, reason: "Late again", viewer: world.head.viewer)
            #expect(again.hold != nil && again.hold?.id != hold.id && again.overrides.isEmpty)
        }
    }

    /// `placeIfNone` (the dunning ladder's way in) leaves one open hold however many placements race; the
    /// batch lookup for lists (one statement) finds exactly the held accounts.
    @Test(arguments: TestEngine.available)
    func placementsRaceToOneOpenHold(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let today = Self.today(world)
            let clock = world.clock
            let companyID = world.company.id
            @Sendable func hold(_ n: Int) -> CreditHold {
                let now = clock.now
                return CreditHold(
                    id: CreditHold.ID(UUID()), companyID: companyID, accountID: tala.id, placedOn: today, placedBy: nil,
                    dunningStepID: nil, reason: "Dunning \(n)", createdAt: now, updatedAt: now, version: 1)
            }
            let first = try await database.transaction { db in try await CreditHoldStore(db).placeIfNone(hold(0)) }
            let second = try await database.transaction { db in try await CreditHoldStore(db).placeIfNone(hold(1)) }
            #expect(first != nil && second == nil)
            let other = world.manager1Accounts[1]
            let placed = try await withThrowingTaskGroup(of: CreditHold?.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        var h = hold(n)
                        h.accountID = other.id
                        let made = h
                        return try await database.transaction { db in try await CreditHoldStore(db).placeIfNone(made) }
                    }
                }
                var placed: [CreditHold] = []
                for try await result in group { if let result { placed.append(result) } }
                return placed
            }
            #expect(placed.count == 1)
            let open = try await world.services.creditHolds.holds(
                of: [tala.id, other.id, world.manager2Accounts[0].id], viewer: world.head.viewer)
            #expect(open.count == 2)
            #expect(open[tala.id]?.id == first?.id && open[other.id]?.id == placed.first?.id)
        }
    }

    /// A held account can still be credited and still pay: credit notes and payments never pass the hold.
    @Test(arguments: TestEngine.available)
    func creditNotesAndPaymentsPassTheHold(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await world.services.invoices.issue(
                try await Self.draft(world, account: tala).id, viewer: world.manager1.viewer, expectedVersion: nil)
            _ = try await world.services.creditHolds.place(
                accountID: tala.id, reason: "Overdue", viewer: world.head.viewer)
            let note = try await world.services.invoices.creditNote(
                for: invoice.id, request: .amount(Money(minorUnits: 112_000, currency: .php), taxCategory: .vatable),
                reason: "Damaged box", viewer: world.manager1.viewer)
            #expect(note.kind == .creditNote && note.status == .issued)
            let payment = try await world.services.payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: Self.today(world).iso8601String, amount: "5000",
                    currency: "", method: "bank_transfer", reference: "BDO-1",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "5000")]),
                viewer: world.accountant.viewer)
            #expect(payment.allocations.count == 1)
            #expect(
                try await world.services.creditHolds.state(accountID: tala.id, viewer: world.head.viewer).hold != nil)
        }
    }
}
