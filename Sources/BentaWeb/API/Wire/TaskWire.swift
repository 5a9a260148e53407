import BentaCore
import BentaServices
import Foundation

/// A task as the API returns it.
struct TaskResponse: Encodable {
    let task: TaskItem
    let isOverdue: Bool

    func encode(to encoder: any Encoder) throws {
        let t = task
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(t.id.description, forKey: .id)
        try c.encode(t.title, forKey: .title)
        try c.encode(t.notes, forKey: .notes)
        try c.encode(t.dueAt, forKey: .dueAt)
        try c.encode(t.isAllDay, forKey: .isAllDay)
        try c.encode(t.assigneeID.description, forKey: .assigneeId)
        try c.encode(t.priority.rawValue, forKey: .priority)
        try c.encode(t.accountID?.description, forKey: .accountId)
        try c.encode(t.contactID?.description, forKey: .contactId)
        try c.encode(t.leadID?.description, forKey: .leadId)
        try c.encode(t.completedAt, forKey: .completedAt)
        try c.encode(t.isDone, forKey: .isDone)
        try c.encode(isOverdue, forKey: .isOverdue)
        try c.encode(t.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, title, notes, dueAt, isAllDay, assigneeId, priority, accountId, contactId, leadId, completedAt
        case isDone, isOverdue, version
    }
}

/// `POST /api/v1/tasks`.
struct TaskRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "title", "notes", "due_at", "is_all_day", "assignee_id", "priority", "account_id", "contact_id", "lead_id",
    ]
    var title: String?
    var notes: String?
    var dueAt: String?
    var isAllDay: Bool?
    var assigneeId: String?
    var priority: String?
    var accountId: String?
    var contactId: String?
    var leadId: String?
}

/// A meeting as the API returns it.
struct MeetingResponse: Encodable {
    let meeting: Meeting

    func encode(to encoder: any Encoder) throws {
        let m = meeting
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(m.id.description, forKey: .id)
        try c.encode(m.title, forKey: .title)
        try c.encode(m.startsAt, forKey: .startsAt)
        try c.encode(m.endsAt, forKey: .endsAt)
        try c.encode(m.durationMinutes, forKey: .durationMinutes)
        try c.encode(m.place, forKey: .place)
        try c.encode(m.link, forKey: .link)
        try c.encode(m.agenda, forKey: .agenda)
        try c.encode(m.outcome, forKey: .outcome)
        try c.encode(m.accountID?.description, forKey: .accountId)
        try c.encode(m.leadID?.description, forKey: .leadId)
        try c.encode(m.organizerID.description, forKey: .organizerId)
        try c.encode(m.contactIDs.map(\.description), forKey: .contactIds)
        try c.encode(m.userIDs.map(\.description), forKey: .userIds)
        try c.encode(m.isCancelled, forKey: .isCancelled)
        try c.encode(m.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, title, startsAt, endsAt, durationMinutes, place, link, agenda, outcome, accountId, leadId
        case organizerId, contactIds, userIds, isCancelled, version
    }
}
