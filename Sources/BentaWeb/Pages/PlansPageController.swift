import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The plan pages (issue 13): `/plans` opens the running month; `/plans/{month}` is the head's and admin's form
/// (costs, profit, margin, split, version history), `/plans/{month}/attainment` the table per manager (a manager
/// sees their own row) and `/plans/{month}/leaderboard` the ranking with the 12-month trend (`?user_id=` picks the
/// manager; without it a manager's own, the team for everyone else). The reports take `?as_of=YYYY-MM-DD` (the plan
/// as it stood at the end of that day). The form calls the same service functions as the API, as does the deal
/// page's credit-split form, `POST /deals/{id}/credit-split`.
struct PlansPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.plans, use: start)
        group.get(Paths.planPage, use: show)
        group.post(Paths.planPage, use: save)
        group.post(Paths.planCopyForwardPage, use: copyForward)
        group.get(Paths.planAttainmentPage, use: attainment)
        group.get(Paths.planAttainmentCSV, use: attainmentCSV)
        group.get(Paths.planCreditsPage, use: credits)
        group.get(Paths.planLeaderboardPage, use: leaderboard)
        group.get(Paths.planLeaderboardCSV, use: leaderboardCSV)
        group.post(Paths.dealCreditSplitPage, use: setCreditSplit)
        group.post(Paths.quotaTypesPage, use: addQuotaType)
    }

    /// The plan page's quota type form (head or admin): adds the type and goes back to the month's plan; refused
    /// input shows the problems with a link back.
    @Sendable func addQuotaType(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        let back = PlanMonth(parsing: form["month"]).map { Paths.planPage($0) } ?? Paths.plans()
        return try await FormSubmission.submit {
            _ = try await services.plans.addQuotaType(
                code: form["code"], name: form["name"], rule: form["rule"], viewer: context.viewer)
            return back
        } refused: { errors in
            renderer.formProblem(errors, returnTo: back, section: .plans, context: context)
        }
    }

    /// The running month: the plan form for the head and the admin, the attainment table for everyone else.
    @Sendable func start(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let company = try await services.companies.company(context.viewer.companyID)
        let month = PlanMonth(containing: company.settings.today(at: services.clock.now()))
        let planner = context.viewer.role == .head || context.viewer.role == .admin
        return .redirect(to: planner ? Paths.planPage(month) : Paths.planAttainmentPage(month), type: .normal)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        try Self.requirePlanner(context.viewer)
        let current = try await services.plans.plan(month: month, viewer: context.viewer)
        return try await render(
            month, draft: PlanPage.draft(of: current), current: current, extraRows: current == nil ? 3 : 1,
            problems: [], context: context)
    }

    /// Saves the form as a new version, or with `add_row` shows it again with one more empty cost row.
    @Sendable func save(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        try Self.requirePlanner(context.viewer)
        let form = context.form ?? FormData()
        let draft = PlanPage.draft(form: form)
        let current = try await services.plans.plan(month: month, viewer: context.viewer)
        let formVersion = Int64(form["version"])
        if form.has("add_row") {
            return try await render(
                month, draft: draft, current: current,
                extraRows: 1 + form.all("cost_label").count - draft.costLines.count,
                problems: [], formVersion: formVersion, context: context)
        }
        do {
            _ = try await services.plans.save(draft, month: month, viewer: context.viewer, expectedVersion: formVersion)
            return .redirect(to: Paths.planPage(month), type: .normal)
        } catch let errors as ValidationErrors {
            let strings = renderer.translations.table(context.user.language)
            return try await render(
                month, draft: draft, current: current, extraRows: 0,
                problems: errors.errors.map { "\($0.field): " + (strings["error_\($0.code)"] ?? $0.message) },
                formVersion: formVersion, context: context, status: .unprocessableContent)
        } catch RecordError.staleVersion {
            // What was typed, against the version saved meanwhile: saving again adds it knowingly.
            let strings = renderer.translations.table(context.user.language)
            return try await render(
                month, draft: draft, current: current, extraRows: 0,
                problems: [strings["error_stale_version"] ?? "Someone else saved a version meanwhile."],
                context: context, status: .preconditionFailed)
        }
    }

    @Sendable func copyForward(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        let copied = try await services.plans.copyForward(from: month, viewer: context.viewer)
        return .redirect(to: Paths.planPage(copied.month), type: .normal)
    }

    @Sendable func attainment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        let asked = try PlansAPIController.asOfDate(request)
        let report = try await services.plans.attainment(month: month, asOf: asked, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "plan_attainment", title: (strings["plan_attainment_title"] ?? "Attainment") + " " + month.text,
            model: PlanAttainmentPage.make(report, asked: asked, viewer: context.viewer, strings: strings),
            section: .plans,
            identity: context.identity, language: context.user.language)
    }

    /// The sales behind one manager's actual (`?as_of=` as for the attainment page); a manager opens only their own.
    @Sendable func credits(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let credits = try await services.plans.credits(
            month: try PlansAPIController.month(context), managerID: try PathID.parse(context, entity: "manager"),
            asOf: try PlansAPIController.asOfDate(request), viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let page = PlanCreditsPage.make(credits, strings: strings, language: context.user.language)
        return renderer.render(
            "plan_credits", title: page.title, model: page, section: .plans, identity: context.identity,
            language: context.user.language)
    }

    /// The attainment report as CSV (`?as_of=` as for the page): one row per manager, then one per team.
    @Sendable func attainmentCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        let report = try await services.plans.attainment(
            month: month, asOf: try PlansAPIController.asOfDate(request), viewer: context.viewer)
        let rows = PlanAttainmentPage.csvRows(report)
        var writer = CSVWriter(header: rows[0])
        for row in rows.dropFirst() { writer.appendRow(row) }
        return CSVResponse.make(writer.text, filename: "attainment-\(month.text).csv")
    }

    @Sendable func leaderboard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        let userID = request.query("user_id").flatMap { User.ID(string: $0) }
        let asked = try PlansAPIController.asOfDate(request)
        let order = try PlansAPIController.leaderboardOrder(request)
        let board = try await services.plans.leaderboard(month: month, asOf: asked, by: order, viewer: context.viewer)
        let trend = try await services.plans.trend(userID: userID, last: month, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        var page = PlanLeaderboardPage.make(board, trend: trend, viewer: context.viewer, strings: strings)
        page.as_of_form = PlanAsOfForm(action: Paths.planLeaderboardPage(month), month: nil, asked: asked)
        page.order_form = LeaderboardOrderForm(month: month, order: order, asked: asked, strings: strings)
        return renderer.render(
            "plan_leaderboard", title: (strings["leaderboard_title"] ?? "Leaderboard") + " " + month.text,
            model: page,
            section: .plans, identity: context.identity, language: context.user.language)
    }

    /// The leaderboard as CSV (`?by=` and `?as_of=` as for the page), with the collected revenue; the same
    /// visibility as the page: a manager gets every rank, name and attainment but only their own amounts.
    @Sendable func leaderboardCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try PlansAPIController.month(context)
        let board = try await services.plans.leaderboard(
            month: month, asOf: try PlansAPIController.asOfDate(request),
            by: try PlansAPIController.leaderboardOrder(request), includeCollected: true, viewer: context.viewer)
        let rows = PlanLeaderboardPage.csvRows(board)
        var writer = CSVWriter(header: rows[0])
        for row in rows.dropFirst() { writer.appendRow(row) }
        return CSVResponse.make(writer.text, filename: "leaderboard-\(month.text)-\(board.order.rawValue).csv")
    }

    /// The deal page's credit-split form (head or admin): saves the split (every row empty credits the owner again)
    /// and goes back to the deal; refused input shows the problems with a link back.
    @Sendable func setCreditSplit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let back = Paths.deal(id) + "#credit-split"
        let form = context.form ?? FormData()
        return try await FormSubmission.submitVersioned {
            let split = try DealCreditSplitPart.split(form: form)
            _ = try await services.plans.setCreditSplit(
                split, dealID: id, viewer: context.viewer, expectedVersion: Int64(form["version"]))
            return back
        } refused: { errors in
            renderer.formProblem(errors, returnTo: back, section: .deals, context: context)
        }
    }

    /// The plan page; `formVersion` is the version the form was read at (the latest one when nil).
    private func render(
        _ month: PlanMonth, draft: MonthPlanDraft, current: MonthPlan?, extraRows: Int, problems: [String],
        formVersion: Int64? = nil, context: AuthenticatedContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let history = try await services.plans.versions(month: month, viewer: context.viewer)
        let users = try await services.users.all(companyID: context.viewer.companyID)
        let company = try await services.companies.company(context.viewer.companyID)
        let types = try await services.plans.quotaTypes(viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        var page = PlanPage.make(
            month: month, draft: draft, current: current, history: history, users: users, extraRows: extraRows,
            problems: problems, currency: company.settings.baseCurrency, strings: strings, quotaTypes: types)
        page.form_version = String(formVersion ?? Int64(history.map(\.version.number).max() ?? 0))
        return renderer.render(
            "plan", title: (strings["plan_title"] ?? "Plan") + " " + month.text, model: page,
            section: .plans, identity: context.identity, language: context.user.language, status: status)
    }

    /// 403 unless the head or an admin: the plan form and `PUT /api/v1/plans/{month}` refuse before anything else.
    static func requirePlanner(_ viewer: Viewer) throws {
        guard viewer.role == .head || viewer.role == .admin else {
            throw RecordError.forbidden(detail: "The plan is set by the head or the admin.")
        }
    }
}
