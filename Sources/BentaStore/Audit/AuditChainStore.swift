import BentaCore
import Foundation
import SQLKit

/// The per-company hash chain over the audit log: link `seq` seals one event with the SHA-256 of the event and of
/// link `seq - 1`. Links are only inserted; two sealers racing for the same sequence number cannot both win (the
/// primary key), so the chain never forks.
public struct AuditChainStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The last link of the company's chain, if any.
    public func head(companyID: Company.ID) async throws -> AuditLink? {
        try await db.raw(
            """
            SELECT seq, event_id, hash FROM audit_chain WHERE company_id = \(bind: companyID.description)
            ORDER BY seq DESC LIMIT 1
            """
        ).first().map(Self.decodeLink)
    }

    /// Events not yet sealed, oldest first (by time, then id), at most `limit`: from the queue of unsealed events
    /// (`audit_unsealed`, migration 45), never by walking the log.
    public func unsealed(companyID: Company.ID, limit: Int) async throws -> [AuditEvent] {
        try await db.raw(
            """
            SELECT e.* FROM audit_unsealed u CROSS JOIN audit_events e
            WHERE u.company_id = \(bind: companyID.description) AND e.id = u.event_id
            ORDER BY u.occurred_at, u.event_id LIMIT \(literal: limit)
            """
        ).all().map(AuditStore.decode)
    }

    /// How many events wait for their seal.
    public func unsealedCount(companyID: Company.ID) async throws -> Int {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS n FROM audit_unsealed u CROSS JOIN audit_events e
            WHERE u.company_id = \(bind: companyID.description) AND e.id = u.event_id
            """
        ).first()
        return Int(try row?.int64("n") ?? 0)
    }

    /// Takes sealed events off the queue (in the transaction that sealed them).
    public func dequeue(_ eventIDs: [String]) async throws {
        guard !eventIDs.isEmpty else { return }
        try await db.raw("DELETE FROM audit_unsealed WHERE event_id IN (\(binds: eventIDs))").run()
    }

    /// Inserts a link; false when another sealer took that sequence number (or sealed that event) first.
    public func insert(_ link: AuditLink, companyID: Company.ID, at now: Date) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO audit_chain (company_id, seq, event_id, hash, sealed_at)
            VALUES (\(bind: companyID.description), \(bind: link.seq), \(bind: link.eventID), \(bind: link.hash),
                \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING RETURNING seq
            """
        ).all().isEmpty)
    }

    /// The links after `seq`, in order, each with its event as stored now (nil when the event row is gone).
    public func links(
        companyID: Company.ID, after seq: Int64, limit: Int
    ) async throws -> [(link: AuditLink, event: AuditEvent?)] {
        let rows = try await db.raw(
            """
            SELECT c.seq, c.event_id, c.hash, e.id, e.company_id, e.occurred_at, e.actor_id, e.action,
                e.entity_type, e.entity_id, e.details, e.request_id, e.origin
            FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
            WHERE c.company_id = \(bind: companyID.description) AND c.seq > \(bind: seq)
            ORDER BY c.seq LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            let link = try Self.decodeLink(row)
            let event = try row.optionalString("id") == nil ? nil : try AuditStore.decode(row)
            return (link, event)
        }
    }

    /// Every company's id (the sealing job walks them).
    public func companyIDs() async throws -> [Company.ID] {
        try await db.raw("SELECT id FROM companies ORDER BY id").all().map { try $0.id("id") }
    }

    static func decodeLink(_ row: any SQLRow) throws -> AuditLink {
        AuditLink(seq: try row.int64("seq"), eventID: try row.string("event_id"), hash: try row.string("hash"))
    }
}

/// One link of the audit chain.
public struct AuditLink: Sendable, Hashable {
    public var seq: Int64
    public var eventID: String
    public var hash: String

    public init(seq: Int64, eventID: String, hash: String) {
        self.seq = seq
        self.eventID = eventID
        self.hash = hash
    }
}
