import Foundation

/// Something a user has to do by a time: call back, send a quote, visit.
public struct TaskItem: Sendable, Hashable {
    public typealias ID = Identifier<TaskItem>

    public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
        case low
        case normal
        case high
    }

    public var id: ID
    public var companyID: Company.ID
    public var title: String
    public var notes: String?
    public var dueAt: Date
    /// When true, only the calendar date of `dueAt` (in the company's time zone) matters.
    public var isAllDay: Bool
    public var assigneeID: User.ID
    public var priority: Priority
    public var accountID: Account.ID?
    public var contactID: Contact.ID?
    public var leadID: Lead.ID?
    public var completedAt: Date?
    public var createdByID: User.ID?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64
    /// Set on the tasks Benta makes itself: the title and notes as a message key, shown in the reader's language.
    public var systemText: SystemText?

    public init(
        id: ID, companyID: Company.ID, title: String, notes: String? = nil, dueAt: Date, isAllDay: Bool,
        assigneeID: User.ID, priority: Priority, accountID: Account.ID? = nil, contactID: Contact.ID? = nil,
        leadID: Lead.ID? = nil, completedAt: Date? = nil, createdByID: User.ID?, createdAt: Date, updatedAt: Date,
        version: Int64, systemText: SystemText? = nil
    ) {
        self.id = id
        self.companyID = companyID
        self.title = title
        self.notes = notes
        self.dueAt = dueAt
        self.isAllDay = isAllDay
        self.assigneeID = assigneeID
        self.priority = priority
        self.accountID = accountID
        self.contactID = contactID
        self.leadID = leadID
        self.completedAt = completedAt
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.systemText = systemText
    }

    public var isDone: Bool { completedAt != nil }

    /// Open and past its due time (for an all-day task: past the end of its day in `timeZone`).
    public func isOverdue(now: Date, timeZone: TimeZone) -> Bool {
        guard completedAt == nil else { return false }
        if isAllDay {
            return CalendarDate.from(dueAt, in: timeZone) < CalendarDate.from(now, in: timeZone)
        }
        return dueAt < now
    }
}

/// A meeting with customer representatives.
public struct Meeting: Sendable, Hashable {
    public typealias ID = Identifier<Meeting>

    public var id: ID
    public var companyID: Company.ID
    public var title: String
    public var startsAt: Date
    public var durationMinutes: Int
    public var place: String?
    public var link: String?
    public var agenda: String?
    public var outcome: String?
    public var accountID: Account.ID?
    public var leadID: Lead.ID?
    public var organizerID: User.ID
    public var contactIDs: [Contact.ID]
    public var userIDs: [User.ID]
    public var isCancelled: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, title: String, startsAt: Date, durationMinutes: Int, place: String? = nil,
        link: String? = nil, agenda: String? = nil, outcome: String? = nil, accountID: Account.ID? = nil,
        leadID: Lead.ID? = nil, organizerID: User.ID, contactIDs: [Contact.ID] = [], userIDs: [User.ID] = [],
        isCancelled: Bool = false, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.title = title
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.place = place
        self.link = link
        self.agenda = agenda
        self.outcome = outcome
        self.accountID = accountID
        self.leadID = leadID
        self.organizerID = organizerID
        self.contactIDs = contactIDs
        self.userIDs = userIDs
        self.isCancelled = isCancelled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    public var endsAt: Date { startsAt.addingTimeInterval(TimeInterval(durationMinutes * 60)) }
}
