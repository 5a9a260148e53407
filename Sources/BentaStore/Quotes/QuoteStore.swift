import BentaCore
import Foundation
import SQLKit

/// Quotes with their lines; a quote is visible exactly when its account is.
public struct QuoteStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func find(_ id: Quote.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Quote? {
        var sql: SQLQueryString =
            "SELECT q.* FROM quotes q JOIN accounts a ON a.id = q.account_id WHERE q.id = \(bind: id.description) AND "
        sql += VisibilitySQL.accounts(viewer)
        if forUpdate { sql += SQLQueryString(" " + SQLDialectFacts.rowLockSuffix(db)) }
        guard let row = try await db.raw(sql).first() else { return nil }
        return try await withLines([try Self.decode(row)]).first
    }

    /// Newest first, keyset-paged by id (UUIDv7 ids sort by creation time).
    public func list(viewer: Viewer, filter: QuoteFilter, page: PageRequest) async throws -> Page<Quote> {
        var sql: SQLQueryString = "SELECT q.* FROM quotes q JOIN accounts a ON a.id = q.account_id WHERE "
        sql += VisibilitySQL.accounts(viewer)
        if let deal = filter.dealID { sql += " AND q.deal_id = \(bind: deal.description)" }
        if let account = filter.accountID { sql += " AND q.account_id = \(bind: account.description)" }
        if let owner = filter.ownerID { sql += " AND q.owner_id = \(bind: owner.description)" }
        if let status = filter.status {
            let today = (filter.today ?? CalendarDate(year: 1970, month: 1, day: 1)!).iso8601String
            switch status {
            case .sent: sql += " AND q.status = 'sent' AND q.valid_until >= \(bind: today)"
            case .expired: sql += " AND q.status = 'sent' AND q.valid_until < \(bind: today)"
            case .draft, .accepted, .declined: sql += " AND q.status = \(bind: status.rawValue)"
            }
        }
        let found = try await db.newestFirstPage(sql, alias: "q", page: page, decode: Self.decode)
        return Page(items: try await withLines(found.items), nextCursor: found.nextCursor)
    }

    public func insert(_ quote: Quote) async throws {
        let f = quote.fields
        let totals = try quote.totals()
        try await db.raw(
            """
            INSERT INTO quotes (id, company_id, deal_id, account_id, contact_id, owner_id, number, sequence, status,
                currency, prices_include_tax, issue_date, valid_until, terms, notes, total_without_tax_minor,
                tax_minor, total_minor, sent_at, decided_at, decline_reason, created_by, created_at, updated_at,
                version)
            VALUES (\(bind: quote.id.description), \(bind: quote.companyID.description),
                \(bind: quote.dealID.description), \(bind: quote.accountID.description),
                \(bind: f.contactID?.description), \(bind: quote.ownerID.description), NULL, NULL,
                \(bind: quote.status.rawValue), \(bind: f.currency.code), \(bind: f.pricesIncludeTax), NULL,
                \(bind: f.validUntil.iso8601String), \(bind: f.terms), \(bind: f.notes),
                \(bind: totals.totalWithoutTax.minorUnits), \(bind: totals.totalTax.minorUnits),
                \(bind: totals.totalWithTax.minorUnits), NULL, NULL, NULL, \(bind: quote.createdBy?.description),
                \(bind: quote.createdAt.millisecondsSince1970), \(bind: quote.updatedAt.millisecondsSince1970),
                \(bind: quote.version))
            """
        ).run()
        try await LineStore.replaceLines(of: quote, on: db)
    }

    /// Saves a changed quote if it still has `expectedVersion`; lines are rewritten only when `linesChanged`.
    public func update(
        _ quote: Quote, expectedVersion: Int64, sequence: Int64? = nil, linesChanged: Bool = false
    ) async throws -> Bool {
        let f = quote.fields
        let totals = try quote.totals()
        let saved = try await db.raw(
            """
            UPDATE quotes SET contact_id = \(bind: f.contactID?.description), status = \(bind: quote.status.rawValue),
                number = COALESCE(number, \(bind: quote.number)), sequence = COALESCE(sequence, \(bind: sequence)),
                prices_include_tax = \(bind: f.pricesIncludeTax), issue_date = \(bind: quote.issueDate?.iso8601String),
                valid_until = \(bind: f.validUntil.iso8601String), terms = \(bind: f.terms), notes = \(bind: f.notes),
                total_without_tax_minor = \(bind: totals.totalWithoutTax.minorUnits),
                tax_minor = \(bind: totals.totalTax.minorUnits), total_minor = \(bind: totals.totalWithTax.minorUnits),
                sent_at = \(bind: quote.sentAt?.millisecondsSince1970),
                decided_at = \(bind: quote.decidedAt?.millisecondsSince1970),
                decline_reason = \(bind: quote.declineReason),
                updated_at = \(bind: quote.updatedAt.millisecondsSince1970), version = \(bind: quote.version)
            WHERE id = \(bind: quote.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all()
        guard !saved.isEmpty else { return false }
        if linesChanged { try await LineStore.replaceLines(of: quote, on: db) }
        return true
    }

    private func withLines(_ quotes: [Quote]) async throws -> [Quote] {
        try await LineStore.withLines(quotes, on: db)
    }

    static func decode(_ row: any SQLRow) throws -> Quote {
        guard let currency = Currency(code: try row.string("currency")),
            let validUntil = CalendarDate(iso8601: try row.string("valid_until")),
            let status = QuoteStatus(rawValue: try row.string("status"))
        else { throw CorruptRow(description: "quote currency, date or status") }
        let fields = QuoteFields(
            contactID: try row.optionalID("contact_id"), currency: currency,
            pricesIncludeTax: try row.bool("prices_include_tax"), validUntil: validUntil,
            terms: try row.optionalString("terms"), notes: try row.optionalString("notes"))
        return Quote(
            id: try row.id("id"), companyID: try row.id("company_id"), dealID: try row.id("deal_id"),
            accountID: try row.id("account_id"), ownerID: try row.id("owner_id"), fields: fields,
            number: try row.optionalString("number"), status: status,
            issueDate: try row.optionalString("issue_date").flatMap(CalendarDate.init(iso8601:)),
            sentAt: try row.optionalDate("sent_at"), decidedAt: try row.optionalDate("decided_at"),
            declineReason: try row.optionalString("decline_reason"), createdBy: try row.optionalID("created_by"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}

extension Quote: LinedRecord {
    static var lineTable: LineStore.Table { .quote }
    var lineParentID: String { id.description }
    var lineCurrency: Currency { fields.currency }
    var lineItems: [LineItem] {
        get { fields.lines }
        set { fields.lines = newValue }
    }
}
