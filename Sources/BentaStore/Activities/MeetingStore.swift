import BentaCore
import Foundation
import SQLKit

/// Meetings and their attendees. A manager sees meetings they organize or attend, and those on records they see.
public struct MeetingStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    private static func visible(_ viewer: Viewer) -> SQLQueryString {
        switch viewer.scope {
        case .wholeCompany:
            return VisibilitySQL.related(viewer, alias: "m", personalColumn: "organizer_id")
        case .ownedOrShared(let user):
            return "(" + VisibilitySQL.related(viewer, alias: "m", personalColumn: "organizer_id")
                + " OR m.id IN (SELECT ma.meeting_id FROM meeting_attendees ma WHERE ma.user_id = \(bind: user.description)))"
        }
    }

    /// The meeting if the viewer may see it; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: Meeting.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Meeting? {
        let sql: SQLQueryString =
            "SELECT * FROM meetings m WHERE m.id = \(bind: id.description) AND " + Self.visible(viewer)
        guard let meeting = try await db.first(sql, forUpdate: forUpdate, locking: "m", decode: Self.decode) else {
            return nil
        }
        return try await withAttendees([meeting]).first
    }

    /// Meetings starting in `[from, to)` that the viewer may see, optionally only those `involving` a user.
    public func list(
        viewer: Viewer, from: Date, to: Date, involving user: User.ID? = nil, accountID: Account.ID? = nil,
        leadID: Lead.ID? = nil, limit: Int = 500
    ) async throws -> [Meeting] {
        var sql: SQLQueryString = "SELECT * FROM meetings m WHERE " + Self.visible(viewer)
        sql +=
            " AND m.starts_at >= \(bind: from.millisecondsSince1970) AND m.starts_at < \(bind: to.millisecondsSince1970)"
        if let user {
            sql +=
                " AND (m.organizer_id = \(bind: user.description) OR m.id IN (SELECT ma.meeting_id FROM meeting_attendees ma WHERE ma.user_id = \(bind: user.description)))"
        }
        if let accountID { sql += " AND m.account_id = \(bind: accountID.description)" }
        if let leadID { sql += " AND m.lead_id = \(bind: leadID.description)" }
        sql += " ORDER BY m.starts_at, m.id LIMIT \(literal: limit)"
        return try await withAttendees(try await db.raw(sql).all().map(Self.decode))
    }

    public func insert(_ meeting: Meeting) async throws {
        try await db.raw(
            """
            INSERT INTO meetings (id, company_id, title, starts_at, duration_minutes, place, link, agenda, outcome,
                account_id, lead_id, organizer_id, is_cancelled, created_at, updated_at, version)
            VALUES (\(bind: meeting.id.description), \(bind: meeting.companyID.description), \(bind: meeting.title),
                \(bind: meeting.startsAt.millisecondsSince1970), \(bind: Int64(meeting.durationMinutes)),
                \(bind: meeting.place), \(bind: meeting.link), \(bind: meeting.agenda), \(bind: meeting.outcome),
                \(bind: meeting.accountID?.description), \(bind: meeting.leadID?.description),
                \(bind: meeting.organizerID.description), \(bind: meeting.isCancelled),
                \(bind: meeting.createdAt.millisecondsSince1970), \(bind: meeting.updatedAt.millisecondsSince1970),
                \(bind: meeting.version))
            """
        ).run()
        try await writeAttendees(meeting)
    }

    public func update(_ meeting: Meeting, expectedVersion: Int64) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE meetings SET title = \(bind: meeting.title), starts_at = \(bind: meeting.startsAt.millisecondsSince1970),
                duration_minutes = \(bind: Int64(meeting.durationMinutes)), place = \(bind: meeting.place),
                link = \(bind: meeting.link), agenda = \(bind: meeting.agenda), outcome = \(bind: meeting.outcome),
                account_id = \(bind: meeting.accountID?.description), lead_id = \(bind: meeting.leadID?.description),
                is_cancelled = \(bind: meeting.isCancelled), updated_at = \(bind: meeting.updatedAt.millisecondsSince1970),
                version = \(bind: meeting.version)
            WHERE id = \(bind: meeting.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { return false }
        try await db.raw("DELETE FROM meeting_attendees WHERE meeting_id = \(bind: meeting.id.description)").run()
        try await writeAttendees(meeting)
        return true
    }

    /// Files a lead's meetings under the account it became.
    public func attachLeadMeetings(_ lead: Lead.ID, to account: Account.ID) async throws {
        try await db.raw(
            """
            UPDATE meetings SET account_id = \(bind: account.description)
            WHERE lead_id = \(bind: lead.description) AND account_id IS NULL
            """
        ).run()
    }

    private func writeAttendees(_ meeting: Meeting) async throws {
        for contact in Set(meeting.contactIDs) {
            try await db.raw(
                """
                INSERT INTO meeting_attendees (meeting_id, contact_id, user_id)
                VALUES (\(bind: meeting.id.description), \(bind: contact.description), NULL)
                """
            ).run()
        }
        for user in Set(meeting.userIDs) {
            try await db.raw(
                """
                INSERT INTO meeting_attendees (meeting_id, contact_id, user_id)
                VALUES (\(bind: meeting.id.description), NULL, \(bind: user.description))
                """
            ).run()
        }
    }

    /// Fills in attendees with one query for the whole list.
    private func withAttendees(_ meetings: [Meeting]) async throws -> [Meeting] {
        guard !meetings.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT meeting_id, contact_id, user_id FROM meeting_attendees
            WHERE meeting_id IN (\(binds: meetings.map(\.id.description)))
            """
        ).all()
        var contacts: [String: [Contact.ID]] = [:]
        var users: [String: [User.ID]] = [:]
        for row in rows {
            let meeting = try row.string("meeting_id")
            if let contact: Contact.ID = try row.optionalID("contact_id") {
                contacts[meeting, default: []].append(contact)
            }
            if let user: User.ID = try row.optionalID("user_id") { users[meeting, default: []].append(user) }
        }
        return meetings.map { meeting in
            var copy = meeting
            copy.contactIDs = (contacts[meeting.id.description] ?? []).sorted()
            copy.userIDs = (users[meeting.id.description] ?? []).sorted()
            return copy
        }
    }

    static func decode(_ row: any SQLRow) throws -> Meeting {
        Meeting(
            id: try row.id("id"), companyID: try row.id("company_id"), title: try row.string("title"),
            startsAt: try row.date("starts_at"), durationMinutes: Int(try row.int64("duration_minutes")),
            place: try row.optionalString("place"), link: try row.optionalString("link"),
            agenda: try row.optionalString("agenda"), outcome: try row.optionalString("outcome"),
            accountID: try row.optionalID("account_id"), leadID: try row.optionalID("lead_id"),
            organizerID: try row.id("organizer_id"), isCancelled: try row.bool("is_cancelled"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}
