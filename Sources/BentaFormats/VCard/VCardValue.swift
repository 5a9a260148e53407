import Foundation

/// One phone number or e-mail address of a vCard, with its `TYPE` labels.
public struct VCardValue: Sendable, Hashable {
    /// The number or address as written in the card (a `tel:` URI prefix is removed when reading).
    public var value: String
    /// Lowercased type labels such as `["work", "voice"]`; `pref` is not kept here but in ``isPreferred``.
    public var types: [String]
    /// The card marks this entry as the preferred one (`TYPE=pref` in 2.1/3.0, `PREF=1` in 4.0).
    public var isPreferred: Bool

    public init(value: String, types: [String] = [], isPreferred: Bool = false) {
        self.value = value
        self.types = types
        self.isPreferred = isPreferred
    }
}
