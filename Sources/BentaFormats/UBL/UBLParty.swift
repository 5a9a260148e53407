import BentaCore

/// The seller (EN 16931 BG-4) or buyer (BG-7) of a UBL invoice or credit note.
///
/// Peppol BIS 3.0 requires the electronic address of both parties (PEPPOL-EN16931-R010/R020); EN 16931 requires
/// the registration name and the address with its country (BR-06…BR-11), and for the seller a VAT identifier, a
/// party identifier or a legal registration number (BR-CO-26).
public struct UBLParty: Sendable, Hashable {
    /// Registered legal name (BT-27/BT-44).
    public var registrationName: String
    /// Trading name or business style (BT-28/BT-45), printed when it differs from the registered name.
    public var tradingName: String?
    /// The electronic address on the e-invoicing network (BT-34/BT-49), with its EAS scheme code.
    public var endpoint: UBLIdentifier?
    /// A party identifier (BT-29/BT-46), such as the buyer's customer number, with an optional ISO 6523 scheme.
    public var identifier: UBLIdentifier?
    /// The postal address (BG-5/BG-8).
    public var address: UBLAddress
    /// The VAT identifier with its ISO 3166-1 country prefix (BT-31/BT-48), for example "PH12345678900000".
    public var vatIdentifier: String?
    /// The legal registration identifier (BT-30/BT-47), for example an SEC or DTI number.
    public var companyID: UBLIdentifier?
    /// Additional legal information (BT-33), seller only.
    public var legalForm: String?
    /// The contact point (BG-6/BG-9).
    public var contact: UBLContact?

    /// Creates a party from its registered name and address; the rest can be set afterwards.
    public init(
        registrationName: String, tradingName: String? = nil, endpoint: UBLIdentifier? = nil,
        identifier: UBLIdentifier? = nil, address: UBLAddress, vatIdentifier: String? = nil,
        companyID: UBLIdentifier? = nil, legalForm: String? = nil, contact: UBLContact? = nil
    ) {
        self.registrationName = registrationName
        self.tradingName = tradingName
        self.endpoint = endpoint
        self.identifier = identifier
        self.address = address
        self.vatIdentifier = vatIdentifier
        self.companyID = companyID
        self.legalForm = legalForm
        self.contact = contact
    }

    /// The VAT identifier of a Philippine taxpayer: "PH" followed by the TIN's digits, branch code included
    /// ("123-456-789-00000" → "PH12345678900000"); EN 16931 wants the ISO country prefix (BR-CO-09).
    public static func philippineVATIdentifier(_ tin: TaxpayerID) -> String {
        "PH" + tin.digits
    }
}
