import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The invoice pages: the list with status filters, a new draft for an account or a won deal, an invoice with its
/// lines, actions, credit notes and timeline, the PDF, the register (sales book) and the invoicing settings.
struct InvoicesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.invoices, use: list)
        group.get(Paths.newInvoice, use: new)
        group.post(Paths.invoices, use: create)
        group.get(Paths.invoiceRegister, use: register)
        group.get(Paths.invoiceRegisterCSV, use: registerCSV)
        group.get(Paths.invoice, use: show)
        group.post(Paths.invoice, use: update)
        group.post(Paths.invoiceLines, use: addLine)
        group.post(Paths.deleteInvoiceLine, use: removeLine)
        group.post(Paths.issueInvoice, use: issue)
        group.post(Paths.discardInvoice, use: discard)
        group.post(Paths.creditInvoice, use: creditNote)
        group.get(Paths.invoicePDF, use: pdf)
        group.get(Paths.invoicePrint, use: printable)
        group.get(Paths.invoiceSettings, use: settings)
        group.post(Paths.invoiceSettings, use: saveSettings)
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        var filter = InvoiceFilter(ownerID: try ListQuery.owner(request))
        // A page filter with an unknown value shows everything rather than an error page.
        filter.kind = request.query("kind").flatMap(InvoiceKind.init(rawValue:))
        filter.accountID = request.query("account_id").flatMap(Account.ID.init(string:))  // an account's "see all"
        let status = request.query("status").flatMap(InvoiceDisplayStatus.init(rawValue:))
        if let status { filter.status = status == .draft ? .draft : .issued }
        // The rows show no line: an issued document's total is its frozen figure, so only drafts' lines are read.
        let listing = try await InvoiceListing.load(
            services: services, viewer: context.viewer, filter: filter, status: status,
            page: try ListQuery.page(request), issuedLines: false)
        let names = try await services.accounts.names(
            of: listing.items.map(\.invoice.accountID), viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let model = InvoicesListPage.make(
            listing, filter: filter, status: status, names: names, directory: directory, role: context.user.role,
            strings: strings, language: language)
        return renderer.render(
            "invoices_list", title: strings["invoices_title"] ?? "Invoices", model: model, section: .invoices,
            identity: context.identity, language: language)
    }

    // MARK: New draft

    /// `?account_id=…` or `?deal_id=…` (a won deal's lines start the invoice).
    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = InvoiceDraft()
        draft.accountID = request.query("account_id")
        if let text = request.query("deal_id") {
            guard let id = Deal.ID(string: text) else { throw RecordError.notFound(entity: "deal") }
            let deal = try await services.deals.deal(id, viewer: context.viewer)
            draft.dealID = deal.id.description
            draft.accountID = deal.fields.accountID.description
            draft.currency = deal.fields.amount.currency.code
            draft.pricesIncludeTax = deal.fields.pricesIncludeTax
        }
        return try await newForm(draft, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        var draft = InvoiceDraft()
        draft.accountID = nonEmpty(form["account_id"])
        draft.dealID = nonEmpty(form["deal_id"])
        draft.currency = nonEmpty(form["currency"])
        draft.pricesIncludeTax = form["prices_include_tax"] == "true"
        draft.paymentTerms = nonEmpty(form["payment_terms"])
        let picking = PickerInput(form)
        return try await FormSubmission.submit(picking: picking) {
            Paths.invoice(try await services.invoices.create(draft, viewer: context.viewer).id)
        } show: { errors in
            try await newForm(draft, errors: errors, context: context, picking: picking)
        }
    }

    private func newForm(
        _ draft: InvoiceDraft, errors: ValidationErrors?, context: AuthenticatedContext,
        picking: PickerInput = .none
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let settings = try await services.invoices.settings(companyID: context.viewer.companyID)
        let directory = try await PageDirectory.load(services, context: context)
        let fieldErrors = errors.map { renderer.fieldErrors($0, language: language) } ?? [:]
        let accounts = try await RecordPicker.accounts(
            chosen: draft.accountID ?? "", input: picking, services: services, viewer: context.viewer)
        var deal: Deal?
        if let text = draft.dealID, let id = Deal.ID(string: text) {
            deal = try await services.deals.deal(id, viewer: context.viewer)
        }
        let model = InvoiceNewPage.make(
            draft, deal: deal, settings: settings,
            accountPicker: accounts.partial(
                label: strings["field_account"] ?? "Account", noneLabel: strings["invoice_choose_account"] ?? "",
                isRequired: true, error: fieldErrors["account_id"], strings: strings),
            baseCurrency: directory.company.settings.baseCurrency, errors: errors == nil ? nil : fieldErrors)
        return renderer.render(
            "invoice_new", title: strings["invoice_new"] ?? "New invoice", model: model, section: .invoices,
            identity: context.identity, language: language, status: errors == nil ? .ok : .unprocessableContent)
    }

    // MARK: One invoice

    /// The invoice; `?confirm=issue` shows a draft's issue confirmation (what is issued, to whom, for how much) with
    /// the button that issues it, so issuing takes two deliberate steps without JavaScript.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await page(
            try PathID.parse(context, entity: "invoice"), context: context,
            confirmingIssue: request.query("confirm") == "issue")
    }

    /// Saves a draft's header; a change of currency or price mode sends the lines again so they are re-priced.
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let form = context.form ?? FormData()
        let invoice = try await services.invoices.invoice(id, viewer: context.viewer)
        var draft = InvoiceDraft()
        draft.contactID = form["contact_id"]
        draft.currency = form["currency"]
        draft.pricesIncludeTax = form["prices_include_tax"] == "true"
        draft.paymentTerms = form["payment_terms"]
        draft.notes = form["notes"]
        if let rows = AdjustmentRows(form) {
            draft.adjustments = rows.rows
        } else if form.has("discount") {
            // A form from before the discount and charge rows: its one discount, as the API's `discount`.
            draft.discount = form["discount"]
            draft.discountTaxCategory = nonEmpty(form["discount_tax_category"])
        }
        draft.exchangeRate = form["exchange_rate"]
        draft.exchangeRateDate = form["exchange_rate_date"]
        let picking = PickerInput(form)
        return try await FormSubmission.submit(picking: picking) {
            var saved = draft
            let currency = Currency(code: form["currency"].trimmingCharacters(in: .whitespaces).uppercased())
            if !invoice.fields.lines.isEmpty,
                currency != invoice.fields.currency || draft.pricesIncludeTax != invoice.fields.pricesIncludeTax
            {
                saved.lines = invoice.fields.lines.map { LineDraft($0, currency: invoice.fields.currency) }
            }
            _ = try await services.invoices.update(
                id, draft: saved, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return Paths.invoice(id)
        } show: { errors in
            try await page(id, context: context, form: (draft, errors), picking: picking)
        }
    }

    @Sendable func addLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let invoice = try await services.invoices.invoice(id, viewer: context.viewer)
        return try await LineEditor.addLine(
            context: context, items: invoice.fields.lines, currency: invoice.fields.currency,
            redirect: Paths.invoice(id),
            save: { lines, version in try await save(lines, invoice: id, version: version, context: context) },
            rerender: { line, errors, picking in
                try await page(id, context: context, lineInput: (line, errors), picking: picking)
            })
    }

    @Sendable func removeLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let invoice = try await services.invoices.invoice(id, viewer: context.viewer)
        return try await LineEditor.removeLine(
            context: context, items: invoice.fields.lines, currency: invoice.fields.currency,
            redirect: Paths.invoice(id)
        ) { lines, version in try await save(lines, invoice: id, version: version, context: context) }
    }

    private func save(
        _ lines: [LineDraft], invoice id: Invoice.ID, version: Int64?, context: AuthenticatedContext
    ) async throws {
        var draft = InvoiceDraft()
        draft.lines = lines
        _ = try await services.invoices.update(id, draft: draft, viewer: context.viewer, expectedVersion: version)
    }

    /// Issues a draft; a refusal lists each missing field and where to add it (422).
    @Sendable func issue(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let form = context.form ?? FormData()
        do {
            _ = try await services.invoices.issue(id, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.invoice(id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, issueErrors: errors)
        } catch let error as RecordError {
            return try await refusal(error, id: id, context: context)
        } catch let error as InvoiceError {
            return try await refusal(.conflict(code: error.code, detail: error.detail), id: id, context: context)
        } catch let hold as CreditHoldRefusal {
            let strings = renderer.translations.table(context.user.language)
            return try await page(
                id, context: context,
                problem: ProblemText.message(for: hold, code: hold.code, detail: hold.detail, in: strings),
                status: .conflict)
        }
    }

    @Sendable func discard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let form = context.form ?? FormData()
        do {
            try await services.invoices.discard(id, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.invoices(), type: .normal)
        } catch let error as RecordError {
            return try await refusal(error, id: id, context: context)
        } catch let error as InvoiceError {
            return try await refusal(.conflict(code: error.code, detail: error.detail), id: id, context: context)
        }
    }

    @Sendable func creditNote(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let input = CreditNoteInput(context.form ?? FormData())
        let invoice = try await services.invoices.invoice(id, viewer: context.viewer)
        do {
            _ = try await services.invoices.creditNote(
                for: id, request: try input.request(currency: invoice.fields.currency), reason: input.reason,
                viewer: context.viewer)
            return .redirect(to: Paths.invoice(id) + "#credit-notes", type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, credit: (input, errors))
        } catch let error as RecordError {
            return try await refusal(error, id: id, context: context, credit: input)
        } catch let error as InvoiceError {
            return try await refusal(
                .conflict(code: error.code, detail: error.detail), id: id, context: context, credit: input)
        }
    }

    @Sendable func printable(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let document = try await services.invoices.document(id, viewer: context.viewer)
        return renderer.render(
            "invoice_print", title: document.invoice.number ?? "Invoice",
            model: InvoicePrintPage.make(document, strings: renderer.translations.table(context.user.language)),
            section: nil, identity: context.identity, language: context.user.language)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let document = try await services.invoices.document(id, viewer: context.viewer)
        return PDFResponse.make(
            services.invoices.pdf(document), filename: "\(document.invoice.number ?? "invoice-draft").pdf")
    }

    /// A refused action shown on the invoice page; a record the user may not see or touch stays an error page.
    private func refusal(
        _ error: RecordError, id: Invoice.ID, context: AuthenticatedContext, credit: CreditNoteInput? = nil
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        switch error {
        case .notFound, .forbidden:
            throw error
        case .staleVersion:
            return try await page(
                id, context: context, credit: credit.map { ($0, nil) },
                problem: strings["error_stale_version"] ?? error.detail, status: .preconditionFailed)
        case .conflict(let code, let detail):
            return try await page(
                id, context: context, credit: credit.map { ($0, nil) }, problem: strings["error_\(code)"] ?? detail,
                status: .conflict)
        }
    }

    private func page(
        _ id: Invoice.ID, context: AuthenticatedContext, form: (InvoiceDraft, ValidationErrors?)? = nil,
        lineInput: (LineDraft, ValidationErrors?)? = nil, issueErrors: ValidationErrors? = nil,
        credit: (CreditNoteInput, ValidationErrors?)? = nil, problem: String? = nil,
        status: HTTPResponse.Status? = nil, picking: PickerInput = .none, confirmingIssue: Bool = false
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let document = try await services.invoices.document(id, viewer: context.viewer)
        let invoice = document.invoice
        // What the page offers is what the core allows (`Invoice.allowedActions`), never decided here, less what
        // the company's duties keep from the user's role (issuing and crediting).
        var actions = invoice.allowedActions(balance: document.balance)
        if !context.identity.has(.issueInvoices) { actions.subtract([.issue, .credit]) }
        let directory = try await PageDirectory.load(services, context: context)
        let lineEditor = LineEditor(renderer: renderer)
        var edit: InvoiceDetailPage.EditForm?
        var lines: LineEditorPart
        if actions.contains(.edit) {
            let draft = form?.0
            let formErrors = form.flatMap { $0.1 }
            let fieldErrors = formErrors.map { renderer.fieldErrors($0, language: language) } ?? [:]
            let contacts = try await RecordPicker.contacts(
                "contact_id", chosen: [draft?.contactID ?? invoice.fields.contactID?.description ?? ""],
                accountID: invoice.accountID, input: picking, services: services, viewer: context.viewer)
            let newLine = lineInput?.0 ?? LineDraft()
            let products = try await RecordPicker.products(
                chosen: newLine.productID, input: picking, services: services, viewer: context.viewer,
                language: language)
            edit = InvoiceDetailPage.EditForm(
                contactPicker: contacts.partial(
                    label: strings["invoice_billing_contact"] ?? "Billing contact",
                    noneLabel: strings["contact_none"] ?? "", error: fieldErrors["contact_id"], strings: strings),
                draft: draft, fieldErrors: fieldErrors, formErrors: formErrors)
            lines = lineEditor.part(
                items: invoice.fields.lines, currency: invoice.fields.currency,
                pricesIncludeTax: invoice.fields.pricesIncludeTax, addURL: Paths.invoiceLines(invoice.id),
                removeURL: { Paths.deleteInvoiceLine(invoice.id, $0) },
                version: picking.keptVersion ?? invoice.version, editable: true, products: products,
                newLine: newLine, errors: lineInput?.1, language: language, documentTotals: document.totals)
        } else {
            lines = lineEditor.part(
                items: invoice.fields.lines, currency: invoice.fields.currency,
                pricesIncludeTax: invoice.fields.pricesIncludeTax, addURL: Paths.invoiceLines(invoice.id),
                removeURL: { Paths.deleteInvoiceLine(invoice.id, $0) },
                version: invoice.version, editable: false, products: nil, language: language,
                documentTotals: document.totals)
        }
        var creditCard: InvoiceDetailPage.Credit?
        if invoice.kind == .invoice && invoice.status == .issued {
            let notes = try await services.invoices.list(
                viewer: context.viewer, filter: InvoiceFilter(kind: .creditNote, correctsInvoiceID: invoice.id),
                page: PageRequest(limit: 100)
            ).items
            creditCard = InvoiceDetailPage.Credit(
                notes: notes, input: credit?.0 ?? CreditNoteInput(),
                errors: credit?.1.map { renderer.fieldErrors($0, language: language) } ?? [:],
                mayCredit: actions.contains(.credit))
        }
        let timeline = try await services.invoices.timeline(id, viewer: context.viewer)
        var model = InvoiceDetailPage.make(
            document, actions: actions, edit: edit, lineEditor: lines, credit: creditCard, issueErrors: issueErrors,
            timeline: timeline, problem: problem, keptVersion: picking.keptVersion, confirmingIssue: confirmingIssue,
            directory: directory, strings: strings, language: language)
        if invoice.kind == .invoice && invoice.status == .issued {
            let dunning = try await services.dunning.invoiceDunning(id, viewer: context.viewer)
            model.dunning_panel = DunningPanelPart.make(dunning, strings: strings, language: language)
        }
        let failed =
            form.flatMap { $0.1 } != nil || lineInput.flatMap { $0.1 } != nil || issueErrors != nil
            || credit?.1 != nil
        model.history_url = RecordHistoryPage.link(.invoice, id)
        return renderer.render(
            "invoice_detail", title: model.heading, model: model, section: .invoices, identity: context.identity,
            language: language, status: status ?? (failed ? .unprocessableContent : .ok))
    }

    // MARK: Register

    /// The sales book for head, admin and accountant (403 for a manager): `from`, `to` (both included), `kind`.
    @Sendable func register(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let (query, until) = try await RegisterPageQuery.parse(request, services: services, viewer: context.viewer)
        let rows = try await services.invoices.register(
            viewer: context.viewer, kind: query.kind, from: query.from, to: query.to)
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        let model = InvoiceRegisterPage.make(
            rows, kind: query.kind, from: query.from, until: until, base: base, strings: strings, language: language)
        return renderer.render(
            "invoice_register", title: strings["invoice_register_title"] ?? "Invoice register", model: model,
            section: .invoices, identity: context.identity, language: language)
    }

    /// The register as CSV, for the same period as the page (`to` included).
    @Sendable func registerCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (query, _) = try await RegisterPageQuery.parse(request, services: services, viewer: context.viewer)
        let rows = try await services.invoices.register(
            viewer: context.viewer, kind: query.kind, from: query.from, to: query.to)
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        return CSVResponse.make(
            InvoiceRegisterCSV.make(rows, baseCurrency: base),
            filename: "register-\(query.kind.rawValue)-\(query.from).csv")
    }

    // MARK: Settings

    @Sendable func settings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let settings = try await services.invoices.settings(companyID: context.viewer.companyID)
        return settingsForm(
            InvoiceSettingsInput(settings), version: settings.version, errors: nil,
            saved: request.query("saved") != nil, context: context)
    }

    @Sendable func saveSettings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard context.user.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin changes the invoicing settings.")
        }
        let form = context.form ?? FormData()
        let input = InvoiceSettingsInput(form)
        let version = Int64(form["version"])
        do {
            let current = try await services.invoices.settings(companyID: context.viewer.companyID)
            _ = try await services.invoices.saveSettings(
                try input.wire.apply(to: current), viewer: context.viewer, expectedVersion: version)
            return .redirect(to: Paths.invoiceSettings() + "?saved=1", type: .normal)
        } catch let errors as ValidationErrors {
            return settingsForm(input, version: version ?? 0, errors: errors, saved: false, context: context)
        } catch RecordError.staleVersion {
            let current = try await services.invoices.settings(companyID: context.viewer.companyID)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed the settings.")
            return settingsForm(
                input, version: current.version, errors: stale, saved: false, context: context,
                status: .preconditionFailed)
        }
    }

    private func settingsForm(
        _ input: InvoiceSettingsInput, version: Int64, errors: ValidationErrors?, saved: Bool,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil
    ) -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let model = InvoiceSettingsPage.make(
            input, version: version, errors: errors.map { renderer.fieldErrors($0, language: language) },
            saved: saved, role: context.user.role, strings: strings)
        return renderer.render(
            "invoice_settings", title: strings["invoice_settings_title"] ?? "Invoicing", model: model,
            section: .settings, identity: context.identity, language: language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
