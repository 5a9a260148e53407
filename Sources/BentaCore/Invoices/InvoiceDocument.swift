import Foundation

/// Everything a rendering of an invoice needs: the parties as printed (as they stand now for a draft), the
/// settings (title, acknowledgement), the totals and the balance.
public struct InvoiceDocument: Sendable {
    public let invoice: Invoice
    public let seller: InvoiceParty
    public let buyer: InvoiceParty
    public let settings: InvoiceSettings
    public let totals: DocumentTotals
    public let balance: InvoiceBalance?
    public let baseCurrency: Currency
    /// Net, VAT and total in `baseCurrency` at the document's rate (one conversion for the PDF, the UBL and
    /// the register); nil for a foreign-currency document without a rate.
    public let inBaseCurrency: BaseCurrencyAmounts?
    /// For a credit note: the number of the invoice it corrects.
    public let correctedNumber: String?
    public let today: CalendarDate

    public init(
        invoice: Invoice, seller: InvoiceParty, buyer: InvoiceParty, settings: InvoiceSettings, totals: DocumentTotals,
        balance: InvoiceBalance?, baseCurrency: Currency, inBaseCurrency: BaseCurrencyAmounts?,
        correctedNumber: String?, today: CalendarDate
    ) {
        self.invoice = invoice
        self.seller = seller
        self.buyer = buyer
        self.settings = settings
        self.totals = totals
        self.balance = balance
        self.baseCurrency = baseCurrency
        self.inBaseCurrency = inBaseCurrency
        self.correctedNumber = correctedNumber
        self.today = today
    }
}
