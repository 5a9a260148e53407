import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The quote pages: the list with status filters, a quote with its lines and actions, a printable rendering and
/// the PDF; quotes are made from the deal page.
struct QuotesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.quotes, use: list)
        group.post(Paths.dealQuotes, use: create)
        group.get(Paths.quote, use: show)
        group.post(Paths.quote, use: update)
        group.post(Paths.quoteLines, use: addLine)
        group.post(Paths.deleteQuoteLine, use: removeLine)
        group.post(Paths.sendQuote, use: send)
        group.post(Paths.acceptQuote, use: accept)
        group.post(Paths.declineQuote, use: decline)
        group.get(Paths.quotePrint, use: printable)
        group.get(Paths.quotePDF, use: pdf)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        var filter = try QuotesAPIController.filter(request)
        let today = try await services.quotes.today(viewer: context.viewer)
        filter.today = today
        let page = try await services.quotes.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let names = try await services.accounts.names(of: page.items.map(\.accountID), viewer: context.viewer)
        let model = QuotesListPage.make(
            page, filter: filter, today: today, names: names, directory: directory, role: context.user.role,
            strings: strings, language: context.user.language)
        return renderer.render(
            "quotes_list", title: strings["quotes_title"] ?? "Quotes", model: model, section: .quotes,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let deal: Deal.ID = try PathID.parse(context, entity: "deal")
        do {
            let quote = try await services.quotes.create(fromDeal: deal, viewer: context.viewer)
            return .redirect(to: Paths.quote(quote.id), type: .normal)
        } catch let errors as ValidationErrors where errors.errors.contains(where: { $0.field == "deal_id" }) {
            // The deal is this page's own path, not a field of a form: one the user cannot see is not found (404),
            // as on the deal's page, rather than a form error about a field the page does not have.
            throw RecordError.notFound(entity: "deal")
        }
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await page(try PathID.parse(context, entity: "quote"), context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let form = context.form ?? FormData()
        var draft = QuoteDraft()
        draft.contactID = form["contact_id"]
        draft.validUntil = form["valid_until"]
        draft.terms = form["terms"]
        draft.notes = form["notes"]
        let picking = PickerInput(form)
        return try await FormSubmission.submit(picking: picking) {
            _ = try await services.quotes.update(
                id, draft: draft, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return Paths.quote(id)
        } show: { errors in
            try await page(id, context: context, form: (draft, errors), picking: picking)
        }
    }

    @Sendable func addLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return try await LineEditor.addLine(
            context: context, items: quote.fields.lines, currency: quote.fields.currency, redirect: Paths.quote(id),
            save: { lines, version in try await save(lines, quote: id, version: version, context: context) },
            rerender: { line, errors, picking in
                try await page(id, context: context, lineInput: (line, errors), picking: picking)
            })
    }

    @Sendable func removeLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return try await LineEditor.removeLine(
            context: context, items: quote.fields.lines, currency: quote.fields.currency, redirect: Paths.quote(id)
        ) { lines, version in try await save(lines, quote: id, version: version, context: context) }
    }

    private func save(
        _ lines: [LineDraft], quote id: Quote.ID, version: Int64?, context: AuthenticatedContext
    )
        async throws
    {
        var draft = QuoteDraft()
        draft.lines = lines
        _ = try await services.quotes.update(id, draft: draft, viewer: context.viewer, expectedVersion: version)
    }

    /// "Send by email" (`delivery=email`): numbers the quote and emails it to the chosen recipient; a refused
    /// recipient, subject or message comes back on the form beside its field. "Mark as sent" (`delivery=none`)
    /// only numbers it.
    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard form["delivery"] != "none" else {
            return try await act(context) { id, version in
                _ = try await services.quotes.send(id, viewer: context.viewer, expectedVersion: version)
            }
        }
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let typed = DocumentEmailDraft(to: form["to"], subject: form["subject"], message: form["message"])
        do {
            _ = try await services.quotes.send(
                id, email: typed, language: context.user.language, outbox: services.outbox, viewer: context.viewer,
                expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.quote(id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, sending: (typed, errors), status: .unprocessableContent)
        } catch let error as QuoteError {
            return try await page(id, context: context, problem: error.detail, status: .conflict)
        } catch RecordError.conflict(let code, let detail) {
            let strings = renderer.translations.table(context.user.language)
            return try await page(
                id, context: context, sending: (typed, nil), problem: strings["error_\(code)"] ?? detail,
                status: .conflict)
        }
    }

    @Sendable func accept(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let winDeal = (context.form ?? FormData())["win_deal"] == "true"
        return try await act(context) { id, version in
            _ = try await services.quotes.accept(
                id, winDeal: winDeal, viewer: context.viewer, expectedVersion: version)
        }
    }

    @Sendable func decline(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let reason = (context.form ?? FormData())["reason"]
        return try await act(context) { id, version in
            _ = try await services.quotes.decline(id, reason: reason, viewer: context.viewer, expectedVersion: version)
        }
    }

    /// Runs a status action; a refusal is shown on the quote page rather than as a bare error page.
    private func act(
        _ context: AuthenticatedContext, _ action: (Quote.ID, Int64?) async throws -> Void
    ) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let form = context.form ?? FormData()
        do {
            try await action(id, Int64(form["version"]))
            return .redirect(to: Paths.quote(id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, problem: errors.errors.map(\.message).joined(separator: " "))
        } catch let error as QuoteError {
            return try await page(id, context: context, problem: error.detail, status: .conflict)
        } catch let error as RecordError {
            if case .notFound = error { throw error }
            return try await page(id, context: context, problem: error.detail, status: .conflict)
        }
    }

    @Sendable func printable(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let document = try await services.quotes.document(
            try PathID.parse(context, entity: "quote"), viewer: context.viewer)
        let model = QuotePrintPage.make(document, strings: renderer.translations.table(context.user.language))
        return renderer.render(
            "quote_print", title: document.quote.number ?? "Quotation", model: model, section: nil,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return PDFResponse.make(
            try await services.quotes.pdf(id, viewer: context.viewer), filename: "\(quote.number ?? "quote-draft").pdf")
    }

    private func page(
        _ id: Quote.ID, context: AuthenticatedContext, form: (QuoteDraft, ValidationErrors?)? = nil,
        lineInput: (LineDraft, ValidationErrors?)? = nil, sending: (DocumentEmailDraft, ValidationErrors?)? = nil,
        problem: String? = nil, status: HTTPResponse.Status? = nil, picking: PickerInput = .none
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let document = try await services.quotes.document(id, viewer: context.viewer)
        let quote = document.quote
        let actions = quote.allowedActions(today: document.today)
        let isDraft = actions.contains(.edit)
        var sendForm: DocumentSendPart?
        if actions.contains(.send) {
            sendForm = DocumentSendPart.make(
                try await services.quotes.emailForm(id, language: context.user.language, viewer: context.viewer),
                typed: sending?.0,
                errors: sending?.1.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                action: Paths.sendQuote(quote.id), version: String(picking.keptVersion ?? quote.version),
                hint: strings["quote_send_hint"] ?? "")
        }
        let draft = form?.0
        let formErrors = form.flatMap { $0.1 }
        let fieldErrors = formErrors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:]
        let newLine = lineInput?.0 ?? LineDraft()
        var contacts: RecordPicker?
        var products: RecordPicker?
        if isDraft {
            contacts = try await RecordPicker.contacts(
                "contact_id", chosen: [draft?.contactID ?? quote.fields.contactID?.description ?? ""],
                accountID: quote.accountID, input: picking, services: services, viewer: context.viewer)
            products = try await RecordPicker.products(
                chosen: newLine.productID, input: picking, services: services, viewer: context.viewer,
                language: context.user.language)
        }
        let directory = try await PageDirectory.load(services, context: context)
        var model = QuoteDetailPage.make(
            document, draft: draft,
            contactPicker: contacts?.partial(
                label: strings["quote_attention"] ?? "Attention", noneLabel: strings["contact_none"] ?? "",
                error: fieldErrors["contact_id"], strings: strings),
            fieldErrors: fieldErrors, hasErrors: formErrors != nil,
            lineEditor: LineEditor(renderer: renderer).part(
                items: quote.fields.lines, currency: quote.fields.currency,
                pricesIncludeTax: quote.fields.pricesIncludeTax, addURL: Paths.quoteLines(quote.id),
                removeURL: { Paths.deleteQuoteLine(quote.id, $0) },
                version: picking.keptVersion ?? quote.version, editable: isDraft, products: products, newLine: newLine,
                errors: lineInput?.1, language: context.user.language),
            sendForm: sendForm, sentTo: try await services.quotes.sentTo(id, viewer: context.viewer),
            problem: problem, keptVersion: picking.keptVersion, directory: directory, strings: strings)
        let approvals = try await services.quotes.discountApprovals(quoteID: id, viewer: context.viewer)
        model.discount_approvals = approvals.filter { $0.status != .superseded }.map { approval in
            let status = strings["discount_approval_status_\(approval.status.rawValue)"] ?? approval.status.rawValue
            let label = strings["discount_approvals_line"] ?? "Line"
            let line =
                "\(label) \(approval.lineIndex + 1) (\(approval.lineDescription)), \(approval.discount): \(status)"
            return line + (approval.reason.map { " — " + $0 } ?? "")
        }
        model.has_discount_approvals = !model.discount_approvals.isEmpty
        let failed = formErrors != nil || lineInput.flatMap({ $0.1 }) != nil
        model.history_url = RecordHistoryPage.link(.quote, quote.id)
        return renderer.render(
            "quote_detail", title: quote.number ?? (strings["quote_draft"] ?? "Draft quote"), model: model,
            section: .quotes, identity: context.identity, language: context.user.language,
            status: status ?? (failed ? .unprocessableContent : .ok))
    }
}

/// nil for absent or blank text, so a Mustache section around it stays closed (an empty string would open it).
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return text
}
