import Foundation

/// A document's net, VAT and total restated in the company's base currency at the document's exchange rate, as the
/// sales book and the VAT return need them (DOMAIN.md §2, "Multi-currency": reports aggregate in the base currency,
/// and the VAT is also stated in the national currency).
///
/// Net and VAT are each converted and rounded half up to the base currency's minor unit through `Rounding`; the
/// total is their sum, not the converted document total, so the three always add up in the book (converting the
/// total on its own can differ by a minor unit). The VAT is the figure the UBL (BT-111) and the PDF state too.
public struct BaseCurrencyAmounts: Sendable, Hashable {
    /// The total without VAT (BT-109) in the base currency.
    public let net: Money
    /// The VAT (BT-110) in the base currency.
    public let vat: Money
    /// net + VAT, exactly.
    public let total: Money
    /// Units of the base currency per unit of the document currency; 1 for a base-currency document.
    public let exchangeRate: Decimal

    /// The document's figures in `base`: unchanged for a document in `base` (any stored rate is ignored), else
    /// net and VAT each times `exchangeRate`, rounded half up, and their sum.
    ///
    /// Returns nil for a foreign-currency document without a usable rate (none, zero, negative or NaN): there is
    /// no base-currency figure to state. Throws `MoneyError.currencyMismatch` when net and VAT are in different
    /// currencies and `MoneyError.overflow` when a result does not fit.
    public static func converting(
        net: Money, vat: Money, exchangeRate: Decimal?, to base: Currency
    ) throws(MoneyError) -> BaseCurrencyAmounts? {
        guard net.currency == vat.currency else { throw .currencyMismatch(net.currency, vat.currency) }
        if net.currency == base {
            return BaseCurrencyAmounts(net: net, vat: vat, total: try net.adding(vat), exchangeRate: 1)
        }
        guard let rate = exchangeRate, !rate.isNaN, rate > 0 else { return nil }
        let netInBase = try Rounding.toMoney(Rounding.decimal(net) * rate, currency: base)
        let vatInBase = try Rounding.toMoney(Rounding.decimal(vat) * rate, currency: base)
        return BaseCurrencyAmounts(
            net: netInBase, vat: vatInBase, total: try netInBase.adding(vatInBase), exchangeRate: rate)
    }

    /// `totals` (total without VAT and total VAT) in `base`; see `converting(net:vat:exchangeRate:to:)`.
    public static func converting(
        _ totals: DocumentTotals, exchangeRate: Decimal?, to base: Currency
    ) throws(MoneyError) -> BaseCurrencyAmounts? {
        try converting(net: totals.totalWithoutTax, vat: totals.totalTax, exchangeRate: exchangeRate, to: base)
    }
}
