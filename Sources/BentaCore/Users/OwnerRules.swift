import Foundation

// Who may own a record, and who may give one to whom: the one rule behind every `owner_id` (accounts, deals,
// contracts, leads) and every task assignee.

extension Viewer {
    /// Whether this viewer may make `owner` the owner (or assignee) of a record: the head of sales and admins give
    /// records to anyone; everyone else keeps them (may name only themselves).
    public func mayAssign(owner: User.ID) -> Bool {
        role.mayReassignOwners || owner == userID
    }
}

extension User {
    /// Whether this user can be given records of `companyID`: an active user of that company whose role may own
    /// accounts.
    public func mayOwnRecords(of companyID: Company.ID) -> Bool {
        self.companyID == companyID && isActive && role.mayOwnAccounts
    }
}
