import BentaCore

/// Why `UBLAmounts` could not be derived from a document's lines and totals.
public enum UBLAmountsError: Error, Sendable, Equatable {
    /// The totals were not computed from these lines, allowances and charges (a different list, currency or
    /// price mode, or lines the totals computation refuses).
    case totalsDoNotMatchLines
    /// The VAT in the tax currency is in the document currency; BT-111 must be in another currency (BT-6).
    case taxCurrencySameAsDocumentCurrency
    /// An amount does not fit in 64-bit minor units, or amounts in different currencies were mixed.
    case money(MoneyError)
}
