import BentaCore
import Foundation

/// A user's secret calendar feed (`/calendar/{token}.ics`): meetings and due tasks as an RFC 5545 iCalendar file.
///
/// Written for subscription by Google Calendar, Apple Calendar and Outlook: `METHOD:PUBLISH`, a `VTIMEZONE` for
/// the company's zone with every local time referring to it, `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` as polling
/// hints, CRLF line ends and lines folded at 75 octets between characters.
///
/// Rendering is pure: the same feed and `now` always give the same bytes.
public struct CalendarFeed: Sendable {
    /// The `PRODID` naming the program that wrote the file.
    public var productID: String
    /// The calendar's display name (`NAME` and `X-WR-CALNAME`).
    public var name: String
    /// The company's time zone; meeting and task times are written as local times in it.
    public var timeZone: TimeZone
    /// The meetings.
    public var events: [CalendarEvent]
    /// The tasks.
    public var todos: [CalendarTodo]
    /// How often subscribers should fetch the feed again; whole seconds, at least one.
    public var refreshInterval: Duration
    /// How tasks are written.
    public var taskStyle: TaskStyle

    /// Creates a feed; tasks are written as both `VTODO` and `VEVENT` unless `taskStyle` says otherwise.
    public init(
        productID: String = "-//Benta//Benta Sales 0.1//EN", name: String, timeZone: TimeZone,
        events: [CalendarEvent] = [], todos: [CalendarTodo] = [], refreshInterval: Duration = .seconds(15 * 60),
        taskStyle: TaskStyle = .todosAndEvents
    ) {
        self.productID = productID
        self.name = name
        self.timeZone = timeZone
        self.events = events
        self.todos = todos
        self.refreshInterval = refreshInterval
        self.taskStyle = taskStyle
    }

    /// How tasks appear in the feed.
    ///
    /// Google Calendar, Apple Calendar and Outlook ignore `VTODO` in subscribed calendars, so a task is only
    /// visible there as a `VEVENT`. Clients that read `VTODO` (Thunderbird, Evolution, some CalDAV task apps) get
    /// the real task with its status and priority. The default writes both: the big three show each task once
    /// (as an event), and a user of a task-aware client who sees it twice can be offered `.todos`.
    public enum TaskStyle: Sendable, Hashable, CaseIterable {
        /// `VTODO` only.
        case todos
        /// `VEVENT` only: all-day on a due date, or a zero-length event at a due time; free (`TRANSP:TRANSPARENT`),
        /// and titled "✓ …" once completed.
        case events
        /// Both, the `VEVENT` with `CalendarTodo.eventUID`.
        case todosAndEvents
    }

    /// The iCalendar text, CRLF line ends; `now` is the `DTSTAMP` of every component and picks the year whose
    /// time-zone rules are written.
    ///
    /// A component whose UID was already written is skipped, so UIDs stay unique.
    public func render(now: Date) -> String {
        var lines = ICalendarContentLines()
        lines.append("BEGIN", raw: "VCALENDAR")
        lines.append("VERSION", raw: "2.0")
        lines.append("PRODID", text: productID)
        lines.append("CALSCALE", raw: "GREGORIAN")
        lines.append("METHOD", raw: "PUBLISH")
        lines.append("NAME", text: name)
        lines.append("X-WR-CALNAME", text: name)
        lines.append("X-WR-TIMEZONE", text: timeZone.identifier)
        let refresh = ICalendarContentLines.duration(seconds: Int(refreshInterval.components.seconds))
        lines.append("REFRESH-INTERVAL", parameters: [("VALUE", "DURATION")], raw: refresh)
        lines.append("X-PUBLISHED-TTL", raw: refresh)
        let year = ICalendarContentLines.localDate(ICalendarContentLines.wholeSeconds(now)).0.year
        ICalendarTimeZone(timeZone: timeZone).write(year: year, into: &lines)

        var writtenUIDs: Set<String> = []
        let stamp = ICalendarContentLines.utcDateTime(now)
        for event in events where writtenUIDs.insert(event.uid).inserted {
            writeEvent(event, stamp: stamp, into: &lines)
        }
        for todo in todos {
            if taskStyle != .events, writtenUIDs.insert(todo.uid).inserted {
                writeTodo(todo, stamp: stamp, into: &lines)
            }
            if taskStyle != .todos, writtenUIDs.insert(todo.eventUID).inserted {
                writeTaskEvent(todo, stamp: stamp, into: &lines)
            }
        }
        lines.append("END", raw: "VCALENDAR")
        return lines.text
    }

    // MARK: - Components

