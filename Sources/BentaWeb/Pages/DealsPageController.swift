import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The deal pages: a board by stage (moving a card is a plain form), the deal with its stage history, the form.
struct DealsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/deals", use: board)
        group.get("/deals/new", use: new)
        group.get("/deals/list", use: list)
        group.get("/deals/export.csv", use: export)
        group.post("/deals", use: create)
        group.get("/deals/:id", use: show)
        group.post("/deals/:id", use: update)
        group.post("/deals/:id/stage", use: move)
        group.post("/deals/:id/lines", use: addLine)
        group.post("/deals/:id/lines/:index/delete", use: removeLine)
    }

    /// How many deals a board column shows at a time.
    static let boardPageSize = 20

    /// The default pipeline's stages as columns, each with its first deals by title and a "more" link that pages
    /// that one column (`stage_id` and `cursor`, keyset); the other columns show their first deals.
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
        for stage in pipeline.stages {
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
        let money = MoneyFormatter(language: context.user.language)
        let zone = directory.company.settings.timeZone
        let month = CalendarDate.from(services.clock.now(), in: zone).firstOfMonth
        let metrics = try await services.deals.metrics(
            viewer: context.viewer, ownerID: filter.ownerID, from: month, to: month.adding(months: 1))
        let filters: [(String, String?)] = [("q", filter.query), ("owner_id", filter.ownerID?.description)]
        // A card moved from a later page of its column comes back to that page.
        let boardURL =
            "/deals"
            + QueryString.make(
                filters + [("stage_id", pagedStage?.description), ("cursor", pagedStage == nil ? nil : cursor)])
        let columns: [[String: Any]] = pipeline.stages.map { stage in
            let page = pages[stage.id] ?? Page(items: [], nextCursor: nil)
            let isPaged = stage.id == pagedStage && cursor != nil
            let summary = summaries[stage.id] ?? (0, [])
            return [
                "count": summary.count,
                "total": summary.totals.isEmpty
                    ? money.format(.zero(directory.company.settings.baseCurrency))
                    : summary.totals.map { money.format($0) }.joined(separator: " + "),
                "name": stage.name, "probability": stage.probability, "is_closed": stage.outcome != nil,
                "has_cards": !page.items.isEmpty, "is_paged": isPaged,
                "first_url": "/deals" + QueryString.make(filters),
                "more_url": page.nextCursor.map {
                    "/deals" + QueryString.make(filters + [("stage_id", stage.id.description), ("cursor", $0)])
                } as Any,
                "cards": page.items.map { deal -> [String: Any] in
                    [
                        "url": "/deals/\(deal.id)", "title": deal.fields.title,
                        "account": names[deal.fields.accountID] ?? "", "amount": money.format(deal.fields.amount),
                        "owner": directory.userName(deal.fields.ownerID),
                        "close": DateFormatting.display(deal.fields.expectedClose, language: context.user.language),
                        "move_url": "/deals/\(deal.id)/stage", "return_to": boardURL,
                        "stages": pipeline.stages.map {
                            ["id": $0.id.description, "name": $0.name, "selected": $0.id == deal.stageID]
                        },
                    ]
                },
            ]
        }
        let (_, conversion) = try await services.deals.conversion(
            viewer: context.viewer, pipelineID: pipeline.id, ownerID: filter.ownerID)
        let conversionRows: [[String: Any]] = conversion.map { stage in
            let rate = { (value: Decimal?, count: Int) in value.map { "\(count) (\($0)%)" } ?? "\(count)" }
            return [
                "name": stage.stageName, "entered": stage.entered,
                "advanced": rate(stage.advanceRatePercent, stage.advanced),
                "won": rate(stage.winRatePercent, stage.won), "lost": stage.lost,
                "days": stage.averageDaysInStage.map { "\($0)" } ?? "—",
            ]
        }
        return renderer.render(
            "deals_board", title: strings["deals_title"] ?? "Deals",
            values: [
                "conversion": conversionRows, "has_conversion": conversion.contains { $0.entered > 0 },
                "columns": columns, "q": filter.query ?? "",
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords,
                "weighted": money.format(metrics.weightedPipeline), "open_total": money.format(metrics.openPipeline),
                "win_rate": metrics.winRatePercent.map { "\($0)%" } ?? "—",
                "cycle": metrics.averageCycleDays.map { "\($0)" } ?? "—", "commit": money.format(metrics.commit),
                "best_case": money.format(metrics.bestCase),
                "month": DateFormatting.monthName(month.month, language: context.user.language) + " \(month.year)",
                "nav_deals": true,
            ],
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
        let money = MoneyFormatter(language: context.user.language)
        let status = request.query("status") ?? "open"
        let filters: [(String, String?)] = [
            ("q", filter.query), ("status", status), ("owner_id", filter.ownerID?.description),
            ("stage_id", filter.stageID?.description), ("close_from", filter.closeFrom?.iso8601String),
            ("close_to", filter.closeTo?.iso8601String),
        ]
        let rows: [[String: Any]] = page.items.map { deal in
            let pipeline = pipelines.first { $0.id == deal.pipelineID }
            return [
                "url": "/deals/\(deal.id)", "title": deal.fields.title,
                "account": names[deal.fields.accountID] ?? "", "stage": pipeline?.stage(deal.stageID)?.name ?? "",
                "amount": money.format(deal.fields.amount),
                "probability": pipeline.map { "\(deal.probability(in: $0))%" } ?? "",
                "close": DateFormatting.display(deal.fields.expectedClose, language: context.user.language),
                "owner": directory.userName(deal.fields.ownerID), "is_closed": deal.status != .open,
                "status_label": strings["deal_status_\(deal.status.rawValue)"] ?? deal.status.rawValue,
            ]
        }
        return renderer.render(
            "deals_list", title: strings["deals_title"] ?? "Deals",
            values: [
                "deals": rows, "has_deals": !rows.isEmpty, "q": filter.query ?? "",
                "close_from": filter.closeFrom?.iso8601String ?? "", "close_to": filter.closeTo?.iso8601String ?? "",
                "statuses": ["open", "won", "lost", "all"].map {
                    ["value": $0, "label": strings["deal_status_\($0)"] ?? $0, "selected": $0 == status]
                },
                "stages": pipelines.flatMap { pipeline in
                    pipeline.stages.map {
                        [
                            "id": $0.id.description,
                            "name": pipelines.count > 1 ? "\(pipeline.name): \($0.name)" : $0.name,
                            "selected": $0.id == filter.stageID,
                        ]
                    }
                },
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords,
                "export_url": "/deals/export.csv" + QueryString.make(filters), "has_next": page.nextCursor != nil,
                "next_url": page.nextCursor.map { "/deals/list" + QueryString.make(filters + [("cursor", $0)]) } ?? "",
                "nav_deals": true,
            ],
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
        let form = context.form ?? FormData()
        let draft = Self.draft(from: form)
        let picking = PickerInput(form)
        if picking.isSearch {
            return try await page(draft: draft, deal: nil, errors: nil, context: context, picking: picking)
        }
        do {
            let deal = try await services.deals.create(draft, viewer: context.viewer)
            return .redirect(to: "/deals/\(deal.id)", type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(draft: draft, deal: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let mayReassign = context.user.role.mayReassignOwners
        let picking = PickerInput(submitted)
        if picking.isSearch {
            let deal = try await services.deals.deal(id, viewer: context.viewer)
            return try await page(draft: draft, deal: deal, errors: nil, context: context, picking: picking)
        }
        do {
            _ = try await services.deals.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
            ) {
                current in
                let owner = current.ownerID
                current = draft
                if !mayReassign || draft.ownerID.isEmpty { current.ownerID = owner }
            }
            return .redirect(to: "/deals/\(id)", type: .normal)
        } catch let errors as ValidationErrors {
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
        do {
            _ = try await services.deals.move(
                id, to: stage, lostReason: form["lost_reason"], viewer: context.viewer, expectedVersion: nil)
        } catch let errors as ValidationErrors {
            let deal = try await services.deals.deal(id, viewer: context.viewer)
            return try await page(draft: DealDraft(deal.fields), deal: deal, errors: errors, context: context)
        }
        return .redirect(to: SafeRedirect.local(form["return_to"]) ?? "/deals", type: .normal)
    }

    /// Adds the line typed in the lines card; its problems are shown beside the add form.
    @Sendable func addLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let deal = try await services.deals.deal(id, viewer: context.viewer)
        return try await LineEditor.addLine(
            context: context, items: deal.fields.lines, currency: deal.fields.amount.currency, redirect: "/deals/\(id)",
            save: { lines, version in try await save(lines, deal: id, version: version, context: context) },
            rerender: { line, errors, picking in
                try await page(
                    draft: DealDraft(deal.fields), deal: deal, errors: nil, context: context, lineInput: (line, errors),
                    picking: picking)
            })
    }

    @Sendable func removeLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let deal = try await services.deals.deal(id, viewer: context.viewer)
        return try await LineEditor.removeLine(
            context: context, items: deal.fields.lines, currency: deal.fields.amount.currency, redirect: "/deals/\(id)"
        ) { lines, version in try await save(lines, deal: id, version: version, context: context) }
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
        var history: [[String: Any]] = []
        var stages: [[String: Any]] = []
        if let deal, let pipeline = pipelines.first(where: { $0.id == deal.pipelineID }) {
            history = try await services.deals.history(deal.id, viewer: context.viewer).reversed().map { change in
                [
                    "when": directory.dateTime(change.at), "who": change.by.map(directory.userName) ?? "",
                    "from": change.from.flatMap { pipeline.stage($0)?.name } ?? "—",
                    "to": pipeline.stage(change.to)?.name ?? "",
                ]
            }
            stages = pipeline.stages.map {
                ["id": $0.id.description, "name": $0.name, "selected": $0.id == deal.stageID]
            }
        }
        let money = MoneyFormatter(language: context.user.language)
        var extra: [String: Any] = [:]
        if let deal {
            let newLine = lineInput?.0 ?? LineDraft()
            let products = try await RecordPicker.products(
                chosen: newLine.productID, input: picking, services: services, viewer: context.viewer,
                language: context.user.language)
            extra["line_editor"] = LineEditor(renderer: renderer).values(
                items: deal.fields.lines, currency: deal.fields.amount.currency,
                pricesIncludeTax: deal.fields.pricesIncludeTax, baseURL: "/deals/\(deal.id)",
                version: picking.keptVersion ?? deal.version,
                editable: true, products: products, newLine: newLine, errors: lineInput?.1,
                language: context.user.language)
            // The log-a-call form offers the first contacts of the deal's account and says when there are more.
            let contacts = try await services.contacts.list(
                viewer: context.viewer, filter: ContactFilter(accountID: deal.fields.accountID),
                page: PageRequest(limit: RecordPicker.pageSize))
            let panels = try await RecordPanels(services: services, renderer: renderer).values(
                for: .account(deal.fields.accountID), context: context, directory: directory, cursor: nil,
                returnTo: "/deals/\(deal.id)", contacts: contacts.items, hasMoreContacts: contacts.nextCursor != nil)
            extra.merge(panels) { first, _ in first }
            extra["has_panels"] = true
            let quotes = try await services.quotes.list(
                viewer: context.viewer, filter: QuoteFilter(dealID: deal.id), page: PageRequest(limit: 50))
            let today = try await services.quotes.today(viewer: context.viewer)
            extra["quotes"] = quotes.items.map { quote -> [String: Any] in
                let display = quote.displayStatus(today: today)
                return [
                    "url": "/quotes/\(quote.id)", "number": quote.number ?? (strings["quote_draft"] ?? "Draft"),
                    "status": display.rawValue,
                    "status_label": strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
                    "total": (try? quote.totals()).map { money.format($0.totalWithTax) } ?? "",
                ]
            }
            extra["has_quotes"] = !quotes.items.isEmpty
            extra["new_quote_url"] = "/deals/\(deal.id)/quotes"
            if deal.status == .won { extra["contract_url"] = "/contracts/new?deal_id=\(deal.id)" }
            if deal.status == .won { extra["invoice_url"] = Paths.newInvoice + "?deal_id=\(deal.id)" }
        }
        extra["amount_from_lines"] = !(deal?.fields.lines.isEmpty ?? true)
        let values: [String: Any] = [
            "is_new": deal == nil, "action": deal.map { "/deals/\($0.id)" } ?? "/deals",
            "version": deal.map { String(picking.keptVersion ?? $0.version) } ?? "", "title_value": draft.title,
            "amount": draft.amount,
            "currency": draft.currency, "expected_close": draft.expectedClose, "probability": draft.probability,
            "next_step": draft.nextStep, "notes": draft.notes,
            "status": deal?.status.rawValue ?? "open", "lost_reason": deal?.lostReason ?? "",
            "amount_display": deal.map { money.format($0.fields.amount) } ?? "",
            "account_picker": accountPicker.values(
                label: strings["field_account"] ?? "Account", noneLabel: strings["choose_account"] ?? "",
                isRequired: true, error: fieldErrors["account_id"], strings: strings),
            "contact_picker": contactPicker?.values(
                label: strings["nav_contacts"] ?? "Contacts", isMultiple: true, error: fieldErrors["contact_ids"],
                strings: strings) as Any,
            "categories": ForecastCategory.allCases.map {
                [
                    "value": $0.rawValue, "label": strings["forecast_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": $0.rawValue == draft.forecastCategory,
                ]
            },
            "may_reassign": context.user.role.mayReassignOwners,
            "owners": directory.ownerOptions(selected: draft.ownerID), "history": history,
            "has_history": !history.isEmpty, "stages": stages, "has_stages": !stages.isEmpty,
            "move_url": deal.map { "/deals/\($0.id)/stage" } ?? "",
            "return_to": deal.map { "/deals/\($0.id)" } ?? "",
            "errors": fieldErrors, "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_deals": true,
        ]
        return renderer.render(
            "deal_form", title: deal?.fields.title ?? (strings["deal_new"] ?? "New deal"),
            values: values.merging(extra) { first, _ in first },
            identity: context.identity, language: context.user.language,
            status: errors == nil && lineInput.flatMap({ $0.1 }) == nil ? .ok : .unprocessableContent)
    }

    static func draft(from form: FormData) -> DealDraft {
        var draft = DealDraft()
        draft.title = form["title"]
        draft.accountID = form["account_id"]
        draft.contactIDs = form.all("contact_ids")
        draft.ownerID = form["owner_id"]
        draft.amount = form["amount"]
        draft.currency = form["currency"]
        draft.expectedClose = form["expected_close"]
        draft.probability = form["probability"]
        draft.forecastCategory = form["forecast_category"]
        draft.nextStep = form["next_step"]
        draft.notes = form["notes"]
        return draft
    }
}
