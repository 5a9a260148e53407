import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

/// The scale data set of issue 11 (`benta demo --scale`): its bulk rows are exactly what the stores write one
/// record at a time, and a generated company reads back through the normal services on both engines.
@Suite(.timeLimit(.minutes(20))) struct ScaleDataTests {
    static let tiny = ScaleProfile(
        managers: 4, accounts: 300, contacts: 300, activities: 600, deals: 60, invoices: 150, months: 24)

    static func services(_ database: any AppDatabase) -> Services {
        var logger = Logger(label: "scale-test")
        logger.logLevel = .critical
        return Services(database: database, settings: ServiceSettings(bcryptCost: 4), logger: logger)
    }

    // MARK: The bulk rows are the stores' rows

    @Test(arguments: TestEngine.available)
    func bulkRowsAreTheRowsTheStoresWrite(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let clock = world.services.clock
            let company = world.company.id
            let manager = world.manager1
            let at = Date(timeIntervalSince1970: 1_790_000_000.123)
            var draft = AccountDraft()
            draft.name = "Sampaguita Pharmacy Lipa"
            draft.registeredName = "Sampaguita Pharmacy Lipa Corp."
            draft.tin = "123-456-789-00000"
            draft.billingAddress = "12 Rizal St., Brgy. Poblacion, Lipa City, Batangas 4217"
            draft.phones = ["(043) 765 4321", "0917 555 1234"]
            draft.email = "Info@SampaguitaLipa.ph"
            draft.website = "https://sampaguitalipa.ph"
            draft.industry = "Healthcare"
            draft.tags = ["key-account", "vip"]
            draft.notes = "Requires BIR Form 2307."
            draft.ownerID = manager.id.description
            draft.teamID = world.north.id.description
            draft.isVATRegistered = true
            let fields = try draft.validated(defaultCountry: .PH)
            func account(_ id: Account.ID) -> Account {
                Account(
                    id: id, companyID: company, fields: fields, status: .active, createdAt: at, updatedAt: at,
                    version: 1)
            }
            let (storeAccount, bulkAccount) = (account(clock.newID()), account(clock.newID()))
            var contactDraft = ContactDraft()
            contactDraft.name = "Maria Clara Santos"
            contactDraft.position = "Purchasing Manager"
            contactDraft.phones = ["0918 222 3344", "+63 919-111-2233"]
            contactDraft.emails = ["maria.santos@sampaguitalipa.ph", "MariaSantos88@gmail.com"]
            contactDraft.preferredChannel = "viber"
            contactDraft.notes = "Best reached on Viber."
            func contact(_ id: Contact.ID, on account: Account) throws -> Contact {
                var draft = contactDraft
                draft.accountID = account.id.description
                return Contact(
                    id: id, companyID: company, fields: try draft.validated(defaultCountry: .PH), status: .active,
                    createdAt: at, updatedAt: at, version: 1)
            }
            let storeContact = try contact(clock.newID(), on: storeAccount)
            let bulkContact = try contact(clock.newID(), on: bulkAccount)
            func activity(_ id: Activity.ID, on account: Account, contact: Contact) -> Activity {
                Activity(
                    id: id, companyID: company, kind: .call, direction: .outbound, subject: "Collection call",
                    body: "Promised the check on Friday.", occurredAt: at, durationSeconds: 125, outcome: "reached",
                    phone: "+639182223344", accountID: account.id, contactID: contact.id, userID: manager.id,
                    createdAt: at)
            }
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.head.viewer).first)
            let stage = try #require(pipeline.firstStage)
            func deal(_ id: Deal.ID, on account: Account, contact: Contact) throws -> Deal {
                var draft = DealDraft()
                draft.accountID = account.id.description
                draft.ownerID = manager.id.description
                draft.title = "Copier lease — \(account.fields.name)"
                draft.amount = "125000.50"
                draft.currency = "PHP"
                draft.expectedClose = "2026-09-30"
                draft.contactIDs = [contact.id.description]
                draft.nextStep = "Send the revised quotation"
                var fields = try draft.validated(defaultCurrency: .php)
                fields.lines = [
                    LineItem(
                        line: DocumentLine(
                            description: "Copier lease, monthly", quantity: 12, unit: "month", unitPrice: 8500,
                            discount: .percent(5)))
                ]
                return Deal(
                    id: id, companyID: company, fields: fields,
                    pipelineID: pipeline.id, stageID: stage.id, status: .open, createdAt: at, updatedAt: at,
                    version: 1)
            }
            let settings = try await world.services.invoices.settings(companyID: company)
            func invoice(
                _ id: Invoice.ID, on account: Account, contact: Contact, sequence: Int64
            ) throws -> (Invoice, Invoice) {
                let lines = [
                    LineItem(
                        line: DocumentLine(
                            description: "Toner cartridge", quantity: 3, unit: "pc",
                            unitPrice: Decimal(string: "4850.00")!, discount: .percent(5))),
                    LineItem(
                        line: DocumentLine(
                            description: "Printed manual", quantity: 2, unit: "pc", unitPrice: 560, taxCategory: .exempt
                        )),
                ]
                let draft = Invoice(
                    id: id, companyID: company, accountID: account.id, ownerID: manager.id,
                    fields: InvoiceFields(
                        contactID: contact.id, currency: .php, paymentTerms: .net(days: 30), lines: lines,
                        notes: "Thank you."),
                    createdBy: manager.id, createdAt: at, updatedAt: at, version: 1)
                var issued = draft
                let seller = InvoiceParty(
                    name: "Bituin Office Solutions Inc.", address: "6767 Ayala Avenue, Makati City",
                    tin: "009-123-456-00000", isVATRegistered: true, country: "PH")
                let buyer = InvoiceParty(
                    name: "Sampaguita Pharmacy Lipa Corp.", address: fields.billingAddress ?? "",
                    tin: fields.tin?.formatted, isVATRegistered: true, country: "PH", contactName: contact.fields.name,
                    email: "maria.santos@sampaguitalipa.ph", buyerKind: .business)
                let issuedAt = at.addingTimeInterval(600)
                try issued.issue(
                    number: AssignedNumber(sequence: sequence, text: "INV-2026-0000\(sequence)"),
                    date: CalendarDate(year: 2026, month: 9, day: 21)!, at: issuedAt, seller: seller, buyer: buyer,
                    figures: try IssuedFigures.freezing(draft, settings: settings, baseCurrency: .php))
                issued.version = 2
                issued.updatedAt = issuedAt
                return (draft, issued)
            }
            let storeDeal = try deal(clock.newID(), on: storeAccount, contact: storeContact)
            let bulkDeal = try deal(clock.newID(), on: bulkAccount, contact: bulkContact)
            let (storeDraft, storeIssued) = try invoice(
                clock.newID(), on: storeAccount, contact: storeContact, sequence: 41)
            let (_, bulkIssued) = try invoice(clock.newID(), on: bulkAccount, contact: bulkContact, sequence: 42)
            let storeDraft2 = try invoice(clock.newID(), on: storeAccount, contact: storeContact, sequence: 43).0
            let bulkDraftOnly = Invoice(
                id: clock.newID(), companyID: company, accountID: bulkAccount.id, ownerID: manager.id,
                fields: InvoiceFields(
                    contactID: bulkContact.id, currency: .php, paymentTerms: .net(days: 30),
                    lines: storeDraft2.fields.lines, notes: "Thank you."),
                createdBy: manager.id, createdAt: at, updatedAt: at, version: 1)
            let storeActivity = activity(clock.newID(), on: storeAccount, contact: storeContact)
            let bulkActivity = activity(clock.newID(), on: bulkAccount, contact: bulkContact)
            let storeEvent = AuditEvent(
                id: clock.newID(), companyID: company, occurredAt: at, actorID: manager.id, action: "account.created",
                entityType: "account", entityID: storeAccount.id.description, details: "{\"name\":\"Sampaguita\"}")
            let bulkEvent = AuditEvent(
                id: clock.newID(), companyID: company, occurredAt: at, actorID: manager.id, action: "account.created",
                entityType: "account", entityID: bulkAccount.id.description, details: "{\"name\":\"Sampaguita\"}")

            let issuedByStore = try await database.transaction { db in
                try await AccountStore(db).insert(storeAccount)
                try await ContactStore(db).insert(storeContact)
                try await ActivityStore(db).insert(storeActivity)
                try await DealStore(db).insert(storeDeal)
                try await DealStore(db).recordStageChange(
                    id: "store-change", deal: storeDeal, from: nil, at: at, by: manager.id)
                try await InvoiceStore(db).insert(storeDraft)
                let issued = try await InvoiceStore(db).issue(storeIssued, expectedVersion: 1)
                try await InvoiceStore(db).insert(storeDraft2)
                try await AuditStore(db).append(storeEvent)
                return issued
            }
            #expect(issuedByStore)
            try await database.transaction { db in
                let bulk = BulkInsert(db)
                var random = SystemRandomNumberGenerator()
                try await bulk.accounts([bulkAccount])
                try await bulk.contacts([bulkContact])
                try await bulk.activities([bulkActivity])
                try await bulk.deals(
                    [bulkDeal], accountNames: [bulkAccount.id: bulkAccount.fields.name],
                    history: [
                        BulkInsert.StageChangeRow(
                            id: "bulk-change", companyID: company, dealID: bulkDeal.id, from: nil, to: stage.id, at: at,
                            by: manager.id)
                    ], lineIDs: &random)
                try await bulk.invoices([bulkIssued, bulkDraftOnly], lineIDs: &random)
                try await bulk.auditEvents([bulkEvent])
            }
            let store = [
                storeAccount.id.description, storeContact.id.description, storeActivity.id.description,
                storeDeal.id.description, storeIssued.id.description, storeDraft2.id.description,
                storeEvent.id.description, "store-change", "INV-2026-000041",
                try #require(storeIssued.paymentReference),
            ]
            let bulk = [
                bulkAccount.id.description, bulkContact.id.description, bulkActivity.id.description,
                bulkDeal.id.description, bulkIssued.id.description, bulkDraftOnly.id.description,
                bulkEvent.id.description, "bulk-change", "INV-2026-000042",
                try #require(bulkIssued.paymentReference),
            ]
            let tables: [(table: String, key: String, index: Int, ignoring: Set<String>)] = [
                ("accounts", "id", 0, []), ("search_index", "record_id", 0, []),
                ("contact_points", "account_id", 0, []), ("account_tags", "account_id", 0, []),
                ("contacts", "id", 1, []), ("search_index", "record_id", 1, []),
                ("contact_points", "contact_id", 1, []), ("activities", "id", 2, []), ("deals", "id", 3, []),
                ("search_index", "record_id", 3, []),
                ("deal_contacts", "deal_id", 3, []), ("deal_lines", "deal_id", 3, ["id"]),
                ("deal_stage_history", "deal_id", 3, []), ("invoices", "id", 4, ["sequence"]),
                ("invoice_lines", "invoice_id", 4, ["id"]), ("invoices", "id", 5, []),
                ("invoice_lines", "invoice_id", 5, ["id"]), ("audit_events", "id", 6, []),
            ]
            // Read inside the unit of work, compared outside it (an expectation inside runs on the pool's task, where
            // the test would not see it).
            let snapshots = try await database.read { db in
                var pairs: [(String, [String], [String])] = []
                for (table, key, index, ignoring) in tables {
                    let written = try await Self.snapshot(
                        db, table: table, key: key, value: store[index], ignoring: ignoring, names: store)
                    let bulked = try await Self.snapshot(
                        db, table: table, key: key, value: bulk[index], ignoring: ignoring, names: bulk)
                    pairs.append(("\(table) by \(key)", written, bulked))
                }
                return pairs
            }
            for (name, written, bulked) in snapshots {
                #expect(!written.isEmpty, "\(name): the store wrote no row")
                #expect(written == bulked, "\(name)")
            }
        }
    }

    /// The rows of `table` whose `key` is `value`, every column as text (the record IDs in `names` replaced by
    /// their position, so two copies of the same record compare equal), sorted.
    static func snapshot(
        _ db: any SQLDatabase, table: String, key: String, value: String, ignoring: Set<String>, names: [String]
    ) async throws -> [String] {
        let columns: [String]
        if db.dialect.name == "sqlite" {
            columns = try await db.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                .map { try $0.decode(column: "name", as: String.self) }
        } else {
            columns = try await db.raw(
                """
                SELECT column_name AS name FROM information_schema.columns
                WHERE table_name = \(bind: table) AND table_schema = current_schema() ORDER BY ordinal_position
                """
            ).all().map { try $0.decode(column: "name", as: String.self) }
        }
        let kept = columns.filter { !ignoring.contains($0) }
        let select = kept.map { "CAST(\($0) AS TEXT) AS \($0)" }.joined(separator: ", ")
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: select) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: key) = \(bind: value)"
        ).all()
        return try rows.map { row in
            try kept.map { column in
                var text = try row.decode(column: column, as: String?.self) ?? "NULL"
                for (position, name) in names.enumerated() {
                    text = text.replacingOccurrences(of: name, with: "#\(position)")
                }
                return "\(column)=\(text)"
            }.joined(separator: "|")
        }.sorted()
    }

    // MARK: A generated company reads back through the services

    @Test(arguments: TestEngine.available)
    func generatedCompanyReadsBackThroughTheServices(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let services = Self.services(database)
            let summary = try await ScaleLoader(services: services, profile: Self.tiny, batchSize: 70).load()
            #expect(summary.profile == Self.tiny)
            #expect(summary.issuedInvoices == 147)
            let users = try await services.users.all(companyID: summary.companyID)
            #expect(users.filter { $0.role == .manager }.count == 4)
            let head = try #require(users.first { $0.email.value == "head@demo.test" })
            let manager = try #require(users.first { $0.email.value == "manager1@demo.test" })
            let counts = try await database.read { db in
                let row = try await db.raw(
                    """
                    SELECT (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM contacts) AS contacts,
                        (SELECT COUNT(*) FROM activities) AS activities, (SELECT COUNT(*) FROM deals) AS deals,
                        (SELECT COUNT(*) FROM invoices) AS invoices,
                        (SELECT COUNT(*) FROM search_index) AS indexed,
                        (SELECT COUNT(*) FROM accounts a WHERE a.owner_id = \(bind: manager.id.description)
                            OR a.team_id IN (SELECT tm.team_id FROM team_members tm
                                WHERE tm.user_id = \(bind: manager.id.description))) AS visible
                    """
                ).first()
                return try ["accounts", "contacts", "activities", "deals", "invoices", "indexed", "visible"].map {
                    try #require(row).decode(column: $0, as: Int.self)
                }
            }
            // Every account, contact and deal has its row in the full-text index.
            #expect(counts[0..<6] == [300, 300, 600, 60, 150, 660])

            // A manager's list holds exactly their own accounts and those shared with their team.
            var listed: [Account] = []
            var cursor: String?
            repeat {
                let page = try await services.accounts.list(
                    viewer: manager.viewer, filter: AccountFilter(status: nil),
                    page: PageRequest(limit: 50, cursor: cursor))
                listed += page.items
                cursor = page.nextCursor
            } while cursor != nil
            let teams = try await services.users.teamIDs(of: manager.id)
            #expect(listed.count == counts[6])
            #expect(listed.count > 30 && listed.count < 150)
            #expect(
                listed.allSatisfy { $0.fields.ownerID == manager.id || $0.fields.teamID.map(teams.contains) == true })
            #expect(listed.contains { $0.fields.ownerID != manager.id }, "some accounts are shared with the team")

            // An issued invoice reads with the totals its lines make and its whole total open.
            let invoices = try await services.invoices.list(
                viewer: head.viewer, filter: InvoiceFilter(status: .issued), page: PageRequest(limit: 20))
            let first = try #require(invoices.items.first)
            let invoice = try await services.invoices.invoice(first.id, viewer: head.viewer)
            let computed = try DocumentTotals.compute(
                lines: invoice.fields.lines.map(\.line), allowancesAndCharges: invoice.fields.adjustments,
                pricesIncludeTax: invoice.fields.pricesIncludeTax, fixedTaxAmounts: [], currency: .php)
            #expect(!invoice.fields.lines.isEmpty)
            #expect(try invoice.totals() == computed)
            #expect(invoice.number == "INV-\(invoice.issueDate!.year)-\(String(format: "%06lld", invoice.sequence!))")
            #expect(invoice.buyer?.tin != nil && invoice.seller?.tin == "009-123-456-00000")
            let balance = try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
            #expect(balance.open == computed.totalWithTax)
            #expect(balance.total.minorUnits > 0)
            // Numbered gaplessly in date order; the series goes on after the last one.
            let numbering = try await database.read { db in
                try await db.raw(
                    "SELECT sequence, issue_date FROM invoices WHERE status = 'issued' ORDER BY sequence"
                ).all().map {
                    (
                        try $0.decode(column: "sequence", as: Int.self),
                        try $0.decode(column: "issue_date", as: String.self)
                    )
                }
            }
            #expect(numbering.map(\.0) == Array(1...147))
            #expect(numbering.map(\.1) == numbering.map(\.1).sorted())
            let series = try await services.numberSeries.series(viewer: head.viewer)
            #expect(series.first { $0.type == .invoice }?.nextValue == 148)
            // The issued invoices are in the receivables ledger: every entry balances, and the receivables add up to
            // the invoices' totals less what the generated payments settled (cash and withholding).
            #expect(try await services.payments.unbalancedEntries(viewer: head.viewer).isEmpty)
            let receivables = try await services.payments.receivablesByCustomer(viewer: head.viewer).values
                .reduce(0, +)
            let totals = try await database.read { db in
                try await db.raw(
                    """
                    SELECT CAST((SELECT SUM(total_minor) FROM invoices WHERE status = 'issued')
                        - (SELECT COALESCE(SUM(cash_minor + withheld_minor), 0) FROM payment_allocations)
                        AS BIGINT) AS total
                    """
                ).first()?
                .decode(column: "total", as: Int64.self)
            }
            #expect(receivables == totals)

            // Search finds a generated account by its name and by its phone as people type it.
            let account = try #require(listed.first { $0.fields.ownerID == manager.id && $0.status == .active })
            let byName = try await services.search.search(account.fields.name, viewer: manager.viewer)
            #expect(byName.contains { $0.id == account.id.description })
            let phone = try #require(account.fields.phones.first).e164
            let typed = "0" + phone.dropFirst(3)
            let byPhone = try await services.search.search(typed, viewer: manager.viewer)
            #expect(byPhone.contains { $0.id == account.id.description })
            let filtered = try await services.accounts.list(
                viewer: manager.viewer, filter: AccountFilter(query: typed), page: PageRequest(limit: 10))
            #expect(filtered.items.map(\.id) == [account.id])
            // Another manager's account is found by no one but its owner, its team and the head.
            let other = try #require(
                try await services.accounts.list(
                    viewer: head.viewer, filter: AccountFilter(status: nil), page: PageRequest(limit: 200)
                ).items.first { $0.fields.ownerID != manager.id && $0.fields.teamID.map(teams.contains) != true })
            let hidden = try await services.search.search(other.fields.name, viewer: manager.viewer)
            #expect(!hidden.contains { $0.id == other.id.description })
        }
    }

    @Test func theSameSeedMakesTheSameRecords() async throws {
        func load() async throws -> [String] {
            try await TestDatabases.withFresh(.sqlite) { database in
                let profile = ScaleProfile(
                    managers: 3, accounts: 60, contacts: 50, activities: 80, deals: 12, invoices: 30, months: 12)
                _ = try await ScaleLoader(
                    services: Self.services(database), profile: profile, seed: 7,
                    asOf: Date(timeIntervalSince1970: 1_780_000_000)
                ).load()
                return try await database.read { db in
                    try await db.raw(
                        """
                        SELECT a.id || a.name || COALESCE(a.tin, '') || a.phones_json || COALESCE(a.email, '') AS text
                        FROM accounts a
                        UNION ALL SELECT c.id || c.name || c.emails_json FROM contacts c
                        UNION ALL SELECT i.id || COALESCE(i.number, '') || i.total_minor FROM invoices i
                        ORDER BY 1
                        """
                    ).all().map { try $0.decode(column: "text", as: String.self) }
                }
            }
        }
        let (first, second) = (try await load(), try await load())
        #expect(first.count == 140)
        #expect(first == second)
    }
}