    private func writeEvent(_ event: CalendarEvent, stamp: String, into lines: inout ICalendarContentLines) {
        lines.append("BEGIN", raw: "VEVENT")
        lines.append("UID", text: event.uid)
        lines.append("DTSTAMP", raw: stamp)
        lines.append("SEQUENCE", raw: String(max(0, event.sequence)))
        switch event.timing {
        case .timed(let start, let end):
            lines.append("DTSTART", instant: start, in: timeZone)
            lines.append("DTEND", instant: max(start, end), in: timeZone)
        case .allDay(let day):
            lines.append("DTSTART", date: day)
            lines.append("DTEND", date: day.adding(days: 1))
        }
        lines.append("SUMMARY", text: event.summary)
        let people = [event.organizer].compactMap { $0 } + event.attendees
        let unreachable = people.filter { $0.usableEmail == nil }.map(\.name)
        let companions = unreachable.isEmpty ? nil : "Kasama: " + unreachable.joined(separator: ", ")
        writeDescription([event.description, companions, event.url], into: &lines)
        if let location = event.location, !location.isEmpty { lines.append("LOCATION", text: location) }
        if let url = event.url, !url.isEmpty { lines.append("URL", raw: url) }
        if let organizer = event.organizer, let email = organizer.usableEmail {
            lines.append("ORGANIZER", parameters: [("CN", organizer.name)], raw: "mailto:" + email)
        }
        for attendee in event.attendees {
            guard let email = attendee.usableEmail else { continue }
            let parameters = [
                ("CN", attendee.name), ("ROLE", attendee.role.rawValue),
                ("PARTSTAT", attendee.participationStatus.rawValue),
            ]
            lines.append("ATTENDEE", parameters: parameters, raw: "mailto:" + email)
        }
        lines.append("STATUS", raw: event.status.rawValue)
        if let lastModified = event.lastModified { lines.append("LAST-MODIFIED", utc: lastModified) }
        lines.append("END", raw: "VEVENT")
    }

    private func writeTodo(_ todo: CalendarTodo, stamp: String, into lines: inout ICalendarContentLines) {
        lines.append("BEGIN", raw: "VTODO")
        lines.append("UID", text: todo.uid)
        lines.append("DTSTAMP", raw: stamp)
        lines.append("SEQUENCE", raw: String(max(0, todo.sequence)))
        switch todo.due {
        case .dateTime(let instant): lines.append("DUE", instant: instant, in: timeZone)
        case .date(let day): lines.append("DUE", date: day)
        }
        lines.append("SUMMARY", text: todo.summary)
        writeDescription([todo.description, todo.url], into: &lines)
        if let url = todo.url, !url.isEmpty { lines.append("URL", raw: url) }
        if let priority = todo.priority { lines.append("PRIORITY", raw: String(min(9, max(1, priority)))) }
        if let completedAt = todo.completedAt {
            lines.append("STATUS", raw: "COMPLETED")
            lines.append("COMPLETED", utc: completedAt)
            lines.append("PERCENT-COMPLETE", raw: "100")
        } else {
            lines.append("STATUS", raw: "NEEDS-ACTION")
        }
        if let lastModified = todo.lastModified { lines.append("LAST-MODIFIED", utc: lastModified) }
        lines.append("END", raw: "VTODO")
    }

    private func writeTaskEvent(_ todo: CalendarTodo, stamp: String, into lines: inout ICalendarContentLines) {
        lines.append("BEGIN", raw: "VEVENT")
        lines.append("UID", text: todo.eventUID)
        lines.append("DTSTAMP", raw: stamp)
        lines.append("SEQUENCE", raw: String(max(0, todo.sequence)))
        switch todo.due {
        case .dateTime(let instant):
            // A deadline is a moment, so the event has no length.
            lines.append("DTSTART", instant: instant, in: timeZone)
            lines.append("DTEND", instant: instant, in: timeZone)
        case .date(let day):
            lines.append("DTSTART", date: day)
            lines.append("DTEND", date: day.adding(days: 1))
        }
        lines.append("SUMMARY", text: todo.isCompleted ? "✓ " + todo.summary : todo.summary)
        writeDescription([todo.description, todo.url], into: &lines)
        if let url = todo.url, !url.isEmpty { lines.append("URL", raw: url) }
        lines.append("TRANSP", raw: "TRANSPARENT")
        lines.append("STATUS", raw: "CONFIRMED")
        if let lastModified = todo.lastModified { lines.append("LAST-MODIFIED", utc: lastModified) }
        lines.append("END", raw: "VEVENT")
    }

    /// `DESCRIPTION` from the non-empty parts, separated by blank lines; nothing when all are empty.
    private func writeDescription(_ parts: [String?], into lines: inout ICalendarContentLines) {
        let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !text.isEmpty { lines.append("DESCRIPTION", text: text) }
    }
}
