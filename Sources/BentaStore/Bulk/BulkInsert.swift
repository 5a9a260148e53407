import BentaCore
import Foundation
import SQLKit

/// Multi-row inserts of whole records, for loading large data sets (`benta demo --scale`, the benchmark's bulk
/// reference): each call writes exactly the rows the record's store writes one at a time — the record row, its
/// search-index row, its phone and email index rows, tags, lines, contacts, stage history — but many records per
/// statement.
///
/// `Tests/BentaServicesTests/ScaleDataTests.swift` compares every column these write with what the stores write for
/// the same record, so a column added to a store's insert and not here fails there. The caller holds the
/// transaction (`AppDatabase.transaction`), a few thousand records at a time.
public struct BulkInsert: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Gives this connection a large page cache (256 MiB on SQLite), so a load of millions of rows does not spill
    /// dirty pages to the file in every statement; nothing on PostgreSQL, whose buffers are the server's.
    public func useLargeCache() async throws {
        if db.dialect.name == "sqlite" { try await db.raw("PRAGMA cache_size = -262144").run() }
    }

    /// Accounts with their search-index, contact-point and tag rows (as `AccountStore.insert`).
    public func accounts(_ accounts: [Account]) async throws {
        var rows = RowBatch(
            table: "accounts",
            columns: [
                "id", "company_id", "name", "sort_name", "search_text", "registered_name", "tin", "billing_address",
                "delivery_address", "phones_json", "email", "website", "industry", "owner_id", "team_id", "tags_json",
                "notes", "country", "is_vat_registered", "buyer_kind", "status", "created_at", "updated_at", "version",
            ])
        var search = RowBatch.searchIndex
        var points = RowBatch.contactPoints
        var tags = RowBatch(
            table: "account_tags",
            columns: ["company_id", "account_id", "tag", "sort_name", "account_owner_id", "account_team_id"])
        for account in accounts {
            let f = account.fields
            let id = account.id.description
            let company = account.companyID.description
            rows.append([
                id, company, f.name, f.name.lowercased(), AccountStore.searchText(f), f.registeredName,
                f.tin?.digits, f.billingAddress, f.deliveryAddress, try jsonText(f.phones), f.email?.value, f.website,
                f.industry, f.ownerID.description, f.teamID?.description, try jsonText(f.tags), f.notes,
                f.country.rawValue, f.isVATRegistered, f.buyerKind.rawValue, account.status.rawValue,
                account.createdAt.millisecondsSince1970, account.updatedAt.millisecondsSince1970, account.version,
            ])
            search.append([
                SearchIndexEntity.account.rawValue, id, company,
                SearchWords.document(
                    [f.name, f.registeredName, f.industry, f.email?.value], phones: f.phones.map(\.e164), tin: f.tin),
            ])
            for phone in f.phones { points.append([company, id, String?.none, "phone", phone.e164]) }
            if let email = f.email { points.append([company, id, String?.none, "email", email.normalized]) }
            for tag in f.tags {
                tags.append([company, id, tag, f.name.lowercased(), f.ownerID.description, f.teamID?.description])
            }
        }
        try await write(rows, search, points, tags)
    }

    /// Contacts with their search-index and contact-point rows (as `ContactStore.insert`).
    public func contacts(_ contacts: [Contact]) async throws {
        var rows = RowBatch(
            table: "contacts",
            columns: [
                "id", "company_id", "account_id", "name", "sort_name", "search_text", "position", "phones_json",
                "emails_json", "preferred_channel", "notes", "status", "created_at", "updated_at", "version",
                AccountVisibilityColumns.ownerColumn, AccountVisibilityColumns.teamColumn,
            ])
        var search = RowBatch.searchIndex
        var points = RowBatch.contactPoints
        let copies = try await AccountVisibilityColumns.copies(
            of: Set(contacts.map(\.fields.accountID.description)), db: db)
        for contact in contacts {
            let f = contact.fields
            let id = contact.id.description
            let company = contact.companyID.description
            let account = f.accountID.description
            rows.append([
                id, company, account, f.name, f.name.lowercased(), ContactStore.searchText(f), f.position,
                try jsonText(f.phones), try jsonText(f.emails.map(\.value)), f.preferredChannel?.rawValue, f.notes,
                contact.status.rawValue, contact.createdAt.millisecondsSince1970,
                contact.updatedAt.millisecondsSince1970, contact.version, copies[account]?.owner ?? "",
                copies[account]?.team,
            ])
            search.append([
                SearchIndexEntity.contact.rawValue, id, company,
                SearchWords.document([f.name, f.position] + f.emails.map(\.value), phones: f.phones.map(\.e164)),
            ])
            for phone in f.phones { points.append([company, account, id, "phone", phone.e164]) }
            for email in f.emails { points.append([company, account, id, "email", email.normalized]) }
        }
        try await write(rows, search, points)
    }

    /// Timeline entries (as `ActivityStore.insert`).
    public func activities(_ activities: [Activity]) async throws {
        var rows = RowBatch(
            table: "activities",
            columns: [
                "id", "company_id", "kind", "direction", "subject", "body", "occurred_at", "duration_seconds",
                "outcome", "phone", "account_id", "contact_id", "lead_id", "user_id", "message_id", "created_at",
            ])
        for activity in activities {
            rows.append([
                activity.id.description, activity.companyID.description, activity.kind.rawValue,
                activity.direction?.rawValue, activity.subject, activity.body,
                activity.occurredAt.millisecondsSince1970, activity.durationSeconds.map(Int64.init), activity.outcome,
                activity.phone, activity.accountID?.description, activity.contactID?.description,
                activity.leadID?.description, activity.userID?.description, activity.messageID?.description,
                activity.createdAt.millisecondsSince1970,
            ])
        }
        try await write(rows)
    }

    /// One row of a deal's stage history (as `DealStore.recordStageChange`).
    public struct StageChangeRow: Sendable {
        public var id: String
        public var companyID: Company.ID
        public var dealID: Deal.ID
        public var from: Pipeline.Stage.ID?
        public var to: Pipeline.Stage.ID
        public var at: Date
        public var by: User.ID?

        public init(
            id: String, companyID: Company.ID, dealID: Deal.ID, from: Pipeline.Stage.ID?, to: Pipeline.Stage.ID,
            at: Date, by: User.ID?
        ) {
            self.id = id
            self.companyID = companyID
            self.dealID = dealID
            self.from = from
            self.to = to
            self.at = at
            self.by = by
        }
    }

    /// Deals with their contacts, lines and search-index rows (as `DealStore.insert`), and their stage history.
    /// `accountNames` holds the name of every deal's account (a deal's indexed text holds it).
    public func deals<G: RandomNumberGenerator>(
        _ deals: [Deal], accountNames: [Account.ID: String], history: [StageChangeRow], lineIDs generator: inout G
    ) async throws {
        var rows = RowBatch(
            table: "deals",
            columns: [
                "id", "company_id", "account_id", "owner_id", "title", "sort_name", "amount_minor", "currency",
                "expected_close", "probability", "forecast_category", "source_lead_id", "next_step", "notes",
                "pipeline_id", "stage_id", "status", "lost_reason", "closed_at", "created_at", "updated_at", "version",
                "prices_include_tax",
            ])
        var contacts = RowBatch(table: "deal_contacts", columns: ["deal_id", "contact_id"])
        var lines = RowBatch.lines(.deal)
        var search = RowBatch.searchIndex
        var changes = RowBatch(
            table: "deal_stage_history",
            columns: ["id", "company_id", "deal_id", "from_stage_id", "to_stage_id", "changed_at", "changed_by"])
        for deal in deals {
            let f = deal.fields
            let id = deal.id.description
            rows.append([
                id, deal.companyID.description, f.accountID.description, f.ownerID.description, f.title,
                f.title.lowercased(), f.amount.minorUnits, f.amount.currency.code, f.expectedClose.iso8601String,
                f.probability.map(Int64.init), f.forecastCategory?.rawValue, f.sourceLeadID?.description, f.nextStep,
                f.notes, deal.pipelineID.description, deal.stageID.description, deal.status.rawValue, deal.lostReason,
                deal.closedAt?.millisecondsSince1970, deal.createdAt.millisecondsSince1970,
                deal.updatedAt.millisecondsSince1970, deal.version, f.pricesIncludeTax,
            ])
            guard let accountName = accountNames[f.accountID] else {
                throw CorruptRow(description: "deal \(id) on an account without a name given")
            }
            search.append([
                SearchIndexEntity.deal.rawValue, id, deal.companyID.description,
                SearchWords.document(deal: f.title, accountName: accountName),
            ])
            for contact in Set(f.contactIDs).sorted() { contacts.append([id, contact.description]) }
            try lines.appendLines(
                parentID: id, items: f.lines, currency: f.amount.currency, at: deal.updatedAt, using: &generator)
        }
        for change in history {
            changes.append([
                change.id, change.companyID.description, change.dealID.description, change.from?.description,
                change.to.description, change.at.millisecondsSince1970, change.by?.description,
            ])
        }
        try await write(rows, contacts, lines, changes, search)
    }

    /// Invoices and credit notes with their lines, each as it stands: a draft as `InvoiceStore.insert` leaves it,
    /// an issued one as `InvoiceStore.issue` then leaves it (number, dates, parties, `issued_json` and the totals
    /// it states).
    public func invoices<G: RandomNumberGenerator>(_ invoices: [Invoice], lineIDs generator: inout G) async throws {
        var rows = RowBatch(
            table: "invoices",
            columns: [
                "id", "company_id", "kind", "branch", "number", "sequence", "status", "account_id", "contact_id",
                "owner_id", "deal_id", "contract_id", "corrects_invoice_id", "currency", "prices_include_tax",
                "payment_terms", "exchange_rate", "exchange_rate_date", "notes", "reason", "adjustments_json",
                "fixed_tax_json", "issue_date", "due_date", "payment_reference", "seller_json", "buyer_json",
                "issued_json", "total_without_tax_minor", "tax_minor", "total_minor", "vatable_minor",
                "zero_rated_minor", "exempt_minor", "created_by", "issued_at", "created_at", "updated_at", "version",
                AccountVisibilityColumns.ownerColumn, AccountVisibilityColumns.teamColumn,
            ])
        var lines = RowBatch.lines(.invoice)
        let copies = try await AccountVisibilityColumns.copies(
            of: Set(invoices.map(\.accountID.description)), db: db)
        for invoice in invoices {
            let f = invoice.fields
            let totals = try invoice.totals()
            let issued = invoice.status == .issued
            if issued && (invoice.issued == nil || invoice.sequence == nil) {
                throw CorruptRow(description: "an issued document without its figures or sequence")
            }
            let seller = try issued ? invoice.seller.map(jsonText) : nil
            let buyer = try issued ? invoice.buyer.map(jsonText) : nil
            let figures = try issued ? invoice.issued.map(jsonText) : nil
            rows.append([
                invoice.id.description, invoice.companyID.description, invoice.kind.rawValue, invoice.branch,
                issued ? invoice.number : nil, issued ? invoice.sequence : nil, invoice.status.rawValue,
                invoice.accountID.description, f.contactID?.description, invoice.ownerID.description,
                invoice.dealID?.description, invoice.contractID, invoice.correctsInvoiceID?.description,
                f.currency.code, f.pricesIncludeTax, f.paymentTerms.code, f.exchangeRate.map(DecimalText.format),
                f.exchangeRateDate?.iso8601String, f.notes, f.reason, try jsonText(f.adjustments),
                try jsonText(f.fixedTaxAmounts), issued ? invoice.issueDate?.iso8601String : nil,
                issued ? invoice.dueDate?.iso8601String : nil, issued ? invoice.paymentReference : nil,
                seller, buyer, figures, totals.totalWithoutTax.minorUnits,
                totals.totalTax.minorUnits, totals.totalWithTax.minorUnits, totals.vatableSales.minorUnits,
                totals.zeroRatedSales.minorUnits, totals.exemptSales.minorUnits, invoice.createdBy?.description,
                issued ? invoice.issuedAt?.millisecondsSince1970 : nil, invoice.createdAt.millisecondsSince1970,
                invoice.updatedAt.millisecondsSince1970, invoice.version,
                copies[invoice.accountID.description]?.owner ?? "", copies[invoice.accountID.description]?.team,
            ])
            // The lines keep the draft's time: issuing does not rewrite them.
            try lines.appendLines(
                parentID: invoice.id.description, items: f.lines, currency: f.currency, at: invoice.createdAt,
                using: &generator)
        }
        try await write(rows, lines)
    }

    /// Audit rows (as `AuditStore.append`).
    public func auditEvents(_ events: [AuditEvent]) async throws {
        var rows = RowBatch(
            table: "audit_events",
            columns: [
                "id", "company_id", "occurred_at", "actor_id", "action", "entity_type", "entity_id", "details",
                "request_id", "origin",
            ])
        for event in events {
            rows.append([
                event.id.description, event.companyID.description, event.occurredAt.millisecondsSince1970,
                event.actorID?.description, event.action, event.entityType, event.entityID, event.details,
                event.requestID, event.origin,
            ])
        }
        try await write(rows)
    }

    /// Sets a number series to continue after `lastSequence` (the documents up to it were loaded in bulk), with
    /// the type's default format; as `NumberSeriesStore.take` would have left it.
    public func numberSeries(
        companyID: Company.ID, type: DocumentType, branch: String = "", lastSequence: Int64, at: Date
    ) async throws {
        try await db.raw(
            """
            INSERT INTO number_series (company_id, document_type, branch, format, next_value, updated_at)
            VALUES (\(bind: companyID.description), \(bind: type.rawValue), \(bind: branch),
                \(bind: type.defaultFormat.template), \(bind: lastSequence + 1), \(bind: at.millisecondsSince1970))
            ON CONFLICT (company_id, document_type, branch) DO UPDATE SET next_value = excluded.next_value,
                updated_at = excluded.updated_at
            """
        ).run()
    }

    /// Refreshes the planner's statistics after a large load (`ANALYZE`), so the first queries plan as they will.
    /// On SQLite each index is sampled (`analysis_limit`), so this takes seconds at a million rows, not minutes.
    ///
    /// On PostgreSQL only this schema's tables are analysed: a bare `ANALYZE` inside a transaction locks every table
    /// of every schema in the database at once, and deadlocked with another schema being dropped (the test suite's
    /// parallel schemas; any other tenant of a shared database).
    public func analyze() async throws {
        guard db.dialect.name != "sqlite" else {
            try await db.raw("PRAGMA analysis_limit = 2000").run()
            try await db.raw("ANALYZE").run()
            return
        }
        let tables = try await db.raw(
            """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """
        ).all().map { try $0.decode(column: "table_name", as: String.self) }
        guard !tables.isEmpty else { return }
        let list = tables.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
        try await db.raw("ANALYZE \(unsafeRaw: list)").run()
    }

    func write(_ batches: RowBatch...) async throws {
        for batch in batches {
            for statement in batch.statements() {
                try await db.execute(sql: statement) { _ in }
            }
        }
    }
}

