import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/dashboards/head?month=YYYY-MM&as_of=YYYY-MM-DD`: the head's dashboard (issue 13) for the head and the
/// admin; the running month when `month` is absent, the plan as it stood at the end of `as_of` when given. A manager
/// or accountant is refused (403).
struct HeadDashboardAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.headDashboard, use: show)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try await Self.month(request, services: services, viewer: context.viewer)
        let dashboard = try await services.headDashboard.dashboard(
            month: month, asOf: try PlansAPIController.asOfDate(request), viewer: context.viewer)
        return JSONResponse.make(HeadDashboardResponse(dashboard))
    }

    /// The `month` query parameter (422 when it is not YYYY-MM), else the company's running month.
    static func month(_ request: Request, services: Services, viewer: Viewer) async throws -> PlanMonth {
        if let month = try CommissionAPIController.month(request.query("month")) { return month }
        let company = try await services.companies.company(viewer.companyID)
        return PlanMonth(containing: company.settings.today(at: services.clock.now()))
    }
}
