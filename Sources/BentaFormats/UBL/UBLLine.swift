import BentaCore
import Foundation

/// One invoice or credit note line (EN 16931 BG-25), VAT-exclusive.
///
/// EN 16931 and Peppol (PEPPOL-EN16931-R120) expect the line net amount to equal quantity × (price ÷ base quantity)
/// − allowances + charges; `UBLAmounts` derives price and base quantity so that this holds to the centavo.
public struct UBLLine: Sendable, Hashable {
    /// The line identifier (BT-126), unique within the document.
    public var id: String
    /// A free-text note on the line (BT-127).
    public var note: String?
    /// The invoiced or credited quantity (BT-129).
    public var quantity: Decimal
    /// The UN/ECE Recommendation 20 unit code of the quantity (BT-130), for example "C62" or "HUR".
    public var unitCode: String
    /// The line net amount (BT-131).
    public var netAmount: Money
    /// Line allowances and charges (BG-27/BG-28); no VAT category on lines.
    public var allowancesAndCharges: [UBLAllowanceCharge]
    /// The item name (BT-153).
    public var name: String
    /// A longer item description (BT-154).
    public var description: String?
    /// The seller's item identifier (BT-155), for example a product code.
    public var sellersItemID: String?
    /// The line's VAT category and rate (BT-151, BT-152).
    public var taxCategory: UBLTaxCategory
    /// The item net price (BT-146), VAT-exclusive; may carry more than 2 decimals.
    public var price: Decimal
    /// The number of units the price is for (BT-149); nil means 1.
    public var priceBaseQuantity: Decimal?

    /// Creates a line.
    public init(
        id: String, note: String? = nil, quantity: Decimal, unitCode: String, netAmount: Money,
        allowancesAndCharges: [UBLAllowanceCharge] = [], name: String, description: String? = nil,
        sellersItemID: String? = nil, taxCategory: UBLTaxCategory, price: Decimal, priceBaseQuantity: Decimal? = nil
    ) {
        self.id = id
        self.note = note
        self.quantity = quantity
        self.unitCode = unitCode
        self.netAmount = netAmount
        self.allowancesAndCharges = allowancesAndCharges
        self.name = name
        self.description = description
        self.sellersItemID = sellersItemID
        self.taxCategory = taxCategory
        self.price = price
        self.priceBaseQuantity = priceBaseQuantity
    }
}
