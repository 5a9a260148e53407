/// An identifier with an optional identification scheme, such as an electronic address (EAS code "0088" for a GLN)
/// or a legal registration number (an ISO 6523 ICD code).
public struct UBLIdentifier: Sendable, Hashable {
    /// The identifier as issued.
    public var value: String
    /// The scheme code, written as the `schemeID` attribute; nil writes none.
    public var schemeID: String?

    /// Creates an identifier.
    public init(_ value: String, schemeID: String? = nil) {
        self.value = value
        self.schemeID = schemeID
    }
}
