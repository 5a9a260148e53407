import Foundation

/// An API token as listed to its owner: never the secret, only a recognizable prefix.
public struct APIToken: Sendable, Hashable {
    public typealias ID = Identifier<APIToken>
    public var id: ID
    public var companyID: Company.ID
    public var userID: User.ID
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: ID, companyID: Company.ID, userID: User.ID, name: String, prefix: String, createdAt: Date,
        lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.companyID = companyID
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }
}
