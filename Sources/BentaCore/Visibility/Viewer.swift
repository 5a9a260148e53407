import Foundation

/// Who is asking: the facts that decide which records a query may return.
public struct Viewer: Sendable, Hashable {
    public var userID: User.ID
    public var companyID: Company.ID
    public var role: Role
    /// The HTTP request this viewer acts in (its `X-Request-ID`), which the audit rows of its changes carry; nil
    /// outside a request (the CLI, background jobs).
    public var requestID: String?

    public init(userID: User.ID, companyID: Company.ID, role: Role, requestID: String? = nil) {
        self.userID = userID
        self.companyID = companyID
        self.role = role
        self.requestID = requestID
    }

    /// The same viewer acting in the request `id`.
    public func inRequest(_ id: String?) -> Viewer {
        var copy = self
        copy.requestID = id
        return copy
    }

    /// Which customer records this viewer may see and change.
    public var scope: VisibilityScope {
        role.seesAllRecords ? .wholeCompany : .ownedOrShared(userID)
    }
}

/// The one visibility rule of Benta: a manager sees what they own or what is shared with one of their teams;
/// head, admin and accountant see the whole company. Stores translate it into their queries.
public enum VisibilityScope: Sendable, Hashable {
    case wholeCompany
    case ownedOrShared(User.ID)
}
