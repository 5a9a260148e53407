import BentaCore
import Foundation

/// One task (Gawain) in a calendar feed, written as a `VTODO`, as a `VEVENT`, or both (see `CalendarFeed.TaskStyle`).
public struct CalendarTodo: Sendable, Hashable {
    /// The globally unique, stable identifier, for example `task-<uuid>@benta`.
    ///
    /// The `VEVENT` copy of the task uses `eventUID`, so each component keeps its own UID.
    public var uid: String
    /// The revision number (`SEQUENCE`), taken from the record version.
    public var sequence: Int
    /// The title.
    public var summary: String
    /// Free text notes.
    public var description: String?
    /// When the task is due.
    public var due: Due
    /// The priority, 1 (highest) to 9 (lowest); nil leaves it undefined. Values outside 1...9 are clamped.
    public var priority: Int?
    /// When the task was completed; nil while it still needs action.
    public var completedAt: Date?
    /// A link back to the task in Benta; also appended to the description.
    public var url: String?
    /// When the task record last changed (`LAST-MODIFIED`).
    public var lastModified: Date?

    /// Creates a task; by default still open, revision 0, with no priority.
    public init(
        uid: String, sequence: Int = 0, summary: String, description: String? = nil, due: Due, priority: Int? = nil,
        completedAt: Date? = nil, url: String? = nil, lastModified: Date? = nil
    ) {
        self.uid = uid
        self.sequence = sequence
        self.summary = summary
        self.description = description
        self.due = due
        self.priority = priority
        self.completedAt = completedAt
        self.url = url
        self.lastModified = lastModified
    }

    /// Whether the task is done (`STATUS:COMPLETED`); otherwise it is `STATUS:NEEDS-ACTION`.
    public var isCompleted: Bool { completedAt != nil }

    /// The UID of the task's `VEVENT` copy: `event-` before the task UID.
    public var eventUID: String { "event-" + uid }

    /// When a task is due: an instant, or a business day with no time.
    public enum Due: Sendable, Hashable {
        /// Due at an instant, written in the feed's time zone.
        case dateTime(Date)
        /// Due some time on a business day.
        case date(CalendarDate)
    }
}
