import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// Every create, update and state change writes exactly one audit row, in its transaction, carrying the changed
/// fields before and after and the request id of the viewer that made it (issue 15); the chain still verifies.
@Suite(.timeLimit(.minutes(20))) struct AuditTrailTests {
    /// The rows filed under one record, newest first.
    static func rows(
        _ world: TestWorld, _ type: String, _ id: some CustomStringConvertible
    ) async throws
        -> [AuditEvent]
    {
        let entityID = id.description
        return try await world.services.database.read { db in
            try await AuditStore(db).history(
                companyID: world.company.id, entityType: type, entityID: entityID, limit: 1000)
        }
    }

    /// Runs `step` and checks it wrote exactly one row under the record, with `action`, the request id and the
    /// changed fields named in `changed` (from → to where given); returns what the step returned.
    static func expectOneRow<T>(
        _ world: TestWorld, _ type: String, _ id: () -> String?, action: String, requestID: String,
        changed: [String: (from: String?, to: String?)] = [:], step: () async throws -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T {
        var before = 0
        if let existing = id() { before = try await rows(world, type, existing).count }
        let result = try await step()
        let recordID = try #require(id(), sourceLocation: sourceLocation)
        let after = try await rows(world, type, recordID)
        #expect(after.count == before + 1, "\(action): one row", sourceLocation: sourceLocation)
        let row = try #require(after.first, sourceLocation: sourceLocation)
        #expect(row.action == action, sourceLocation: sourceLocation)
        #expect(row.requestID == requestID, sourceLocation: sourceLocation)
        let changes = Dictionary(
            uniqueKeysWithValues: AuditHistoryEntry.changes(in: row.details).map { ($0.field, $0.change) })
        #expect(!changes.isEmpty, "\(action) carries its changes", sourceLocation: sourceLocation)
        for (field, expected) in changed {
            let change = changes[field]
            #expect(change?.from == expected.from, "\(action) \(field) from", sourceLocation: sourceLocation)
            #expect(change?.to == expected.to, "\(action) \(field) to", sourceLocation: sourceLocation)
        }
        return result
    }

    @Test(arguments: TestEngine.available)
    func everyRecordTypeWritesOneRowWithBeforeAfterAndRequestID(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let manager = world.manager1.viewer.inRequest("req-manager")
            let admin = world.admin.viewer.inRequest("req-admin")

            // Account: create, update, archive (a state change).
            var accountDraft = AccountDraft()
            accountDraft.name = "Hiraya Bakery"
            var accountID: Account.ID?
            let account = try await Self.expectOneRow(
                world, "account", { accountID?.description }, action: "account.created", requestID: "req-manager",
                changed: ["name": (nil, "Hiraya Bakery")]
            ) {
                let made = try await services.accounts.create(accountDraft, viewer: manager)
                accountID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "account", { account.id.description }, action: "account.updated", requestID: "req-manager",
                changed: ["name": ("Hiraya Bakery", "Hiraya Bakeshop")]
            ) {
                try await services.accounts.update(account.id, viewer: manager, expectedVersion: 1) {
                    $0.name = "Hiraya Bakeshop"
                }
            }
            _ = try await Self.expectOneRow(
                world, "account", { account.id.description }, action: "account.archived", requestID: "req-manager",
                changed: ["status": ("active", "archived")]
            ) {
                try await services.accounts.setStatus(.archived, of: account.id, viewer: manager, expectedVersion: 2)
            }
            // A refused change (a stale version) writes no row: the row is in the change's transaction.
            let count = try await Self.rows(world, "account", account.id).count
            await #expect(throws: RecordError.self) {
                _ = try await services.accounts.update(account.id, viewer: manager, expectedVersion: 1) {
                    $0.name = "Never"
                }
            }
            #expect(try await Self.rows(world, "account", account.id).count == count)

            // Contact: create, update.
            var contactDraft = ContactDraft()
            contactDraft.accountID = world.manager1Accounts[0].id.description
            contactDraft.name = "Lorna Villanueva"
            var contactID: Contact.ID?
            let contact = try await Self.expectOneRow(
                world, "contact", { contactID?.description }, action: "contact.created", requestID: "req-manager"
            ) {
                let made = try await services.contacts.create(contactDraft, viewer: manager)
                contactID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "contact", { contact.id.description }, action: "contact.updated", requestID: "req-manager",
                changed: ["name": ("Lorna Villanueva", "Lorna V. Santos")]
            ) {
                try await services.contacts.update(contact.id, viewer: manager, expectedVersion: nil) {
                    $0.name = "Lorna V. Santos"
                }
            }

            // Lead: create, update.
            var leadDraft = LeadDraft()
            leadDraft.personName = "Jun Reyes"
            leadDraft.companyName = "Reyes Trading"
            var leadID: Lead.ID?
            let lead = try await Self.expectOneRow(
                world, "lead", { leadID?.description }, action: "lead.created", requestID: "req-manager"
            ) {
                let made = try await services.leads.create(leadDraft, viewer: manager, companyID: world.company.id)
                leadID = made.lead.id
                return made.lead
            }
            _ = try await Self.expectOneRow(
                world, "lead", { lead.id.description }, action: "lead.updated", requestID: "req-manager",
                changed: ["companyName": ("Reyes Trading", "Reyes Trading Corp.")]
            ) {
                try await services.leads.update(lead.id, viewer: manager, expectedVersion: nil) {
                    $0.companyName = "Reyes Trading Corp."
                }
            }

            // Deal: create, update, move (its state).
            let pipeline = try #require(try await services.deals.pipelines(viewer: manager).first)
            var dealDraft = DealDraft()
            dealDraft.accountID = world.manager1Accounts[0].id.description
            dealDraft.title = "20 laptops"
            dealDraft.amount = "1200000.00"
            dealDraft.expectedClose = "2026-12-20"
            var dealID: Deal.ID?
            let deal = try await Self.expectOneRow(
                world, "deal", { dealID?.description }, action: "deal.created", requestID: "req-manager",
                changed: ["title": (nil, "20 laptops")]
            ) {
                let made = try await services.deals.create(dealDraft, viewer: manager)
                dealID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "deal", { deal.id.description }, action: "deal.updated", requestID: "req-manager",
                changed: ["title": ("20 laptops", "24 laptops")]
            ) {
                try await services.deals.update(deal.id, viewer: manager, expectedVersion: nil) {
                    $0.title = "24 laptops"
                }
            }
            _ = try await Self.expectOneRow(
                world, "deal", { deal.id.description }, action: "deal.stage_changed", requestID: "req-manager",
                changed: ["stageID": (pipeline.stages[0].id.description, pipeline.stages[2].id.description)]
            ) {
                try await services.deals.move(
                    deal.id, to: pipeline.stages[2].id, lostReason: nil, viewer: manager, expectedVersion: nil)
            }

            // Product: create, update.
            var productDraft = ProductDraft()
            productDraft.code = "KAPE-0042"
            productDraft.name = "Barako beans"
            productDraft.unit = "kg"
            productDraft.unitPrice = "450.00"
            var productID: Product.ID?
            let product = try await Self.expectOneRow(
                world, "product", { productID?.description }, action: "product.created", requestID: "req-admin",
                changed: ["code": (nil, "KAPE-0042")]
            ) {
                let made = try await services.products.create(productDraft, viewer: admin)
                productID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "product", { product.id.description }, action: "product.updated", requestID: "req-admin",
                changed: ["name": ("Barako beans", "Barako coffee beans")]
            ) {
                try await services.products.update(product.id, viewer: admin, expectedVersion: nil) {
                    $0.name = "Barako coffee beans"
                }
            }

            // Invoice: create.
            var line = LineDraft()
            line.description = "Consulting"
            line.quantity = "1"
            line.unitPrice = "1000.00"
            line.taxCategory = "vatable"
            var invoiceDraft = InvoiceDraft()
            invoiceDraft.accountID = world.manager1Accounts[0].id.description
            invoiceDraft.lines = [line]
            var invoiceID: Invoice.ID?
            let invoice = try await Self.expectOneRow(
                world, "invoice", { invoiceID?.description }, action: "invoice.created", requestID: "req-manager"
            ) {
                let made = try await services.invoices.create(invoiceDraft, viewer: manager)
                invoiceID = made.id
                return made
            }
            #expect(invoice.status == .draft)  // issuing needs the company's issuing settings: not walked here

            // Pipeline: create, rename.
            var pipelineID: Pipeline.ID?
            let made = try await Self.expectOneRow(
                world, "pipeline", { pipelineID?.description }, action: "pipeline.created", requestID: "req-admin"
            ) {
                let made = try await services.deals.createPipeline(PipelineDraft(name: "Renewals"), viewer: admin)
                pipelineID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "pipeline", { made.id.description }, action: "pipeline.renamed", requestID: "req-admin",
                changed: ["name": ("Renewals", "Renewals 2027")]
            ) {
                try await services.deals.updatePipeline(
                    made.id, name: PipelineDraft(name: "Renewals 2027"), isDefault: nil, viewer: admin,
                    expectedVersion: nil)
            }

            // Task: create, complete (its state).
            var taskDraft = TaskDraft()
            taskDraft.title = "Call Lorna about the renewal"
            taskDraft.dueAt = Date(timeIntervalSince1970: 1_797_000_000)
            var taskID: TaskItem.ID?
            let task = try await Self.expectOneRow(
                world, "task", { taskID?.description }, action: "task.created", requestID: "req-manager",
                changed: ["title": (nil, "Call Lorna about the renewal")]
            ) {
                let made = try await services.tasks.create(taskDraft, viewer: manager)
                taskID = made.id
                return made
            }
            _ = try await Self.expectOneRow(
                world, "task", { task.id.description }, action: "task.completed", requestID: "req-manager"
            ) {
                try await services.tasks.setDone(true, task.id, viewer: manager, expectedVersion: nil)
            }

            // User: a role change (an admin's); settings: the company's.
            _ = try await Self.expectOneRow(
                world, "user", { world.manager3.id.description }, action: "user.changed", requestID: "req-admin",
                changed: ["role": ("manager", "head")]
            ) {
                try await services.users.change(world.manager3.id, role: .head, isActive: true, by: admin)
            }
            var settings = CompanySettingsDraft(world.company.settings)
            settings.name = "Bituin Office Solutions PH"
            _ = try await Self.expectOneRow(
                world, "company", { world.company.id.description }, action: "company.settings_changed",
                requestID: "req-admin",
                changed: ["name": ("Bituin Office Solutions", "Bituin Office Solutions PH")]
            ) {
                try await services.companies.updateSettings(settings, expectedVersion: nil, viewer: admin)
            }
            // No secret reached any row: user rows carry no password hash.
            let userRows = try await Self.rows(world, "user", world.manager3.id)
            #expect(userRows.allSatisfy { !$0.details.lowercased().contains("password") })

            // The chain seals the new rows (request id and changes hashed) and verifies.
            let verified = try await services.auditChain.verify(companyID: world.company.id)
            #expect(verified.firstBroken == nil && verified.unsealed == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func historyHonoursVisibilityAndPages(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let account = world.manager1Accounts[1]
            for index in 1...5 {
                _ = try await world.services.accounts.update(
                    account.id, viewer: world.manager1.viewer.inRequest("r\(index)"), expectedVersion: nil
                ) { $0.notes = "note \(index)" }
            }
            let history = world.services.auditHistory
            let first = try await history.history(
                of: .account, id: account.id.description, viewer: world.manager1.viewer,
                page: PageRequest(limit: 3))
            #expect(first.items.map(\.requestID) == ["r5", "r4", "r3"])
            #expect(first.items[0].actorName == world.manager1.name)
            #expect(first.items[0].changes.first { $0.field == "notes" }?.change.to == "note 5")
            let second = try await history.history(
                of: .account, id: account.id.description, viewer: world.manager1.viewer,
                page: PageRequest(limit: 3, cursor: first.nextCursor))
            #expect(second.items.prefix(2).map(\.requestID) == ["r2", "r1"])
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
            // Another manager may not see the account, so neither its history: the same 404 as the record.
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await history.history(
                    of: .account, id: account.id.description, viewer: world.manager2.viewer, page: PageRequest())
            }
            await #expect(throws: RecordError.self) {
                _ = try await history.history(
                    of: .user, id: world.admin.id.description, viewer: world.manager2.viewer, page: PageRequest())
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func auditorsExportStreamsEveryRowWithItsChainHash(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = AccountDraft()
            draft.name = "=HYPERLINK(\"http://x\")"
            _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer.inRequest("req-x"))
            _ = try await world.services.auditChain.verify(companyID: world.company.id)
            let total = try await world.services.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self)
            }
            let export = try await world.services.auditHistory.export(
                from: nil, through: nil, viewer: world.accountant.viewer, batch: 7)
            var text = ""
            var chunks = 0
            for try await chunk in export.chunks {
                text += chunk
                chunks += 1
            }
            let lines = text.split(separator: "\r\n")
            #expect(lines.count == (total ?? -1) + 1)
            #expect(chunks > 2, "streamed in batches")
            #expect(lines[0].hasPrefix("\u{FEFF}occurred_at,occurred_at_ms,event_id"))
            let created = try #require(lines.first { $0.contains("req-x") })
            // The created name is a formula in the details cell only inside JSON; no cell starts with "=".
            #expect(!created.split(separator: ",").contains { $0.hasPrefix("=") })
            // Every row is sealed: its chain hash is the last cell.
            #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").last?.count == 64 })
            await #expect(throws: RecordError.self) {
                _ = try await world.services.auditHistory.export(
                    from: nil, through: nil, viewer: world.manager1.viewer)
            }
        }
    }
}
