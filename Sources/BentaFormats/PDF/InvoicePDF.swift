import BentaCore
import Foundation

/// Lays out an invoice or credit note with the fields RR 7-2024 asks for: the word "Invoice", the serial number,
/// seller and buyer with TINs, lines, the VATable / zero-rated / exempt / VAT breakdown, the total, the terms and
/// due date, and the software's acknowledgement certificate.
public enum InvoicePDF {
    /// The PDF bytes of the invoice or credit note in `document`; `creationDate` goes into the document info.
    public static func render(_ document: InvoiceDocument, creationDate: Date) -> [UInt8] {
        let invoice = document.invoice
        let currency = invoice.fields.currency
        let plain = MoneyFormatter()
        let amount = { (money: Money) in "\(currency.code) " + plain.formatPlain(money) }
        let isCredit = invoice.kind == .creditNote
        var seller = [document.seller.name]
        seller += document.seller.address.split(separator: "\n").map(String.init)
        if let tin = document.seller.printedTIN { seller.append(tin) }
        var buyer = [document.buyer.name]
        buyer += document.buyer.address.split(separator: "\n").map(String.init)
        if let tin = document.buyer.tin { buyer.append("TIN " + tin) }
        if let contact = document.buyer.contactName { buyer.append("Attention: " + contact) }
        let rows = DocumentPDFLines.rows(
            invoice.fields.lines, currency: currency, stated: document.totals.lineAmounts)
        let totals = document.totals
        var totalRows: [(label: String, value: String, isBold: Bool)] = []
        for (item, net) in zip(invoice.fields.adjustments, totals.allowanceChargeNets) where !net.isZero {
            totalRows.append((item.printedLabel(pricesIncludeTax: totals.pricesIncludeTax), amount(net), false))
        }
        // A non-VAT seller's invoice carries no VATable sales and no VAT line.
        let showsVAT = document.seller.isVATRegistered
        if showsVAT { totalRows.append((TaxCategory.vatable.philippineLabel, amount(totals.vatableSales), false)) }
        totalRows.append((TaxCategory.exempt.philippineLabel, amount(totals.exemptSales), false))
        totalRows.append((TaxCategory.zeroRated.philippineLabel, amount(totals.zeroRatedSales), false))
        if showsVAT { totalRows.append(("VAT", amount(totals.totalTax), false)) }
        totalRows.append((isCredit ? "Total Credit" : "Total Amount Due", amount(totals.totalWithTax), true))
        if let balance = document.balance, !balance.credited.isZero, !isCredit {
            totalRows.append(("Less: credit notes", amount(balance.credited), false))
            totalRows.append(("Balance", amount(balance.open), true))
        }
        var sections: [(heading: String, text: String)] = []
        if invoice.fields.pricesIncludeTax { sections.append(("", pricesIncludeVATNotice)) }
        var notices: [String] = []
        if !totals.exemptSales.isZero { notices.append("VAT-EXEMPT SALE") }
        if !totals.zeroRatedSales.isZero { notices.append("ZERO-RATED SALE") }
        if !notices.isEmpty { sections.append(("", notices.joined(separator: "   "))) }
        if !showsVAT { sections.append(("", InvoiceParty.notValidForInputTaxNotice)) }
        if currency.code == "PHP" { sections.append(("Amount in words", AmountInWords.pesos(totals.totalWithTax))) }
        if let rate = invoice.fields.exchangeRate, currency != document.baseCurrency,
            let vatBase = document.inBaseCurrency?.vat
        {
            sections.append(
                (
                    "Exchange rate",
                    "1 \(currency.code) = \(DecimalText.format(rate)) \(document.baseCurrency.code)"
                        + (invoice.fields.exchangeRateDate.map { " (\($0.iso8601String))" } ?? "")
                        + "; VAT in \(document.baseCurrency.code): \(vatBase.decimalString)"
                ))
        }
        if case .instalments = invoice.fields.paymentTerms, !isCredit {
            let parts = invoice.fields.paymentTerms.schedule(
                total: totals.totalWithTax, invoiceDate: invoice.issueDate ?? document.today)
            sections.append(
                (
                    "Instalments",
                    parts.map { "\($0.date.iso8601String): \(amount($0.amount))" }.joined(separator: "\n")
                ))
        }
        if let reason = invoice.fields.reason { sections.append(("Reason", reason)) }
        sections.append(("Notes", invoice.fields.notes ?? ""))
        if !isCredit, let reference = invoice.paymentReference {
            sections.append(("Payment", "Please quote the payment reference \(CreditorReference.printed(reference))."))
        }
        var footer: [String] = []
        if let number = document.settings.acknowledgementNumber {
            footer.append(
                "Acknowledgement Certificate No. \(number)"
                    + (document.settings.acknowledgementDate.map { ", issued \($0.iso8601String)" } ?? ""))
        }
        if invoice.status == .draft { footer.insert("DRAFT — not a valid invoice", at: 0) }
        let title = isCredit ? "CREDIT NOTE" : document.settings.title.uppercased()
        var references: [(label: String, value: String)] = [
            (isCredit ? "Credit note no." : "Invoice no.", invoice.number ?? "DRAFT"),
            ("Date", (invoice.issueDate ?? document.today).iso8601String),
        ]
        if isCredit {
            references.append(("For invoice", document.correctedNumber ?? ""))
        } else {
            references.append(("Terms", invoice.fields.paymentTerms.description))
            references.append(
                (
                    "Due date",
                    (invoice.dueDate ?? invoice.fields.paymentTerms.dueDate(for: document.today)).iso8601String
                ))
            if let reference = invoice.paymentReference {
                references.append(("Payment ref.", CreditorReference.printed(reference)))
            }
        }
        let layout = SalesDocumentLayout(
            title: title, references: references, seller: seller, buyerHeading: isCredit ? "Customer" : "Sold to",
            buyer: buyer,
            columns: DocumentPDFLines.columns(currency: currency),
            rows: rows, totals: totalRows, sections: sections,
            footerNote: footer.isEmpty ? nil : footer.joined(separator: " · "))
        let info = PDFDocumentInfo(
            title: "\(title.capitalized) \(invoice.number ?? "draft") – \(document.buyer.name)",
            author: document.seller.name, creationDate: creationDate)
        return layout.document(info: info).render()
    }

    /// The line a VAT-inclusive document prints under its totals.
    public static let pricesIncludeVATNotice = "All prices include VAT."
}