/// The rows of one table waiting to be written, flattened column by column.
struct RowBatch {
    typealias Value = any Encodable & Sendable

    /// Binds per statement: far below both engines' limits (PostgreSQL 65,535; the bundled SQLite 250,000) and
    /// large enough that a statement carries hundreds of rows.
    static let bindsPerStatement = 16_000

    let table: String
    let columns: [String]
    private(set) var values: [Value] = []

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    static var searchIndex: RowBatch {
        RowBatch(table: "search_index", columns: ["entity", "record_id", "company_id", "content"])
    }

    static var contactPoints: RowBatch {
        RowBatch(table: "contact_points", columns: ["company_id", "account_id", "contact_id", "kind", "normalized"])
    }

    static func lines(_ table: LineStore.Table) -> RowBatch {
        RowBatch(
            table: table.rawValue,
            columns: [
                "id", table.parentColumn, "position", "product_id", "description", "quantity", "unit", "unit_price",
                "discount_percent", "discount_minor", "tax_category", "rate_percent", "amount_minor",
            ])
    }

    mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        values.append(contentsOf: row)
    }

    /// The rows of `LineStore.replace` for one parent.
    mutating func appendLines<G: RandomNumberGenerator>(
        parentID: String, items: [LineItem], currency: Currency, at: Date, using generator: inout G
    ) throws {
        let milliseconds = UInt64(max(0, at.millisecondsSince1970))
        for (position, item) in items.enumerated() {
            let line = item.line
            var percent: String?
            var discountMinor: Int64?
            switch line.discount {
            case .percent(let rate)?: percent = DecimalText.format(rate)
            case .amount(let money)?: discountMinor = money.minorUnits
            case nil: break
            }
            append([
                UUIDv7.make(unixMilliseconds: milliseconds, using: &generator).uuidString.lowercased(), parentID,
                Int64(position), item.productID?.description, line.description, DecimalText.format(line.quantity),
                line.unit, DecimalText.format(line.unitPrice), percent, discountMinor, line.taxCategory.rawValue,
                DecimalText.format(line.ratePercent), try line.amount(currency: currency).minorUnits,
            ])
        }
    }

    /// Multi-row `INSERT` statements covering every row, in order.
    func statements() -> [MultiRowInsert] {
        guard !values.isEmpty else { return [] }
        let width = columns.count
        let rowsPerStatement = max(1, Self.bindsPerStatement / width)
        var result: [MultiRowInsert] = []
        var start = 0
        while start < values.count {
            let end = min(values.count, start + rowsPerStatement * width)
            result.append(MultiRowInsert(table: table, columns: columns, values: values[start..<end]))
            start = end
        }
        return result
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…), …` with every value bound.
struct MultiRowInsert: SQLExpression {
    let table: String
    let columns: [String]
    let values: ArraySlice<RowBatch.Value>

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
        let width = columns.count
        var index = values.startIndex
        while index < values.endIndex {
            serializer.write(index == values.startIndex ? "(" : ", (")
            for column in 0..<width {
                if column > 0 { serializer.write(", ") }
                serializer.write(bind: values[index + column])
            }
            serializer.write(")")
            index += width
        }
    }
}

extension BulkInsert {
    /// Up to `limit` active accounts, oldest first (by id), with their names: what the benchmark's import rows
    /// attach to.
    public func oldestActiveAccounts(limit: Int) async throws -> [(id: Account.ID, name: String)] {
        try await db.raw(
            """
            SELECT id, name FROM accounts WHERE status = 'active' AND merged_into_id IS NULL
            ORDER BY id LIMIT \(literal: limit)
            """
        ).all().map { row in
            guard let id = Account.ID(string: try row.decode(column: "id", as: String.self)) else {
                throw CorruptRow(description: "accounts.id")
            }
            return (id, try row.decode(column: "name", as: String.self))
        }
    }
}
