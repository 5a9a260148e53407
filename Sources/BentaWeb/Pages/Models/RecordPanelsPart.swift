import BentaCore
import Foundation

/// The `record_panels` partial's values (account, contact and lead pages): the quick call and note forms, the open
/// tasks, the meetings and the timeline. A page embeds it as `panels` and opens the partial inside
/// `{{#panels}}…{{/panels}}`. Built by ``make(_:directory:strings:returnTo:phones:contacts:hasMoreContacts:)`` from
/// what ``RecordPanels/load(for:context:cursor:)`` read.
struct RecordPanelsPart {
    /// One activity of the timeline.
    struct TimelineEntry {
        var kind: String
        var kind_label: String
        var subject: String
        var body: String
        var has_body: Bool
        var when: String
        var who: String
        /// Direction, outcome, duration and phone, joined.
        var meta: String
    }

    /// A hidden field of the quick forms: the record they log against.
    struct Hidden {
        var name: String
        var value: String
    }

    /// A phone number the call form offers.
    struct Phone {
        var value: String
        var label: String
    }

    /// A contact the call form offers.
    struct LogContact {
        var id: String
        var name: String
    }

    /// A call outcome the call form offers.
    struct Outcome {
        var value: String
        var label: String
    }

    var timeline: [TimelineEntry]
    var has_timeline: Bool
    /// The timeline's older entries, when there are more.
    var timeline_next_url: String?
    var open_tasks: [TaskRow]
    var has_open_tasks: Bool
    var upcoming_meetings: [MeetingRow]
    var has_meetings: Bool
    var new_meeting_url: String
    var today_value: String
    var log_hidden: [Hidden]
    /// Where the quick forms come back to.
    var return_to: String
    var log_phones: [Phone]
    var log_contacts: [LogContact]
    var has_log_contacts: Bool
    var has_more_log_contacts: Bool
    var outcomes: [Outcome]
    var now_local: String
    var tomorrow_local: String

    /// The panels for what `loaded` holds. `phones` and `contacts` are what the call form offers;
    /// `hasMoreContacts` says that the account has other contacts (the form says so).
    static func make(
        _ loaded: RecordPanels.Loaded, directory: PageDirectory, strings: [String: String], returnTo: String,
        phones: [PhoneEntry] = [], contacts: [Contact] = [], hasMoreContacts: Bool = false
    ) -> RecordPanelsPart {
        var hidden: [Hidden] = []
        switch loaded.owner {
        case .account(let id): hidden.append(Hidden(name: "account_id", value: id.description))
        case .contact(let id): hidden.append(Hidden(name: "contact_id", value: id.description))
        case .lead(let id): hidden.append(Hidden(name: "lead_id", value: id.description))
        }
        let zone = directory.company.settings.timeZone
        let now = loaded.now
        return RecordPanelsPart(
            timeline: loaded.timeline.items.map { entry($0, directory: directory, strings: strings) },
            has_timeline: !loaded.timeline.items.isEmpty,
            timeline_next_url: loaded.timeline.nextCursor.map { returnTo + QueryString.make([("before", $0)]) },
            open_tasks: loaded.tasks.map {
                TaskRow.make($0, directory: directory, strings: strings, now: now, returnTo: returnTo)
            },
            has_open_tasks: !loaded.tasks.isEmpty,
            upcoming_meetings: loaded.meetings.map { MeetingRow.make($0, directory: directory) },
            has_meetings: !loaded.meetings.isEmpty,
            new_meeting_url: Paths.newMeeting()
                + QueryString.make([
                    ("account_id", loaded.meetingAccount?.description), ("lead_id", loaded.meetingLead?.description),
                ]),
            today_value: CalendarDate.from(now, in: zone).iso8601String, log_hidden: hidden, return_to: returnTo,
            log_phones: phones.map { Phone(value: $0.raw, label: $0.display) },
            log_contacts: contacts.map { LogContact(id: $0.id.description, name: $0.fields.name) },
            has_log_contacts: !contacts.isEmpty, has_more_log_contacts: hasMoreContacts,
            outcomes: CallOutcome.allCases.map {
                Outcome(value: $0.rawValue, label: strings["outcome_\($0.rawValue)"] ?? $0.rawValue)
            },
            now_local: DateInput.localInputValue(now, timeZone: zone),
            tomorrow_local: DateInput.localInputValue(now.addingTimeInterval(86400), timeZone: zone))
    }

    /// One timeline entry for `activity`.
    static func entry(_ activity: Activity, directory: PageDirectory, strings: [String: String]) -> TimelineEntry {
        var meta: [String] = []
        if let direction = activity.direction {
            // "They called" / "We called" is a call's; an email or letter was received or sent.
            let key =
                activity.kind == .call
                ? "direction_\(direction.rawValue)" : "direction_\(direction.rawValue)_message"
            meta.append(strings[key] ?? direction.rawValue)
        }
        if let outcome = activity.outcome { meta.append(strings["outcome_\(outcome)"] ?? outcome) }
        if let seconds = activity.durationSeconds, seconds > 0 { meta.append("\((seconds + 59) / 60) min") }
        if let phone = activity.phone { meta.append(phone) }
        let shown = activity.shown(in: strings)
        return TimelineEntry(
            kind: activity.kind.rawValue,
            kind_label: strings["activity_\(activity.kind.rawValue)"] ?? activity.kind.rawValue,
            subject: shown.subject, body: shown.body, has_body: !shown.body.isEmpty,
            when: directory.dateTime(activity.occurredAt), who: activity.userID.map(directory.userName) ?? "",
            meta: meta.joined(separator: " · "))
    }
}

/// One task in a list (the `task_row` partial: My day, record pages).
struct TaskRow {
    var title: String
    var notes: String
    var due: String
    var is_overdue: Bool
    var is_done: Bool
    var priority: String
    var is_high: Bool
    var assignee: String
    var complete_url: String
    var reopen_url: String
    /// Where the done button comes back to.
    var return_to: String
    /// The lead's or account's page ("" for a task of neither).
    var record_url: String

    static func make(
        _ task: TaskItem, directory: PageDirectory, strings: [String: String], now: Date, returnTo: String
    ) -> TaskRow {
        let zone = directory.company.settings.timeZone
        let shown = task.shown(in: strings)
        return TaskRow(
            title: shown.title, notes: shown.notes,
            due: task.isAllDay
                ? DateFormatting.display(CalendarDate.from(task.dueAt, in: zone), language: directory.language)
                : directory.dateTime(task.dueAt),
            is_overdue: task.isOverdue(now: now, timeZone: zone), is_done: task.isDone,
            priority: task.priority.rawValue, is_high: task.priority == .high,
            assignee: directory.userName(task.assigneeID), complete_url: Paths.completeTask(task.id),
            reopen_url: Paths.reopenTask(task.id), return_to: returnTo,
            record_url: task.leadID.map { Paths.lead($0) } ?? task.accountID.map { Paths.account($0) } ?? "")
    }
}

/// One meeting in a list (record pages, My day, the meetings page).
struct MeetingRow {
    var title: String
    var url: String
    var when: String
    var duration: Int
    /// The place, else the link, else "".
    var place: String
    var is_cancelled: Bool

    static func make(_ meeting: Meeting, directory: PageDirectory) -> MeetingRow {
        MeetingRow(
            title: meeting.title, url: Paths.meeting(meeting.id), when: directory.dateTime(meeting.startsAt),
            duration: meeting.durationMinutes, place: meeting.place ?? meeting.link ?? "",
            is_cancelled: meeting.isCancelled)
    }
}
