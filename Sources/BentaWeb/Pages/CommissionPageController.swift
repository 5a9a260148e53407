import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The commission pages (issue 13): `/commission` lists a month's statements (a manager's own, with the running
/// month's estimate; every manager's for the head and admins, with run and approve buttons) and
/// `/commission/statements/{id}` explains one line by line, with its PDF and CSV.
struct CommissionPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.commission, use: list)
        group.post(Paths.commissionRunPage, use: run)
        group.get(Paths.commissionStatementPage, use: show)
        group.post(Paths.commissionApprovePage, use: approve)
        group.get(Paths.commissionStatementPDFPage, use: pdf)
        group.get(Paths.commissionStatementCSVPage, use: csv)
    }

    /// `?month=YYYY-MM` (default: the company's current month; anything else is the default too).
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try await month(request.query("month"), context: context)
        return try await page(month: month, problem: nil, status: .ok, context: context)
    }

    private func month(_ text: String?, context: AuthenticatedContext) async throws -> PlanMonth {
        if let text, let month = PlanMonth(parsing: text) { return month }
        let company = try await services.companies.company(context.viewer.companyID)
        return PlanMonth(containing: company.settings.today(at: services.clock.now()))
    }

    private func page(
        month: PlanMonth, problem: String?, status: HTTPResponse.Status, context: AuthenticatedContext
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let viewer = context.viewer
        let statements = try await services.commission.statements(month: month, userID: nil, viewer: viewer)
        var names: [User.ID: String] = [:]
        for user in try await services.users.all(companyID: viewer.companyID) { names[user.id] = user.name }
        var estimate: CommissionEstimate?
        if viewer.role == .manager, context.identity.has(.seeCommissionEstimate) {
            do {
                estimate = try await services.commission.estimate(month: month, userID: nil, viewer: viewer)
            } catch RecordError.notFound {
                estimate = nil
            }
        }
        let model = CommissionPage.make(
            month: month, statements: statements, names: names, viewer: viewer, estimate: estimate, problem: problem,
            strings: strings, language: language)
        return renderer.render(
            "commission", title: strings["commission_title"] ?? "Commission", model: model, section: .commission,
            identity: context.identity, language: language, status: status)
    }

    @Sendable func run(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        let month = try await month(form["month"], context: context)
        do {
            _ = try await services.commission.run(month: month, viewer: context.viewer)
        } catch let error as CommissionError {
            let strings = renderer.translations.table(context.user.language)
            return try await page(
                month: month, problem: strings["error_\(error.code)"] ?? error.detail, status: .conflict,
                context: context)
        }
        return .redirect(to: Paths.commission() + QueryString.make([("month", month.text)]), type: .normal)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let stored = try await services.commission.statement(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
        let manager = try await services.users.user(stored.userID)
        let model = CommissionStatementPage.make(
            stored, manager: manager?.name ?? stored.userID.description, viewer: context.viewer, strings: strings)
        return renderer.render(
            "commission_statement", title: strings["commission_statement_title"] ?? "Commission statement",
            model: model, section: .commission, identity: context.identity, language: language)
    }

    @Sendable func approve(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await services.commission.approve(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
        return .redirect(to: Paths.commissionStatementPage(stored.id), type: .normal)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await services.commission.statement(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
        let company = try await services.companies.company(context.viewer.companyID)
        let manager = try await services.users.user(stored.userID)
        return PDFResponse.make(
            CommissionStatementPDF.render(
                stored.statement, company: company.settings.name, manager: manager?.name ?? stored.userID.description,
                creationDate: stored.createdAt), filename: "commission-\(stored.month.text).pdf")
    }

    @Sendable func csv(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await services.commission.statement(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
        return CSVResponse.make(
            CommissionExplanation.csv(stored.statement), filename: "commission-\(stored.month.text).csv")
    }
}
