import BentaCore
import Foundation

/// Lays a contract out on A4: heading with number and status, the parties, the terms, the billing schedule, the
/// text, the signed amendments and signature lines. Amounts print as "PHP 1,234.50" (the built-in fonts have no
/// peso sign).
public enum ContractPDF {
    /// The PDF bytes of `contract` with its parties and amendments (drafts left out); `now` is the creation date.
    public static func render(
        _ contract: Contract, parties: ContractParties, amendments: [ContractAmendment], now: Date
    ) -> [UInt8] {
        let f = contract.fields
        let number = contract.number ?? "DRAFT"
        func money(_ value: Money) -> String { "\(value.currency.code) \(MoneyFormatter().formatPlain(value))" }
        var builder = PDFBuilder(
            info: PDFDocumentInfo(
                title: "Contract \(number) - \(f.title)", author: parties.sellerName, subject: f.title,
                creationDate: now),
            footerNote: contract.status == .draft ? "Draft - not for signature." : nil)
        let top = builder.cursorY
        builder.text(
            parties.sellerName, at: PDFPoint(x: builder.contentLeft, y: top + 14), font: .helveticaBold, size: 13)
        builder.textRight("CONTRACT", rightEdge: builder.contentRight, y: top + 14, font: .helveticaBold, size: 16)
        builder.textRight("No. \(number)", rightEdge: builder.contentRight, y: top + 30, size: 10)
        builder.textRight(
            "Status: \(contract.status.rawValue)", rightEdge: builder.contentRight, y: top + 43, size: 9)
        builder.moveDown(56)
        builder.paragraph(f.title, font: .helveticaBold, size: 12)
        builder.moveDown(8)
        builder.paragraph("Seller", font: .helveticaBold, size: 9)
        builder.paragraph(
            [parties.sellerName, parties.sellerAddress, parties.sellerTIN.map { "TIN \($0)" }]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n"), size: 9)
        builder.moveDown(6)
        builder.paragraph("Buyer", font: .helveticaBold, size: 9)
        builder.paragraph(
            [
                parties.buyerName, parties.buyerAddress, parties.buyerTIN.map { "TIN \($0)" },
                "Signatory: \(parties.signatoryName)",
            ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n"), size: 9)
        builder.moveDown(8)
        var terms: [[String]] = [
            ["Start date", f.startDate.iso8601String], ["End date", f.endDate.iso8601String],
            ["Contract value", money(f.value)], ["Payment terms", f.paymentTerms.description],
        ]
        if contract.effectiveEndDate != f.endDate {
            terms.append(["End date as amended", contract.effectiveEndDate.iso8601String])
        }
        if contract.effectiveValue != f.value { terms.append(["Value as amended", money(contract.effectiveValue)]) }
        if let issued = contract.issueDate { terms.append(["Issued", issued.iso8601String]) }
        if let signed = contract.signedDate { terms.append(["Signed", signed.iso8601String]) }
        if let reason = contract.terminationReason {
            terms.append(["Terminated", "\(contract.terminatedDate?.iso8601String ?? "") - \(reason)"])
        }
        builder.table(
            columns: [PDFTableColumn("Term", width: 150), PDFTableColumn("", width: builder.contentWidth - 150)],
            rows: terms)
        if let schedule = f.billingSchedule {
            builder.moveDown(10)
            builder.paragraph("Billing schedule", font: .helveticaBold, size: 10)
            builder.moveDown(4)
            builder.table(
                columns: [
                    PDFTableColumn("Date", width: 90), PDFTableColumn("Description", width: builder.contentWidth - 220),
                    PDFTableColumn("Amount", width: 130, alignment: .right),
                ],
                rows: schedule.entries().map { [$0.date.iso8601String, $0.description, money($0.amount)] })
        }
        builder.moveDown(12)
        builder.paragraph(contract.body(parties: parties), size: 10)
        let signed = amendments.filter { $0.status != .draft }
        if !signed.isEmpty {
            builder.moveDown(12)
            builder.paragraph("Amendments", font: .helveticaBold, size: 10)
            for amendment in signed {
                var line =
                    "\(amendment.number ?? "") (\(amendment.status.rawValue)), effective "
                    + amendment.effectiveDate.iso8601String + ": " + amendment.title
                if let end = amendment.newEndDate { line += "; new end date \(end.iso8601String)" }
                if let value = amendment.newValue { line += "; new value \(money(value))" }
                builder.paragraph(line, size: 9)
            }
        }
        builder.moveDown(30)
        builder.ensureSpace(60)
        let half = builder.contentWidth / 2
        let lineY = builder.cursorY + 20
        builder.line(
            from: PDFPoint(x: builder.contentLeft, y: lineY), to: PDFPoint(x: builder.contentLeft + half - 20, y: lineY)
        )
        builder.line(
            from: PDFPoint(x: builder.contentLeft + half + 20, y: lineY),
            to: PDFPoint(x: builder.contentRight, y: lineY))
        builder.text(
            "For the seller: \(parties.sellerName)", at: PDFPoint(x: builder.contentLeft, y: lineY + 12), size: 8)
        builder.text(
            "For the buyer: \(parties.signatoryName)", at: PDFPoint(x: builder.contentLeft + half + 20, y: lineY + 12),
            size: 8)
        builder.moveDown(40)
        return builder.build().render()
    }
}
