import BentaCore
import BentaStore
import Foundation

/// Writes one audit row inside the caller's transaction, so that a change and its record commit together.
///
/// The row's details are a flat JSON object of the caller's facts plus, under `changes`, each changed field with its
/// value before and after (`{"changes":{"name":{"from":"A","to":"B"}}}`; ``AuditChanges``, never secrets). The row
/// carries the viewer's request id, or the origin (a job's name) of a change made outside a request.
struct AuditWriter: Sendable {
    let clock: AppClock

    func record(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, actor: User.ID?,
        details: [String: String] = [:], changes: [String: AuditChanges.Change] = [:], requestID: String? = nil,
        origin: String? = nil, on db: StoreConnection
    ) async throws {
        try await AuditStore(db).append(
            try event(
                action, entityType: entityType, entityID: entityID, companyID: companyID, actor: actor,
                details: details, changes: changes, requestID: requestID, origin: origin))
    }

    /// A row made by `viewer` (who, and in which request); `created` is the new record, whose values it carries
    /// (else `changes`, for a change made outside the change path).
    func record(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, by viewer: Viewer,
        details: [String: String] = [:], created: Any? = nil, changes: [String: AuditChanges.Change] = [:],
        on db: StoreConnection
    ) async throws {
        try await record(
            action, entityType: entityType, entityID: entityID, companyID: companyID, actor: viewer.userID,
            details: details, changes: created.map(AuditChanges.created) ?? changes, requestID: viewer.requestID,
            on: db)
    }

    /// The row `record` writes, for a caller that writes many at once (`BulkInsert.auditEvents`).
    func event(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, actor: User.ID?,
        details: [String: String] = [:], changes: [String: AuditChanges.Change] = [:], requestID: String? = nil,
        origin: String? = nil
    ) throws -> AuditEvent {
        AuditEvent(
            id: clock.newID(), companyID: companyID, occurredAt: clock.now(), actorID: actor, action: action,
            entityType: entityType, entityID: entityID, details: try Self.detailsJSON(details, changes: changes),
            requestID: requestID, origin: origin)
    }

    /// A row `viewer` made, for a caller that writes many at once: the same row as `record(…, by:)` writes.
    func event(
        _ action: String, entityType: String, entityID: String, companyID: Company.ID, by viewer: Viewer,
        details: [String: String] = [:], created: Any? = nil, changes: [String: AuditChanges.Change] = [:]
    ) throws -> AuditEvent {
        try event(
            action, entityType: entityType, entityID: entityID, companyID: companyID, actor: viewer.userID,
            details: details, changes: created.map(AuditChanges.created) ?? changes, requestID: viewer.requestID)
    }

    /// The details column: the facts (secrets left out) and, when there are any, the changes; keys sorted.
    static func detailsJSON(_ details: [String: String], changes: [String: AuditChanges.Change]) throws -> String {
        var object: [String: DetailValue] = [:]
        for (key, value) in details where !AuditChanges.isSecret(key) { object[key] = .text(value) }
        if !changes.isEmpty { object["changes"] = .changes(changes) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    private enum DetailValue: Encodable {
        case text(String)
        case changes([String: AuditChanges.Change])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .changes(let changes): try container.encode(changes)
            }
        }
    }
}
