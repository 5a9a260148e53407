import BentaCore
import BentaServices
import Foundation

/// The sales book: the period and kind as asked, one row per issued document with its base-currency figures, one
/// totals row per currency and the sums in the base currency (what the sales book and the VAT return add up).
/// Property names are the template's (`invoice_register.mustache`).
struct InvoiceRegisterPage: PageModel {
    struct Row {
        var url: String
        var number: String
        var issue_date: String
        var buyer: String
        var tin: String
        var vatable: String
        var zero_rated: String
        var exempt: String
        var vat: String
        var total: String
        /// The rate of a foreign-currency document ("" in the base currency).
        var exchange_rate: String
        /// The figures in the base currency; "" for a foreign-currency document without a rate.
        var base_net: String
        var base_vat: String
        var base_total: String
    }

    /// The sums of one currency.
    struct CurrencyTotals {
        var currency: String
        var vatable: String
        var zero_rated: String
        var exempt: String
        var vat: String
        var total: String
    }

    struct BaseTotals {
        var net: String
        var vat: String
        var total: String
    }

    var from: String
    var to: String
    var kinds: [PageChoice]
    var rows: [Row]
    var has_rows: Bool
    var totals: [CurrencyTotals]
    var base_currency: String
    /// Nil for an empty register.
    var base_totals: BaseTotals?
    var csv_url: String

    static func make(
        _ rows: [InvoiceService.RegisterRow], kind: InvoiceKind, from: CalendarDate, until: CalendarDate,
        base: Currency, strings: [String: String], language: LanguageCode
    ) -> InvoiceRegisterPage {
        let money = MoneyFormatter(language: language)
        let parameters: [(String, String?)] = [
            ("from", from.iso8601String), ("to", until.iso8601String), ("kind", kind.rawValue),
        ]
        return InvoiceRegisterPage(
            from: from.iso8601String, to: until.iso8601String,
            kinds: InvoiceKind.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["invoice_kind_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == kind)
            },
            rows: rows.map { row in
                let invoice = row.invoice
                let isForeign = invoice.fields.currency != row.baseCurrency
                return Row(
                    url: Paths.invoice(invoice.id), number: invoice.number ?? "",
                    issue_date: invoice.issueDate?.iso8601String ?? "", buyer: invoice.buyer?.name ?? "",
                    tin: invoice.buyer?.tin ?? "", vatable: money.format(row.totals.vatableSales),
                    zero_rated: money.format(row.totals.zeroRatedSales), exempt: money.format(row.totals.exemptSales),
                    vat: money.format(row.totals.totalTax), total: money.format(row.totals.totalWithTax),
                    exchange_rate: isForeign ? invoice.fields.exchangeRate.map(DecimalText.format) ?? "" : "",
                    base_net: row.inBaseCurrency.map { money.format($0.net) } ?? "",
                    base_vat: row.inBaseCurrency.map { money.format($0.vat) } ?? "",
                    base_total: row.inBaseCurrency.map { money.format($0.total) } ?? "")
            },
            has_rows: !rows.isEmpty, totals: currencyTotals(rows, money: money), base_currency: base.code,
            base_totals: baseTotals(rows, base: base, money: money),
            csv_url: Paths.invoiceRegisterCSV() + QueryString.make(parameters))
    }

    /// One totals row per currency (the register may mix them), in the order the currencies first appear.
    static func currencyTotals(_ rows: [InvoiceService.RegisterRow], money: MoneyFormatter) -> [CurrencyTotals] {
        var order: [Currency] = []
        var sums: [Currency: [Money]] = [:]
        for row in rows {
            let totals = row.totals
            let parts = [
                totals.vatableSales, totals.zeroRatedSales, totals.exemptSales, totals.totalTax, totals.totalWithTax,
            ]
            guard let current = sums[totals.totalWithTax.currency] else {
                order.append(totals.totalWithTax.currency)
                sums[totals.totalWithTax.currency] = parts
                continue
            }
            sums[totals.totalWithTax.currency] = zip(current, parts).map { (try? $0.adding($1)) ?? $0 }
        }
        return order.compactMap { currency in
            guard let sum = sums[currency], sum.count == 5 else { return nil }
            return CurrencyTotals(
                currency: currency.code, vatable: money.format(sum[0]), zero_rated: money.format(sum[1]),
                exempt: money.format(sum[2]), vat: money.format(sum[3]), total: money.format(sum[4]))
        }
    }

    /// Net, VAT and total in the base currency summed over the rows that have them; nil for an empty register.
    static func baseTotals(
        _ rows: [InvoiceService.RegisterRow], base: Currency, money: MoneyFormatter
    ) -> BaseTotals? {
        guard !rows.isEmpty else { return nil }
        let figures = rows.compactMap(\.inBaseCurrency)
        guard let net = try? Money.sum(figures.map(\.net), currency: base),
            let vat = try? Money.sum(figures.map(\.vat), currency: base),
            let total = try? Money.sum(figures.map(\.total), currency: base)
        else { return nil }
        return BaseTotals(net: money.format(net), vat: money.format(vat), total: money.format(total))
    }
}
