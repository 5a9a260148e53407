import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The audit walk over the record types `AuditTrailTests` leaves out (issue 15): quotes, contracts, invoice issue,
/// credit notes, payments, allocations and their reversals, bank statements (import, confirm), meetings, commission
/// plans and statements, duties. Each write must leave exactly the rows named — no more, none missing — each with
/// its action and record, the viewer as actor, the request id, no job origin, and the values it set (before and
/// after, or the created record's); then the chain verifies.
@Suite(.timeLimit(.minutes(20))) struct AuditTrailRecordTypesTests {
    /// One audit row as the walk reads it.
    struct Row: Equatable, CustomStringConvertible {
        var type: String
        var entityID: String
        var action: String
        var actor: String?
        var requestID: String?
        var origin: String?
        var changes: [String: AuditChanges.Change]

        var description: String { "\(type) \(action)" }
    }

    /// Every audit row of the company by id.
    static func all(_ world: TestWorld) async throws -> [String: Row] {
        let company = world.company.id.description
        let rows = try await world.services.database.read { db in
            try await db.raw(
                """
                SELECT id, entity_type, entity_id, action, actor_id, request_id, origin, details FROM audit_events
                WHERE company_id = \(bind: company)
                """
            ).all()
        }
        var result: [String: Row] = [:]
        for row in rows {
            let details = try row.decode(column: "details", as: String.self)
            result[try row.decode(column: "id", as: String.self)] = Row(
                type: try row.decode(column: "entity_type", as: String.self),
                entityID: try row.decode(column: "entity_id", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                actor: try row.decode(column: "actor_id", as: String?.self),
                requestID: try row.decode(column: "request_id", as: String?.self),
                origin: try row.decode(column: "origin", as: String?.self),
                changes: Dictionary(
                    AuditHistoryEntry.changes(in: details).map { ($0.field, $0.change) },
                    uniquingKeysWith: { first, _ in first }))
        }
        return result
    }

    /// Runs `step` as `viewer` and checks the rows it added are exactly `expected` (entity type and action, in any
    /// order), each by the viewer in its request, without an origin, carrying the values it set; returns what the
    /// step returned and the rows.
    static func expectRows<T>(
        _ world: TestWorld, _ viewer: Viewer, _ expected: [(type: String, action: String)],
        sourceLocation: SourceLocation = #_sourceLocation, step: () async throws -> T
    ) async throws -> (T, [Row]) {
        let before = try await all(world)
        let result = try await step()
        let added = try await all(world).filter { before[$0.key] == nil }.map(\.value)
        let wanted = expected.map { "\($0.type) \($0.action)" }.sorted()
        #expect(added.map(\.description).sorted() == wanted, sourceLocation: sourceLocation)
        for row in added {
            #expect(row.actor == viewer.userID.description, "\(row) actor", sourceLocation: sourceLocation)
            #expect(row.requestID == viewer.requestID, "\(row) request id", sourceLocation: sourceLocation)
            #expect(row.origin == nil, "\(row) origin", sourceLocation: sourceLocation)
            #expect(!row.changes.isEmpty, "\(row) carries its values", sourceLocation: sourceLocation)
        }
        return (result, added)
    }

    @Test(arguments: TestEngine.available)
    func everyOtherWrittenRecordTypeLeavesOneRowWithItsValues(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await CommissionServiceTests.setup(database)
            let world = setup.world
            let services = world.services
            let manager = world.manager1.viewer.inRequest("req-manager")
            let accountant = world.accountant.viewer.inRequest("req-accountant")
            let head = world.head.viewer.inRequest("req-head")
            let admin = world.admin.viewer.inRequest("req-admin")
            let tala = world.manager1Accounts[0]

            // Quote: created from a deal, changed, sent, accepted.
            var dealDraft = DealDraft()
            dealDraft.accountID = tala.id.description
            dealDraft.title = "12 printers"
            dealDraft.amount = "240000.00"
            dealDraft.expectedClose = "2026-12-20"
            let deal = try await services.deals.create(dealDraft, viewer: manager)
            let (quote, _) = try await Self.expectRows(world, manager, [("quote", "quote.created")]) {
                try await services.quotes.create(fromDeal: deal.id, viewer: manager)
            }
            var quoteDraft = QuoteDraft()
            quoteDraft.contactID = world.manager1Contact.id.description
            let (_, changed) = try await Self.expectRows(world, manager, [("quote", "quote.updated")]) {
                try await services.quotes.update(quote.id, draft: quoteDraft, viewer: manager, expectedVersion: 1)
            }
            #expect(changed.first?.entityID == quote.id.description)
            let (_, sent) = try await Self.expectRows(world, manager, [("quote", "quote.sent")]) {
                try await services.quotes.send(quote.id, viewer: manager, expectedVersion: nil)
            }
            #expect(sent.first?.changes["status"] == AuditChanges.Change(from: "draft", to: "sent"))
            _ = try await Self.expectRows(world, manager, [("quote", "quote.accepted")]) {
                try await services.quotes.accept(quote.id, winDeal: false, viewer: manager, expectedVersion: nil)
            }

            // Contract: created, changed, sent, signed, activated.
            var contractDraft = ContractDraft()
            contractDraft.accountID = tala.id.description
            contractDraft.signatoryContactID = world.manager1Contact.id.description
            contractDraft.title = "Managed print service"
            contractDraft.startDate = "2027-01-01"
            contractDraft.endDate = "2027-12-31"
            contractDraft.value = "120000.00"
            contractDraft.paymentTerms = "net_30"
            var schedule = BillingScheduleDraft()
            schedule.kind = "one_off"
            schedule.date = "2027-01-15"
            schedule.amount = "120000.00"
            contractDraft.billingSchedule = schedule
            let (contract, _) = try await Self.expectRows(world, manager, [("contract", "contract.created")]) {
                try await services.contracts.create(contractDraft, viewer: manager)
            }
            let (_, retitled) = try await Self.expectRows(world, manager, [("contract", "contract.updated")]) {
                try await services.contracts.update(contract.id, viewer: manager, expectedVersion: 1) {
                    $0.title = "Managed print service 2027"
                }
            }
            #expect(
                retitled.first?.changes["title"]
                    == AuditChanges.Change(from: "Managed print service", to: "Managed print service 2027"))
            let contracts = services.contracts
            _ = try await Self.expectRows(world, manager, [("contract", "contract.sent")]) {
                try await contracts.send(contract.id, viewer: manager, expectedVersion: nil)
            }
            _ = try await Self.expectRows(world, manager, [("contract", "contract.signed")]) {
                try await contracts.sign(contract.id, viewer: manager, expectedVersion: nil)
            }
            _ = try await Self.expectRows(world, manager, [("contract", "contract.activated")]) {
                try await contracts.activate(contract.id, viewer: manager, expectedVersion: nil)
            }

            // Invoice: issued; a credit note against it.
            var line = LineDraft()
            line.description = "Toner"
            line.quantity = "2"
            line.unitPrice = "5000.00"
            line.taxCategory = "vatable"
            var invoiceDraft = InvoiceDraft()
            invoiceDraft.accountID = tala.id.description
            invoiceDraft.lines = [line]
            let draft = try await services.invoices.create(invoiceDraft, viewer: manager)
            let (invoice, issued) = try await Self.expectRows(world, manager, [("invoice", "invoice.issued")]) {
                try await services.invoices.issue(draft.id, viewer: manager, expectedVersion: nil)
            }
            #expect(issued.first?.changes["status"] == AuditChanges.Change(from: "draft", to: "issued"))
            _ = try await Self.expectRows(world, manager, [("invoice", "credit_note.issued")]) {
                try await services.invoices.creditNote(
                    for: invoice.id, request: .lines([(index: 0, quantity: 1)]), reason: "One toner returned",
                    viewer: manager)
            }

            // Payments: recorded with an allocation; recorded, then allocated; the allocation reversed.
            let second = try await world.issuedInvoice(account: tala, net: "20000")
            let payments = services.payments
            func payment(_ amount: String, _ allocations: [AllocationDraft]) -> PaymentDraft {
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: "2026-11-30", amount: amount, currency: "",
                    method: "bank_transfer", reference: "BDO-1", allocations: allocations)
            }
            _ = try await Self.expectRows(
                world, accountant, [("payment", "payment.recorded"), ("invoice", "payment.allocated")]
            ) {
                try await payments.record(
                    payment("5600", [AllocationDraft(invoiceID: invoice.id.description, amount: "5600")]),
                    viewer: accountant)
            }
            let (credit, _) = try await Self.expectRows(world, accountant, [("payment", "payment.recorded")]) {
                try await payments.record(payment("22400", []), viewer: accountant)
            }
            let (applied, _) = try await Self.expectRows(world, accountant, [("invoice", "payment.allocated")]) {
                try await payments.allocate(
                    [AllocationDraft(invoiceID: second.id.description, amount: "22400")],
                    paymentID: credit.payment.id, viewer: accountant)
            }
            let allocation = try #require(applied.allocations.first)
            _ = try await Self.expectRows(world, accountant, [("invoice", "payment.allocation_reversed")]) {
                try await payments.reverse(allocation.id, viewer: accountant)
            }

            // Bank statement: the account, an import whose line waits in the queue, the line confirmed.
            let (bank, _) = try await Self.expectRows(world, accountant, [("bank_account", "bank_account.created")]) {
                try await payments.createBankAccount(
                    BankAccountDraft(
                        name: "BDO peso", bank: "BDO Unibank", number: StatementMatchingTests.companyAccount,
                        iban: nil, currency: "PHP"),
                    viewer: accountant)
            }
            let file = StatementMatchingTests.camt(
                [StatementMatchingTests.Entry(amount: "22400.00", reference: "Q-1", text: "Deposit")],
                date: CalendarDate(year: 2026, month: 11, day: 30)!)
            _ = try await Self.expectRows(world, accountant, [("bank_account", "bank_statement.imported")]) {
                try await payments.importStatement(
                    file, fileName: "november.xml", bankAccountID: bank.id, profileID: nil, viewer: accountant)
            }
            let queued = try await StatementMatchingTests.line(world, reference: "Q-1")
            _ = try await Self.expectRows(
                world, accountant,
                [
                    ("payment", "payment.recorded"), ("invoice", "payment.allocated"),
                    ("bank_account", "bank_statement.line_confirmed"),
                ]
            ) {
                try await payments.confirmLine(
                    queued.id, accountID: tala.id.description,
                    allocations: [AllocationDraft(invoiceID: second.id.description, amount: "22400")],
                    viewer: accountant)
            }

            // Meeting: created, changed, cancelled.
            var meetingDraft = MeetingDraft()
            meetingDraft.title = "Renewal talk"
            meetingDraft.startsAt = Date(timeIntervalSince1970: 1_797_000_000)
            meetingDraft.accountID = tala.id.description
            let (meeting, _) = try await Self.expectRows(world, manager, [("meeting", "meeting.created")]) {
                try await services.meetings.create(meetingDraft, viewer: manager)
            }
            meetingDraft.outcome = "Agreed to renew"
            _ = try await Self.expectRows(world, manager, [("meeting", "meeting.updated")]) {
                try await services.meetings.update(
                    meeting.id, draft: meetingDraft, viewer: manager, expectedVersion: nil)
            }
            _ = try await Self.expectRows(world, manager, [("meeting", "meeting.cancelled")]) {
                try await services.meetings.update(
                    meeting.id, draft: meetingDraft, cancel: true, viewer: manager, expectedVersion: nil)
            }

            // Commission: a plan version saved; a statement approved.
            let commission = setup.commission
            _ = try await Self.expectRows(world, head, [("commission_plan", "commission_plan.saved")]) {
                try await commission.savePlan(
                    try .overPlan(ratePercent: 12, baseSalary: try CommissionServiceTests.php("25000")),
                    for: .companyDefault, effectiveFrom: CommissionServiceTests.november, reason: "Raise",
                    viewer: head)
            }
            let run = try await commission.run(month: CommissionServiceTests.november, viewer: head)
            let statement = try #require(run.statements.first)
            let (_, approved) = try await Self.expectRows(
                world, head, [("commission_statement", "commission_statement.approved")]
            ) {
                try await commission.approve(statement.id, viewer: head)
            }
            #expect(approved.first?.changes["status"] == AuditChanges.Change(from: "draft", to: "approved"))

            // Duties (a role's rights): the company's row, with the duty before and after.
            var duties = DutySettingsDraft(duties: [:], discountLimitPercent: "15", collectorID: "")
            for role in DutySettings.configurableRoles {
                duties.duties[role] = DutySettings.standard.duties(of: role).map(\.rawValue)
            }
            _ = try await Self.expectRows(world, admin, [("company", "company.duties_changed")]) {
                try await services.companies.updateDuties(duties, expectedVersion: nil, viewer: admin)
            }

            let verified = try await services.auditChain.verify(companyID: world.company.id)
            #expect(verified.firstBroken == nil && verified.unsealed == 0)
        }
    }
}
