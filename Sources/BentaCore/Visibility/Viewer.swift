import Foundation

/// Who is asking: the facts that decide which records a query may return.
public struct Viewer: Sendable, Hashable {
    public var userID: User.ID
    public var companyID: Company.ID
    public var role: Role

    public init(userID: User.ID, companyID: Company.ID, role: Role) {
        self.userID = userID
        self.companyID = companyID
        self.role = role
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
