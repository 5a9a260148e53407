import BentaCore

/// The document totals (EN 16931 BG-22, BT-106…BT-115) and the VAT totals (BT-110, BT-111).
public struct UBLDocumentTotals: Sendable, Hashable {
    /// Sum of the line net amounts (BT-106).
    public var lineExtensionAmount: Money
    /// Sum of the document allowances (BT-107); written when there is at least one allowance.
    public var allowanceTotal: Money?
    /// Sum of the document charges (BT-108); written when there is at least one charge.
    public var chargeTotal: Money?
    /// Total without VAT (BT-109).
    public var taxExclusiveAmount: Money
    /// Total VAT in the document currency (BT-110).
    public var taxAmount: Money
    /// Total VAT in the VAT accounting currency (BT-111); its currency is written as the tax currency (BT-6).
    public var taxAmountInTaxCurrency: Money?
    /// Total with VAT (BT-112).
    public var taxInclusiveAmount: Money
    /// Amount already paid (BT-113).
    public var prepaidAmount: Money?
    /// Rounding added to the amount due (BT-114).
    public var roundingAmount: Money?
    /// Amount due for payment (BT-115) = BT-112 − BT-113 + BT-114.
    public var payableAmount: Money

    /// Creates the totals as given; `UBLAmounts` computes them from `DocumentTotals`.
    public init(
        lineExtensionAmount: Money, allowanceTotal: Money? = nil, chargeTotal: Money? = nil, taxExclusiveAmount: Money,
        taxAmount: Money, taxAmountInTaxCurrency: Money? = nil, taxInclusiveAmount: Money,
        prepaidAmount: Money? = nil, roundingAmount: Money? = nil, payableAmount: Money
    ) {
        self.lineExtensionAmount = lineExtensionAmount
        self.allowanceTotal = allowanceTotal
        self.chargeTotal = chargeTotal
        self.taxExclusiveAmount = taxExclusiveAmount
        self.taxAmount = taxAmount
        self.taxAmountInTaxCurrency = taxAmountInTaxCurrency
        self.taxInclusiveAmount = taxInclusiveAmount
        self.prepaidAmount = prepaidAmount
        self.roundingAmount = roundingAmount
        self.payableAmount = payableAmount
    }
}
