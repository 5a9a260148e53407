import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Each company's own duties (issue 13): an admin sets which work the head, the manager and the accountant do;
/// the services that do the work refuse a role without the duty (403 `duty_required`, nothing written), and the
/// dunning ladder gives the calls of a role that makes none to the collector.
@Suite(.timeLimit(.minutes(20))) struct DutySettingsTests {
    static func code(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "ok"
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field) \($0.code)" }.joined(separator: ", ")
        } catch let error as ClassifiedError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    /// Saves `change` of the standard duties as the admin.
    static func set(_ world: TestWorld, _ change: (inout DutySettingsDraft) -> Void) async throws {
        var draft = DutySettingsDraft(duties: [:], discountLimitPercent: "", collectorID: "")
        for role in DutySettings.configurableRoles {
            draft.duties[role] = DutySettings.standard.duties(of: role).map(\.rawValue)
        }
        change(&draft)
        _ = try await world.services.companies.updateDuties(draft, expectedVersion: nil, viewer: world.admin.viewer)
    }

    static func without(_ duty: Duty, _ role: Role) -> (inout DutySettingsDraft) -> Void {
        { $0.duties[role] = ($0.duties[role] ?? []).filter { $0 != duty.rawValue } }
    }

    static func with(_ duty: Duty, _ role: Role) -> (inout DutySettingsDraft) -> Void {
        { $0.duties[role] = ($0.duties[role] ?? []) + [duty.rawValue] }
    }

    static func draftInvoice(_ world: TestWorld, by user: User, discount: String = "") async throws -> Invoice {
        try await world.services.invoices.create(Self.invoiceDraft(world, discount: discount), viewer: user.viewer)
    }

    static func invoiceDraft(_ world: TestWorld, discount: String = "") -> InvoiceDraft {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        if discount.hasSuffix("%") {
            line.discountPercent = String(discount.dropLast())
        } else {
            line.discountAmount = discount
        }
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        return draft
    }

    /// A new company has the standard duties (stored as nothing); only an admin changes them, at the version they
    /// saw; the change is audited, and bad input (an unknown duty, a limit above 100, an unknown collector) is
    /// refused with field errors and changes nothing.
    @Test(arguments: TestEngine.available)
    func theStandardDutiesAndWhoChangesThem(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let companies = world.services.companies
            let (standard, version) = try await companies.duties(viewer: world.manager1.viewer)
            #expect(standard == .standard)
            #expect(standard.allows(.issueInvoices, for: .manager) && !standard.allows(.recordPayments, for: .manager))
            #expect(!standard.allows(.changeDeals, for: .accountant) && standard.allows(.changeDeals, for: .manager))
            let refused = await Self.code { try await Self.set(world, Self.without(.issueInvoices, .manager)) }
            #expect(refused == "ok")
            var draft = DutySettingsDraft(
                duties: [.manager: ["issue_invoices"]], discountLimitPercent: "", collectorID: "")
            #expect(
                await Self.code {
                    _ = try await companies.updateDuties(draft, expectedVersion: nil, viewer: world.head.viewer)
                } == "forbidden")
            draft.duties[.manager] = ["fly"]
            draft.discountLimitPercent = "120"
            draft.collectorID = User.ID(UUID()).description
            #expect(
                await Self.code {
                    _ = try await companies.updateDuties(draft, expectedVersion: nil, viewer: world.admin.viewer)
                } == "manager invalid_duty, discount_limit_percent out_of_range")
            draft.duties[.manager] = []
            draft.discountLimitPercent = "15"
            #expect(
                await Self.code {
                    _ = try await companies.updateDuties(draft, expectedVersion: nil, viewer: world.admin.viewer)
                } == "collector_id invalid_collector")
            #expect(
                await Self.code {
                    _ = try await companies.updateDuties(draft, expectedVersion: version, viewer: world.admin.viewer)
                } == "stale_version")
            let (saved, _) = try await companies.duties(viewer: world.admin.viewer)
            #expect(!saved.allows(.issueInvoices, for: .manager) && saved.discountLimitPercent == nil)
            let audit = try await database.read { db in
                try await AuditStore(db).history(
                    companyID: world.company.id, entityType: "company", entityID: world.company.id.description)
            }
            #expect(audit.filter { $0.action == "company.duties_changed" }.count == 1)
        }
    }

    /// Without `issue_invoices` a manager drafts invoices but neither issues nor credits them (nothing issued, the
    /// number series untouched); the accountant issues the draft.
    @Test(arguments: TestEngine.available)
    func issueInvoicesDuty(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let issued = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "5000")
            try await Self.set(world, Self.without(.issueInvoices, .manager))
            let draft = try await Self.draftInvoice(world, by: world.manager1)
            let invoices = world.services.invoices
            #expect(
                await Self.code {
                    _ = try await invoices.issue(draft.id, viewer: world.manager1.viewer, expectedVersion: nil)
                }
                    == "duty_required")
            #expect(try await invoices.invoice(draft.id, viewer: world.manager1.viewer).status == .draft)
            #expect(
                await Self.code {
                    _ = try await invoices.creditNote(
                        for: issued.id, request: .full, reason: "Cancelled", viewer: world.manager1.viewer)
                } == "duty_required")
            let byAccountant = try await invoices.issue(draft.id, viewer: world.accountant.viewer, expectedVersion: nil)
            #expect(byAccountant.status == .issued)
        }
    }

    /// `record_payments` given to the manager lets them record a payment for their customer; taken from the
    /// accountant, the accountant is refused and nothing is written.
    @Test(arguments: TestEngine.available)
    func recordPaymentsDuty(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await world.issuedInvoice(account: tala, net: "1000")
            let payments = world.services.payments
            let draft = PaymentServiceTests.payment(
                tala, amount: "1120", allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120")])
            #expect(
                await Self.code { _ = try await payments.record(draft, viewer: world.manager1.viewer) }
                    == "duty_required")
            try await Self.set(world) {
                Self.with(.recordPayments, .manager)(&$0)
                Self.without(.recordPayments, .accountant)(&$0)
            }
            #expect(
                await Self.code { _ = try await payments.record(draft, viewer: world.accountant.viewer) }
                    == "duty_required")
            #expect(
                try await payments.list(viewer: world.head.viewer, accountID: nil, page: PageRequest(limit: 10)).items
                    .isEmpty)
            let recorded = try await payments.record(draft, viewer: world.manager1.viewer)
            #expect(recorded.payment.accountID == tala.id)
            #expect(try await PaymentServiceTests.open(world, invoice).open.isZero)
        }
    }

    /// `change_deals` is the accountant's read-only rule moved into the settings: given to the accountant, they
    /// change and move deals; taken from a manager, the manager is refused and the deal is unchanged.
    @Test(arguments: TestEngine.available)
    func changeDealsDuty(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let deals = world.services.deals
            let deal = try await deals.create(DealPermissionsTests.draft(world), viewer: world.manager1.viewer)
            let rename: @Sendable (inout DealDraft) -> Void = { $0.title = "Changed by the accountant" }
            #expect(
                await Self.code {
                    _ = try await deals.update(
                        deal.id, viewer: world.accountant.viewer, expectedVersion: nil, change: rename)
                } == "duty_required")
            try await Self.set(world) {
                Self.with(.changeDeals, .accountant)(&$0)
                Self.without(.changeDeals, .manager)(&$0)
            }
            let created = try await deals.update(
                deal.id, viewer: world.accountant.viewer, expectedVersion: nil, change: rename)
            #expect(created.fields.title == "Changed by the accountant")
            #expect(
                await Self.code {
                    _ = try await deals.update(created.id, viewer: world.manager1.viewer, expectedVersion: nil) {
                        $0.title = "Changed"
                    }
                } == "duty_required")
            #expect(try await deals.deal(created.id, viewer: world.manager1.viewer).version == created.version)
        }
    }

    /// With a 10% limit, a manager without `discounts_above_limit` cannot give 15% (percent or the same as an
    /// amount) on an invoice line (a quote's waits for approval instead); 10% passes; the head gives 15%, and the
    /// manager editing that invoice later keeps the head's line.
    @Test(arguments: TestEngine.available)
    func discountsAboveTheLimit(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await Self.set(world) {
                Self.without(.discountsAboveLimit, .manager)(&$0)
                $0.discountLimitPercent = "10"
            }
            let invoices = world.services.invoices
            #expect(
                await Self.code { _ = try await Self.draftInvoice(world, by: world.manager1, discount: "15%") }
                    == "lines[0].discount discount_above_limit")
            #expect(
                await Self.code { _ = try await Self.draftInvoice(world, by: world.manager1, discount: "1500") }
                    == "lines[0].discount discount_above_limit")
            #expect(
                await Self.code { _ = try await Self.draftInvoice(world, by: world.manager1, discount: "10%") } == "ok")
            let approved = try await Self.draftInvoice(world, by: world.head, discount: "15%")
            var notes = InvoiceDraft()
            notes.notes = "Deliver on Monday"
            notes.lines = Self.invoiceDraft(world, discount: "15%").lines
            let edited = try await invoices.update(
                approved.id, draft: notes, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(edited.fields.lines.first?.line.discount == .percent(15))
            // Quotes: the same limit, but the line is saved awaiting a head's approval (DiscountApprovalTests).
            var dealDraft = DealPermissionsTests.draft(world)
            dealDraft.ownerID = world.manager1.id.description
            let deal = try await world.services.deals.create(dealDraft, viewer: world.manager1.viewer)
            let quote = try await world.services.quotes.create(fromDeal: deal.id, viewer: world.manager1.viewer)
            var quoteDraft = QuoteDraft()
            quoteDraft.lines = Self.invoiceDraft(world, discount: "20%").lines
            _ = try await world.services.quotes.update(
                quote.id, draft: quoteDraft, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(
                try await world.services.quotes.discountApprovals(quoteID: quote.id, viewer: world.manager1.viewer)
                    .map(\.status) == [.pending])
        }
    }

    /// Without `see_commission_estimate` the manager's estimate is refused (their statements stay readable).
    @Test(arguments: TestEngine.available)
    func commissionEstimateDuty(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let month = PlanMonth(containing: CalendarDate.from(world.clock.now, in: world.company.settings.timeZone))
            let commission = world.services.commission
            let before = await Self.code {
                _ = try await commission.estimate(month: month, userID: nil, viewer: world.manager1.viewer)
            }
            #expect(before == "commission_plan_not_found")
            try await Self.set(world, Self.without(.seeCommissionEstimate, .manager))
            #expect(
                await Self.code {
                    _ = try await commission.estimate(month: month, userID: nil, viewer: world.manager1.viewer)
                } == "duty_required")
            _ = try await commission.statements(month: month, userID: nil, viewer: world.manager1.viewer)
        }
    }

    /// When managers make no collection calls, the ladder's call goes to the named collector (else an accountant)
    /// instead of the account's manager, and the accountant logs it.
    @Test(arguments: TestEngine.available)
    func collectionCallsGoToTheCollector(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            try await Self.set(world, Self.without(.makeCollectionCalls, .manager))
            let tala = world.manager1Accounts[0]
            let invoice = try await DunningTests.invoice(world, account: tala, contact: world.manager1Contact)
            let due = try #require(invoice.dueDate)
            for offset in -5...16 {
                _ = try await world.services.dunning.run(companyID: world.company.id, today: due.adding(days: offset))
            }
            #expect(try await DunningTests.openCalls(world, of: world.manager1).isEmpty)
            let calls = try await DunningTests.openCalls(world, of: world.accountant)
            #expect(calls.count == 1 && calls.first?.accountID == tala.id && calls.first?.cause == .dunning)
            // A named collector gets the manual calls.
            try await Self.set(world) {
                Self.without(.makeCollectionCalls, .manager)(&$0)
                $0.collectorID = world.head.id.description
            }
            let other = world.manager1Accounts[1]
            let manual = try await world.services.collections.createCall(
                accountID: other.id.description, dueOn: due.iso8601String, assigneeID: nil,
                viewer: world.manager1.viewer)
            #expect(manual.call.assigneeID == world.head.id)
        }
    }
}
