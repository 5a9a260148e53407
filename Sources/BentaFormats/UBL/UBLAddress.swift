/// A postal address (EN 16931 BG-5 for the seller, BG-8 for the buyer).
public struct UBLAddress: Sendable, Hashable {
    /// Address line 1 (BT-35), for example the street and number.
    public var streetName: String?
    /// Address line 2 (BT-36), for example the barangay or building.
    public var additionalStreetName: String?
    /// Address line 3 (BT-162).
    public var addressLine: String?
    /// City or municipality (BT-37).
    public var cityName: String?
    /// Postal code (BT-38).
    public var postalZone: String?
    /// Province or region (BT-39).
    public var countrySubentity: String?
    /// The ISO 3166-1 alpha-2 country code (BT-40), for example "PH".
    public var countryCode: String

    /// Creates an address; every part but the country is optional.
    public init(
        streetName: String? = nil, additionalStreetName: String? = nil, addressLine: String? = nil,
        cityName: String? = nil, postalZone: String? = nil, countrySubentity: String? = nil, countryCode: String
    ) {
        self.streetName = streetName
        self.additionalStreetName = additionalStreetName
        self.addressLine = addressLine
        self.cityName = cityName
        self.postalZone = postalZone
        self.countrySubentity = countrySubentity
        self.countryCode = countryCode
    }
}
