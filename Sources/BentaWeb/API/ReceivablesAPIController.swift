import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The receivables reports (issue 12): a customer's statement of account (JSON, PDF, emailed), DSO and CEI for a
/// period, and the quarterly list of invoices unpaid past their term (JSON pages or one CSV file). A manager reads
/// only their customers' figures; another customer's statement is a 404.
struct ReceivablesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.accountStatement, use: statement)
        group.get(Paths.API.accountStatementPDF, use: statementPDF)
        group.post(Paths.API.emailAccountStatement, use: emailStatement)
        group.get(Paths.API.receivablesMetrics, use: metrics)
        group.get(Paths.API.unpaidPastTerm, use: unpaidPastTerm)
        group.get(Paths.API.unpaidPastTermCSV, use: unpaidPastTermCSV)
    }

    // MARK: Statement of account

    /// `?from=&to=` (default: the 90 days up to today), `?currency=` (default: the base currency).
    @Sendable func statement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let period = try StatementQuery(request)
        let statement = try await services.receivables.statement(
            accountID: try PathID.parse(context, entity: "account"), from: period.from, to: period.to,
            currency: period.currency, viewer: context.viewer)
        return JSONResponse.make(StatementOfAccountResponse(statement))
    }

    @Sendable func statementPDF(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let period = try StatementQuery(request)
        let statement = try await services.receivables.statement(
            accountID: try PathID.parse(context, entity: "account"), from: period.from, to: period.to,
            currency: period.currency, viewer: context.viewer)
        return PDFResponse.make(
            services.receivables.statementPDF(statement), filename: "statement-\(statement.to.iso8601String).pdf")
    }

    /// Queues the statement by email (PDF attached); 202 with the outbox message.
    @Sendable func emailStatement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID = try PathID.parse(context, entity: "account")
        let data = try await InvoicesAPIController.optionalJSONBytes(request)
        var body = StatementEmailRequest()
        if !data.isEmpty {
            body = try JSONBody.decode(
                StatementEmailRequest.self, data: data, allowedKeys: StatementEmailRequest.allowedKeys)
        }
        var errors = ValidationErrors()
        let from = StatementQuery.date(body.from, field: "from", into: &errors)
        let to = StatementQuery.date(body.to, field: "to", into: &errors)
        var currency: Currency?
        if let code = body.currency {
            currency = Currency(code: code)
            if currency == nil {
                errors.add(field: "currency", code: "invalid_currency", message: "Use an ISO 4217 currency code.")
            }
        }
        try errors.throwIfAny()
        let message = try await services.receivables.emailStatement(
            accountID: accountID, from: from, to: to, currency: currency, recipients: body.recipients,
            viewer: context.viewer)
        return JSONResponse.make(
            [
                "outbox_id": message.id.description, "status": message.status.rawValue,
                "to": message.to.joined(separator: ", "),
            ], status: .accepted)
    }

    // MARK: Metrics

    /// `?from=&to=` (default: the 90 days up to today), `?currency=`, `?owner_id=` (one manager's invoices).
    @Sendable func metrics(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let period = try StatementQuery(request)
        let metrics = try await services.receivables.metrics(
            from: period.from, to: period.to, currency: period.currency, ownerID: try ListQuery.owner(request),
            viewer: context.viewer)
        return JSONResponse.make(ReceivablesMetricsResponse(metrics: metrics))
    }

    // MARK: Unpaid past term

    @Sendable func unpaidPastTerm(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let quarter = try Self.quarter(request)
        let page = try await services.receivables.unpaidPastTerm(
            quarter: quarter, page: try ListQuery.page(request), viewer: context.viewer)
        return JSONResponse.make(UnpaidPastTermResponse(quarter: quarter, page: page))
    }

    @Sendable func unpaidPastTermCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let quarter = try Self.quarter(request)
        let csv = try await services.receivables.unpaidPastTermCSV(quarter: quarter, viewer: context.viewer)
        return CSVResponse.make(csv, filename: "unpaid-past-term-\(quarter).csv")
    }

    /// `?quarter=2026-Q3`, required.
    static func quarter(_ request: Request) throws -> TaxQuarter {
        guard let text = request.query("quarter"), let quarter = TaxQuarter(text: text) else {
            throw RequestError.invalidParameter(name: "quarter", message: "must be a quarter such as 2026-Q3.")
        }
        return quarter
    }
}

/// The period and currency of a statement or of the metrics, from the query.
struct StatementQuery {
    var from: CalendarDate?
    var to: CalendarDate?
    var currency: Currency?

    init(_ request: Request) throws {
        for name in ["from", "to"] {
            if let text = request.query(name), CalendarDate(iso8601: text) == nil {
                throw RequestError.invalidParameter(name: name, message: "must be a date YYYY-MM-DD.")
            }
        }
        from = request.query("from").flatMap(CalendarDate.init(iso8601:))
        to = request.query("to").flatMap(CalendarDate.init(iso8601:))
        if let code = request.query("currency") {
            guard let currency = Currency(code: code) else {
                throw RequestError.invalidParameter(name: "currency", message: "must be an ISO 4217 currency code.")
            }
            self.currency = currency
        }
    }

    /// A date member of a body; a bad one adds `invalid_date` under `field`.
    static func date(_ text: String?, field: String, into errors: inout ValidationErrors) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            errors.add(field: field, code: "invalid_date", message: "Enter a date as YYYY-MM-DD.")
            return nil
        }
        return date
    }
}
