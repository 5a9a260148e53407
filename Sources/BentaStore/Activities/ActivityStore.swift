import BentaCore
import Foundation
import SQLKit

/// Timelines. Callers check that the viewer may see the account, contact or lead before reading its timeline.
public struct ActivityStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ activity: Activity) async throws {
        try await db.raw(
            """
            INSERT INTO activities (id, company_id, kind, direction, subject, body, occurred_at, duration_seconds,
                outcome, phone, account_id, contact_id, lead_id, user_id, message_id, system_text, created_at)
            VALUES (\(bind: activity.id.description), \(bind: activity.companyID.description),
                \(bind: activity.kind.rawValue), \(bind: activity.direction?.rawValue), \(bind: activity.subject),
                \(bind: activity.body), \(bind: activity.occurredAt.millisecondsSince1970),
                \(bind: activity.durationSeconds.map(Int64.init)), \(bind: activity.outcome), \(bind: activity.phone),
                \(bind: activity.accountID?.description), \(bind: activity.contactID?.description),
                \(bind: activity.leadID?.description), \(bind: activity.userID?.description),
                \(bind: activity.messageID?.description), \(bind: try SystemTextColumn.encode(activity.systemText)),
                \(bind: activity.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// One page of a timeline, newest first.
    public func timeline(
        _ owner: TimelineOwner, companyID: Company.ID, limit: Int, cursor: String?
    ) async throws
        -> Page<Activity>
    {
        var sql: SQLQueryString = "SELECT * FROM activities t WHERE t.company_id = \(bind: companyID.description) AND "
        switch owner {
        case .account(let id): sql += "t.account_id = \(bind: id.description)"
        case .contact(let id): sql += "t.contact_id = \(bind: id.description)"
        case .lead(let id): sql += "t.lead_id = \(bind: id.description)"
        }
        if let cursor, let position = TimelineCursor(encoded: cursor) {
            sql +=
                " AND (t.occurred_at < \(bind: position.at) OR (t.occurred_at = \(bind: position.at) AND t.id < \(bind: position.id)))"
        }
        sql += " ORDER BY t.occurred_at DESC, t.id DESC LIMIT \(literal: limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(limit).map(Self.decode)
        var next: String?
        if rows.count > limit, let last = items.last {
            next = TimelineCursor(at: last.occurredAt.millisecondsSince1970, id: last.id.description).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    /// Moves a lead's history to the account and contact it became (conversion keeps every entry).
    public func attachLeadHistory(_ lead: Lead.ID, to account: Account.ID, contact: Contact.ID?) async throws {
        try await db.raw(
            """
            UPDATE activities SET account_id = \(bind: account.description),
                contact_id = COALESCE(contact_id, \(bind: contact?.description))
            WHERE lead_id = \(bind: lead.description)
            """
        ).run()
    }

    /// Re-points every entry of one account (or contact) to another, for merges.
    public func reassign(fromAccount: Account.ID, toAccount: Account.ID) async throws {
        try await db.raw(
            "UPDATE activities SET account_id = \(bind: toAccount.description) WHERE account_id = \(bind: fromAccount.description)"
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> Activity {
        guard let kind = Activity.Kind(rawValue: try row.string("kind")) else {
            throw CorruptRow(description: "activity kind")
        }
        return Activity(
            id: try row.id("id"), companyID: try row.id("company_id"), kind: kind,
            direction: try row.optionalString("direction").flatMap(Activity.Direction.init(rawValue:)),
            subject: try row.string("subject"), body: try row.optionalString("body"),
            occurredAt: try row.date("occurred_at"),
            durationSeconds: try row.optionalInt64("duration_seconds").map(Int.init),
            outcome: try row.optionalString("outcome"), phone: try row.optionalString("phone"),
            accountID: try row.optionalID("account_id"), contactID: try row.optionalID("contact_id"),
            leadID: try row.optionalID("lead_id"), userID: try row.optionalID("user_id"),
            messageID: try row.optionalID("message_id"), systemText: try SystemTextColumn.decode(row),
            createdAt: try row.date("created_at"))
    }
}
