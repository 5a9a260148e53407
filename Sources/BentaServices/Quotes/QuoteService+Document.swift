import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension QuoteService {
    /// Everything a rendering of the quote needs (seller, buyer, contact, totals), read in one go.
    public struct Document: Sendable {
        public let quote: Quote
        public let seller: CompanySettings
        public let account: Account
        public let contact: Contact?
        public let totals: DocumentTotals
        public let today: CalendarDate
    }

    /// The quote with its parties and totals, for the HTML and PDF renderings.
    public func document(_ id: Quote.ID, viewer: Viewer) async throws -> Document {
        let quote = try await quote(id, viewer: viewer)
        let today = try await today(viewer: viewer)
        return try await database.read { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID),
                let account = try await AccountStore(db).find(quote.accountID, viewer: viewer)
            else { throw RecordError.notFound(entity: "quote") }
            let contact = try await quote.fields.contactID.asyncFlatMap {
                try await ContactStore(db).find($0, viewer: viewer)
            }
            return Document(
                quote: quote, seller: company.settings, account: account, contact: contact,
                totals: try quote.totals(), today: today)
        }
    }

    /// The quote as a PDF (A4, standard fonts: amounts carry the currency code, as "₱" cannot be drawn).
    public func pdf(_ id: Quote.ID, viewer: Viewer) async throws -> [UInt8] {
        let document = try await document(id, viewer: viewer)
        return QuotePDF.render(document, creationDate: clock.now())
    }
}

/// Lays a quote out as a PDF with `SalesDocumentLayout`.
enum QuotePDF {
    static func render(_ document: QuoteService.Document, creationDate: Date) -> [UInt8] {
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

extension Optional {
    /// `flatMap` with an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// The lines table of every sales document PDF (quote, invoice, credit note): columns and rows.
enum DocumentPDFLines {
    /// Description, quantity with unit, unit price, discount, tax and amount, filling the A4 content width.
    static func columns(currency: Currency) -> [PDFTableColumn] {
        [
            PDFTableColumn("Description", width: 175), PDFTableColumn("Qty", width: 55, alignment: .right),
            PDFTableColumn("Unit price", width: 70, alignment: .right),
            PDFTableColumn("Discount", width: 50, alignment: .right), PDFTableColumn("Tax", width: 60),
            PDFTableColumn("Amount (\(currency.code))", width: 71.9, alignment: .right),
        ]
    }

    /// Each line with its amounts as plain numbers (the header names the currency).
    /// The table rows of `items`; `stated` gives each line's amount as the document states it (an issued
    /// invoice's frozen figures), else it is computed.
    static func rows(_ items: [LineItem], currency: Currency, stated: [Money] = []) -> [[String]] {
        let plain = MoneyFormatter()
        return items.enumerated().map { index, item in
            let line = item.line
            let amount = stated.indices.contains(index) ? stated[index] : try? line.amount(currency: currency)
            var discount = ""
            switch line.discount {
            case .percent(let rate)?: discount = "\(DecimalText.format(rate))%"
            case .amount(let money)?: discount = plain.formatPlain(money)
            case nil: break
            }
            let tax =
                line.taxCategory == .vatable
                ? "VAT \(DecimalText.format(line.ratePercent))%" : line.taxCategory.philippineLabel
            return [
                line.description, DecimalText.format(line.quantity) + (line.unit.isEmpty ? "" : " \(line.unit)"),
                line.unitPriceText(currency: currency), discount, tax,
                amount.map { plain.formatPlain($0) } ?? "",
            ]
        }
    }
}
