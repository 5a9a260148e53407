import BentaCore
import BentaServices
import BentaStore
import Foundation
import Hummingbird

/// The panels every record page shares: its timeline, its open tasks, the quick "log a call" form and the task form.
struct RecordPanels {
    let services: Services
    let renderer: PageRenderer

    /// Values for the `timeline`, `tasks`, `meetings` and `log_form` parts of a record page. `contacts` are the
    /// ones the call form offers; `hasMoreContacts` says that the account has others (the form says so).
    func values(
        for owner: TimelineOwner, context: AuthenticatedContext, directory: PageDirectory, cursor: String?,
        returnTo: String, phones: [[String: String]] = [], contacts: [Contact] = [], hasMoreContacts: Bool = false
    ) async throws -> [String: Any] {
        let strings = renderer.translations.table(context.user.language)
        let page = try await services.activities.timeline(owner, viewer: context.viewer, limit: 25, cursor: cursor)
        var filter = TaskFilter()
        var hidden: [String: String] = [:]
        var meetingAccount: Account.ID?
        var meetingLead: Lead.ID?
        switch owner {
        case .account(let id):
            filter.accountID = id
            hidden["account_id"] = id.description
            meetingAccount = id
        case .contact(let id):
            hidden["contact_id"] = id.description
        case .lead(let id):
            filter.leadID = id
            hidden["lead_id"] = id.description
            meetingLead = id
        }
        if case .contact(let id) = owner {
            let contact = try await services.contacts.contact(id, viewer: context.viewer)
            filter.accountID = contact.fields.accountID
            meetingAccount = contact.fields.accountID
        }
        let tasks = try await services.tasks.list(viewer: context.viewer, filter: filter)
        let now = services.clock.now()
        var meetings: [Meeting] = []
        if meetingAccount != nil || meetingLead != nil {
            meetings = try await services.meetings.list(
                viewer: context.viewer, from: now.addingTimeInterval(-30 * 86400),
                to: now.addingTimeInterval(180 * 86400), accountID: meetingAccount, leadID: meetingLead)
        }
        let zone = directory.company.settings.timeZone
        return [
            "timeline": page.items.map { entry(for: $0, directory: directory, strings: strings) },
            "has_timeline": !page.items.isEmpty,
            "timeline_next_url": page.nextCursor.map { returnTo + QueryString.make([("before", $0)]) } as Any,
            "open_tasks": tasks.map { TaskRows.row($0, directory: directory, now: now, returnTo: returnTo) },
            "has_open_tasks": !tasks.isEmpty,
            "upcoming_meetings": meetings.map { MeetingRows.row($0, directory: directory) },
            "has_meetings": !meetings.isEmpty,
            "new_meeting_url": Paths.newMeeting
                + QueryString.make([("account_id", meetingAccount?.description), ("lead_id", meetingLead?.description)]),
            "today_value": CalendarDate.from(now, in: zone).iso8601String,
            "log_hidden": hidden.map { ["name": $0.key, "value": $0.value] }.sorted {
                "\($0["name"]!)" < "\($1["name"]!)"
            },
            "return_to": returnTo,
            "log_phones": phones,
            "log_contacts": contacts.map { ["id": $0.id.description, "name": $0.fields.name] },
            "has_log_contacts": !contacts.isEmpty, "has_more_log_contacts": hasMoreContacts,
            "outcomes": CallOutcome.allCases.map {
                ["value": $0.rawValue, "label": strings["outcome_\($0.rawValue)"] ?? $0.rawValue]
            },
            "now_local": DateInput.localInputValue(now, timeZone: zone),
            "tomorrow_local": DateInput.localInputValue(now.addingTimeInterval(86400), timeZone: zone),
        ]
    }

    func entry(for activity: Activity, directory: PageDirectory, strings: [String: String]) -> [String: Any] {
        var meta: [String] = []
        if let direction = activity.direction {
            meta.append(strings["direction_\(direction.rawValue)"] ?? direction.rawValue)
        }
        if let outcome = activity.outcome { meta.append(strings["outcome_\(outcome)"] ?? outcome) }
        if let seconds = activity.durationSeconds, seconds > 0 { meta.append("\((seconds + 59) / 60) min") }
        if let phone = activity.phone { meta.append(phone) }
        return [
            "kind": activity.kind.rawValue,
            "kind_label": strings["activity_\(activity.kind.rawValue)"] ?? activity.kind.rawValue,
            "subject": activity.subject, "body": activity.body ?? "", "has_body": !(activity.body ?? "").isEmpty,
            "when": directory.dateTime(activity.occurredAt), "who": activity.userID.map(directory.userName) ?? "",
            "meta": meta.joined(separator: " · "),
        ]
    }
}

/// Task rows for lists.
enum TaskRows {
    static func row(_ task: TaskItem, directory: PageDirectory, now: Date, returnTo: String) -> [String: Any] {
        let zone = directory.company.settings.timeZone
        return [
            "title": task.title, "notes": task.notes ?? "",
            "due": task.isAllDay
                ? DateFormatting.display(CalendarDate.from(task.dueAt, in: zone), language: directory.language)
                : directory.dateTime(task.dueAt),
            "is_overdue": task.isOverdue(now: now, timeZone: zone), "is_done": task.isDone,
            "priority": task.priority.rawValue, "is_high": task.priority == .high,
            "assignee": directory.userName(task.assigneeID),
            "complete_url": Paths.completeTask(task.id), "reopen_url": Paths.reopenTask(task.id), "return_to": returnTo,
            "record_url": task.leadID.map(Paths.lead) ?? task.accountID.map(Paths.account) ?? "",
        ]
    }
}

/// Meeting rows for lists.
enum MeetingRows {
    static func row(_ meeting: Meeting, directory: PageDirectory) -> [String: Any] {
        [
            "title": meeting.title, "url": Paths.meeting(meeting.id), "when": directory.dateTime(meeting.startsAt),
            "duration": meeting.durationMinutes, "place": meeting.place ?? meeting.link ?? "",
            "is_cancelled": meeting.isCancelled,
        ]
    }
}
