import Foundation

/// One hit of the search box.
public struct SearchHit: Sendable, Hashable {
    public enum Entity: String, Sendable, Hashable, CaseIterable {
        case account
        case contact
        case lead
        case deal
        /// An issued invoice or credit note, found by its number.
        case invoice
    }

    public var entity: Entity
    public var id: String
    public var title: String
    public var subtitle: String?

    public init(entity: Entity, id: String, title: String, subtitle: String?) {
        self.entity = entity
        self.id = id
        self.title = title
        self.subtitle = subtitle
    }
}
