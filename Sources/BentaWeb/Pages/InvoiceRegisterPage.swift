import BentaCore
import BentaServices
import Foundation

/// The base-currency columns of the register page: each document's net, VAT and total in the company's base
/// currency, and their sums over every currency (what the sales book and the VAT return add up).
enum InvoiceRegisterPage {
    /// The rate and the base-currency figures of one row; the rate only for a foreign-currency document, the figures
    /// empty when such a document has no rate.
    static func baseCurrencyValues(_ row: InvoiceService.RegisterRow, money: MoneyFormatter) -> [String: Any] {
        let isForeign = row.invoice.fields.currency != row.baseCurrency
        return [
            "exchange_rate": isForeign ? row.invoice.fields.exchangeRate.map(DecimalText.format) ?? "" : "",
            "base_net": row.inBaseCurrency.map { money.format($0.net) } ?? "",
            "base_vat": row.inBaseCurrency.map { money.format($0.vat) } ?? "",
            "base_total": row.inBaseCurrency.map { money.format($0.total) } ?? "",
        ]
    }

    /// Net, VAT and total in the base currency summed over the rows that have them; nil for an empty register.
    static func baseCurrencyTotals(
        _ rows: [InvoiceService.RegisterRow], base: Currency, money: MoneyFormatter
    ) -> [String: Any]? {
        guard !rows.isEmpty else { return nil }
        let figures = rows.compactMap(\.inBaseCurrency)
        guard let net = try? Money.sum(figures.map(\.net), currency: base),
            let vat = try? Money.sum(figures.map(\.vat), currency: base),
            let total = try? Money.sum(figures.map(\.total), currency: base)
        else { return nil }
        return ["net": money.format(net), "vat": money.format(vat), "total": money.format(total)]
    }
}
