import Foundation

/// Everything a rendering of the quote needs (seller, buyer, contact, totals), read in one go.
public struct QuoteDocument: Sendable {
    public let quote: Quote
    public let seller: CompanySettings
    public let account: Account
    public let contact: Contact?
    public let totals: DocumentTotals
    public let today: CalendarDate

    public init(
        quote: Quote, seller: CompanySettings, account: Account, contact: Contact?, totals: DocumentTotals,
        today: CalendarDate
    ) {
        self.quote = quote
        self.seller = seller
        self.account = account
        self.contact = contact
        self.totals = totals
        self.today = today
    }
}
