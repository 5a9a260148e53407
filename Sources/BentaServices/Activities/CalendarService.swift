import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// Each user's secret calendar feed: their meetings and due tasks as iCalendar for calendar apps to subscribe to.
public struct CalendarService: Sendable {
    let database: any AppDatabase
    let clock: AppClock

    /// The user's feed token, made on first use.
    public func token(for user: User.ID) async throws -> String {
        if let existing = try await database.read({ db in try await CalendarFeedStore(db).token(of: user) }) {
            return existing
        }
        return try await regenerateToken(for: user)
    }

    /// A new token; the old feed URL stops working at once.
    public func regenerateToken(for user: User.ID) async throws -> String {
        let token = Secrets.randomToken(bytes: 24)
        try await database.transaction { db in
            try await CalendarFeedStore(db).setToken(token, for: user, at: clock.now())
        }
        return token
    }

    /// The feed behind a token, or nil when the token is unknown or its user disabled. Meetings from 90 days back
    /// to a year ahead; open tasks and those completed in the last 30 days.
    public func feed(token: String, linkBase: String?) async throws -> String? {
        guard token.count >= 16, token.count <= 100 else { return nil }
        let now = clock.now()
        return try await database.read { db -> String? in
            guard let userID = try await CalendarFeedStore(db).user(forToken: token),
                let user = try await UserStore(db).find(userID), user.isActive,
                let company = try await CompanyStore(db).find(user.companyID)
            else { return nil }
            // Meetings the user organizes or attends, whoever's account they are on.
            let everything = Viewer(userID: user.id, companyID: user.companyID, role: .admin)
            let meetings = try await MeetingStore(db).list(
                viewer: everything, from: now.addingTimeInterval(-90 * 86400), to: now.addingTimeInterval(366 * 86400),
                involving: user.id)
            let tasks = try await TaskStore(db).openTasks(
                assignee: user.id, from: now.addingTimeInterval(-365 * 86400), to: now.addingTimeInterval(366 * 86400)
            ).filter { $0.completedAt.map { now.timeIntervalSince($0) < 30 * 86400 } ?? true }
            let users = try await UserStore(db).all(companyID: user.companyID)
            let contactIDs = Set(meetings.flatMap(\.contactIDs))
            var contacts: [Contact.ID: Contact] = [:]
            for id in contactIDs {
                if let contact = try await ContactStore(db).find(id, viewer: everything) { contacts[id] = contact }
            }
            let zone = company.settings.timeZone
            let events = meetings.map { meeting in
                let organizer = users.first { $0.id == meeting.organizerID }
                let people =
                    meeting.contactIDs.compactMap { contacts[$0] }.map {
                        CalendarPerson(name: $0.fields.name, email: $0.fields.emails.first?.value)
                    }
                    + meeting.userIDs.compactMap { id in users.first { $0.id == id } }.map {
                        CalendarPerson(name: $0.name, email: $0.email.value)
                    }
                return CalendarEvent(
                    uid: "meeting-\(meeting.id)@benta", sequence: Int(meeting.version - 1),
                    timing: .timed(start: meeting.startsAt, end: meeting.endsAt), summary: meeting.title,
                    description: meeting.agenda, location: meeting.link ?? meeting.place,
                    url: linkBase.map { "\($0)/meetings/\(meeting.id)" },
                    organizer: organizer.map { CalendarPerson(name: $0.name, email: $0.email.value, role: .chair) },
                    attendees: people, status: meeting.isCancelled ? .cancelled : .confirmed,
                    lastModified: meeting.updatedAt)
            }
            let todos = tasks.map { task in
                CalendarTodo(
                    uid: "task-\(task.id)@benta", sequence: Int(task.version - 1), summary: task.title,
                    description: task.notes,
                    due: task.isAllDay ? .date(CalendarDate.from(task.dueAt, in: zone)) : .dateTime(task.dueAt),
                    priority: task.priority == .high ? 1 : task.priority == .low ? 9 : 5,
                    completedAt: task.completedAt, url: linkBase.map { "\($0)/tasks" }, lastModified: task.updatedAt)
            }
            let feed = CalendarFeed(
                name: "Benta · \(user.name)", timeZone: zone, events: events, todos: todos)
            return feed.render(now: now)
        }
    }
}
