/// A party's contact point (EN 16931 BG-6 for the seller, BG-9 for the buyer).
public struct UBLContact: Sendable, Hashable {
    /// Contact person or department (BT-41/BT-56).
    public var name: String?
    /// Telephone number (BT-42/BT-57).
    public var telephone: String?
    /// Email address (BT-43/BT-58).
    public var email: String?

    /// Creates a contact point.
    public init(name: String? = nil, telephone: String? = nil, email: String? = nil) {
        self.name = name
        self.telephone = telephone
        self.email = email
    }
}
