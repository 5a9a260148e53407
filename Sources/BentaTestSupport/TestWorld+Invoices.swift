import BentaCore
import BentaServices

extension TestWorld {
    /// An issued invoice of one vatable line of `net` with 12% VAT on top, for `account`, drawn up and issued by
    /// `owner` (manager1 by default); in `currency` at `rate` (rate date 2026-11-27) when a currency is given, else
    /// in the company's base currency.
    public func issuedInvoice(
        account: Account, net: String, owner: User? = nil, currency: String? = nil, rate: String = "56.00"
    ) async throws -> Invoice {
        let owner = owner ?? manager1
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        if let currency {
            draft.currency = currency
            draft.exchangeRate = rate
            draft.exchangeRateDate = "2026-11-27"
        }
        let made = try await services.invoices.create(draft, viewer: owner.viewer)
        return try await services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }
}
