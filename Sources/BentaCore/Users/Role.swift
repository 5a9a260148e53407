import Foundation

/// What a user does in the company; decides which records they see. Which work each role does (issue invoices,
/// record payments, change deals, …) is the company's own setting: ``DutySettings``.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case head
    case manager
    case accountant

    /// Head, admin and accountant see every record of the company; a manager sees their own and their teams'.
    public var seesAllRecords: Bool { self != .manager }

    /// Whether the role may give a record to another owner.
    public var mayReassignOwners: Bool { self == .admin || self == .head }

    /// Whether the role may own accounts (be the responsible manager).
    public var mayOwnAccounts: Bool { self == .manager || self == .head || self == .admin }

    /// Whether the role may change users, company settings and other administration.
    public var isAdministrator: Bool { self == .admin }
}
