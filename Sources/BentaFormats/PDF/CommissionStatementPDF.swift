import BentaCore
import Foundation

/// Lays out a manager's commission statement: the company, "COMMISSION STATEMENT" with the month and status, the
/// manager, every line of ``CommissionExplanation`` (source, date, basis, band, rate, amount) and the totals.
public enum CommissionStatementPDF {
    /// The PDF bytes of `statement` for `manager` of `company`; `creationDate` goes into the document info.
    public static func render(
        _ statement: CommissionStatement, company: String, manager: String, creationDate: Date
    ) -> [UInt8] {
        let rows = CommissionExplanation.rows(statement).map { row in
            [
                row.note.isEmpty ? row.source : "\(row.source): \(row.note)", row.date, row.basis, row.band, row.rate,
                row.amount,
            ]
        }
        let totals = CommissionExplanation.totals(statement).map { total in
            (label: total.label, value: total.value, isBold: total.label == "Commission payable")
        }
        let status = statement.isApproved ? "Approved" : "Draft"
        var references: [(label: String, value: String)] = [("Month", statement.month.text), ("Status", status)]
        if let approval = statement.approval {
            references.append(("Approved", CalendarDate.from(approval.approvedAt, in: .gmt).iso8601String))
        }
        let layout = SalesDocumentLayout(
            title: "COMMISSION STATEMENT", references: references, seller: [company], buyerHeading: "Manager",
            buyer: [manager],
            columns: [
                PDFTableColumn("Source", width: 150), PDFTableColumn("Date", width: 62),
                PDFTableColumn("Basis", width: 80, alignment: .right), PDFTableColumn("Band", width: 62),
                PDFTableColumn("Rate", width: 42, alignment: .right),
                PDFTableColumn("Amount", width: 85.9, alignment: .right),
            ],
            rows: rows, totals: totals, sections: [])
        let info = PDFDocumentInfo(
            title: "Commission statement \(statement.month.text) – \(manager)", author: company,
            creationDate: creationDate)
        return layout.document(info: info).render()
    }
}
