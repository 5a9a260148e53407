import BentaCore
import BentaFormats
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/commission` (issue 13): commission plans per manager or the company default, monthly runs, statements
/// line by line (JSON, CSV, PDF), their approval, and the running month's estimate. Plans, runs and approvals are
/// the head's and admins'; a manager reads only their own statements and estimate.
struct CommissionAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.commissionPlan, use: plan)
        group.put(Paths.API.commissionPlan, use: savePlan)
        group.post(Paths.API.commissionRuns, use: run)
        group.get(Paths.API.commissionStatements, use: statements)
        group.get(Paths.API.commissionStatement, use: statement)
        group.post(Paths.API.commissionStatementApproval, use: approve)
        group.get(Paths.API.commissionStatementCSV, use: csv)
        group.get(Paths.API.commissionStatementPDF, use: pdf)
        group.get(Paths.API.commissionEstimate, use: estimate)
    }

    // MARK: Plans

    static func subject(_ context: AuthenticatedContext) throws -> CommissionPlanVersion.Subject {
        guard let text = context.parameters.get("id"), let subject = CommissionPlanVersion.Subject(key: text) else {
            throw RecordError.notFound(entity: "user")
        }
        return subject
    }

    @Sendable func plan(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let subject = try Self.subject(context)
        let versions = try await services.commission.planVersions(for: subject, viewer: context.viewer)
        // The latest version's number (0 for none) is what a save names, as `ETag`.
        return JSONResponse.record(
            CommissionPlanHistoryResponse(
                subject: subject.key, versions: versions.map(CommissionPlanVersionResponse.init)),
            version: versions.map(\.version).max() ?? 0)
    }

    @Sendable func savePlan(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let subject = try Self.subject(context)
        let body = try await JSONBody.decode(
            CommissionPlanRequest.self, from: request, allowedKeys: CommissionPlanRequest.allowedKeys)
        guard CommissionRules.mayManage(context.viewer.role) else {
            throw RecordError.forbidden(detail: "Only the head or an admin manages commission.")
        }
        // The latest version's number, as read (400 `version_required` without one once the subject has a plan).
        let expected = try await VersionPrecondition.required(body: body.version, request: request) {
            try await services.commission.planVersions(for: subject, viewer: context.viewer).map(\.version).max() ?? 0
        }
        let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
        var errors = ValidationErrors()
        let month = body.month(into: &errors)
        let plan = body.plan(defaultCurrency: base, errors: &errors)
        try errors.throwIfAny()
        guard let plan else { throw errors }
        let saved = try await services.commission.savePlan(
            plan, for: subject, effectiveFrom: month, reason: body.reason ?? "", viewer: context.viewer,
            expectedVersion: expected)
        return JSONResponse.record(CommissionPlanVersionResponse(saved), version: saved.version)
    }

    // MARK: Runs and statements

    static func month(_ text: String?, name: String = "month") throws -> PlanMonth? {
        guard let text else { return nil }
        guard let month = PlanMonth(parsing: text) else {
            throw RequestError.invalidParameter(name: name, message: "must be a month as YYYY-MM.")
        }
        return month
    }

    @Sendable func run(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            CommissionRunRequest.self, from: request, allowedKeys: CommissionRunRequest.allowedKeys)
        var errors = ValidationErrors()
        let month = errors.month(body.month, field: "month", required: true)
        try errors.throwIfAny()
        guard let month else { throw errors }
        let result = try await services.commission.run(month: month, viewer: context.viewer)
        return JSONResponse.make(
            CommissionRunResponse(
                month: month.text,
                statements: result.statements.map { stored in
                    CommissionStatementResponse(
                        stored: stored, allowedActions: stored.allowedActions(for: context.viewer), withLines: false)
                }, withoutPlan: result.withoutPlan.map(\.description)))
    }

    @Sendable func statements(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try Self.month(request.query("month"))
        var userID: User.ID?
        if let text = request.query("user_id") {
            guard let id = User.ID(string: text) else {
                throw RequestError.invalidParameter(name: "user_id", message: "must be a user id.")
            }
            userID = id
        }
        let list = try await services.commission.statements(month: month, userID: userID, viewer: context.viewer)
        return JSONResponse.make(
            CommissionStatementListResponse(
                data: list.map { stored in
                    CommissionStatementResponse(
                        stored: stored, allowedActions: stored.allowedActions(for: context.viewer), withLines: false)
                }, nextCursor: nil))
    }

    func load(_ context: AuthenticatedContext) async throws -> StoredCommissionStatement {
        try await services.commission.statement(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
    }

    @Sendable func statement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await load(context)
        return JSONResponse.make(
            CommissionStatementResponse(
                stored: stored, allowedActions: stored.allowedActions(for: context.viewer), withLines: true))
    }

    @Sendable func approve(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await services.commission.approve(
            try PathID.parse(context, entity: "commission_statement"), viewer: context.viewer)
        return JSONResponse.make(
            CommissionStatementResponse(
                stored: stored, allowedActions: stored.allowedActions(for: context.viewer), withLines: true))
    }

    @Sendable func csv(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await load(context)
        return CSVResponse.make(
            CommissionExplanation.csv(stored.statement), filename: "commission-\(stored.month.text).csv")
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let stored = try await load(context)
        let company = try await services.companies.company(context.viewer.companyID)
        let manager = try await services.users.user(stored.userID)
        return PDFResponse.make(
            CommissionStatementPDF.render(
                stored.statement, company: company.settings.name, manager: manager?.name ?? stored.userID.description,
                creationDate: stored.createdAt), filename: "commission-\(stored.month.text).pdf")
    }

    @Sendable func estimate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard let month = try Self.month(request.query("month")) else {
            throw RequestError.invalidParameter(name: "month", message: "must be a month as YYYY-MM.")
        }
        var userID: User.ID?
        if let text = request.query("user_id") {
            guard let id = User.ID(string: text) else {
                throw RequestError.invalidParameter(name: "user_id", message: "must be a user id.")
            }
            userID = id
        }
        let estimate = try await services.commission.estimate(month: month, userID: userID, viewer: context.viewer)
        return JSONResponse.make(CommissionEstimateResponse(estimate))
    }
}
