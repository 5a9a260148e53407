import Foundation

/// The VAT of one (category, rate) group stated instead of computed: how the last credit note of an invoice takes
/// exactly the VAT still open, so its credit notes add up to the invoice to the centavo.
///
/// VAT is rounded once per document, so the VAT of several credit notes need not add up to the VAT of the invoice
/// (3 × ₱0.10 credited one by one: 3 × ₱0.01 against ₱0.04). The stated amount stays within EN 16931's tolerance
/// of BR-CO-17 (one unit of the currency around base × rate); `CreditNotePlan` never states more than is open.
public struct FixedTaxAmount: Sendable, Hashable, Codable {
    /// The tax category of the group.
    public var taxCategory: TaxCategory
    /// The VAT rate of the group, in percent.
    public var ratePercent: Decimal
    /// The group's VAT (BT-117).
    public var taxAmount: Money

    /// Creates a stated VAT amount for the (category, rate) group.
    public init(taxCategory: TaxCategory, ratePercent: Decimal, taxAmount: Money) {
        self.taxCategory = taxCategory
        self.ratePercent = ratePercent
        self.taxAmount = taxAmount
    }
}
