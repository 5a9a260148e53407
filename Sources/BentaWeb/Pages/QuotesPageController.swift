import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The quote pages: the list with status filters, a quote with its lines and actions, a printable rendering and
/// the PDF; quotes are made from the deal page.
struct QuotesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/quotes", use: list)
        group.post("/deals/:id/quotes", use: create)
        group.get("/quotes/:id", use: show)
        group.post("/quotes/:id", use: update)
        group.post("/quotes/:id/lines", use: addLine)
        group.post("/quotes/:id/lines/:index/delete", use: removeLine)
        group.post("/quotes/:id/send", use: send)
        group.post("/quotes/:id/accept", use: accept)
        group.post("/quotes/:id/decline", use: decline)
        group.get("/quotes/:id/print", use: printable)
        group.get("/quotes/:id/quote.pdf", use: pdf)
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
        let money = MoneyFormatter(language: context.user.language)
        let status = filter.status?.rawValue ?? ""
        let filters: [(String, String?)] = [("status", status), ("owner_id", filter.ownerID?.description)]
        let rows: [[String: Any]] = page.items.map { quote in
            let display = quote.displayStatus(today: today)
            return [
                "url": "/quotes/\(quote.id)", "number": quote.number ?? (strings["quote_draft"] ?? "Draft"),
                "account": names[quote.accountID] ?? "", "status": display.rawValue,
                "status_label": strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
                "valid_until": DateFormatting.display(quote.fields.validUntil, language: context.user.language),
                "total": (try? quote.totals()).map { money.format($0.totalWithTax) } ?? "",
                "owner": directory.userName(quote.ownerID),
            ]
        }
        return renderer.render(
            "quotes_list", title: strings["quotes_title"] ?? "Quotes",
            values: [
                "quotes": rows, "has_quotes": !rows.isEmpty,
                "statuses": QuoteDisplayStatus.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["quote_status_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == status,
                    ]
                },
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords, "has_next": page.nextCursor != nil,
                "next_url": page.nextCursor.map { "/quotes" + QueryString.make(filters + [("cursor", $0)]) } ?? "",
                "nav_quotes": true,
            ],
            identity: context.identity, language: context.user.language)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let deal: Deal.ID = try PathID.parse(context, entity: "deal")
        let quote = try await services.quotes.create(fromDeal: deal, viewer: context.viewer)
        return .redirect(to: "/quotes/\(quote.id)", type: .normal)
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
        if picking.isSearch { return try await page(id, context: context, form: (draft, nil), picking: picking) }
        do {
            _ = try await services.quotes.update(
                id, draft: draft, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return .redirect(to: "/quotes/\(id)", type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, form: (draft, errors), picking: picking)
        }
    }

    @Sendable func addLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return try await LineEditor.addLine(
            context: context, items: quote.fields.lines, currency: quote.fields.currency, redirect: "/quotes/\(id)",
            save: { lines, version in try await save(lines, quote: id, version: version, context: context) },
            rerender: { line, errors, picking in
                try await page(id, context: context, lineInput: (line, errors), picking: picking)
            })
    }

    @Sendable func removeLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return try await LineEditor.removeLine(
            context: context, items: quote.fields.lines, currency: quote.fields.currency, redirect: "/quotes/\(id)"
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

    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, version in
            _ = try await services.quotes.send(id, viewer: context.viewer, expectedVersion: version)
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
            return .redirect(to: "/quotes/\(id)", type: .normal)
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
        let values = QuoteRendering.values(document, strings: renderer.translations.table(context.user.language))
        return renderer.render(
            "quote_print", title: document.quote.number ?? "Quotation", values: values, identity: context.identity,
            language: context.user.language)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        return PDFResponse.make(
            try await services.quotes.pdf(id, viewer: context.viewer), filename: "\(quote.number ?? "quote-draft").pdf")
    }

    private func page(
        _ id: Quote.ID, context: AuthenticatedContext, form: (QuoteDraft, ValidationErrors?)? = nil,
        lineInput: (LineDraft, ValidationErrors?)? = nil, problem: String? = nil,
        status: HTTPResponse.Status? = nil, picking: PickerInput = .none
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let document = try await services.quotes.document(id, viewer: context.viewer)
        let quote = document.quote
        let display = quote.displayStatus(today: document.today)
        let actions = quote.allowedActions(today: document.today)
        let isDraft = actions.contains(.edit)
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
        var values = QuoteRendering.values(document, strings: strings)
        values.merge([
            "id": quote.id.description, "status": display.rawValue,
            "status_label": strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
            "is_draft": isDraft, "may_decide": actions.contains(.decline),
            "may_accept": actions.contains(.accept), "version": String(picking.keptVersion ?? quote.version),
            "deal_url": "/deals/\(quote.dealID)", "account_url": "/accounts/\(quote.accountID)",
            "owner": directory.userName(quote.ownerID),
            "contact_picker": contacts?.values(
                label: strings["quote_attention"] ?? "Attention", noneLabel: strings["contact_none"] ?? "",
                error: fieldErrors["contact_id"], strings: strings) as Any,
            "valid_until_value": draft?.validUntil ?? quote.fields.validUntil.iso8601String,
            "terms_value": draft?.terms ?? quote.fields.terms ?? "",
            "notes_value": draft?.notes ?? quote.fields.notes ?? "",
            "errors": fieldErrors, "has_errors": formErrors != nil, "problem": problem ?? "",
            "has_problem": problem != nil,
            "pdf_url": "/quotes/\(quote.id)/quote.pdf", "print_url": "/quotes/\(quote.id)/print",
            "contract_url": quote.status == .accepted ? "/contracts/new?quote_id=\(quote.id)" : nil as String?,
            "line_editor": LineEditor(renderer: renderer).values(
                items: quote.fields.lines, currency: quote.fields.currency,
                pricesIncludeTax: quote.fields.pricesIncludeTax, baseURL: "/quotes/\(quote.id)",
                version: picking.keptVersion ?? quote.version, editable: isDraft, products: products, newLine: newLine,
                errors: lineInput?.1, language: context.user.language),
            "nav_quotes": true,
        ]) { _, new in new }
        let failed = formErrors != nil || lineInput.flatMap({ $0.1 }) != nil
        return renderer.render(
            "quote_detail", title: quote.number ?? (strings["quote_draft"] ?? "Draft quote"), values: values,
            identity: context.identity, language: context.user.language,
            status: status ?? (failed ? .unprocessableContent : .ok))
    }
}

