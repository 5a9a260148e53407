import Foundation

/// The printed shape of a commercial document (quote, contract summary, invoice): a letterhead with the seller,
/// the document title and number, the buyer, a lines table, totals and free-text sections.
///
/// The layout only places text; the caller formats every value (amounts with "PHP" rather than "₱", which the
/// standard PDF fonts cannot draw).
public struct SalesDocumentLayout: Sendable, Hashable {
    /// "QUOTATION", "INVOICE", …
    public var title: String
    /// Printed under the title: ("Quotation no.", "Q-2026-00012"), ("Date", "29 Nov 2026"), …
    public var references: [(label: String, value: String)]
    /// The seller's name first, then address and registration lines.
    public var seller: [String]
    /// The heading above the buyer ("Prepared for", "Bill to").
    public var buyerHeading: String
    /// The buyer's name first, then address, TIN and attention lines.
    public var buyer: [String]
    public var columns: [PDFTableColumn]
    public var rows: [[String]]
    /// The totals block, right-aligned under the table; bold rows stand out (the grand total).
    public var totals: [(label: String, value: String, isBold: Bool)]
    /// Free-text sections after the totals: ("Amount in words", "…"), ("Terms", "…").
    public var sections: [(heading: String, text: String)]
    /// The small line at the foot of every page.
    public var footerNote: String?

    public init(
        title: String, references: [(label: String, value: String)], seller: [String], buyerHeading: String,
        buyer: [String], columns: [PDFTableColumn], rows: [[String]],
        totals: [(label: String, value: String, isBold: Bool)], sections: [(heading: String, text: String)],
        footerNote: String? = nil
    ) {
        self.title = title
        self.references = references
        self.seller = seller
        self.buyerHeading = buyerHeading
        self.buyer = buyer
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.sections = sections
        self.footerNote = footerNote
    }

    public static func == (lhs: SalesDocumentLayout, rhs: SalesDocumentLayout) -> Bool {
        lhs.title == rhs.title && lhs.rows == rhs.rows && lhs.seller == rhs.seller && lhs.buyer == rhs.buyer
            && lhs.references.map(\.value) == rhs.references.map(\.value)
            && lhs.totals.map(\.value) == rhs.totals.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(rows)
    }

    /// Lays the document out on A4 pages.
    public func document(info: PDFDocumentInfo) -> PDFDocument {
        var builder = PDFBuilder(info: info, footerNote: footerNote)
        let half = builder.contentWidth / 2
        let top = builder.cursorY
        // Letterhead: the title and references right-aligned (absolute), the seller flowing on the left half.
        builder.textRight(title, rightEdge: builder.contentRight, y: top + 14, font: .helveticaBold, size: 16)
        var titleBottom = top + 22
        for reference in references {
            titleBottom += 12
            builder.textRight(
                "\(reference.label): \(reference.value)", rightEdge: builder.contentRight, y: titleBottom, size: 9)
        }
        if let name = seller.first {
            builder.paragraph(name, width: half, font: .helveticaBold, size: 13)
        }
        for line in seller.dropFirst() {
            builder.paragraph(line, width: half, size: 9)
        }
        builder.moveDown(max(0, titleBottom + 6 - builder.cursorY) + 14)
        builder.paragraph(buyerHeading, font: .helveticaBold, size: 10)
        for line in buyer {
            builder.paragraph(line, size: 10)
        }
        builder.moveDown(12)
        builder.table(columns: columns, rows: rows)
        builder.moveDown(8)
        let labelX = builder.contentLeft + builder.contentWidth * 0.45
        let labelWidth = builder.contentWidth * 0.35
        for row in totals {
            builder.ensureSpace(14)
            let font: PDFFont = row.isBold ? .helveticaBold : .helvetica
            let baseline = builder.cursorY + PDFBuilder.baselineOffset(size: 10, lineHeight: 12.5)
            builder.textRight(row.value, rightEdge: builder.contentRight, y: baseline, font: font, size: 10)
            builder.paragraph(row.label, x: labelX, width: labelWidth, font: font, size: 10)
        }
        for section in sections where !section.text.isEmpty {
            builder.moveDown(12)
            builder.paragraph(section.heading, font: .helveticaBold, size: 10)
            for paragraph in section.text.split(separator: "\n", omittingEmptySubsequences: false) {
                builder.paragraph(String(paragraph), size: 9.5)
            }
        }
        return builder.build()
    }
}
