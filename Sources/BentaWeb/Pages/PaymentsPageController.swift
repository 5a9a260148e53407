import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The money pages: receivables aging (everyone; a manager sees their own customers), and for the accountant, the
/// head and the admin the payments with their allocations, recording a payment, statement imports and the review
/// queue of statement lines.
struct PaymentsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.receivables, use: receivables)
        group.get(Paths.payments, use: list)
        group.get(Paths.newPayment, use: new)
        group.post(Paths.payments, use: record)
        group.get(Paths.payment, use: show)
        group.post(Paths.reverseAllocation, use: reverse)
        group.get(Paths.bankStatements, use: statements)
        group.post(Paths.bankStatements, use: importStatement)
        group.get(Paths.statementQueue, use: queue)
        group.get(Paths.confirmStatementLine, use: confirmForm)
        group.post(Paths.confirmStatementLine, use: confirm)
        group.post(Paths.ignoreStatementLine, use: ignore)
        ReceivablesReportsPageController(services: services, renderer: renderer).addRoutes(to: group)
        BankCSVProfilesPageController(services: services, renderer: renderer).addRoutes(to: group)
    }

    /// The payment pages are the finance roles' (403 for a manager, who reads money on /receivables), and a
    /// manager's whose role records payments in the company's duties (`record_payments`).
    static func requireFinance(_ context: AuthenticatedContext) throws {
        guard context.user.role != .manager || context.identity.has(.recordPayments) else {
            throw RecordError.forbidden(detail: "Payments are for the accountant, the head and the admin.")
        }
    }

    // MARK: Receivables

    /// `?as_of=YYYY-MM-DD` (default today), `?group=customer|manager|currency`, `?cursor=` (next customers).
    @Sendable func receivables(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        let asOf = request.query("as_of").flatMap { CalendarDate(iso8601: $0) } ?? today
        let grouping = request.query("group").flatMap(AgingGrouping.init(rawValue:)) ?? .customer
        // A cursor that is not a customer's id starts over rather than failing.
        let cursor = request.query("cursor").flatMap { Account.ID(string: $0)?.description }
        let page = try await services.payments.aging(
            viewer: context.viewer, asOf: asOf, grouping: grouping, cursor: grouping == .customer ? cursor : nil,
            limit: 50)
        let totals =
            grouping == .currency
            ? page.rows
            : try await services.payments.aging(
                viewer: context.viewer, asOf: asOf, grouping: .currency, cursor: nil, limit: 50
            ).rows
        let names =
            grouping == .customer
            ? try await services.accounts.names(
                of: page.rows.compactMap { Account.ID(string: $0.key) }, viewer: context.viewer) : [:]
        let directory = try await PageDirectory.load(services, context: context)
        var model = ReceivablesPage.make(
            rows: page.rows, totals: totals, asOf: asOf, grouping: grouping, nextCursor: page.nextCursor,
            accountNames: names, directory: directory, role: context.user.role, strings: strings, language: language)
        let metrics = try await services.receivables.metrics(
            from: nil, to: asOf, currency: nil, ownerID: nil, viewer: context.viewer)
        model.metrics = [ReceivablesMetricsPart.make(metrics, strings: strings, language: language)]
        model.reports = [ReceivablesReportLinks.make(asOf: asOf, grouping: grouping)]
        let title =
            context.user.role == .manager
            ? strings["receivables_my_title"] ?? "My overdue customers" : strings["receivables_title"] ?? "Receivables"
        return renderer.render(
            "payments_receivables", title: title, model: model, section: .receivables, identity: context.identity,
            language: language)
    }

    // MARK: Payments

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let page = try await services.payments.list(
            viewer: context.viewer, accountID: nil, page: try ListQuery.page(request))
        let names = try await services.accounts.names(
            of: page.items.map(\.payment.accountID), viewer: context.viewer)
        return renderer.render(
            "payments_list", title: strings["payments_title"] ?? "Payments",
            model: PaymentsListPage.make(page, names: names, strings: strings, language: language),
            section: .payments, identity: context.identity, language: language)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        return try await detailPage(try PathID.parse(context, entity: "payment"), context: context)
    }

    /// Reverses one allocation and goes back to its payment; a refusal (already reversed) is shown on the payment.
    @Sendable func reverse(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let id: PaymentAllocation.ID = try PathID.parse(context, entity: "allocation")
        do {
            let reversal = try await services.payments.reverse(id, viewer: context.viewer)
            return .redirect(to: Paths.payment(reversal.paymentID), type: .normal)
        } catch RecordError.conflict(let code, let detail) {
            guard let payment = Payment.ID(string: (context.form ?? FormData())["payment_id"]) else {
                throw RecordError.conflict(code: code, detail: detail)
            }
            let strings = renderer.translations.table(context.user.language)
            return try await detailPage(
                payment, context: context, problem: strings["error_\(code)"] ?? detail, status: .conflict)
        }
    }

    private func detailPage(
        _ id: Payment.ID, context: AuthenticatedContext, problem: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let detail = try await services.payments.payment(id, viewer: context.viewer)
        let payment = detail.payment
        let customer =
            try await services.accounts.names(of: [payment.accountID], viewer: context.viewer)[payment.accountID]
            ?? ""
        let numbers = try await invoiceNumbers(
            Set(detail.allocations.map(\.invoiceID)), accountID: payment.accountID, context: context)
        var bankName = ""
        if let bank = payment.bankAccountID {
            bankName =
                try await services.payments.bankAccounts(viewer: context.viewer).first { $0.id == bank }?.name ?? ""
        }
        var model = PaymentDetailPage.make(
            detail, customer: customer, invoiceNumbers: numbers, bankAccount: bankName,
            mayReverse: context.identity.has(.recordPayments), problem: problem, strings: strings, language: language)
        model.history_url = RecordHistoryPage.link(.payment, id)
        return renderer.render(
            "payment_detail", title: model.heading, model: model, section: .payments, identity: context.identity,
            language: language, status: status)
    }

    /// The numbers of a customer's invoices: one page of the customer's issued invoices, then any not on it.
    private func invoiceNumbers(
        _ ids: Set<Invoice.ID>, accountID: Account.ID, context: AuthenticatedContext
    ) async throws -> [Invoice.ID: String] {
        guard !ids.isEmpty else { return [:] }
        let listed = try await services.invoices.list(
            viewer: context.viewer, filter: InvoiceFilter(kind: .invoice, accountID: accountID, status: .issued),
            page: PageRequest(limit: 100)
        ).items
        var numbers: [Invoice.ID: String] = [:]
        for invoice in listed where ids.contains(invoice.id) { numbers[invoice.id] = invoice.number ?? "" }
        for id in ids where numbers[id] == nil {
            numbers[id] = try await services.invoices.invoice(id, viewer: context.viewer).number ?? ""
        }
        return numbers
    }

    // MARK: Recording a payment

    /// `?account_id=` preselects the customer (and offers their open invoices).
    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        var input = PaymentFormInput()
        input.accountID = request.query("account_id") ?? ""
        input.receivedOn = try await services.invoices.today(companyID: context.viewer.companyID).iso8601String
        return try await newForm(input, errors: nil, positions: [], context: context)
    }

    /// Records the payment; a picker search or "Show invoices" shows the form again with what was typed.
    @Sendable func record(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let form = context.form ?? FormData()
        let input = PaymentFormInput(form)
        let picking = PickerInput(form)
        if picking.isSearch || form["action"] == "invoices" {
            return try await newForm(input, errors: nil, positions: [], context: context, picking: picking)
        }
        let positions = input.allocations.positions
        do {
            let detail = try await services.payments.record(input.draft, viewer: context.viewer)
            return .redirect(to: Paths.payment(detail.payment.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await newForm(input, errors: errors, positions: positions, context: context)
        }
    }

    private func newForm(
        _ input: PaymentFormInput, errors: ValidationErrors?, positions: [Int], context: AuthenticatedContext,
        picking: PickerInput = .none
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        var input = input
        if input.currency.isEmpty {
            input.currency = try await services.companies.company(context.viewer.companyID).settings.baseCurrency.code
        }
        let fieldErrors = errors.map { PaymentPageValues.fieldErrors($0, strings: strings) }
        let accounts = try await RecordPicker.accounts(
            chosen: input.accountID, input: picking, services: services, viewer: context.viewer)
        let invoices = try await openInvoices(input.accountID, context: context)
        let banks = try await services.payments.bankAccounts(viewer: context.viewer)
        let model = PaymentNewPage.make(
            input,
            accountPicker: accounts.partial(
                label: strings["payment_customer"] ?? "Customer", noneLabel: strings["payment_choose_customer"] ?? "",
                isRequired: true, error: fieldErrors?["account_id"], strings: strings),
            invoices: invoices, bankAccounts: banks, positions: positions, errors: fieldErrors, strings: strings)
        return renderer.render(
            "payment_new", title: strings["payment_new"] ?? "Record a payment", model: model, section: .payments,
            identity: context.identity, language: language, status: errors == nil ? .ok : .unprocessableContent)
    }

    /// The customer's issued invoices with money still open, oldest due first, as choices for an allocation (one
    /// page of the customer's invoices, and one aggregate for their open amounts).
    private func openInvoices(_ accountText: String, context: AuthenticatedContext) async throws -> [OpenInvoiceChoice]
    {
        guard let accountID = Account.ID(string: accountText.trimmingCharacters(in: .whitespaces)) else { return [] }
        let invoices = try await services.invoices.list(
            viewer: context.viewer, filter: InvoiceFilter(kind: .invoice, accountID: accountID, status: .issued),
            page: PageRequest(limit: 100)
        ).items
        let balances = try await services.invoices.balances(of: invoices)
        let money = MoneyFormatter(language: context.user.language)
        let strings = renderer.translations.table(context.user.language)
        return
            invoices
            .compactMap { invoice -> (Invoice, InvoiceBalance)? in
                guard let balance = balances[invoice.id], balance.open.isPositive else { return nil }
                return (invoice, balance)
            }
            .sorted { ($0.0.dueDate?.iso8601String ?? "") < ($1.0.dueDate?.iso8601String ?? "") }
            .map { invoice, balance in
                let due = invoice.dueDate.map { DateFormatting.display($0, language: context.user.language) } ?? ""
                let label = (strings["payment_invoice_option"] ?? "{number} · due {due} · open {open}")
                    .replacingOccurrences(of: "{number}", with: invoice.number ?? "")
                    .replacingOccurrences(of: "{due}", with: due)
                    .replacingOccurrences(of: "{open}", with: money.format(balance.open))
                return OpenInvoiceChoice(id: invoice.id.description, label: label)
            }
    }

    // MARK: Bank statements

    @Sendable func statements(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        return try await statementsPage(
            context: context, page: try ListQuery.page(request), account: "", profile: "", result: nil, errors: nil)
    }

    /// A multipart upload: `file`, `bank_account_id` (for a file that names no account), `profile` (a CSV's bank).
    @Sendable func importStatement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let form = context.form ?? FormData()
        let account = form["bank_account_id"]
        let profile = form["profile"]
        guard let file = context.multipart?.file("file"), !file.data.isEmpty else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "required", message: "Choose a bank statement file.")
            return try await statementsPage(
                context: context, page: PageRequest(limit: 25), account: account, profile: profile, result: nil,
                errors: errors)
        }
        var bankAccountID: BankAccount.ID?
        if !account.isEmpty {
            guard let id = BankAccount.ID(string: account) else {
                var errors = ValidationErrors()
                errors.add(
                    field: "bank_account_id", code: "invalid_bank_account",
                    message: "Choose one of the company's bank accounts.")
                return try await statementsPage(
                    context: context, page: PageRequest(limit: 25), account: account, profile: profile, result: nil,
                    errors: errors)
            }
            bankAccountID = id
        }
        do {
            let result = try await services.payments.importStatement(
                Data(file.data), fileName: file.filename ?? "statement", bankAccountID: bankAccountID,
                profileID: profile.isEmpty ? nil : profile, viewer: context.viewer)
            return try await statementsPage(
                context: context, page: PageRequest(limit: 25), account: "", profile: "", result: result, errors: nil)
        } catch let errors as ValidationErrors {
            return try await statementsPage(
                context: context, page: PageRequest(limit: 25), account: account, profile: profile, result: nil,
                errors: errors)
        }
    }

    private func statementsPage(
        context: AuthenticatedContext, page: PageRequest, account: String, profile: String,
        result: PaymentService.StatementImport?, errors: ValidationErrors?
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let statements = try await services.payments.statements(viewer: context.viewer, page: page)
        let banks = try await services.payments.bankAccounts(viewer: context.viewer)
        let profiles = try await services.payments.bankCSVProfileChoices(viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let model = BankStatementsPage.make(
            statements, bankAccounts: banks, profiles: profiles, chosenAccount: account, chosenProfile: profile,
            result: result,
            errors: errors.map { PaymentPageValues.fieldErrors($0, strings: strings) }, directory: directory,
            language: language, strings: strings)
        return renderer.render(
            "bank_statements", title: strings["statements_title"] ?? "Bank statements", model: model,
            section: .payments, identity: context.identity, language: language,
            refresh: model.any_importing ? BankStatementsPage.refreshSeconds : nil,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    @Sendable func queue(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let page = try await services.payments.statementLines(
            viewer: context.viewer, status: .unmatched, statementID: nil, page: try ListQuery.page(request))
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        return renderer.render(
            "bank_statement_queue", title: strings["queue_title"] ?? "Review queue",
            model: StatementQueuePage.make(page, baseCurrency: base, language: language), section: .payments,
            identity: context.identity, language: language)
    }

    @Sendable func confirmForm(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let line = try await services.payments.statementLine(
            try PathID.parse(context, entity: "statement_line"), viewer: context.viewer)
        var input = PaymentFormInput()
        input.rows[0].amount = line.amount.decimalString
        return try await confirmPage(line, input: input, errors: nil, positions: [], context: context)
    }

    /// Confirms the line as the chosen customer's payment, applied to the chosen invoice (none: all credit).
    @Sendable func confirm(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        let line = try await services.payments.statementLine(
            try PathID.parse(context, entity: "statement_line"), viewer: context.viewer)
        let form = context.form ?? FormData()
        var input = PaymentFormInput(form)
        input.rows = Array(input.rows.prefix(1))
        let picking = PickerInput(form)
        if picking.isSearch || form["action"] == "invoices" {
            return try await confirmPage(
                line, input: input, errors: nil, positions: [], context: context, picking: picking)
        }
        // Without an invoice the whole line is the customer's credit.
        if input.rows[0].invoiceID.trimmingCharacters(in: .whitespaces).isEmpty { input.rows[0].amount = "" }
        let (drafts, positions) = input.allocations
        do {
            let detail = try await services.payments.confirmLine(
                line.id, accountID: input.accountID, allocations: drafts, exchangeRate: input.exchangeRate,
                viewer: context.viewer)
            return .redirect(to: Paths.payment(detail.payment.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await confirmPage(line, input: input, errors: errors, positions: positions, context: context)
        }
    }

    private func confirmPage(
        _ line: StatementLineRecord, input: PaymentFormInput, errors: ValidationErrors?, positions: [Int],
        context: AuthenticatedContext, picking: PickerInput = .none
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let fieldErrors = errors.map { PaymentPageValues.fieldErrors($0, strings: strings) }
        let accounts = try await RecordPicker.accounts(
            chosen: input.accountID, input: picking, services: services, viewer: context.viewer)
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        let model = StatementConfirmPage.make(
            line, input: input, baseCurrency: base,
            accountPicker: accounts.partial(
                label: strings["payment_customer"] ?? "Customer", noneLabel: strings["payment_choose_customer"] ?? "",
                isRequired: true, error: fieldErrors?["account_id"], strings: strings),
            invoices: try await openInvoices(input.accountID, context: context), positions: positions,
            errors: fieldErrors, language: language)
        return renderer.render(
            "bank_statement_confirm", title: strings["queue_confirm_title"] ?? "Confirm a payment", model: model,
            section: .payments, identity: context.identity, language: language,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    @Sendable func ignore(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Self.requireFinance(context)
        _ = try await services.payments.ignoreLine(
            try PathID.parse(context, entity: "statement_line"), viewer: context.viewer)
        return .redirect(to: Paths.statementQueue(), type: .normal)
    }
}
