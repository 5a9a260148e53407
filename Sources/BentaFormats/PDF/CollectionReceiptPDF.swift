import BentaCore
import Foundation

/// Lays out a collection receipt (DOMAIN.md §1): the seller, "COLLECTION RECEIPT" with its number and date, whom
/// the money was received from (name, TIN, address), the amount in figures and in words, the invoices it settles
/// with cash and withholding, the payment method and reference, and the legend "THIS DOCUMENT IS NOT VALID FOR
/// CLAIM OF INPUT TAX" in capitals.
public enum CollectionReceiptPDF {
    /// The PDF bytes of the receipt in `document`; `creationDate` goes into the document info.
    public static func render(_ document: CollectionReceiptDocument, creationDate: Date) -> [UInt8] {
        let payment = document.payment
        let currency = payment.amount.currency
        let plain = MoneyFormatter()
        let amount = { (money: Money) in "\(currency.code) " + plain.formatPlain(money) }
        var seller = [document.seller.name]
        seller += document.seller.address.split(separator: "\n").map(String.init)
        if let tin = document.seller.printedTIN { seller.append(tin) }
        var payer = [document.payer.name]
        if let tin = document.payer.tin { payer.append("TIN " + tin) }
        payer += document.payer.address.split(separator: "\n").map(String.init)
        let rows = document.settled.map { settled in
            [
                settled.invoiceNumber, amount(settled.cash), amount(settled.withheld),
                amount(Money(minorUnits: settled.cash.minorUnits + settled.withheld.minorUnits, currency: currency)),
            ]
        }
        let applied = document.settled.reduce(Int64(0)) { $0 + $1.cash.minorUnits }
        var totals: [(label: String, value: String, isBold: Bool)] = [("Amount received", amount(payment.amount), true)]
        if applied != payment.amount.minorUnits {
            totals.append(
                (
                    "Not applied (customer credit)",
                    amount(Money(minorUnits: payment.amount.minorUnits - applied, currency: currency)), false
                ))
        }
        let words =
            currency.code == "PHP"
            ? AmountInWords.pesos(payment.amount)
            : AmountInWords.words(payment.amount, singular: currency.code, plural: currency.code)
        var method = "Method: \(methodName(payment.method))"
        if let reference = payment.reference { method += "\nReference: \(reference)" }
        method += "\nReceived on: \(payment.receivedOn.iso8601String)"
        let sections: [(heading: String, text: String)] = [
            ("Amount in words", words),
            ("Payment", method),
            ("", CollectionReceipt.legend),
        ]
        let title = "COLLECTION RECEIPT"
        let layout = SalesDocumentLayout(
            title: title,
            references: [
                ("Receipt no.", document.receipt.number), ("Date", document.receipt.issuedOn.iso8601String),
            ],
            seller: seller, buyerHeading: "Received from", buyer: payer,
            columns: [
                PDFTableColumn("Invoice", width: 151.9), PDFTableColumn("Cash", width: 110, alignment: .right),
                PDFTableColumn("Withheld", width: 110, alignment: .right),
                PDFTableColumn("Settled", width: 110, alignment: .right),
            ],
            rows: rows, totals: totals, sections: sections, footerNote: CollectionReceipt.legend)
        let info = PDFDocumentInfo(
            title: "Collection Receipt \(document.receipt.number) – \(document.payer.name)",
            author: document.seller.name, creationDate: creationDate)
        return layout.document(info: info).render()
    }

    static func methodName(_ method: PaymentMethod) -> String {
        switch method {
        case .bankTransfer: "Bank transfer"
        case .cash: "Cash"
        case .cheque: "Cheque"
        case .card: "Card"
        case .eWallet: "E-wallet"
        case .other: "Other"
        }
    }
}
