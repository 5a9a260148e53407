import Foundation

/// What an API token may be used for.
public enum APITokenPurpose: String, Sendable, Hashable, Codable, CaseIterable {
    /// The user's own use of the API, with the user's visibility; it cannot post inbound mail or calls.
    case personal
    /// A mail server or PBX delivering inbound email and calls (`/api/v1/inbound/email`, `/api/v1/calls/inbound`)
    /// and nothing else. Only an admin creates one, so what it files is seen company-wide and its answers never
    /// reveal a record someone else may not see.
    case inbound

    /// The paths only an inbound token calls.
    public static let inboundPaths: Set<String> = ["/api/v1/inbound/email", "/api/v1/calls/inbound"]

    /// Whether a token of this purpose may call `path`.
    public func allows(path: String) -> Bool {
        var normalized = path.lowercased()
        while normalized.count > 1 && normalized.hasSuffix("/") { normalized.removeLast() }
        let isInbound = Self.inboundPaths.contains(normalized)
        return self == .inbound ? isInbound : !isInbound
    }

    /// Whether a user of `role` may hold a token of this purpose.
    public func isAllowed(for role: Role) -> Bool {
        self == .personal || role.isAdministrator
    }
}

/// An API token as listed to its owner: never the secret, only a recognizable prefix.
public struct APIToken: Sendable, Hashable {
    public typealias ID = Identifier<APIToken>
    public var id: ID
    public var companyID: Company.ID
    public var userID: User.ID
    public var name: String
    public var purpose: APITokenPurpose
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: ID, companyID: Company.ID, userID: User.ID, name: String, purpose: APITokenPurpose = .personal,
        prefix: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.purpose = purpose
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