extension ScaleDataTests {
    /// `benta demo --scale` pays part of its invoices through the bulk path (issue 12 on issue 11's data set): paid,
    /// half-paid, net-of-EWT and unpaid invoices read back through the services, Σ each customer's open amounts is
    /// their receivables ledger balance, every entry balances, and a bulk payment's rows are column for column what
    /// the stores write for the same payment.
    @Test(arguments: TestEngine.available)
    func scaledInvoicesArePaidInBulkAndTheLedgerStillHolds(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let services = Self.services(database)
            let summary = try await ScaleLoader(services: services, profile: Self.tiny, batchSize: 70).load()
            #expect(summary.payments > summary.issuedInvoices / 2)
            #expect(summary.payments < summary.issuedInvoices)
            let users = try await services.users.all(companyID: summary.companyID)
            let accountant = try #require(users.first { $0.role == .accountant }).viewer
            var all: [Invoice] = []
            var next: String?
            repeat {
                let page = try await services.invoices.list(
                    viewer: accountant, filter: InvoiceFilter(kind: .invoice, status: .issued),
                    page: PageRequest(limit: 200, cursor: next))
                all += page.items
                next = page.nextCursor
            } while next != nil
            #expect(all.count == summary.issuedInvoices)
            let balances = try await services.invoices.balances(of: all)
            let values = Array(balances.values)
            #expect(values.contains { $0.open.isZero && $0.withheld.isZero })
            #expect(values.contains { $0.paid.isPositive && $0.open.isPositive })
            #expect(values.contains { $0.withheld.isPositive && $0.open.isZero && $0.certificatePending })
            #expect(values.contains { $0.paid.isZero && $0.open == $0.total })
            var open: [Account.ID: Int64] = [:]
            for invoice in all { open[invoice.accountID, default: 0] += balances[invoice.id]?.open.minorUnits ?? 0 }
            let ledger = try await services.payments.receivablesByCustomer(viewer: accountant)
            #expect(open.filter { $0.value != 0 } == ledger.filter { $0.value != 0 })
            #expect(try await services.payments.unbalancedEntries(viewer: accountant).isEmpty)
            let listed = try await services.payments.list(
                viewer: accountant, accountID: nil, page: PageRequest(limit: 200))
            #expect(listed.items.count == min(200, summary.payments))

            // Column for column: a bulk payment with withholding, written again through the stores under new IDs.
            var withheld: PaymentDetail?
            for item in listed.items {
                let detail = try await services.payments.payment(item.payment.id, viewer: accountant)
                if detail.allocations.first?.withholdings.isEmpty == false {
                    withheld = detail
                    break
                }
            }
            let bulkDetail = try #require(withheld)
            let bulkAllocation = try #require(bulkDetail.allocations.first)
            let original = bulkDetail.payment
            let copy = Payment(
                id: services.clock.newID(), companyID: original.companyID, accountID: original.accountID,
                receivedOn: original.receivedOn, amount: original.amount, method: original.method,
                reference: original.reference, bankAccountID: original.bankAccountID, notes: original.notes,
                createdBy: original.createdBy, createdAt: original.createdAt)
            let allocationCopy = PaymentAllocation(
                id: services.clock.newID(), companyID: bulkAllocation.companyID, paymentID: copy.id,
                invoiceID: bulkAllocation.invoiceID, accountID: bulkAllocation.accountID, cash: bulkAllocation.cash,
                withholdings: bulkAllocation.withholdings, allocatedOn: bulkAllocation.allocatedOn, reversesID: nil,
                createdBy: bulkAllocation.createdBy, createdAt: bulkAllocation.createdAt)
            let bulk = [original.id.description, bulkAllocation.id.description]
            let store = [copy.id.description, allocationCopy.id.description]
            let tables: [(table: String, key: String, index: Int)] = [
                ("payments", "id", 0), ("payment_allocations", "id", 1),
                ("allocation_withholdings", "allocation_id", 1),
                ("journal_entries", "id", 0), ("journal_lines", "entry_id", 0), ("journal_entries", "id", 1),
                ("journal_lines", "entry_id", 1), ("journal_entries", "source_id", 0),
                ("journal_entries", "source_id", 1),
            ]
            let snapshots = try await database.transaction { db in
                try await PaymentStore(db).insert(copy)
                try await PaymentStore(db).insert(allocationCopy)
                try await LedgerStore(db).post(
                    try JournalEntry(
                        id: copy.id.retagged(), companyID: copy.companyID, date: copy.receivedOn, source: .payment,
                        sourceID: copy.id.description, lines: Posting.payment(copy)), at: copy.createdAt)
                try await LedgerStore(db).post(
                    try JournalEntry(
                        id: allocationCopy.id.retagged(), companyID: copy.companyID, date: allocationCopy.allocatedOn,
                        source: .allocation, sourceID: allocationCopy.id.description,
                        lines: Posting.allocation(allocationCopy)), at: allocationCopy.createdAt)
                var pairs: [(String, [String], [String])] = []
                for (table, key, index) in tables {
                    let written = try await Self.snapshot(
                        db, table: table, key: key, value: store[index], ignoring: [], names: store)
                    let bulked = try await Self.snapshot(
                        db, table: table, key: key, value: bulk[index], ignoring: [], names: bulk)
                    pairs.append(("\(table) by \(key)", written, bulked))
                }
                return pairs
            }
            for (name, written, bulked) in snapshots {
                #expect(!written.isEmpty, "\(name): the store wrote no row")
                #expect(written == bulked, "\(name)")
            }
        }
    }
}
