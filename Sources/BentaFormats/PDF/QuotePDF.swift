import BentaCore
import Foundation

/// Lays a quote out as a PDF with `SalesDocumentLayout` (A4, standard fonts: amounts carry the currency code, as
/// "₱" cannot be drawn).
public enum QuotePDF {
    /// The PDF bytes of the quote in `document`; `creationDate` goes into the document info.
    public static func render(_ document: QuoteDocument, creationDate: Date) -> [UInt8] {
        let quote = document.quote
        let currency = quote.fields.currency
        let amount = { (money: Money) in "\(currency.code) " + MoneyFormatter().formatPlain(money) }
        var seller = [document.seller.registeredName]
        seller += document.seller.registeredAddress.split(separator: "\n").map(String.init)
        if let tin = document.seller.tin {
            seller.append(InvoiceParty.printedTIN(tin.formatted, isVATRegistered: document.seller.isVATRegistered))
        }
        let account = document.account.fields
        var buyer = [account.registeredName ?? account.name]
        buyer += (account.billingAddress ?? "").split(separator: "\n").map(String.init)
        if let tin = account.tin { buyer.append("TIN " + tin.formatted) }
        if let contact = document.contact {
            buyer.append("Attention: " + contact.fields.name + (contact.fields.position.map { ", \($0)" } ?? ""))
        }
        let rows = DocumentPDFLines.rows(quote.fields.lines, currency: currency)
        let totals = document.totals
        var totalRows: [(label: String, value: String, isBold: Bool)] = []
        totalRows.append((TaxCategory.vatable.philippineLabel, amount(totals.vatableSales), false))
        if !totals.zeroRatedSales.isZero {
            totalRows.append((TaxCategory.zeroRated.philippineLabel, amount(totals.zeroRatedSales), false))
        }
        if !totals.exemptSales.isZero {
            totalRows.append((TaxCategory.exempt.philippineLabel, amount(totals.exemptSales), false))
        }
        totalRows.append(("Total without VAT", amount(totals.totalWithoutTax), false))
        totalRows.append(("VAT", amount(totals.totalTax), false))
        totalRows.append(("Total", amount(totals.totalWithTax), true))
        var sections: [(heading: String, text: String)] = []
        if currency.code == "PHP" { sections.append(("Amount in words", AmountInWords.pesos(totals.totalWithTax))) }
        sections.append(("Notes", quote.fields.notes ?? ""))
        sections.append(("Terms", quote.fields.terms ?? ""))
        let title = quote.number.map { "Quotation \($0)" } ?? "Draft quotation"
        let layout = SalesDocumentLayout(
            title: "QUOTATION",
            references: [
                ("Quotation no.", quote.number ?? "DRAFT"),
                ("Date", (quote.issueDate ?? document.today).iso8601String),
                ("Valid until", quote.fields.validUntil.iso8601String),
            ],
            seller: seller, buyerHeading: "Prepared for", buyer: buyer,
            columns: DocumentPDFLines.columns(currency: currency),
            rows: rows, totals: totalRows, sections: sections,
            footerNote: quote.number == nil ? "DRAFT — not a valid offer until sent" : title)
        let info = PDFDocumentInfo(
            title: "\(title) – \(account.name)", author: document.seller.registeredName, creationDate: creationDate)
        return layout.document(info: info).render()
    }
}
