import BentaCore
import BentaStore
import Foundation

/// Deals and pipelines: create, change, move through stages (won/lost with a reason), and measure.
public struct DealService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// The company's pipelines, creating the default one on first use.
    public func pipelines(viewer: Viewer) async throws -> [Pipeline] {
        let existing = try await database.read { db in try await DealStore(db).pipelines(companyID: viewer.companyID) }
        if !existing.isEmpty { return existing }
        let clock = clock
        return try await database.transaction { db in
            try await Self.pipelines(companyID: viewer.companyID, clock: clock, db: db)
        }
    }

    /// The company's pipelines inside a transaction, creating the default one when there is none yet.
    static func pipelines(companyID: Company.ID, clock: AppClock, db: StoreConnection) async throws -> [Pipeline] {
        let store = DealStore(db)
        let existing = try await store.pipelines(companyID: companyID)
        if !existing.isEmpty { return existing }
        let pipeline = Pipeline(
            id: clock.newID(), companyID: companyID, name: "Sales", isDefault: true,
            stages: Pipeline.defaultStages { clock.newID() })
        try await store.insert(pipeline, at: clock.now())
        return [pipeline]
    }

    public func list(viewer: Viewer, filter: DealFilter, page: PageRequest) async throws -> Page<Deal> {
        try await database.read { db in try await DealStore(db).list(viewer: viewer, filter: filter, page: page) }
    }

    public func deal(_ id: Deal.ID, viewer: Viewer) async throws -> Deal {
        guard let deal = try await database.read({ db in try await DealStore(db).find(id, viewer: viewer) }) else {
            throw RecordError.notFound(entity: "deal")
        }
        return deal
    }

    /// Per stage of a pipeline: how many of the deals the viewer may see match `filter`, and their amounts per
    /// currency (one aggregate query).
    public func stageSummaries(
        viewer: Viewer, pipelineID: Pipeline.ID, filter: DealFilter
    ) async throws -> [Pipeline.Stage.ID: (count: Int, totals: [Money])] {
        try await database.read { db in
            try await DealStore(db).stageSummaries(viewer: viewer, filter: filter, pipelineID: pipelineID)
        }
    }

    public func history(_ id: Deal.ID, viewer: Viewer) async throws -> [StageChange] {
        _ = try await deal(id, viewer: viewer)
        return try await database.read { db in try await DealStore(db).history(of: id) }
    }

    /// Creates a deal in the first stage of the chosen (or default) pipeline; a manager's deals are their own.
    public func create(_ draft: DealDraft, pipelineID: Pipeline.ID? = nil, viewer: Viewer) async throws -> Deal {
        try await Duties.require(.changeDeals, viewer: viewer, database: database)
        let pipelines = try await pipelines(viewer: viewer)
        guard
            let pipeline = pipelineID.map({ id in pipelines.first { $0.id == id } }) ?? pipelines.first(
                where: \.isDefault)
                ?? pipelines.first, pipeline.firstStage != nil
        else {
            var errors = ValidationErrors()
            errors.add(field: "pipeline_id", code: "invalid_choice", message: "Choose a pipeline.")
            throw errors
        }
        var draft = draft
        if draft.ownerID.isEmpty { draft.ownerID = viewer.userID.description }
        let ready = draft
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            try await Self.insert(ready, pipeline: pipeline, viewer: viewer, clock: clock, audit: audit, db: db)
        }
    }

    /// Validates and stores a new deal in the first stage of `pipeline`, inside the caller's transaction.
    static func insert(
        _ draft: DealDraft, pipeline: Pipeline, viewer: Viewer, clock: AppClock, audit: AuditWriter,
        db: StoreConnection
    ) async throws -> Deal {
        guard let first = pipeline.firstStage else {
            var errors = ValidationErrors()
            errors.add(field: "pipeline_id", code: "invalid_choice", message: "Choose a pipeline.")
            throw errors
        }
        let fields = try await validate(draft, previous: nil, viewer: viewer, db: db)
        let now = clock.now()
        let deal = Deal(
            id: clock.newID(), companyID: viewer.companyID, fields: fields, pipelineID: pipeline.id,
            stageID: first.id, status: .open, createdAt: now, updatedAt: now, version: 1)
        let store = DealStore(db)
        try await store.insert(deal)
        try await store.recordStageChange(
            id: clock.newID(StageChange.self).description, deal: deal, from: nil, at: now, by: viewer.userID)
        try await audit.record(
            "deal.created", entityType: "deal", entityID: deal.id.description, companyID: viewer.companyID,
            by: viewer, details: ["title": fields.title], created: deal, on: db)
        return deal
    }

    public func update(
        _ id: Deal.ID, viewer: Viewer, expectedVersion: Int64?, change: @escaping @Sendable (inout DealDraft) -> Void
    ) async throws -> Deal {
        try await Duties.require(.changeDeals, viewer: viewer, database: database)
        return try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { deal, context in
            var draft = DealDraft(deal.fields)
            change(&draft)
            deal.fields = try await Self.validate(draft, previous: deal.fields, viewer: viewer, db: context.db)
            return AuditEntry("deal.updated")
        }
    }

    /// Moves a deal to another stage of its own pipeline: a closing stage wins or loses it (a loss needs a
    /// reason); an open stage reopens a closed deal. Every move is recorded with its time.
    public func move(
        _ id: Deal.ID, to stageID: Pipeline.Stage.ID, lostReason: String?, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> Deal {
        try await Duties.require(.changeDeals, viewer: viewer, database: database)
        let pipelines = try await pipelines(viewer: viewer)
        return try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database,
            mutate: Self.stageMove(
                to: stageID, lostReason: lostReason, pipelines: pipelines, viewer: viewer, clock: clock))
    }

    /// The change that moves a deal to a stage, for the change path (accepting a quote wins its deal this way, in
    /// the quote's transaction): the stage must be one of the deal's pipeline; the same stage changes nothing; the
    /// move is kept in the stage history and on the timeline.
    static func stageMove(
        to stageID: Pipeline.Stage.ID, lostReason: String?, pipelines: [Pipeline], viewer: Viewer, clock: AppClock
    ) -> @Sendable (inout Deal, ChangeContext) async throws -> AuditEntry? {
        { deal, context in
            let previous = deal.stageID
            guard let stage = try deal.move(to: stageID, among: pipelines, lostReason: lostReason, now: context.now)
            else { return nil }
            try await CreditHoldGate.check(deal, at: context.now, viewer: viewer, db: context.db, clock: clock)
            let previousName = pipelines.first { $0.id == deal.pipelineID }?.stage(previous)?.name ?? "?"
            let now = context.now
            try await DealStore(context.db).recordStageChange(
                id: clock.newID(StageChange.self).description, deal: deal, from: previous, at: now, by: viewer.userID)
            try await ActivityStore(context.db).insert(
                Activity(
                    id: clock.newID(), companyID: viewer.companyID, kind: .statusChange,
                    subject: "\(deal.fields.title): \(previousName) → \(stage.name)",
                    body: deal.lostReason, occurredAt: now, accountID: deal.fields.accountID, userID: viewer.userID,
                    createdAt: now))
            return AuditEntry("deal.stage_changed", details: ["to": stage.name, "status": deal.status.rawValue])
        }
    }

    /// The deal as the change path loads (visible, locked) and saves it; lines are rewritten only when they changed.
    static func changeTarget(_ id: Deal.ID, viewer: Viewer) -> ChangeTarget<Deal> {
        ChangeTarget(
            entity: "deal", load: { db in try await DealStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { deal, loaded, db in
                try await DealStore(db).update(
                    deal, expectedVersion: loaded.version, linesChanged: deal.fields.lines != loaded.fields.lines)
            })
    }

    /// Weighted pipeline, win rate, cycle length and forecast for the deals the viewer may see, optionally one
    /// owner's, closing in `[from, to)` (a month, for the plan).
    public func metrics(
        viewer: Viewer, ownerID: User.ID?, from: CalendarDate, to: CalendarDate
    ) async throws
        -> PipelineMetrics
    {
        let pipelines = try await pipelines(viewer: viewer)
        guard
            let currency = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) })?
                .settings.baseCurrency
        else { throw RecordError.notFound(entity: "company") }
        var open: [(amount: Money, probability: Int, category: ForecastCategory)] = []
        var closed: [(amount: Money, status: DealStatus, cycleDays: Int)] = []
        let zone = TimeZone(identifier: "UTC") ?? .gmt
        var cursor: String?
        repeat {
            let filter = DealFilter(ownerID: ownerID, status: nil, closeFrom: from, closeTo: to)
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            for deal in page.items where deal.fields.amount.currency == currency {
                guard let pipeline = pipelines.first(where: { $0.id == deal.pipelineID }) else { continue }
                switch deal.status {
                case .open:
                    open.append(
                        (deal.fields.amount, deal.probability(in: pipeline), deal.forecastCategory(in: pipeline)))
                case .won, .lost:
                    let days =
                        CalendarDate.from(deal.closedAt ?? deal.updatedAt, in: zone).daysSinceEpoch
                        - CalendarDate.from(deal.createdAt, in: zone).daysSinceEpoch
                    closed.append((deal.fields.amount, deal.status, days))
                }
            }
            cursor = page.nextCursor
        } while cursor != nil
        return try PipelineMetrics.compute(open: open, closed: closed, currency: currency)
    }

    /// Per open stage of a pipeline (the default one when nil): how many deals entered, went on, were won, and
    /// the mean days spent there; over the deals the viewer may see, optionally one owner's.
    public func conversion(
        viewer: Viewer, pipelineID: Pipeline.ID?, ownerID: User.ID?
    ) async throws -> (Pipeline, [StageConversion]) {
        let pipelines = try await pipelines(viewer: viewer)
        guard
            let pipeline = pipelineID.map({ id in pipelines.first { $0.id == id } })
                ?? pipelines.first(where: \.isDefault) ?? pipelines.first
        else { throw RecordError.notFound(entity: "pipeline") }
        let paths = try await database.read { db in
            try await DealStore(db).paths(pipeline: pipeline.id, ownerID: ownerID, viewer: viewer)
        }
        return (pipeline, StageConversion.compute(pipeline: pipeline, paths: paths))
    }

    /// Field checks plus: the account (and contacts) must be visible, contacts must work for that account, and a
    /// manager cannot give deals away.
    static func validate(
        _ draft: DealDraft, previous: DealFields?, viewer: Viewer, db: StoreConnection
    ) async throws
        -> DealFields
    {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        var fields = try draft.validated(defaultCurrency: company.settings.baseCurrency)
        try await priceLines(draft, into: &fields, previous: previous, companyID: viewer.companyID, db: db)
        var errors = ValidationErrors()
        if try await AccountStore(db).find(fields.accountID, viewer: viewer) == nil {
            errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
        }
        // A lead the viewer cannot see is refused like one that does not exist, so its existence does not leak.
        if let lead = fields.sourceLeadID, lead != previous?.sourceLeadID,
            try await LeadStore(db).find(lead, viewer: viewer) == nil
        {
            errors.add(field: "source_lead_id", code: "invalid_lead", message: "Choose a lead you can see.")
        }
        for contact in fields.contactIDs {
            let found = try await ContactStore(db).find(contact, viewer: viewer)
            if found?.fields.accountID != fields.accountID {
                errors.add(field: "contact_ids", code: "invalid_contact", message: "Choose contacts of this account.")
                break
            }
        }
        try await OwnerCheck.check(
            fields.ownerID, previous: previous?.ownerID, record: "a deal", viewer: viewer, db: db, into: &errors)
        try errors.throwIfAny()
        return fields
    }

    /// Prices the draft's lines (or keeps the previous ones) and, when there are lines, makes the deal's amount
    /// their total without VAT. A typed amount that disagrees with the lines is refused rather than ignored.
    private static func priceLines(
        _ draft: DealDraft, into fields: inout DealFields, previous: DealFields?, companyID: Company.ID,
        db: StoreConnection
    ) async throws {
        let currency = fields.amount.currency
        fields.pricesIncludeTax = draft.pricesIncludeTax ?? previous?.pricesIncludeTax ?? false
        if let drafts = draft.lines {
            fields.lines = try await LineResolver.resolve(
                drafts, companyID: companyID, currency: currency, pricesIncludeTax: fields.pricesIncludeTax, db: db)
        } else {
            fields.lines = previous?.lines ?? []
            if let previous, !previous.lines.isEmpty,
                previous.amount.currency != currency || previous.pricesIncludeTax != fields.pricesIncludeTax
            {
                var errors = ValidationErrors()
                errors.add(
                    field: "lines", code: "reprice_required",
                    message: "Send the lines again when you change the currency or the price mode.")
                throw errors
            }
        }
        guard !fields.lines.isEmpty else { return }
        let totals = try LineResolver.totals(
            fields.lines, currency: currency, pricesIncludeTax: fields.pricesIncludeTax)
        let typed = draft.amount.trimmingCharacters(in: .whitespaces)
        let untouched = typed.isEmpty || typed == previous?.amount.decimalString
        if !untouched && fields.amount != totals.totalWithoutTax {
            var errors = ValidationErrors()
            errors.add(
                field: "amount", code: "computed_from_lines",
                message: "A deal with lines takes its amount from them (\(totals.totalWithoutTax.decimalString)); "
                    + "change the lines instead.")
            throw errors
        }
        fields.amount = totals.totalWithoutTax
    }
}
