import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension InvoiceService {
    /// Everything a rendering of an invoice needs: the parties as printed (as they stand now for a draft), the
    /// settings (title, acknowledgement), the totals and the balance.
    public typealias Document = InvoiceDocument

    public func document(_ id: Invoice.ID, viewer: Viewer) async throws -> Document {
        let invoice = try await invoice(id, viewer: viewer)
        let company = try await company(viewer.companyID)
        var current = try await settings(companyID: viewer.companyID)
        if let issued = invoice.issued {
            // An issued document prints what it was issued with, not what the settings say today.
            current.title = issued.title
            current.acknowledgementNumber = issued.acknowledgementNumber
            current.acknowledgementDate = issued.acknowledgementDate
        }
        let settings = current
        let balance = try await balances(of: [invoice])[invoice.id]
        let baseCurrency = invoice.issued?.baseCurrency ?? company.settings.baseCurrency
        let today = company.settings.today(at: clock.now())
        return try await database.read { db in
            var seller = invoice.seller
            var buyer = invoice.buyer
            if seller == nil || buyer == nil {
                let parties = try await Self.parties(of: invoice, company: company, viewer: viewer, db: db)
                seller = seller ?? parties.0
                buyer = buyer ?? parties.1
            }
            var corrected: String?
            if let original = invoice.correctsInvoiceID {
                corrected = try await InvoiceStore(db).find(original, viewer: viewer)?.number
            }
            guard let seller, let buyer else { throw RecordError.notFound(entity: "invoice") }
            let totals = try invoice.totals()
            return Document(
                invoice: invoice, seller: seller, buyer: buyer, settings: settings, totals: totals,
                balance: balance, baseCurrency: baseCurrency,
                inBaseCurrency: try BaseCurrencyAmounts.converting(
                    totals, exchangeRate: invoice.fields.exchangeRate, to: baseCurrency), correctedNumber: corrected,
                today: today)
        }
    }

    /// The invoice as a PDF (A4, standard fonts; amounts carry the currency code since "₱" cannot be drawn).
    public func pdf(_ document: Document) -> [UInt8] {
        InvoicePDF.render(document, creationDate: clock.now())
    }
}
