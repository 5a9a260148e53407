import BentaCore
import Foundation
import SQLKit

/// The append-only audit log. It has no update or delete: rows are written once, in the transaction of the change.
public struct AuditStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func append(_ event: AuditEvent) async throws {
        try await db.raw(
            """
            INSERT INTO audit_events (
                id, company_id, occurred_at, actor_id, action, entity_type, entity_id, details, request_id, origin)
            VALUES (\(bind: event.id.description), \(bind: event.companyID.description),
                \(bind: event.occurredAt.millisecondsSince1970), \(bind: event.actorID?.description),
                \(bind: event.action), \(bind: event.entityType), \(bind: event.entityID), \(bind: event.details),
                \(bind: event.requestID), \(bind: event.origin))
            """
        ).run()
    }

    /// The history of one record, newest first.
    public func history(
        companyID: Company.ID, entityType: String, entityID: String, limit: Int = 100
    )
        async throws -> [AuditEvent]
    {
        try await db.raw(
            """
            SELECT * FROM audit_events
            WHERE company_id = \(bind: companyID.description) AND entity_type = \(bind: entityType)
              AND entity_id = \(bind: entityID)
            ORDER BY occurred_at DESC, id DESC LIMIT \(literal: limit)
            """
        ).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            id: try row.id("id"), companyID: try row.id("company_id"), occurredAt: try row.date("occurred_at"),
            actorID: try row.optionalID("actor_id"), action: try row.string("action"),
            entityType: try row.string("entity_type"), entityID: try row.string("entity_id"),
            details: try row.string("details"), requestID: try row.optionalString("request_id"),
            origin: try row.optionalString("origin"))
    }
}
