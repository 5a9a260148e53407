import BentaCore
import Foundation
import SQLKit

/// An audit row as people read it: the event and the name of the user who made it.
public struct AuditEntryRow: Sendable, Hashable {
    public var event: AuditEvent
    /// The actor's name; nil for a job's or a command's row.
    public var actorName: String?
    /// The chain link that seals the row (`seq`, `hash`); nil while it waits for the next seal.
    public var link: AuditLink?

    public init(event: AuditEvent, actorName: String?, link: AuditLink?) {
        self.event = event
        self.actorName = actorName
        self.link = link
    }
}

extension AuditStore {
    /// One page of a record's history, newest first (keyset on `(occurred_at, id)` over `audit_events_entity`).
    /// The caller has checked that the viewer may see the record.
    public func historyPage(
        companyID: Company.ID, entityType: String, entityID: String, page: PageRequest
    ) async throws -> Page<AuditEntryRow> {
        var sql: SQLQueryString = """
            SELECT e.*, u.name AS actor_name FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
            WHERE e.company_id = \(bind: companyID.description) AND e.entity_type = \(bind: entityType)
                AND e.entity_id = \(bind: entityID)
            """
        if let cursor = page.cursor, let position = TimelineCursor(encoded: cursor) {
            sql += """
                 AND (e.occurred_at < \(bind: position.at)
                    OR (e.occurred_at = \(bind: position.at) AND e.id < \(bind: position.id)))
                """
        }
        sql += " ORDER BY e.occurred_at DESC, e.id DESC LIMIT \(literal: page.limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(page.limit).map { row in
            AuditEntryRow(event: try Self.decode(row), actorName: try row.optionalString("actor_name"), link: nil)
        }
        var next: String?
        if rows.count > page.limit, let last = items.last?.event {
            next = TimelineCursor(at: last.occurredAt.millisecondsSince1970, id: last.id.description).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    /// The company's rows in `[from, to)`, oldest first, after `after` (`(occurred_at, id)`), at most `limit`, each
    /// with its actor's name and its chain link: one batch of the auditors' export (`audit_events_time`).
    public func exportBatch(
        companyID: Company.ID, from: Date, to: Date, after: (at: Int64, id: String)?, limit: Int
    ) async throws -> [AuditEntryRow] {
        var sql: SQLQueryString = """
            SELECT e.*, u.name AS actor_name, c.seq AS link_seq, c.hash AS link_hash
            FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
                LEFT JOIN audit_chain c ON c.event_id = e.id
            WHERE e.company_id = \(bind: companyID.description)
                AND e.occurred_at >= \(bind: from.millisecondsSince1970)
                AND e.occurred_at < \(bind: to.millisecondsSince1970)
            """
        if let after {
            sql += """
                 AND (e.occurred_at > \(bind: after.at) OR (e.occurred_at = \(bind: after.at) AND e.id > \(bind: after.id)))
                """
        }
        sql += " ORDER BY e.occurred_at, e.id LIMIT \(literal: limit)"
        return try await db.raw(sql).all().map { row in
            let event = try Self.decode(row)
            let link = try row.optionalString("link_hash").map { hash in
                AuditLink(seq: try row.int64("link_seq"), eventID: event.id.description, hash: hash)
            }
            return AuditEntryRow(event: event, actorName: try row.optionalString("actor_name"), link: link)
        }
    }
}
