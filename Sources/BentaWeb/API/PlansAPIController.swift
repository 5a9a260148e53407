import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/plans/{month}`: the month's plan from the company's costs (current version, derived break-even and
/// target, split), a new version, the version history, copying the recurring costs forward, and each manager's
/// attainment, the month's leaderboard and the 12-month trend; `/api/v1/settings/credit-basis` and a deal's credit
/// split, `/api/v1/deals/{id}/credit-split` (issue 13). A month that is not YYYY-MM is 404.
struct PlansAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.plan, use: show)
        group.put(Paths.API.plan, use: save)
        group.get(Paths.API.planVersions, use: versions)
        group.post(Paths.API.planCopyForward, use: copyForward)
        group.get(Paths.API.planAttainment, use: attainment)
        group.get(Paths.API.planCredits, use: credits)
        group.get(Paths.API.planLeaderboard, use: leaderboard)
        group.get(Paths.API.planTrend, use: trend)
        group.get(Paths.API.creditBasis, use: creditBasis)
        group.put(Paths.API.creditBasis, use: setCreditBasis)
        group.get(Paths.API.dealCreditSplit, use: creditSplit)
        group.put(Paths.API.dealCreditSplit, use: setCreditSplit)
        group.get(Paths.API.quotaTypes, use: quotaTypes)
        group.post(Paths.API.quotaTypes, use: addQuotaType)
    }

    /// The company's quota types, `total` first; everyone reads them.
    @Sendable func quotaTypes(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let types = try await services.plans.quotaTypes(viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: types.map(QuotaTypeWire.init), nextCursor: nil))
    }

    /// Adds a quota type (head or admin).
    @Sendable func addQuotaType(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            QuotaTypeRequest.self, from: request, allowedKeys: QuotaTypeRequest.allowedKeys)
        let type = try await services.plans.addQuotaType(
            code: body.code ?? "", name: body.name ?? "", rule: body.rule ?? "", viewer: context.viewer)
        return JSONResponse.make(QuotaTypeWire(type), status: .created)
    }

    static func month(_ context: AuthenticatedContext) throws -> PlanMonth {
        guard let text = context.parameters.get("month"), let month = PlanMonth(parsing: text) else {
            throw RecordError.notFound(entity: "plan")
        }
        return month
    }

    /// The plan in force now, or at `as_of` (an ISO 8601 instant); 404 when none was.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try Self.month(context)
        var instant: Date?
        if let text = request.query("as_of") {
            let parser = ISO8601DateFormatter()
            parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let parsed = parser.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
                throw RequestError.invalidParameter(name: "as_of", message: "must be an ISO 8601 date-time.")
            }
            instant = parsed
        }
        guard let plan = try await services.plans.plan(month: month, asOf: instant, viewer: context.viewer) else {
            throw RecordError.notFound(entity: "plan")
        }
        // The version in force now is the latest one: its number is what a save names.
        guard instant == nil else { return JSONResponse.make(PlanResponse(plan: plan)) }
        return JSONResponse.record(PlanResponse(plan: plan), version: Int64(plan.version.number))
    }

    /// A new version of the month's plan, naming the number of the version read (body `version` or `If-Match`; 400
    /// `version_required` without one once the month has a plan, none or 0 for the first): a save made meanwhile
    /// answers 412 and nothing is added.
    @Sendable func save(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(PlanRequest.self, from: request, allowedKeys: PlanRequest.allowedKeys)
        let month = try Self.month(context)
        try PlansPageController.requirePlanner(context.viewer)
        let expected = try await VersionPrecondition.required(body: body.version, request: request) {
            Int64(try await services.plans.plan(month: month, viewer: context.viewer)?.version.number ?? 0)
        }
        let plan = try await services.plans.save(
            body.draft, month: month, viewer: context.viewer, expectedVersion: expected)
        return JSONResponse.record(PlanResponse(plan: plan), version: Int64(plan.version.number))
    }

    @Sendable func versions(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let plans = try await services.plans.versions(month: try Self.month(context), viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: plans.map(PlanResponse.init), nextCursor: nil))
    }

    /// Makes the next month's plan from this one's: a new version of the next month.
    @Sendable func copyForward(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let plan = try await services.plans.copyForward(from: try Self.month(context), viewer: context.viewer)
        return JSONResponse.make(PlanResponse(plan: plan), status: .created)
    }

    /// Each manager's and team's attainment; `as_of=YYYY-MM-DD` reads the plan version in force at the end of that
    /// day and the actuals through it.
    @Sendable func attainment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let report = try await services.plans.attainment(
            month: try Self.month(context), asOf: try Self.asOfDate(request), viewer: context.viewer)
        return JSONResponse.make(AttainmentReportResponse(report: report))
    }

    /// The documents credited to one manager in the month, through `as_of` as for the attainment: the sales behind
    /// their actual. A manager reads only their own (another's is 404).
    @Sendable func credits(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let credits = try await services.plans.credits(
            month: try Self.month(context), managerID: try PathID.parse(context, entity: "manager"),
            asOf: try Self.asOfDate(request), viewer: context.viewer)
        return JSONResponse.make(PlanCreditsResponse(credits))
    }

    /// Every manager ranked by attainment; a manager reads everyone's rank and attainment % but only their own
    /// amounts. `as_of=YYYY-MM-DD` as for the attainment; `by=attainment|collected|commission` picks the ranking.
    @Sendable func leaderboard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let board = try await services.plans.leaderboard(
            month: try Self.month(context), asOf: try Self.asOfDate(request), by: try Self.leaderboardOrder(request),
            viewer: context.viewer)
        return JSONResponse.make(LeaderboardResponse(board))
    }

    /// The `by` query parameter of the leaderboard (422 for anything but its values); attainment when absent.
    static func leaderboardOrder(_ request: Request) throws -> LeaderboardOrder {
        guard let text = request.query("by"), !text.isEmpty else { return .attainment }
        guard let order = LeaderboardOrder(rawValue: text) else {
            let values = LeaderboardOrder.allCases.map(\.rawValue).joined(separator: ", ")
            throw RequestError.invalidParameter(name: "by", message: "must be one of \(values).")
        }
        return order
    }

    /// The `as_of` query parameter of the reports, a day YYYY-MM-DD (400 otherwise); nil when absent.
    static func asOfDate(_ request: Request) throws -> CalendarDate? {
        guard let text = request.query("as_of"), !text.isEmpty else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            throw RequestError.invalidParameter(name: "as_of", message: "must be a date YYYY-MM-DD.")
        }
        return date
    }

    /// Twelve months of plan against actual ending with `to` (YYYY-MM; the running month when absent), for
    /// `user_id` or, without it, the team (a manager: their own).
    @Sendable func trend(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let last = try CommissionAPIController.month(request.query("to"), name: "to")
        var userID: User.ID?
        if let text = request.query("user_id") {
            guard let id = User.ID(string: text) else {
                throw RequestError.invalidParameter(name: "user_id", message: "must be a user id.")
            }
            userID = id
        }
        let trend = try await services.plans.trend(userID: userID, last: last, viewer: context.viewer)
        return JSONResponse.make(PlanTrendResponse(trend))
    }

    @Sendable func creditBasis(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.plans.creditBasis(viewer: context.viewer)
        var response = JSONResponse.make(CreditBasisResponse(saved))
        response.setVersionTag(saved.version)
        return response
    }

    @Sendable func setCreditBasis(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            CreditBasisRequest.self, from: request, allowedKeys: CreditBasisRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let saved = try await services.plans.setCreditBasis(
            try body.basis(), viewer: context.viewer, expectedVersion: version)
        var response = JSONResponse.make(CreditBasisResponse(saved))
        response.setVersionTag(saved.version)
        return response
    }

    /// The deal's credit split (empty when the owner is credited); anyone who sees the deal reads it.
    @Sendable func creditSplit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let read = try await services.plans.versionedCreditSplit(dealID: id, viewer: context.viewer)
        return JSONResponse.record(
            CreditSplitResponse(dealID: id, split: read.split, version: read.version), version: read.version)
    }

    /// Sets an open deal's credit split (head or admin); an empty list credits the owner again. It names the version
    /// read (body `version` or `If-Match`; 400 `version_required` without one): a change made meanwhile answers 412
    /// and nothing changes.
    @Sendable func setCreditSplit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let body = try await JSONBody.decode(
            CreditSplitRequest.self, from: request, allowedKeys: CreditSplitRequest.allowedKeys)
        let expected = try VersionPrecondition.required(body: body.version, request: request)
        let saved = try await services.plans.setCreditSplit(
            try body.split(), dealID: id, viewer: context.viewer, expectedVersion: expected)
        return JSONResponse.record(
            CreditSplitResponse(dealID: id, split: saved.split, version: saved.version), version: saved.version)
    }
}
