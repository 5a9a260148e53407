import Foundation

/// One entry of the append-only audit log: who did what to which record, and when.
public struct AuditEvent: Sendable, Hashable {
    public typealias ID = Identifier<AuditEvent>

    public var id: ID
    public var companyID: Company.ID
    public var occurredAt: Date
    public var actorID: User.ID?
    public var action: String
    public var entityType: String
    public var entityID: String
    /// Short JSON with what changed; never secrets. A change's fields are under `changes`, each `{from, to}`.
    public var details: String
    /// The id of the HTTP request that made the change (its `X-Request-ID`); nil for the CLI and background jobs.
    public var requestID: String?
    /// What made a change outside a request: a job's or a command's name (`job:contract-billing`, `cli`).
    public var origin: String?

    public init(
        id: ID, companyID: Company.ID, occurredAt: Date, actorID: User.ID?, action: String, entityType: String,
        entityID: String, details: String, requestID: String? = nil, origin: String? = nil
    ) {
        self.id = id
        self.companyID = companyID
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.details = details
        self.requestID = requestID
        self.origin = origin
    }
}
