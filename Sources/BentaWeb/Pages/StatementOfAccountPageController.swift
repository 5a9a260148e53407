import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// A customer's statement of account page (`/accounts/{id}/statement`): the movements of a period with the running
/// balance and the open invoices, its PDF, and a form that emails it through the outbox. Visible to whoever sees the
/// account (a manager: their own customers; another customer is a 404).
struct StatementOfAccountPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.accountStatement, use: show)
        group.get(Paths.accountStatementPDF, use: pdf)
        group.post(Paths.emailAccountStatement, use: email)
    }

    /// `?from=&to=` (default: the 90 days up to today; a date that is not one is left out), `?currency=`,
    /// `?sent=1` after the email was queued.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let period = Self.period(
            from: request.query("from"), to: request.query("to"), currency: request.query("currency"))
        return try await page(
            try PathID.parse(context, entity: "account"), period: period, recipient: nil, problem: nil,
            notice: request.query("sent") == "1" ? strings["statement_sent"] ?? "The statement was queued." : nil,
            status: .ok, context: context)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let period = Self.period(
            from: request.query("from"), to: request.query("to"), currency: request.query("currency"))
        let statement = try await services.receivables.statement(
            accountID: try PathID.parse(context, entity: "account"), from: period.from, to: period.to,
            currency: period.currency, viewer: context.viewer)
        return PDFResponse.make(
            services.receivables.statementPDF(statement), filename: "statement-\(statement.to.iso8601String).pdf")
    }

    /// Queues the statement of the form's period to `recipient` (empty: the account's address) and comes back to
    /// the page; a refusal (no address, email not set up) is shown on the page.
    @Sendable func email(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let form = context.form ?? FormData()
        let period = Self.period(from: form["from"], to: form["to"], currency: form["currency"])
        let recipient = form["recipient"].trimmingCharacters(in: .whitespaces)
        do {
            _ = try await services.receivables.emailStatement(
                accountID: id, from: period.from, to: period.to, currency: period.currency,
                recipients: recipient.isEmpty ? nil : [recipient], viewer: context.viewer)
            var query: [(String, String)] = [("sent", "1")]
            if let from = period.from { query.append(("from", from.iso8601String)) }
            if let to = period.to { query.append(("to", to.iso8601String)) }
            if let currency = period.currency { query.append(("currency", currency.code)) }
            return .redirect(to: Paths.accountStatement(id) + QueryString.make(query), type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(
                id, period: period, recipient: recipient, problem: errors.errors.map(\.message).joined(separator: " "),
                notice: nil, status: .unprocessableContent, context: context)
        } catch RecordError.conflict(let code, let detail) {
            let strings = renderer.translations.table(context.user.language)
            return try await page(
                id, period: period, recipient: recipient, problem: strings["error_\(code)"] ?? detail, notice: nil,
                status: .conflict, context: context)
        }
    }

    private func page(
        _ id: Account.ID, period: StatementPeriod, recipient: String?, problem: String?, notice: String?,
        status: HTTPResponse.Status, context: AuthenticatedContext
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let statement = try await services.receivables.statement(
            accountID: id, from: period.from, to: period.to, currency: period.currency, viewer: context.viewer)
        let names = try await services.accounts.names(of: [id], viewer: context.viewer)
        let model = StatementOfAccountPage.make(
            statement, accountName: names[id] ?? statement.customer.name,
            email: recipient ?? statement.customer.email ?? "", problem: problem, notice: notice, strings: strings,
            language: language)
        return renderer.render(
            "account_statement", title: strings["statement_title"] ?? "Statement of account", model: model,
            section: .accounts, identity: context.identity, language: language, status: status)
    }

    struct StatementPeriod {
        var from: CalendarDate?
        var to: CalendarDate?
        var currency: Currency?
    }

    /// The period of the query or form; a value that is not a date or a currency code is left out (the default).
    static func period(from: String?, to: String?, currency: String?) -> StatementPeriod {
        StatementPeriod(
            from: from.flatMap(CalendarDate.init(iso8601:)), to: to.flatMap(CalendarDate.init(iso8601:)),
            currency: currency.flatMap { Currency(code: $0.uppercased()) })
    }
}
