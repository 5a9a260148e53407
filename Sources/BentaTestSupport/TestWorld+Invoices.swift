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
        let made = try await draftInvoice(account: account, net: net, owner: owner, currency: currency, rate: rate)
        return try await services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    /// The draft ``issuedInvoice(account:net:owner:currency:rate:)`` issues: one vatable line of `net`
    /// ("Consulting"), drawn up by `owner` (manager1 by default).
    public func draftInvoice(
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
        return try await services.invoices.create(draft, viewer: owner.viewer)
    }

    /// An invoice of PHP 100,000 net to manager1's Tala Foods, issued after the admin saved invoice settings with no
    /// country profile (the first save, at version 0): the dunning tests' invoice.
    public func issuedInvoiceWithoutCountryProfile() async throws -> Invoice {
        _ = try await services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: admin.viewer, expectedVersion: 0)
        return try await issuedInvoice(account: manager1Accounts[0], net: "100000")
    }
}
