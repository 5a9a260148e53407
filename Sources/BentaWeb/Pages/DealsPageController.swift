import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The deal pages: a board by stage (a card links to its deal and folds a form that moves it, won and lost included),
/// the deal with its stage history, the form.
struct DealsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.deals, use: board)
        group.get(Paths.newDeal, use: new)
        group.get(Paths.dealList, use: list)
        group.get(Paths.dealsExport, use: export)
        group.post(Paths.deals, use: create)
        group.get(Paths.deal, use: show)
        group.post(Paths.deal, use: update)
        group.post(Paths.dealStage, use: move)
        group.post(Paths.dealLines, use: addLine)
        group.post(Paths.deleteDealLine, use: removeLine)
    }

    /// How many deals a board column shows at a time.
    static let boardPageSize = 20

    /// The default pipeline's open stages as columns, each with its first deals by title and a "more" link that
    /// pages that one column (`stage_id` and `cursor`, keyset); the other columns show their first deals. The won
    /// and lost stages show their count and total and link to their deals in the list.
    @Sendable func board(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        guard let pipeline = pipelines.first(where: \.isDefault) ?? pipelines.first else { throw HTTPError(.notFound) }
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        var filter = DealFilter(ownerID: try ListQuery.owner(request), status: nil)
        filter.query = request.query("q")
        var pagedStage: Pipeline.Stage.ID?
        if let text = request.query("stage_id") {
            guard let id = Pipeline.Stage.ID(string: text), pipeline.stage(id) != nil else {
                throw RequestError.invalidParameter(name: "stage_id", message: "must be a stage of the pipeline.")
            }
            pagedStage = id
        }
        let cursor = try PageRequest.parse(limit: nil, cursor: request.query("cursor")).cursor
        var pages: [Pipeline.Stage.ID: Page<Deal>] = [:]
        // Won and lost columns are summaries (count and total): their deals are read in the list.
        for stage in pipeline.stages where stage.outcome == nil {
            var columnFilter = filter
            columnFilter.stageID = stage.id
            pages[stage.id] = try await services.deals.list(
                viewer: context.viewer, filter: columnFilter,
                page: PageRequest(limit: Self.boardPageSize, cursor: stage.id == pagedStage ? cursor : nil))
        }
        let summaries = try await services.deals.stageSummaries(
            viewer: context.viewer, pipelineID: pipeline.id, filter: filter)
        let shown = pages.values.flatMap(\.items)
        let names = try await services.accounts.names(of: shown.map(\.fields.accountID), viewer: context.viewer)
        let zone = directory.company.settings.timeZone
        let month = CalendarDate.from(services.clock.now(), in: zone).firstOfMonth
        let metrics = try await services.deals.metrics(
            viewer: context.viewer, ownerID: filter.ownerID, from: month, to: month.adding(months: 1))
        let (_, conversion) = try await services.deals.conversion(
            viewer: context.viewer, pipelineID: pipeline.id, ownerID: filter.ownerID)
        let model = DealBoardPage.make(
            pipeline: pipeline, pages: pages, summaries: summaries, names: names, metrics: metrics,
            conversion: conversion, filter: filter, pagedStage: pagedStage, cursor: cursor, month: month,
            directory: directory, role: context.user.role, strings: strings, language: context.user.language)
        return renderer.render(
            "deals_board", title: strings["deals_title"] ?? "Deals", model: model, section: .deals,
            identity: context.identity, language: context.user.language)
    }

    /// The deals as a table with filters (status, owner, stage, text), one page at a time.
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try DealsAPIController.filter(request)
        let page = try await services.deals.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let names = try await services.accounts.names(of: page.items.map(\.fields.accountID), viewer: context.viewer)
        let model = DealListPage.make(
            page, filter: filter, status: request.query("status") ?? "open", pipelines: pipelines, names: names,
            directory: directory, role: context.user.role, strings: strings, language: context.user.language)
        return renderer.render(
            "deals_list", title: strings["deals_title"] ?? "Deals", model: model, section: .deals,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.deals.exportCSV(
            viewer: context.viewer, filter: try DealsAPIController.filter(request))
        return CSVResponse.make(csv, filename: "deals.csv")
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let deal = try await services.deals.deal(try PathID.parse(context, entity: "deal"), viewer: context.viewer)
        return try await page(draft: DealDraft(deal.fields), deal: deal, errors: nil, context: context)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = DealDraft()
        draft.accountID = request.query("account_id") ?? ""
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        draft.expectedClose = CalendarDate.from(services.clock.now(), in: zone).adding(days: 30).iso8601String
        return try await page(draft: draft, deal: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await FormSubmission.record(DealInput.self, context: context) { draft, _ in
            Paths.deal(try await services.deals.create(draft, viewer: context.viewer).id)
        } show: { draft, errors, picking in
            try await page(draft: draft, deal: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let mayReassign = context.user.role.mayReassignOwners
        return try await FormSubmission.record(DealInput.self, context: context) { draft, version in
            _ = try await services.deals.update(id, viewer: context.viewer, expectedVersion: version) {
                $0.replace(with: draft, mayReassign: mayReassign)
            }
            return Paths.deal(id)
        } show: { draft, errors, picking in
            let deal = try await services.deals.deal(id, viewer: context.viewer)
            return try await page(draft: draft, deal: deal, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func move(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let form = context.form ?? FormData()
        guard let stage = Pipeline.Stage.ID(string: form["stage_id"]) else {
            throw RequestError.invalidParameter(name: "stage_id", message: "must be a stage.")
        }
        return try await FormSubmission.submit {
            _ = try await services.deals.move(
                id, to: stage, lostReason: form["lost_reason"], viewer: context.viewer, expectedVersion: nil)
            return SafeRedirect.local(form["return_to"]) ?? Paths.deals()
        } refused: { errors in
            let deal = try await services.deals.deal(id, viewer: context.viewer)
            return try await page(draft: DealDraft(deal.fields), deal: deal, errors: errors, context: context)
        }
    }

    /// Adds the line typed in the lines card; its problems are shown beside the add form.
    @Sendable func addLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        try Self.requireChangeDeals(context)
        let deal = try await services.deals.deal(id, viewer: context.viewer)
        return try await LineEditor.addLine(
            context: context, items: deal.fields.lines, currency: deal.fields.amount.currency, redirect: Paths.deal(id),
            save: { lines, version in try await save(lines, deal: id, version: version, context: context) },
            rerender: { line, errors, picking in
                try await page(
                    draft: DealDraft(deal.fields), deal: deal, errors: nil, context: context, lineInput: (line, errors),
                    picking: picking)
            })
    }

    @Sendable func removeLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        try Self.requireChangeDeals(context)
        let deal = try await services.deals.deal(id, viewer: context.viewer)
        return try await LineEditor.removeLine(
            context: context, items: deal.fields.lines, currency: deal.fields.amount.currency, redirect: Paths.deal(id)
        ) { lines, version in try await save(lines, deal: id, version: version, context: context) }
    }

    /// Refuses (403 `duty_required`) adding or removing a line, product search and bad input included, when the
    /// company's duties keep deal changes from the user's role; saving checks it again in the service.
    static func requireChangeDeals(_ context: AuthenticatedContext) throws {
        try context.identity.duties.require(.changeDeals, for: context.user.role)
    }

    private func save(
        _ lines: [LineDraft], deal id: Deal.ID, version: Int64?, context: AuthenticatedContext
    )
        async throws
    {
        _ = try await services.deals.update(id, viewer: context.viewer, expectedVersion: version) { draft in
            draft.lines = lines
        }
    }

    private func page(
        draft: DealDraft, deal: Deal?, errors: ValidationErrors?, context: AuthenticatedContext,
        lineInput: (LineDraft, ValidationErrors?)? = nil, picking: PickerInput = .none
    )
        async throws -> Response
    {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        let fieldErrors = errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:]
        let accountPicker = try await RecordPicker.accounts(
            chosen: draft.accountID, input: picking, services: services, viewer: context.viewer)
        var contactPicker: RecordPicker?
        if let account = Account.ID(string: draft.accountID) {
            let picker = try await RecordPicker.contacts(
                "contact_ids", chosen: draft.contactIDs, accountID: account, input: picking, listsWhenChosen: true,
                services: services, viewer: context.viewer)
            // An account without contacts shows no contact choice at all.
            if !picker.options.isEmpty || !picker.query.isEmpty { contactPicker = picker }
        }
        var saved: DealFormPage.Saved?
        if let deal {
            let newLine = lineInput?.0 ?? LineDraft()
            let products = try await RecordPicker.products(
                chosen: newLine.productID, input: picking, services: services, viewer: context.viewer,
                language: context.user.language)
            let lineEditor = LineEditor(renderer: renderer).part(
                items: deal.fields.lines, currency: deal.fields.amount.currency,
                pricesIncludeTax: deal.fields.pricesIncludeTax, addURL: Paths.dealLines(deal.id),
                removeURL: { Paths.deleteDealLine(deal.id, $0) },
                version: picking.keptVersion ?? deal.version,
                editable: context.identity.has(.changeDeals), products: products, newLine: newLine,
                errors: lineInput?.1,
                language: context.user.language)
            // The log-a-call form offers the first contacts of the deal's account and says when there are more.
            let contacts = try await services.contacts.list(
                viewer: context.viewer, filter: ContactFilter(accountID: deal.fields.accountID),
                page: PageRequest(limit: RecordPicker.pageSize))
            let loaded = try await RecordPanels(services: services, renderer: renderer).load(
                for: .account(deal.fields.accountID), context: context, cursor: nil)
            let panels = RecordPanelsPart.make(
                loaded, directory: directory, strings: strings, returnTo: Paths.deal(deal.id),
                contacts: contacts.items, hasMoreContacts: contacts.nextCursor != nil)
            let quotes = try await services.quotes.list(
                viewer: context.viewer, filter: QuoteFilter(dealID: deal.id), page: PageRequest(limit: 50))
            saved = DealFormPage.Saved(
                deal: deal, history: try await services.deals.history(deal.id, viewer: context.viewer),
                lineEditor: lineEditor, panels: panels, quotes: quotes.items,
                today: try await services.quotes.today(viewer: context.viewer))
        }
        var model = DealFormPage.make(
            draft: draft, saved: saved, pipelines: pipelines,
            accountPicker: accountPicker.partial(
                label: strings["field_account"] ?? "Account", noneLabel: strings["choose_account"] ?? "",
                isRequired: true, error: fieldErrors["account_id"], strings: strings),
            contactPicker: contactPicker?.partial(
                label: strings["nav_contacts"] ?? "Contacts", isMultiple: true, error: fieldErrors["contact_ids"],
                strings: strings),
            fieldErrors: fieldErrors, hasErrors: errors.map { !$0.isEmpty } ?? false,
            keptVersion: picking.keptVersion, directory: directory, role: context.user.role, strings: strings,
            language: context.user.language)
        if let deal {
            let split = try await services.plans.versionedCreditSplit(dealID: deal.id, viewer: context.viewer)
            model.credit_split = DealCreditSplitPart.make(
                split: split.split, version: split.version, deal: deal,
                users: try await services.users.all(companyID: context.viewer.companyID), viewer: context.viewer)
        }
        model.history_url = deal.map { RecordHistoryPage.link(.deal, $0.id) }
        return renderer.render(
            "deal_form", title: deal?.fields.title ?? (strings["deal_new"] ?? "New deal"), model: model,
            section: .deals, identity: context.identity, language: context.user.language,
            status: errors == nil && lineInput.flatMap({ $0.1 }) == nil ? .ok : .unprocessableContent)
    }
}
