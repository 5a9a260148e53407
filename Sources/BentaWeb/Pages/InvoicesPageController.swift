import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The invoice pages: the list with status filters, a new draft for an account or a won deal, an invoice with its
/// lines, actions, credit notes and timeline, the PDF, the register (sales book) and the invoicing settings.
struct InvoicesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.invoices), use: list)
        group.get(RouterPath(Paths.newInvoice), use: new)
        group.post(RouterPath(Paths.invoices), use: create)
        group.get(RouterPath(Paths.invoiceRegister), use: register)
        group.get(RouterPath(Paths.invoiceRegisterCSV), use: registerCSV)
        group.get("/invoices/:id", use: show)
        group.post("/invoices/:id", use: update)
        group.post("/invoices/:id/lines", use: addLine)
        group.post("/invoices/:id/lines/:index/delete", use: removeLine)
        group.post("/invoices/:id/issue", use: issue)
        group.post("/invoices/:id/discard", use: discard)
        group.post("/invoices/:id/credit-notes", use: creditNote)
        group.get("/invoices/:id/invoice.pdf", use: pdf)
        group.get("/invoices/:id/print", use: printable)
        group.get(RouterPath(Paths.invoiceSettings), use: settings)
        group.post(RouterPath(Paths.invoiceSettings), use: saveSettings)
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        var filter = InvoiceFilter(ownerID: try ListQuery.owner(request))
        // A page filter with an unknown value shows everything rather than an error page.
        filter.kind = request.query("kind").flatMap(InvoiceKind.init(rawValue:))
        let status = request.query("status").flatMap(InvoiceDisplayStatus.init(rawValue:))
        if let status { filter.status = status == .draft ? .draft : .issued }
        let listing = try await InvoiceListing.load(
            services: services, viewer: context.viewer, filter: filter, status: status,
            page: try ListQuery.page(request))
        let names = try await services.accounts.names(
            of: listing.items.map(\.invoice.accountID), viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let money = MoneyFormatter(language: language)
        let rows: [[String: Any]] = listing.items.map { item in
            let invoice = item.invoice
            let display = item.balance?.status(of: invoice, today: listing.today) ?? .draft
            let showsOpen = invoice.kind == .invoice && invoice.status == .issued
            return [
                "url": Paths.invoice(invoice.id), "number": invoice.number ?? (strings["invoice_draft"] ?? "Draft"),
                "is_credit_note": invoice.kind == .creditNote, "account": names[invoice.accountID] ?? "",
                "issue_date": invoice.issueDate.map { DateFormatting.display($0, language: language) } ?? "",
                "due_date": invoice.kind == .invoice
                    ? invoice.dueDate.map { DateFormatting.display($0, language: language) } ?? "" : "",
                "total": item.balance.map { money.format($0.total) } ?? "",
                "open": showsOpen ? item.balance.map { money.format($0.open) } ?? "" : "",
                "status": display.rawValue, "status_label": strings["invoice_status_\(display.rawValue)"] ?? "",
                "owner": directory.userName(invoice.ownerID),
            ]
        }
        let filters: [(String, String?)] = [
            ("status", status?.rawValue), ("kind", filter.kind?.rawValue), ("owner_id", filter.ownerID?.description),
        ]
        return renderer.render(
            "invoices_list", title: strings["invoices_title"] ?? "Invoices",
            values: [
                "invoices": rows, "has_invoices": !rows.isEmpty,
                "statuses": InvoiceDisplayStatus.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["invoice_status_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0 == status,
                    ]
                },
                "kinds": InvoiceKind.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["invoice_kind_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0 == filter.kind,
                    ]
                },
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords,
                "may_see_register": context.user.role.seesAllRecords,
                "next_url": listing.nextCursor.map { Paths.invoices + QueryString.make(filters + [("cursor", $0)]) }
                    as Any,
                "nav_invoices": true,
            ],
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
        if picking.isSearch { return try await newForm(draft, errors: nil, context: context, picking: picking) }
        do {
            let invoice = try await services.invoices.create(draft, viewer: context.viewer)
            return .redirect(to: Paths.invoice(invoice.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await newForm(draft, errors: errors, context: context, picking: picking)
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
        var deal: [String: Any]?
        if let text = draft.dealID, let id = Deal.ID(string: text) {
            let found = try await services.deals.deal(id, viewer: context.viewer)
            deal = ["id": found.id.description, "title": found.fields.title, "url": "/deals/\(found.id)"]
        }
        return renderer.render(
            "invoice_new", title: strings["invoice_new"] ?? "New invoice",
            values: [
                "account_picker": accounts.values(
                    label: strings["field_account"] ?? "Account", noneLabel: strings["invoice_choose_account"] ?? "",
                    isRequired: true, error: fieldErrors["account_id"], strings: strings),
                "deal": deal as Any, "currency": draft.currency ?? directory.company.settings.baseCurrency.code,
                "prices_include_tax": draft.pricesIncludeTax ?? settings.pricesIncludeTax,
                "payment_terms": draft.paymentTerms ?? settings.defaultPaymentTerms.code,
                "terms_examples": InvoicePageValues.termsExamples,
                "errors": fieldErrors, "has_errors": errors != nil, "nav_invoices": true,
            ],
            identity: context.identity, language: language, status: errors == nil ? .ok : .unprocessableContent)
    }

    // MARK: One invoice

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await page(try PathID.parse(context, entity: "invoice"), context: context)
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
        if picking.isSearch { return try await page(id, context: context, form: (draft, nil), picking: picking) }
        let currency = Currency(code: form["currency"].trimmingCharacters(in: .whitespaces).uppercased())
        if !invoice.fields.lines.isEmpty,
            currency != invoice.fields.currency || draft.pricesIncludeTax != invoice.fields.pricesIncludeTax
        {
            draft.lines = invoice.fields.lines.map { LineDraft($0, currency: invoice.fields.currency) }
        }
        do {
            _ = try await services.invoices.update(
                id, draft: draft, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.invoice(id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(id, context: context, form: (draft, errors), picking: picking)
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
        }
    }

    @Sendable func discard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let form = context.form ?? FormData()
        do {
            try await services.invoices.discard(id, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.invoices, type: .normal)
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
            values: InvoicePrint.values(document, strings: renderer.translations.table(context.user.language)),
            identity: context.identity, language: context.user.language)
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
        status: HTTPResponse.Status? = nil, picking: PickerInput = .none
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let document = try await services.invoices.document(id, viewer: context.viewer)
        let invoice = document.invoice
        // What the page offers is what the core allows (`Invoice.allowedActions`), never decided here.
        let actions = invoice.allowedActions(balance: document.balance)
        let directory = try await PageDirectory.load(services, context: context)
        var values = InvoicePageValues(strings: strings, language: language, directory: directory).header(document)
        if let kept = picking.keptVersion { values["version"] = String(kept) }
        values["may_edit"] = actions.contains(.edit)
        values["may_issue"] = actions.contains(.issue)
        values["may_discard"] = actions.contains(.discard)
        values["may_issue_or_discard"] = actions.contains(.issue) || actions.contains(.discard)
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
            let rows = draft?.adjustments.map { AdjustmentRows(rows: $0) } ?? AdjustmentRows(invoice.fields)
            let listProblems = (formErrors?.errors ?? []).filter { $0.field == "adjustments" }.map {
                strings["error_\($0.code)"] ?? $0.message
            }
            values.merge([
                "contact_picker": contacts.values(
                    label: strings["invoice_billing_contact"] ?? "Billing contact",
                    noneLabel: strings["contact_none"] ?? "", error: fieldErrors["contact_id"], strings: strings),
                "currency_value": draft?.currency ?? invoice.fields.currency.code,
                "prices_include_tax_value": draft?.pricesIncludeTax ?? invoice.fields.pricesIncludeTax,
                "payment_terms_value": draft?.paymentTerms ?? invoice.fields.paymentTerms.code,
                "notes_value": draft?.notes ?? invoice.fields.notes ?? "",
                "adjustment_rows": rows.values(errors: formErrors, strings: strings) { error in
                    strings["error_\(error.code)"] ?? error.message
                },
                "adjustments_error": (listProblems.isEmpty ? nil : listProblems.joined(separator: " ")) as Any,
                "is_foreign": invoice.fields.currency != document.baseCurrency,
                "exchange_rate_value": draft?.exchangeRate ?? invoice.fields.exchangeRate.map(DecimalText.format)
                    ?? "",
                "exchange_rate_date_value": draft?.exchangeRateDate ?? invoice.fields.exchangeRateDate?.iso8601String
                    ?? "",
                "terms_examples": InvoicePageValues.termsExamples,
                "errors": fieldErrors, "has_errors": formErrors != nil,
                "line_editor": LineEditor(renderer: renderer).values(
                    items: invoice.fields.lines, currency: invoice.fields.currency,
                    pricesIncludeTax: invoice.fields.pricesIncludeTax, baseURL: Paths.invoice(invoice.id),
                    version: picking.keptVersion ?? invoice.version, editable: true, products: products,
                    newLine: newLine, errors: lineInput?.1, language: language, documentTotals: document.totals),
            ]) { _, new in new }
        } else {
            values["line_editor"] = LineEditor(renderer: renderer).values(
                items: invoice.fields.lines, currency: invoice.fields.currency,
                pricesIncludeTax: invoice.fields.pricesIncludeTax, baseURL: Paths.invoice(invoice.id),
                version: invoice.version, editable: false, products: nil, language: language,
                documentTotals: document.totals)
        }
        if invoice.kind == .invoice && invoice.status == .issued {
            let notes = try await services.invoices.list(
                viewer: context.viewer, filter: InvoiceFilter(kind: .creditNote, correctsInvoiceID: invoice.id),
                page: PageRequest(limit: 100)
            ).items
            let input = credit?.0 ?? CreditNoteInput()
            let errors = credit?.1.map { renderer.fieldErrors($0, language: language) } ?? [:]
            values.merge(InvoicePageValues.creditNotes(notes, input: input, errors: errors, strings: strings)) {
                _, new in new
            }
            values["shows_credit_notes"] = true
            values["may_credit"] = actions.contains(.credit)
        }
        if let issueErrors {
            values["issue_problems"] = InvoicePageValues.issueProblems(issueErrors, invoice: invoice, strings: strings)
            values["has_issue_problems"] = true
        }
        let timeline = try await services.invoices.timeline(id, viewer: context.viewer)
        values["timeline"] = InvoicePageValues(strings: strings, language: language, directory: directory).timeline(
            timeline, of: invoice)
        values["problem"] = problem
        values["nav_invoices"] = true
        let failed =
            form.flatMap { $0.1 } != nil || lineInput.flatMap { $0.1 } != nil || issueErrors != nil
            || credit?.1 != nil
        return renderer.render(
            "invoice_detail", title: values["heading"] as? String ?? "Invoice", values: values,
            identity: context.identity, language: language,
            status: status ?? (failed ? .unprocessableContent : .ok))
    }

    // MARK: Register

    /// The sales book for head, admin and accountant (403 for a manager): `from`, `to` (not included), `kind`.
    @Sendable func register(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let query = try await RegisterQuery.parse(request, services: services, viewer: context.viewer)
        let rows = try await services.invoices.register(
            viewer: context.viewer, kind: query.kind, from: query.from, to: query.to)
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        let money = MoneyFormatter(language: language)
        let parameters: [(String, String?)] = [
            ("from", query.from.iso8601String), ("to", query.to.iso8601String), ("kind", query.kind.rawValue),
        ]
        return renderer.render(
            "invoice_register", title: strings["invoice_register_title"] ?? "Invoice register",
            values: [
                "from": query.from.iso8601String, "to": query.to.iso8601String,
                "kinds": InvoiceKind.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["invoice_kind_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0 == query.kind,
                    ]
                },
                "rows": rows.map { row -> [String: Any] in
                    let invoice = row.invoice
                    var values: [String: Any] = [
                        "url": Paths.invoice(invoice.id), "number": invoice.number ?? "",
                        "issue_date": invoice.issueDate?.iso8601String ?? "", "buyer": invoice.buyer?.name ?? "",
                        "tin": invoice.buyer?.tin ?? "", "vatable": money.format(row.totals.vatableSales),
                        "zero_rated": money.format(row.totals.zeroRatedSales),
                        "exempt": money.format(row.totals.exemptSales), "vat": money.format(row.totals.totalTax),
                        "total": money.format(row.totals.totalWithTax),
                    ]
                    values.merge(InvoiceRegisterPage.baseCurrencyValues(row, money: money)) { _, new in new }
                    return values
                },
                "has_rows": !rows.isEmpty,
                "totals": InvoicePageValues.registerTotals(rows, money: money),
                "base_currency": base.code,
                "base_totals": InvoiceRegisterPage.baseCurrencyTotals(rows, base: base, money: money) as Any,
                "csv_url": Paths.invoiceRegisterCSV + QueryString.make(parameters),
                "nav_invoices": true,
            ],
            identity: context.identity, language: language)
    }

    @Sendable func registerCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = try await RegisterQuery.parse(request, services: services, viewer: context.viewer)
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
            return .redirect(to: Paths.invoiceSettings + "?saved=1", type: .normal)
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
        return renderer.render(
            "invoice_settings", title: strings["invoice_settings_title"] ?? "Invoicing",
            values: [
                "may_edit": context.user.role.isAdministrator, "version": String(version),
                "profiles": CountryProfile.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["invoice_profile_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == input.profile,
                    ]
                },
                "prices_include_tax": input.pricesIncludeTax, "default_payment_terms": input.defaultPaymentTerms,
                "title_value": input.title, "acknowledgement_number": input.acknowledgementNumber,
                "acknowledgement_date": input.acknowledgementDate,
                "terms_examples": InvoicePageValues.termsExamples, "saved": saved,
                "errors": errors.map { renderer.fieldErrors($0, language: language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_settings": true,
            ],
            identity: context.identity, language: language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
