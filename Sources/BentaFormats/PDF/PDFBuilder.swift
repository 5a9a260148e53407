/// Lays out a `PDFDocument` top to bottom, starting a new page whenever content reaches the bottom margin.
///
/// The builder keeps a cursor: the y of the next free line, measured from the top of the page. Flowing calls
/// (`paragraph`, `table`, `moveDown`) start at the cursor and move it down; absolute calls (`text`, `textRight`,
/// `line`, `rect`) draw on the current page and leave it alone, so a block such as a letterhead can be drawn
/// absolutely and then skipped with `moveDown(_:)`.
///
/// ```swift
/// var builder = PDFBuilder(info: PDFDocumentInfo(title: "Quotation", creationDate: now))
/// builder.paragraph("Bituin Office Solutions Inc.", font: .helveticaBold, size: 14)
/// let columns = [PDFTableColumn("Item", width: 300), PDFTableColumn("Amount", width: 100, alignment: .right)]
/// builder.table(columns: columns, rows: [["Laser printer", "₱12,500.00"]])
/// let pdf = builder.build().render()
/// ```
public struct PDFBuilder: Sendable {
    /// The finished pages before the current one.
    private var finishedPages: [PDFPage] = []
    /// The page being drawn on.
    private var page = PDFPage()
    /// The document settings; its pages are filled in by `build()`.
    private var settings: PDFDocument
    /// The y of the next free line, from the top of the page.
    public private(set) var cursorY: Double

    /// Starts a document with one empty page and the cursor at the top margin.
    public init(
        pageSize: PDFPageSize = .a4, margins: PDFMargins = .standard, info: PDFDocumentInfo,
        showsPageNumbers: Bool = true, footerNote: String? = nil
    ) {
        settings = PDFDocument(
            pageSize: pageSize, margins: margins, info: info, showsPageNumbers: showsPageNumbers,
            footerNote: footerNote)
        cursorY = margins.top
    }

    /// The page size.
    public var pageSize: PDFPageSize { settings.pageSize }
    /// The left edge of the content area.
    public var contentLeft: Double { settings.margins.left }
    /// The right edge of the content area.
    public var contentRight: Double { settings.pageSize.width - settings.margins.right }
    /// The width between the left and right margins.
    public var contentWidth: Double { contentRight - contentLeft }
    /// The top of the content area, where the cursor starts on each page.
    public var contentTop: Double { settings.margins.top }
    /// The bottom of the content area; flowing content never goes below it.
    public var contentBottom: Double { settings.pageSize.height - settings.margins.bottom }
    /// The height left on the current page below the cursor.
    public var remainingHeight: Double { contentBottom - cursorY }
    /// The number of pages so far, the current one included.
    public var pageCount: Int { finishedPages.count + 1 }

    /// The finished document, the current page included.
    public func build() -> PDFDocument {
        var document = settings
        document.pages = finishedPages + [page]
        return document
    }

    /// Ends the current page and puts the cursor at the top of a new one.
    public mutating func newPage() {
        finishedPages.append(page)
        page = PDFPage()
        cursorY = contentTop
    }

    /// Starts a new page unless `height` more points fit below the cursor (or the current page is still blank,
    /// where a new page would not help). Use it to keep a block such as the totals together.
    public mutating func ensureSpace(_ height: Double) {
        if cursorY + height > contentBottom + 0.001 && cursorY > contentTop {
            newPage()
        }
    }

    /// Moves the cursor down, starting a new page when it passes the bottom margin.
    public mutating func moveDown(_ amount: Double) {
        cursorY += amount
        if cursorY > contentBottom {
            newPage()
        }
    }

    /// Draws one line of text with its baseline at `baseline` on the current page.
    public mutating func text(_ text: String, at baseline: PDFPoint, font: PDFFont = .helvetica, size: Double = 10) {
        page.text(text, at: baseline, font: font, size: size)
    }

