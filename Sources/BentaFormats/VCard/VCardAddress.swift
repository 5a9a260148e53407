import Foundation

/// A postal address (`ADR`) of a vCard, split into its seven components.
public struct VCardAddress: Sendable, Hashable {
    /// Lowercased type labels such as `["home"]`; `pref` is dropped.
    public var types: [String]
    public var poBox: String
    /// Extended address: suite, floor, building.
    public var extended: String
    public var street: String
    /// City or town.
    public var locality: String
    /// State, province or region.
    public var region: String
    public var postalCode: String
    public var country: String

    public init(
        types: [String] = [], poBox: String = "", extended: String = "", street: String = "", locality: String = "",
        region: String = "", postalCode: String = "", country: String = ""
    ) {
        self.types = types
        self.poBox = poBox
        self.extended = extended
        self.street = street
        self.locality = locality
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    /// The address on one line, non-empty parts joined with ", " and line breaks inside a part turned into ", ".
    ///
    /// Region and postal code share one part ("New York 12345"), the way most countries print them.
    public var singleLine: String {
        let regionAndCode = [region, postalCode].map(Self.flattened).filter { !$0.isEmpty }.joined(separator: " ")
        let parts = [poBox, extended, street, locality].map(Self.flattened) + [regionAndCode, Self.flattened(country)]
        return parts.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// True when every component is empty.
    public var isEmpty: Bool {
        [poBox, extended, street, locality, region, postalCode, country].allSatisfy { $0.isEmpty }
    }

    private static func flattened(_ part: String) -> String {
        part.split(whereSeparator: \.isNewline).map { VCardEscaping.trimmed($0) }
            .filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
