import BentaCore
import Foundation

extension FuzzTarget {
    /// Benta reads no iCalendar; it writes the calendar feed from text users typed. This target takes the text of
    /// mutated `.ics` samples as meeting and task fields (titles, notes, places, people, links, UIDs) and checks that
    /// the feed it renders keeps RFC 5545's rules: CRLF lines of at most 75 octets, every unfolded line a property,
    /// and components that open and close in order, so no field can end a line or inject a property.
    static let iCalendar = FuzzTarget(
        name: "icalendar", seedsFrom: { path($0, in: "ical", extensions: ["ics"]) },
        keywords: [
            "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n", "\r\nATTENDEE:mailto:x@y\r\n", ";", ",", "\\", "\"", ":", "\u{2028}",
            "\r", "\n", "\t", "\u{0}", "👩‍👩‍👧‍👦", "e\u{301}", "mailto:", "\u{FEFF}",
        ],
        nesting: ("BEGIN:VEVENT\r\n", "END:VEVENT\r\n"),
        feed: { bytes in
            let text = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
            let feed = calendarFeed(from: text, choice: bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF })
            let rendered = feed.render(now: Date(timeIntervalSince1970: 1_767_225_600))
            if let problem = iCalendarProblem(in: rendered) { return .failed(reason: problem) }
            return .accepted
        })

    static let feedTimeZones = [
        "Asia/Manila", "UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Europe/Dublin",
        "Africa/Casablanca", "America/Santiago", "Asia/Tehran",
    ]

    /// Meetings and tasks whose every text field comes from `text`.
    static func calendarFeed(from text: String, choice: Int) -> CalendarFeed {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        let pieces = lines.isEmpty ? [""] : Array(lines.prefix(60))
        func piece(_ index: Int) -> String { pieces[index % pieces.count] }
        let zone = TimeZone(identifier: feedTimeZones[choice % feedTimeZones.count]) ?? .gmt
        var events: [CalendarEvent] = []
        var todos: [CalendarTodo] = []
        let base = 1_767_225_600.0 + Double(choice) * 3_607
        for index in stride(from: 0, to: pieces.count, by: 3) {
            let people = [
                CalendarPerson(name: piece(index + 1), email: piece(index + 2)),
                CalendarPerson(name: piece(index), email: nil, role: .optional, participationStatus: .accepted),
            ]
            let start = Date(timeIntervalSince1970: base + Double(index) * 86_400)
            let timing: CalendarEvent.Timing =
                index % 2 == 0
                ? .timed(start: start, end: start.addingTimeInterval(Double((choice + index) % 7_200) - 600))
                : .allDay(CalendarDate(daysSinceEpoch: 20_454 + index))
            events.append(
                CalendarEvent(
                    uid: piece(index), sequence: choice + index, timing: timing, summary: piece(index + 1),
                    description: pieces[index...].prefix(8).joined(separator: "\n"), location: piece(index + 2),
                    url: piece(index + 1), organizer: people[0], attendees: people,
                    status: CalendarEvent.Status.allCases[index % 3], lastModified: start))
            todos.append(
                CalendarTodo(
                    uid: piece(index + 2), sequence: index, summary: piece(index),
                    description: piece(index + 1),
                    due: index % 2 == 0 ? .dateTime(start) : .date(.init(daysSinceEpoch: 20_454)),
                    priority: (choice + index) % 11, completedAt: index % 4 == 0 ? start : nil, url: piece(index)))
        }
        return CalendarFeed(name: piece(0), timeZone: zone, events: events, todos: todos)
    }

    /// The first RFC 5545 rule `text` breaks, or nil.
    static func iCalendarProblem(in text: String) -> String? {
        guard text.hasSuffix("\r\n") else { return "the feed does not end with CRLF" }
        let physical = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        var logical: [String] = []
        for (number, line) in physical.enumerated() {
            guard line.last == UInt8(ascii: "\r") else { return "line \(number + 1) ends with a bare LF" }
            let content = line.dropLast()
            if content.contains(UInt8(ascii: "\r")) { return "line \(number + 1) holds a bare CR" }
            if content.count > 75 { return "line \(number + 1) is \(content.count) octets long" }
            let string = String(decoding: content, as: UTF8.self)
            if content.first == UInt8(ascii: " ") || content.first == UInt8(ascii: "\t") {
                guard !logical.isEmpty else { return "the feed starts with a continuation line" }
                logical[logical.count - 1] += string.dropFirst()
            } else {
                logical.append(string)
            }
        }
        var open: [String] = []
        let components: Set<String> = ["VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT", "VTODO", "VALARM"]
        for line in logical {
            let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            guard !name.isEmpty, let separator = line.dropFirst(name.count).first, separator == ":" || separator == ";"
            else { return "a line is not a property: \(line.prefix(80).debugDescription)" }
            let value = String(line.dropFirst(name.count + 1))
            if name == "BEGIN" {
                guard components.contains(value) else { return "an unexpected component begins: \(value.prefix(80))" }
                open.append(value)
            } else if name == "END" {
                guard open.last == value else {
                    return "END:\(value.prefix(80)) does not close \(open.last ?? "nothing")"
                }
                open.removeLast()
            }
        }
        return open.isEmpty ? nil : "\(open.joined(separator: ", ")) never ends"
    }
}
