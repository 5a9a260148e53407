import Foundation

/// What an issued invoice or credit note states, stored once at issue and read from then on: its totals (every
/// line amount and net, each allowance and charge, the VAT breakdown), the title it bears, the BIR acknowledgement
/// it was issued under and the base currency its exchange rate points to.
///
/// An issued document reads, prints and exports exactly as it was issued, whatever later changes to the company's
/// settings or to the code that computes totals (DOMAIN.md; issue 10, item 5). Drafts have none and are computed.
public struct IssuedFigures: Sendable, Hashable, Codable {
    /// The totals as computed at issue.
    public var totals: DocumentTotals
    /// The document title as printed ("Sales Invoice", "Service Invoice"; credit notes print "Credit Note").
    public var title: String
    /// The BIR Acknowledgement Certificate number and date printed on the document, if any.
    public var acknowledgementNumber: String?
    public var acknowledgementDate: CalendarDate?
    /// The company's base currency at issue (the exchange rate converts to it).
    public var baseCurrency: Currency

    public init(
        totals: DocumentTotals, title: String, acknowledgementNumber: String?, acknowledgementDate: CalendarDate?,
        baseCurrency: Currency
    ) {
        self.totals = totals
        self.title = title
        self.acknowledgementNumber = acknowledgementNumber
        self.acknowledgementDate = acknowledgementDate
        self.baseCurrency = baseCurrency
    }

    /// The figures of `invoice` as it is issued now under `settings`.
    public static func freezing(
        _ invoice: Invoice, settings: InvoiceSettings, baseCurrency: Currency
    ) throws -> IssuedFigures {
        IssuedFigures(
            totals: try DocumentTotals.compute(
                lines: invoice.fields.lines.map(\.line), allowancesAndCharges: invoice.fields.adjustments,
                pricesIncludeTax: invoice.fields.pricesIncludeTax, fixedTaxAmounts: invoice.fields.fixedTaxAmounts,
                currency: invoice.fields.currency),
            title: invoice.kind == .creditNote ? "Credit Note" : settings.title,
            acknowledgementNumber: settings.acknowledgementNumber, acknowledgementDate: settings.acknowledgementDate,
            baseCurrency: baseCurrency)
    }
}
