import Foundation

/// One (category, rate) group of a document's VAT breakdown (EN 16931 BG-23): its taxable base and its VAT.
public struct TaxBreakdown: Sendable, Hashable, Codable {
    /// The tax category of the group.
    public var taxCategory: TaxCategory
    /// The VAT rate of the group, in percent (BT-119).
    public var ratePercent: Decimal
    /// The sum of the group's rounded line nets, less its allowances, plus its charges (BT-116).
    public var taxableBase: Money
    /// The group's VAT, rounded once for the whole group (BT-117).
    public var taxAmount: Money

    /// Creates a breakdown row.
    public init(taxCategory: TaxCategory, ratePercent: Decimal, taxableBase: Money, taxAmount: Money) {
        self.taxCategory = taxCategory
        self.ratePercent = ratePercent
        self.taxableBase = taxableBase
        self.taxAmount = taxAmount
    }

    /// Base plus VAT: what the group's buyer pays.
    public func grossAmount() throws(MoneyError) -> Money {
        try taxableBase.adding(taxAmount)
    }
}
