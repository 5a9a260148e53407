import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// "My day": overdue and today's tasks, today's meetings, new leads assigned to me.
struct MyDayPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.myDay), use: show)
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
        let overdue = tasks.filter { $0.isOverdue(now: now, timeZone: zone) }
        let dueToday = tasks.filter { !$0.isOverdue(now: now, timeZone: zone) }
        let meetings = try await services.meetings.list(
            viewer: context.viewer, from: startOfDay, to: endOfDay, involving: context.user.id)
        let newLeads = try await services.leads.list(
            viewer: context.viewer, filter: LeadFilter(ownerID: context.user.id, statuses: [.new]),
            page: PageRequest(limit: 50))
        let strings = renderer.translations.table(context.user.language)
        let leadRows: [[String: Any]] = newLeads.items.map { lead in
            [
                "url": Paths.lead(lead.id), "name": lead.displayName, "phone": lead.fields.phone?.display ?? "",
                "source": strings["source_\(lead.fields.source.rawValue)"] ?? lead.fields.source.rawValue,
                "created": directory.dateTime(lead.createdAt),
            ]
        }
        return renderer.render(
            "my_day", title: strings["my_day_title"] ?? "My day",
            values: [
                "today": DateFormatting.display(today, language: context.user.language),
                "overdue_tasks": overdue.map {
                    TaskRows.row($0, directory: directory, now: now, returnTo: Paths.myDay)
                },
                "has_overdue": !overdue.isEmpty,
                "today_tasks": dueToday.map { TaskRows.row($0, directory: directory, now: now, returnTo: Paths.myDay) },
                "has_today_tasks": !dueToday.isEmpty,
                "meetings": meetings.map { MeetingRows.row($0, directory: directory) },
                "has_meetings": !meetings.isEmpty,
                "new_leads": leadRows, "has_new_leads": !leadRows.isEmpty,
                "today_value": today.iso8601String, "return_to": Paths.myDay,
                "nav_my_day": true,
            ],
            identity: context.identity, language: context.user.language)
    }
}
