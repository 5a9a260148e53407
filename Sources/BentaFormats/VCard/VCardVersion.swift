import Foundation

/// The vCard version ``VCardWriter`` produces.
public enum VCardVersion: Sendable, Hashable {
    /// vCard 3.0 (RFC 2426): what most address books, Google Contacts and Outlook import.
    case v3
    /// vCard 4.0 (RFC 6350).
    case v4

    /// The text of the `VERSION` property.
    public var text: String {
        switch self {
        case .v3: "3.0"
        case .v4: "4.0"
        }
    }
}
