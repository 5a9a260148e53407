import BentaCore
import Foundation

/// Lays out a customer's statement of account: the seller, "STATEMENT OF ACCOUNT" with the period and the currency,
/// the customer (name, TIN, address), the opening balance, every movement of the period with the running balance,
/// the closing balance and unapplied credit, and the invoices still open at the end of the period with their age.
public enum StatementOfAccountPDF {
    /// The PDF bytes of `statement`; `creationDate` goes into the document info.
    public static func render(_ statement: StatementOfAccount, creationDate: Date) -> [UInt8] {
        let plain = MoneyFormatter()
        let amount = { (money: Money) in plain.formatPlain(money) }
        var seller = [statement.seller.name]
        seller += statement.seller.address.split(separator: "\n").map(String.init)
        if let tin = statement.seller.tin { seller.append("TIN " + tin) }
        var customer = [statement.customer.name]
        if let tin = statement.customer.tin { customer.append("TIN " + tin) }
        customer += statement.customer.address.split(separator: "\n").map(String.init)
        var rows = [[statement.from.iso8601String, "", "Opening balance", "", amount(statement.opening)]]
        rows += statement.lines.map { line in
            [
                line.date.iso8601String, line.reference ?? "", description(line), amount(line.amount),
                amount(line.balance),
            ]
        }
        var totals: [(label: String, value: String, isBold: Bool)] = [
            ("Opening balance", amount(statement.opening), false),
            (
                "Balance on \(statement.to.iso8601String)", "\(statement.currency.code) \(amount(statement.closing))",
                true
            ),
        ]
        if !statement.unappliedCredit.isZero {
            totals.append(("Unapplied credit included", amount(statement.unappliedCredit), false))
        }
        let open =
            statement.openInvoices.isEmpty
            ? "None."
            : statement.openInvoices.map { invoice in
                "\(invoice.number)  issued \(invoice.issueDate.iso8601String)  due \(invoice.dueDate.iso8601String)  "
                    + "\(statement.currency.code) \(amount(invoice.open)) of \(amount(invoice.total))  "
                    + bucketName(invoice.bucketLabelKey)
            }.joined(separator: "\n")
        let layout = SalesDocumentLayout(
            title: "STATEMENT OF ACCOUNT",
            references: [
                ("Period", "\(statement.from.iso8601String) to \(statement.to.iso8601String)"),
                ("Currency", statement.currency.code),
            ],
            seller: seller, buyerHeading: "Customer", buyer: customer,
            columns: [
                PDFTableColumn("Date", width: 62), PDFTableColumn("Document", width: 100),
                PDFTableColumn("Description", width: 129.9),
                PDFTableColumn("Amount", width: 95, alignment: .right),
                PDFTableColumn("Balance", width: 95, alignment: .right),
            ],
            rows: rows, totals: totals,
            sections: [("Open invoices on \(statement.to.iso8601String)", open)],
            footerNote: "Statement of account of \(statement.customer.name)")
        let info = PDFDocumentInfo(
            title: "Statement of account \(statement.from.iso8601String) to \(statement.to.iso8601String) – "
                + statement.customer.name,
            author: statement.seller.name, creationDate: creationDate)
        return layout.document(info: info).render()
    }

    static func description(_ line: StatementLine) -> String {
        switch line.kind {
        case .invoice: "Invoice"
        case .creditNote: "Credit note"
        case .payment: "Payment received"
        case .allocation: "Applied to \(line.invoiceNumber ?? "invoice"); withheld"
        case .allocationReversal: "Application to \(line.invoiceNumber ?? "invoice") reversed"
        case .paymentVoid: "Payment voided"
        }
    }

    static func bucketName(_ key: String) -> String {
        switch key {
        case "aging.not_due": "not yet due"
        case "aging.1_30": "1-30 days past due"
        case "aging.31_60": "31-60 days past due"
        case "aging.61_90": "61-90 days past due"
        case "aging.over_90": "over 90 days past due"
        default: key
        }
    }
}
