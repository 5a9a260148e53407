import BentaCore
import BentaStore
import Foundation

extension InvoiceService {
    /// A foreign-currency invoice needs its exchange rate and the rate's date (the VAT is shown in both).
    static func checkForeignCurrency(_ invoice: Invoice, base: Currency) throws {
        guard invoice.fields.currency != base else { return }
        var errors = ValidationErrors()
        if invoice.fields.exchangeRate == nil {
            errors.add(
                field: "exchange_rate", code: "required_for_foreign_currency",
                message: "A \(invoice.fields.currency.code) invoice needs the exchange rate to \(base.code).")
        }
        if invoice.fields.exchangeRateDate == nil {
            errors.add(
                field: "exchange_rate_date", code: "required_for_foreign_currency",
                message: "Give the date of the exchange rate.")
        }
        try errors.throwIfAny()
    }

    /// The seller (company settings) and buyer (account and billing contact) as they stand now; the buyer's
    /// country, VAT registration and kind come from the account.
    static func parties(
        of invoice: Invoice, company: Company, viewer: Viewer, db: StoreConnection
    ) async throws -> (InvoiceParty, InvoiceParty) {
        let settings = company.settings
        let seller = InvoiceParty(
            name: settings.registeredName, address: settings.registeredAddress, tin: settings.tin?.formatted,
            isVATRegistered: settings.isVATRegistered, country: settings.country.rawValue)
        guard let account = try await AccountStore(db).find(invoice.accountID, viewer: viewer) else {
            throw RecordError.notFound(entity: "invoice")
        }
        var contact: Contact?
        if let id = invoice.fields.contactID { contact = try await ContactStore(db).find(id, viewer: viewer) }
        let fields = account.fields
        let buyer = InvoiceParty(
            name: fields.registeredName ?? fields.name, address: fields.billingAddress ?? "",
            tin: fields.tin?.formatted, isVATRegistered: fields.isVATRegistered, country: fields.country.rawValue,
            contactName: contact?.fields.name,
            email: contact?.fields.emails.first?.value ?? fields.email?.value, buyerKind: fields.buyerKind)
        return (seller, buyer)
    }
}
