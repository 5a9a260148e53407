import BentaCore

/// One row of the VAT breakdown (EN 16931 BG-23): a (category, rate) group's taxable amount and VAT.
public struct UBLTaxSubtotal: Sendable, Hashable {
    /// The group's taxable amount (BT-116).
    public var taxableAmount: Money
    /// The group's VAT (BT-117).
    public var taxAmount: Money
    /// The group's category and rate (BT-118, BT-119).
    public var category: UBLTaxCategory
    /// The VATEX exemption reason code (BT-121), if one applies.
    public var exemptionReasonCode: String?
    /// The exemption reason in words (BT-120).
    ///
    /// An exempt group ("E") needs a code or a text (BR-E-10); a standard or zero-rated group must have neither
    /// (BR-S-10, BR-Z-10), so the writer leaves both out for "S" and "Z".
    public var exemptionReason: String?

    /// Creates a breakdown row.
    public init(
        taxableAmount: Money, taxAmount: Money, category: UBLTaxCategory, exemptionReasonCode: String? = nil,
        exemptionReason: String? = nil
    ) {
        self.taxableAmount = taxableAmount
        self.taxAmount = taxAmount
        self.category = category
        self.exemptionReasonCode = exemptionReasonCode
        self.exemptionReason = exemptionReason
    }
}
