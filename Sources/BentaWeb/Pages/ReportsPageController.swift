import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/reports`: the menu's "Reports" entry (issue 14), one page listing the report pages that were reached only from
/// receivables, collections and the dashboards — the aging with DSO/CEI, the overdue list per manager, why customers
/// pay late, invoices unpaid past their term, the invoice register, attainment, the leaderboard and (head and admin)
/// the head's dashboard. Each report keeps its own access rules; the list names only those the user's role may open.
struct ReportsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.reports, use: index)
    }

    @Sendable func index(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let company = try await services.companies.company(context.viewer.companyID)
        let month = PlanMonth(containing: company.settings.today(at: services.clock.now()))
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "reports", title: strings["reports_title"] ?? "Reports",
            model: ReportsPage.make(role: context.user.role, month: month, strings: strings), section: .reports,
            identity: context.identity, language: context.user.language)
    }
}
