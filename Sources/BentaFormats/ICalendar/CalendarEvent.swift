import BentaCore
import Foundation

/// One meeting in a calendar feed, written as a `VEVENT`.
public struct CalendarEvent: Sendable, Hashable {
    /// The globally unique, stable identifier, for example `meeting-<uuid>@benta`.
    ///
    /// Calendar apps match updates by UID, so it must never change for the same meeting.
    public var uid: String
    /// The revision number (`SEQUENCE`), taken from the record version; a higher number replaces older copies.
    public var sequence: Int
    /// When the meeting happens.
    public var timing: Timing
    /// The title.
    public var summary: String
    /// Free text notes.
    public var description: String?
    /// Where the meeting happens.
    public var location: String?
    /// A link back to the meeting in Benta, written as given (it must be a valid URI); also appended to the description, since Google and Outlook hide `URL`.
    public var url: String?
    /// Who called the meeting.
    public var organizer: CalendarPerson?
    /// Who is invited.
    public var attendees: [CalendarPerson]
    /// Whether the meeting is on.
    public var status: Status
    /// When the meeting record last changed (`LAST-MODIFIED`).
    public var lastModified: Date?

    /// Creates a meeting; by default confirmed, revision 0, with no people.
    public init(
        uid: String, sequence: Int = 0, timing: Timing, summary: String, description: String? = nil,
        location: String? = nil, url: String? = nil, organizer: CalendarPerson? = nil,
        attendees: [CalendarPerson] = [], status: Status = .confirmed, lastModified: Date? = nil
    ) {
        self.uid = uid
        self.sequence = sequence
        self.timing = timing
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.status = status
        self.lastModified = lastModified
    }

    /// When an event happens: a period between two instants, or a whole day.
    public enum Timing: Sendable, Hashable {
        /// The half-open period `[start, end)`, written in the feed's time zone; an end before the start is
        /// written as the start.
        case timed(start: Date, end: Date)
        /// A whole business day: `DTSTART;VALUE=DATE` and `DTEND` on the next day.
        case allDay(CalendarDate)
    }

    /// The RFC 5545 event status.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }
}
