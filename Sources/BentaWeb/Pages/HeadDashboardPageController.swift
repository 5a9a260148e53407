import BentaCore
import BentaFormats
import BentaServices
import Foundation
import Hummingbird

/// `/dashboard?month=YYYY-MM&as_of=YYYY-MM-DD`: the head's dashboard (issue 13) for the head and the admin, the running month when
/// `month` is absent; `/dashboard/export.csv` the same figures as CSV. Anyone else is refused (403), as the plan
/// pages refuse a manager. Both call the service the JSON API calls.
struct HeadDashboardPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.headDashboard, use: show)
        group.get(Paths.headDashboardCSV, use: csv)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try await HeadDashboardAPIController.month(request, services: services, viewer: context.viewer)
        let asked = try PlansAPIController.asOfDate(request)
        let dashboard = try await services.headDashboard.dashboard(month: month, asOf: asked, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "head_dashboard", title: (strings["head_dashboard_title"] ?? "Head's dashboard") + " " + month.text,
            model: HeadDashboardPage.make(dashboard, asked: asked, viewer: context.viewer, strings: strings),
            section: .headDashboard,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func csv(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let month = try await HeadDashboardAPIController.month(request, services: services, viewer: context.viewer)
        let dashboard = try await services.headDashboard.dashboard(
            month: month, asOf: try PlansAPIController.asOfDate(request), viewer: context.viewer)
        let rows = HeadDashboardPage.csvRows(dashboard)
        var writer = CSVWriter(header: rows[0])
        for row in rows.dropFirst() { writer.appendRow(row) }
        return CSVResponse.make(writer.text, filename: "dashboard-\(month.text).csv")
    }
}
