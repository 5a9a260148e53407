import BentaCore
import Foundation

/// An allowance (discount) or charge, on the whole document (EN 16931 BG-20/BG-21) or on one line (BG-27/BG-28).
///
/// All amounts are VAT-exclusive. EN 16931 requires a reason or a reason code (BR-33, BR-38, BR-42, BR-44) and,
/// on the document level, a VAT category (BR-32, BR-37).
public struct UBLAllowanceCharge: Sendable, Hashable {
    /// True for a charge, false for an allowance.
    public var isCharge: Bool
    /// The UNCL 5189 allowance reason code (for example "95", discount) or UNCL 7161 charge reason code.
    public var reasonCode: String?
    /// The reason in words, printed on the document.
    public var reason: String?
    /// The percentage, when the amount was computed as `baseAmount` × percentage / 100.
    public var percent: Decimal?
    /// The amount, VAT-exclusive, 2 decimals.
    public var amount: Money
    /// The amount the percentage applies to.
    public var baseAmount: Money?
    /// The VAT category of the amount; required on the document level, omitted on lines.
    public var taxCategory: UBLTaxCategory?

    /// The UNCL 5189 code for a plain discount.
    public static let discountReasonCode = "95"

    /// Creates an allowance or charge.
    public init(
        isCharge: Bool, reasonCode: String? = nil, reason: String? = nil, percent: Decimal? = nil, amount: Money,
        baseAmount: Money? = nil, taxCategory: UBLTaxCategory? = nil
    ) {
        self.isCharge = isCharge
        self.reasonCode = reasonCode
        self.reason = reason
        self.percent = percent
        self.amount = amount
        self.baseAmount = baseAmount
        self.taxCategory = taxCategory
    }
}
