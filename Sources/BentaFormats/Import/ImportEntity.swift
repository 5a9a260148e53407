import Foundation

/// The kind of record a CSV import creates.
public enum ImportEntity: String, Sendable, Hashable, CaseIterable {
    case accounts
    case contacts
    case leads

    /// An English plural for messages ("accounts").
    public var label: String { rawValue }

    /// The fields an import of this kind can fill, in display order.
    public var fields: [ImportField] {
        ImportField.allCases.filter { $0.entities.contains(self) }
    }
}
