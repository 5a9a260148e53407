import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// "My day", the manager's dashboard: money and calls first (collection calls to make, overdue customers), this
/// month's plan against actual, earnings and the pipeline by stage, then tasks, meetings and new leads. The
/// accountant gets the money queue instead of the manager's figures; the head and the admin neither.
struct MyDayPageController {
    let services: Services
    let renderer: PageRenderer

    /// How many of my newest new leads the page lists.
    static let newLeadsShown = 10
    /// How many overdue customers (per currency) are read to pick the most days late; more link to the report.
    static let overdueCustomersRead = 500

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.myDay, use: show)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let viewer = context.viewer
        let zone = directory.company.settings.timeZone
        let now = services.clock.now()
        let today = CalendarDate.from(now, in: zone)
        let startOfDay = today.startInstant(in: zone) ?? now
        let endOfDay = today.adding(days: 1).startInstant(in: zone) ?? now.addingTimeInterval(86400)
        let tasks = try await services.tasks.list(
            viewer: viewer, filter: TaskFilter(assigneeID: context.user.id, dueBefore: endOfDay))
        let meetings = try await services.meetings.list(
            viewer: viewer, from: startOfDay, to: endOfDay, involving: context.user.id)
        let newLeads = try await services.myDay.newLeads(viewer: viewer, limit: Self.newLeadsShown)
        let names = try await services.myDay.recordNames(of: tasks, viewer: viewer)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        var model = MyDayPage.make(
            today: today, now: now, tasks: tasks, meetings: meetings, newLeads: newLeads, names: names,
            role: context.user.role, directory: directory, strings: strings)
        switch context.user.role {
        case .manager:
            let calls = try await services.collections.calls(
                viewer: viewer, open: true, assigneeID: context.user.id, dueBy: today, page: PageRequest(limit: 20))
            let overdue = try await services.receivables.overdue(
                viewer: viewer, ownerID: context.user.id, asOf: today,
                page: PageRequest(limit: Self.overdueCustomersRead))
            model.addMoney(
                calls: calls.items, overdue: overdue, viewer: viewer, strings: strings, language: language)
            let month = PlanMonth(containing: today)
            let report = try await services.plans.attainment(month: month, viewer: viewer)
            // A plan share of mine in the plan in force; without one there is no bar to draw.
            let mine = report.rows.first { $0.managerID == context.user.id && $0.attainment.plan.isPositive }
            var estimate: CommissionEstimate?
            do {
                // A company whose managers do not see their estimate shows no earnings here.
                if context.identity.has(.seeCommissionEstimate) {
                    estimate = try await services.commission.estimate(month: month, userID: nil, viewer: viewer)
                }
            } catch RecordError.notFound {
                // No plan share or commission plan this month: no earnings to show.
            }
            let stages = try await services.myDay.pipelineByStage(viewer: viewer)
            model.addPlan(
                month: month, attainment: mine?.attainment, estimate: estimate,
                stages: stages, viewer: viewer, strings: strings, language: language)
        case .accountant:
            model.addQueue(try await services.myDay.moneyQueue(viewer: viewer), strings: strings)
        case .head, .admin:
            break
        }
        return renderer.render(
            "my_day", title: strings["my_day_title"] ?? "My day", model: model, section: .myDay,
            identity: context.identity, language: language)
    }
}
