import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// "My day": overdue and today's tasks, today's meetings, new leads assigned to me.
struct MyDayPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.myDay, use: show)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let zone = directory.company.settings.timeZone
        let now = services.clock.now()
        let today = CalendarDate.from(now, in: zone)
        let startOfDay = today.startInstant(in: zone) ?? now
        let endOfDay = today.adding(days: 1).startInstant(in: zone) ?? now.addingTimeInterval(86400)
        let tasks = try await services.tasks.list(
            viewer: context.viewer, filter: TaskFilter(assigneeID: context.user.id, dueBefore: endOfDay))
        let meetings = try await services.meetings.list(
            viewer: context.viewer, from: startOfDay, to: endOfDay, involving: context.user.id)
        let newLeads = try await services.leads.list(
            viewer: context.viewer, filter: LeadFilter(ownerID: context.user.id, statuses: [.new]),
            page: PageRequest(limit: 50))
        let calls = try await services.collections.calls(
            viewer: context.viewer, open: true, assigneeID: context.user.id, dueBy: today, page: PageRequest(limit: 20))
        let strings = renderer.translations.table(context.user.language)
        let model = MyDayPage.make(
            today: today, now: now, tasks: tasks, meetings: meetings, newLeads: newLeads.items, directory: directory,
            strings: strings, calls: calls.items)
        return renderer.render(
            "my_day", title: strings["my_day_title"] ?? "My day", model: model, section: .myDay,
            identity: context.identity, language: context.user.language)
    }
}
