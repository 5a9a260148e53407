import Foundation

/// A company's own bank CSV profile (issue 12): how its bank's CSV export is read, saved for the statement import
/// beside the ready profiles. The layout itself is `BankCSVProfile` (BentaFormats), stored here as its JSON
/// (``profileJSON``, snake_case keys, the profile's `id` being this record's); names are unique within a company
/// whatever their case. Archived profiles stay (statements imported with them name them) but are no longer offered
/// or used.
public struct SavedBankCSVProfile: Sendable, Hashable, VersionedRecord {
    public typealias ID = Identifier<SavedBankCSVProfile>

    public var id: ID
    public var companyID: Company.ID
    /// The profile's name, as in ``profileJSON``.
    public var name: String
    /// The `BankCSVProfile` as JSON.
    public var profileJSON: String
    public var isArchived: Bool
    public var createdBy: User.ID?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, name: String, profileJSON: String, isArchived: Bool = false,
        createdBy: User.ID?, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.name = name
        self.profileJSON = profileJSON
        self.isArchived = isArchived
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The key names are unique by: the name trimmed and lower-cased.
    public static func nameKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
