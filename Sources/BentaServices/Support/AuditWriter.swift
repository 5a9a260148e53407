import BentaCore
import BentaStore
import Foundation

/// Writes one audit row inside the caller's transaction, so that a change and its record commit together.
struct AuditWriter: Sendable {
    let clock: AppClock

    func record(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, actor: User.ID?,
        details: [String: String] = [:], on db: StoreConnection
    ) async throws {
        try await AuditStore(db).append(
            try event(
                action, entityType: entityType, entityID: entityID, companyID: companyID, actor: actor,
                details: details))
    }

    /// The row `record` writes, for a caller that writes many at once (`BulkInsert.auditEvents`).
    func event(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, actor: User.ID?,
        details: [String: String] = [:]
    ) throws -> AuditEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(details), as: UTF8.self)
        return AuditEvent(
            id: clock.newID(), companyID: companyID, occurredAt: clock.now(), actorID: actor, action: action,
            entityType: entityType, entityID: entityID, details: text)
    }
}
