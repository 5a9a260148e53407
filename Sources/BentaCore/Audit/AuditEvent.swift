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
    /// Short JSON with what changed; never secrets.
    public var details: String

    public init(
        id: ID, companyID: Company.ID, occurredAt: Date, actorID: User.ID?, action: String, entityType: String,
        entityID: String, details: String
    ) {
        self.id = id
        self.companyID = companyID
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.details = details
    }
}