/// The values both the quote page and its printable rendering show: parties, references, lines and totals.
enum QuoteRendering {
    static func values(_ document: QuoteService.Document, strings: [String: String]) -> [String: Any] {
        let quote = document.quote
        let money = MoneyFormatter()
        let totals = document.totals
        let account = document.account.fields
        let seller = document.seller
        return [
            "number": quote.number ?? (strings["quote_draft"] ?? "Draft"), "has_number": quote.number != nil,
            "issue_date": quote.issueDate?.iso8601String ?? "", "valid_until": quote.fields.validUntil.iso8601String,
            "seller_name": seller.registeredName,
            "seller_address": nonEmpty(seller.registeredAddress),
            "seller_tin": seller.tin.map {
                InvoiceParty.printedTIN($0.formatted, isVATRegistered: seller.isVATRegistered)
            },
            "buyer_name": account.registeredName ?? account.name, "buyer_address": nonEmpty(account.billingAddress),
            "buyer_tin": account.tin?.formatted,
            "attention": document.contact.map { $0.fields.name + ($0.fields.position.map { ", \($0)" } ?? "") },
            "lines": quote.fields.lines.map {
                LineEditor.row($0.line, currency: quote.fields.currency, strings: strings)
            },
            "vatable": money.format(totals.vatableSales), "zero_rated": money.format(totals.zeroRatedSales),
            "exempt": money.format(totals.exemptSales), "has_zero_rated": !totals.zeroRatedSales.isZero,
            "has_exempt": !totals.exemptSales.isZero, "without_tax": money.format(totals.totalWithoutTax),
            "vat": money.format(totals.totalTax), "total": money.format(totals.totalWithTax),
            "amount_in_words": quote.fields.currency.code == "PHP" ? AmountInWords.pesos(totals.totalWithTax) : nil,
            "terms": nonEmpty(quote.fields.terms), "notes": nonEmpty(quote.fields.notes),
            "prices_include_tax": quote.fields.pricesIncludeTax,
        ]
    }
}

/// nil for absent or blank text, so a Mustache section around it stays closed (an empty string would open it).
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return text
}