    /// Draws one line of text ending at `rightEdge` on the current page; returns where it starts.
    @discardableResult
    public mutating func textRight(
        _ text: String, rightEdge: Double, y baseline: Double, font: PDFFont = .helvetica, size: Double = 10
    ) -> Double {
        page.textRight(text, rightEdge: rightEdge, y: baseline, font: font, size: size)
    }

    /// Strokes a line on the current page; `gray` runs from 0 (black) to 1 (white).
    public mutating func line(from start: PDFPoint, to end: PDFPoint, width: Double = 0.5, gray: Double = 0) {
        page.line(from: start, to: end, width: width, gray: gray)
    }

    /// Fills a rectangle on the current page with a gray from 0 (black) to 1 (white).
    public mutating func rect(_ rect: PDFRect, fill gray: Double) {
        page.rect(rect, fill: gray)
    }

    /// Flows wrapped text from the cursor and moves the cursor below it; returns the height of the text.
    ///
    /// Lines break at spaces and at every line break in `text`; blank lines are kept. A line that does not fit
    /// above the bottom margin goes to a new page. The result is lines × line height, also when the text was
    /// spread over pages.
    /// - Parameters:
    ///   - x: The left edge; the content left margin when `nil`.
    ///   - width: The wrapping width; up to the right margin when `nil`.
    ///   - lineHeight: The distance between baselines; 1.25 × `size` when `nil`.
    @discardableResult
    public mutating func paragraph(
        _ text: String, x: Double? = nil, width: Double? = nil, font: PDFFont = .helvetica, size: Double = 10,
        lineHeight: Double? = nil, alignment: PDFTextAlignment = .left
    ) -> Double {
        let left = x ?? contentLeft
        let boxWidth = width ?? (contentRight - left)
        let lineHeight = lineHeight ?? size * 1.25
        let wrapper = PDFTextWrapper(font: font, size: size, maximumWidth: boxWidth)
        let lines = wrapper.lines(of: text)
        for line in lines {
            ensureSpace(lineHeight)
            let lineWidth = font.width(ofEncoded: line, size: size)
            let origin = PDFPoint(
                x: Self.alignedX(left: left, width: boxWidth, textWidth: lineWidth, alignment: alignment),
                y: cursorY + Self.baselineOffset(size: size, lineHeight: lineHeight))
            page.drawEncoded(line, at: origin, font: font, size: size)
            cursorY += lineHeight
        }
        return Double(lines.count) * lineHeight
    }

    /// The height `paragraph` would use for the same arguments (lines × line height), without drawing.
    public static func paragraphHeight(
        _ text: String, width: Double, font: PDFFont = .helvetica, size: Double = 10, lineHeight: Double? = nil
    ) -> Double {
        let wrapper = PDFTextWrapper(font: font, size: size, maximumWidth: width)
        return Double(wrapper.lines(of: text).count) * (lineHeight ?? size * 1.25)
    }

    /// The baseline's distance below the top of a line box, centring Helvetica's ascender (0.718 em) and
    /// descender (0.207 em) in it.
    static func baselineOffset(size: Double, lineHeight: Double) -> Double {
        (lineHeight - 0.925 * size) / 2 + 0.718 * size
    }

    /// Where text of `textWidth` starts inside a box.
    static func alignedX(left: Double, width: Double, textWidth: Double, alignment: PDFTextAlignment) -> Double {
        switch alignment {
        case .left: return left
        case .center: return left + (width - textWidth) / 2
        case .right: return left + width - textWidth
        }
    }

    /// Draws encoded text on the current page, for the table helper.
    mutating func drawEncoded(_ bytes: [UInt8], at origin: PDFPoint, font: PDFFont, size: Double) {
        page.drawEncoded(bytes, at: origin, font: font, size: size)
    }

    /// Moves the cursor without a page check, for the table helper, which checks space itself.
    mutating func advanceCursor(by amount: Double) {
        cursorY += amount
    }
}
