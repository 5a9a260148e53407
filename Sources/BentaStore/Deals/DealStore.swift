import BentaCore
import Foundation
import SQLKit

/// Pipelines, deals and stage history. A deal is visible exactly when its account is.
public struct DealStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Pipelines

    public func pipelines(companyID: Company.ID) async throws -> [Pipeline] {
        let pipelines = try await db.raw(
            "SELECT * FROM pipelines WHERE company_id = \(bind: companyID.description) ORDER BY created_at, id"
        ).all()
        guard !pipelines.isEmpty else { return [] }
        let ids = try pipelines.map { try $0.string("id") }
        let stages = try await db.raw(
            "SELECT * FROM pipeline_stages WHERE pipeline_id IN (\(binds: ids)) ORDER BY position, id"
        ).all()
        return try pipelines.map { row in
            let id = try row.string("id")
            let own = try stages.filter { try $0.string("pipeline_id") == id }.map { stage in
                guard let category = ForecastCategory(rawValue: try stage.string("forecast_category")) else {
                    throw CorruptRow(description: "forecast category")
                }
                return Pipeline.Stage(
                    id: try stage.id("id"), name: try stage.string("name"), position: Int(try stage.int64("position")),
                    probability: Int(try stage.int64("probability")), forecastCategory: category,
                    outcome: try stage.optionalString("outcome").flatMap(DealStatus.init(rawValue:)))
            }
            return Pipeline(
                id: try row.id("id"), companyID: try row.id("company_id"), name: try row.string("name"),
                isDefault: try row.bool("is_default"), stages: own, version: try row.int64("version"))
        }
    }

    public func insert(_ pipeline: Pipeline, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO pipelines (id, company_id, name, is_default, created_at)
            VALUES (\(bind: pipeline.id.description), \(bind: pipeline.companyID.description), \(bind: pipeline.name),
                \(bind: pipeline.isDefault), \(bind: now.millisecondsSince1970))
            """
        ).run()
        for stage in pipeline.stages {
            try await db.raw(
                """
                INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability, forecast_category, outcome)
                VALUES (\(bind: stage.id.description), \(bind: pipeline.id.description), \(bind: stage.name),
                    \(bind: Int64(stage.position)), \(bind: Int64(stage.probability)),
                    \(bind: stage.forecastCategory.rawValue), \(bind: stage.outcome?.rawValue))
                """
            ).run()
        }
    }

    // MARK: Deals

    /// The deal if the viewer may see its account; `forUpdate` locks the deal's row until the transaction ends.
    public func find(_ id: Deal.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Deal? {
        guard
            let deal = try await db.firstSeenThroughAccount(
                "deals", alias: "d", where: "d.id = \(bind: id.description)", viewer: viewer, forUpdate: forUpdate,
                decode: Self.decode)
        else { return nil }
        return try await withContacts([deal]).first
    }

    /// One page of the deals the viewer may see that match `filter`, sorted by title.
    ///
    /// The text filter (`filter.query`) goes through the full-text index, over the deal's title and its account's
    /// name, by the rule of ``SearchWords``: every word whole but the last, which may be a prefix ("tala cof" finds
    /// the deals of Tala Coffee). A text found only inside a word ("offee") no longer matches, as it did with the
    /// `LIKE` scan this replaces: that is the price of a filter that reads an index at a million records.
    public func list(viewer: Viewer, filter: DealFilter, page: PageRequest) async throws -> Page<Deal> {
        let sql: SQLQueryString = "SELECT d.* FROM " + source(viewer: viewer, filter: filter)
        let deals = try await db.sortedPage(sql, alias: "d", page: page, decode: Self.decode)
        return Page(items: try await withContacts(deals.items), nextCursor: deals.nextCursor)
    }

    /// Per stage of `pipelineID`: how many deals the viewer may see that match `filter` (its stage ignored), and
    /// their amounts summed per currency — one aggregate query, for the board's column headings.
    public func stageSummaries(
        viewer: Viewer, filter: DealFilter, pipelineID: Pipeline.ID
    ) async throws -> [Pipeline.Stage.ID: (count: Int, totals: [Money])] {
        var sql: SQLQueryString = """
            SELECT d.stage_id, d.currency, COUNT(*) AS deals, CAST(SUM(d.amount_minor) AS BIGINT) AS amount FROM
            """
        var columns = filter
        columns.stageID = nil
        sql += " " + source(viewer: viewer, filter: columns)
        sql += " AND d.company_id = \(bind: viewer.companyID.description)"
        sql += " AND d.pipeline_id = \(bind: pipelineID.description)"
        sql += " GROUP BY d.stage_id, d.currency ORDER BY d.stage_id, d.currency"
        var result: [Pipeline.Stage.ID: (count: Int, totals: [Money])] = [:]
        for row in try await db.raw(sql).all() {
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "deal currency")
            }
            let stage: Pipeline.Stage.ID = try row.id("stage_id")
            var entry = result[stage] ?? (0, [])
            entry.count += Int(try row.int64("deals"))
            entry.totals.append(Money(minorUnits: try row.int64("amount"), currency: currency))
            result[stage] = entry
        }
        return result
    }

    /// The FROM items `deals d` and `accounts a` with the visibility and filter conditions (ending in its WHERE
    /// conditions), the same for a page and for the board's per-stage summaries. A text filter starts from its
    /// matches in the full-text index (``SearchStore/textFilter(_:column:text:companyID:db:)``), so the engine
    /// reaches only the matching deals by primary key instead of reading every deal of the company.
    func source(viewer: Viewer, filter: DealFilter) -> SQLQueryString {
        var sql: SQLQueryString
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            sql = "deals d JOIN accounts a ON a.id = d.account_id WHERE "
        } else {
            let search = SearchStore.textFilter(.deal, column: "d.id", text: text, companyID: viewer.companyID, db: db)
            sql = search.from + "deals d CROSS JOIN accounts a WHERE " + search.condition
            sql += " AND a.id = d.account_id AND "
        }
        sql += VisibilitySQL.accounts(viewer)
        if let owner = filter.ownerID { sql += " AND d.owner_id = \(bind: owner.description)" }
        if let account = filter.accountID { sql += " AND d.account_id = \(bind: account.description)" }
        if let status = filter.status { sql += " AND d.status = \(bind: status.rawValue)" }
        if let stage = filter.stageID { sql += " AND d.stage_id = \(bind: stage.description)" }
        if let from = filter.closeFrom { sql += " AND d.expected_close >= \(bind: from.iso8601String)" }
        if let to = filter.closeTo { sql += " AND d.expected_close < \(bind: to.iso8601String)" }
        return sql
    }

    public func insert(_ deal: Deal) async throws {
        let f = deal.fields
        try await db.raw(
            """
            INSERT INTO deals (id, company_id, account_id, owner_id, title, sort_name, amount_minor, currency,
                expected_close, probability, forecast_category, source_lead_id, next_step, notes, pipeline_id, stage_id,
                status, lost_reason, closed_at, created_at, updated_at, version, prices_include_tax)
            VALUES (\(bind: deal.id.description), \(bind: deal.companyID.description), \(bind: f.accountID.description),
                \(bind: f.ownerID.description), \(bind: f.title), \(bind: f.title.lowercased()),
                \(bind: f.amount.minorUnits), \(bind: f.amount.currency.code), \(bind: f.expectedClose.iso8601String),
                \(bind: f.probability.map(Int64.init)), \(bind: f.forecastCategory?.rawValue),
                \(bind: f.sourceLeadID?.description), \(bind: f.nextStep), \(bind: f.notes),
                \(bind: deal.pipelineID.description), \(bind: deal.stageID.description), \(bind: deal.status.rawValue),
                \(bind: deal.lostReason), \(bind: deal.closedAt?.millisecondsSince1970),
                \(bind: deal.createdAt.millisecondsSince1970), \(bind: deal.updatedAt.millisecondsSince1970),
                \(bind: deal.version), \(bind: f.pricesIncludeTax))
            """
        ).run()
        try await writeContacts(deal)
        try await writeLines(deal)
        try await writeIndex(deal)
    }

    /// Saves a changed deal if it still has `expectedVersion`; its lines are rewritten only when `linesChanged`.
    public func update(_ deal: Deal, expectedVersion: Int64, linesChanged: Bool = false) async throws -> Bool {
        let f = deal.fields
        let saved =
            !(try await db.raw(
                """
                UPDATE deals SET account_id = \(bind: f.accountID.description), owner_id = \(bind: f.ownerID.description),
                    title = \(bind: f.title), sort_name = \(bind: f.title.lowercased()), amount_minor = \(bind: f.amount.minorUnits),
                    currency = \(bind: f.amount.currency.code), expected_close = \(bind: f.expectedClose.iso8601String),
                    probability = \(bind: f.probability.map(Int64.init)), forecast_category = \(bind: f.forecastCategory?.rawValue),
                    source_lead_id = \(bind: f.sourceLeadID?.description), next_step = \(bind: f.nextStep),
                    notes = \(bind: f.notes), pipeline_id = \(bind: deal.pipelineID.description),
                    stage_id = \(bind: deal.stageID.description), status = \(bind: deal.status.rawValue),
                    lost_reason = \(bind: deal.lostReason), closed_at = \(bind: deal.closedAt?.millisecondsSince1970),
                    updated_at = \(bind: deal.updatedAt.millisecondsSince1970), version = \(bind: deal.version),
                    prices_include_tax = \(bind: f.pricesIncludeTax)
                WHERE id = \(bind: deal.id.description) AND version = \(bind: expectedVersion)
                RETURNING id
                """
            ).all().isEmpty)
        if saved {
            try await db.raw("DELETE FROM deal_contacts WHERE deal_id = \(bind: deal.id.description)").run()
            try await writeContacts(deal)
            if linesChanged { try await writeLines(deal) }
            try await writeIndex(deal)
        }
        return saved
    }

    public func recordStageChange(
        id: String, deal: Deal, from: Pipeline.Stage.ID?, at now: Date, by user: User.ID?
    ) async throws {
        try await db.raw(
            """
            INSERT INTO deal_stage_history (id, company_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by)
            VALUES (\(bind: id), \(bind: deal.companyID.description), \(bind: deal.id.description),
                \(bind: from?.description), \(bind: deal.stageID.description), \(bind: now.millisecondsSince1970),
                \(bind: user?.description))
            """
        ).run()
    }

    public func history(of deal: Deal.ID) async throws -> [StageChange] {
        try await db.raw(
            """
            SELECT from_stage_id, to_stage_id, changed_at, changed_by FROM deal_stage_history
            WHERE deal_id = \(bind: deal.description) ORDER BY changed_at, id
            """
        ).all().map { row in
            StageChange(
                from: try row.optionalID("from_stage_id"), to: try row.id("to_stage_id"),
                at: try row.date("changed_at"),
                by: try row.optionalID("changed_by"))
        }
    }

    /// The deal's row in the full-text index: its title and its account's name (kept current when the account is
    /// renamed, by ``SearchStore/refreshRecords(of:)``).
    private func writeIndex(_ deal: Deal) async throws {
        let search = SearchStore(db)
        let accountName = try await search.accountName(deal.fields.accountID)
        try await search.index(
            .deal, id: deal.id.description, companyID: deal.companyID,
            content: SearchWords.document(deal: deal.fields.title, accountName: accountName))
    }

    private func writeContacts(_ deal: Deal) async throws {
        for contact in Set(deal.fields.contactIDs) {
            try await db.raw(
                "INSERT INTO deal_contacts (deal_id, contact_id) VALUES (\(bind: deal.id.description), \(bind: contact.description))"
            ).run()
        }
    }

    private func writeLines(_ deal: Deal) async throws {
        try await LineStore.replaceLines(of: deal, on: db)
    }

    /// The deals with their contacts and lines filled in (two queries for the whole page).
    private func withContacts(_ deals: [Deal]) async throws -> [Deal] {
        guard !deals.isEmpty else { return [] }
        let lined = try await LineStore.withLines(deals, on: db)
        let rows = try await db.raw(
            "SELECT deal_id, contact_id FROM deal_contacts WHERE deal_id IN (\(binds: deals.map(\.id.description)))"
        ).all()
        var byDeal: [String: [Contact.ID]] = [:]
        for row in rows { byDeal[try row.string("deal_id"), default: []].append(try row.id("contact_id")) }
        return lined.map { deal in
            var copy = deal
            copy.fields.contactIDs = (byDeal[deal.id.description] ?? []).sorted()
            return copy
        }
    }

    static func decode(_ row: any SQLRow) throws -> Deal {
        guard let currency = Currency(code: try row.string("currency")),
            let close = CalendarDate(iso8601: try row.string("expected_close")),
            let status = DealStatus(rawValue: try row.string("status"))
        else { throw CorruptRow(description: "deal currency, date or status") }
        let fields = DealFields(
            accountID: try row.id("account_id"), ownerID: try row.id("owner_id"), title: try row.string("title"),
            amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency), expectedClose: close,
            probability: try row.optionalInt64("probability").map(Int.init),
            forecastCategory: try row.optionalString("forecast_category").flatMap(ForecastCategory.init(rawValue:)),
            sourceLeadID: try row.optionalID("source_lead_id"), nextStep: try row.optionalString("next_step"),
            notes: try row.optionalString("notes"), pricesIncludeTax: try row.bool("prices_include_tax"))
        return Deal(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields,
            pipelineID: try row.id("pipeline_id"),
            stageID: try row.id("stage_id"), status: status, lostReason: try row.optionalString("lost_reason"),
            closedAt: try row.optionalDate("closed_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}

extension Deal: LinedRecord {
    static var lineTable: LineStore.Table { .deal }
    var lineParentID: String { id.description }
    var lineCurrency: Currency { fields.amount.currency }
    var lineItems: [LineItem] {
        get { fields.lines }
        set { fields.lines = newValue }
    }
}
