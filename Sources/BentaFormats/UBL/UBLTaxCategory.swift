import BentaCore
import Foundation

/// A VAT category and rate, as lines, allowances, charges and the VAT breakdown carry it.
public struct UBLTaxCategory: Sendable, Hashable {
    /// The UNCL 5305 VAT category code: "S" (standard), "Z" (zero-rated), "E" (exempt), …
    public var code: String
    /// The VAT rate in percent (BT-119, BT-152, BT-96, BT-103); 0 for "Z" and "E".
    public var percent: Decimal

    /// Creates a category from its code and rate.
    public init(code: String, percent: Decimal) {
        self.code = code
        self.percent = percent
    }

    /// The category of a Benta tax category and rate: VATable → "S", zero-rated → "Z", exempt → "E".
    public init(_ category: TaxCategory, percent: Decimal) {
        self.init(code: category.code, percent: percent)
    }
}
