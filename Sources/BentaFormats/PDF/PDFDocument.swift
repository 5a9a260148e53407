/// A PDF document made of pages of the same size, rendered to PDF 1.4 bytes without any external program.
///
/// Build it with `PDFBuilder` (flowing paragraphs and tables with automatic page breaks) or append hand-drawn
/// `PDFPage`s. The footer—an optional note and "Page 1 of 3"—is added while rendering, once the page count is
/// known. Text uses the standard Helvetica fonts in WinAnsi encoding (see `PDFFont`), so files stay small and
/// `pdftotext` extracts the text; content streams are not compressed.
public struct PDFDocument: Sendable, Hashable {
    /// The size of every page.
    public var pageSize: PDFPageSize
    /// The margins; the footer sits inside the bottom one.
    public var margins: PDFMargins
    /// Title, author and creation date for the information dictionary.
    public var info: PDFDocumentInfo
    /// The pages in order. Rendering an empty list writes one blank page, as viewers need at least one.
    public var pages: [PDFPage]
    /// Whether each page gets "Page N of M" at the bottom right.
    public var showsPageNumbers: Bool
    /// Small print at the bottom left of every page, e.g. "This document is not valid for claim of input tax.";
    /// wrapped to the space left of the page number.
    public var footerNote: String?

    /// The footer's font size in points.
    static let footerSize = 8.0

    /// Creates a document.
    public init(
        pageSize: PDFPageSize = .a4, margins: PDFMargins = .standard, info: PDFDocumentInfo, pages: [PDFPage] = [],
        showsPageNumbers: Bool = true, footerNote: String? = nil
    ) {
        self.pageSize = pageSize
        self.margins = margins
        self.info = info
        self.pages = pages
        self.showsPageNumbers = showsPageNumbers
        self.footerNote = footerNote
    }

    /// Adds a page at the end.
    public mutating func append(_ page: PDFPage) {
        pages.append(page)
    }

    /// The complete PDF file.
    ///
    /// Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 information dictionary, then each page
    /// followed by its content stream.
    public func render() -> [UInt8] {
        let pages = self.pages.isEmpty ? [PDFPage()] : self.pages
        let firstPageObject = 6
        let kids = pages.indices.map { "\(firstPageObject + 2 * $0) 0 R" }.joined(separator: " ")
        let mediaBox = "[0 0 \(PDFSyntax.number(pageSize.width)) \(PDFSyntax.number(pageSize.height))]"
        let fonts = PDFFont.allCases.map { "/\($0.resourceName) \(fontObject(for: $0)) 0 R" }.joined(separator: " ")
        let resources = "<< /Font << \(fonts) >> /ProcSet [/PDF /Text] >>"

        var writer = PDFFileWriter()
        writer.addObject("<< /Type /Catalog /Pages 2 0 R >>")
        writer.addObject("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        for font in PDFFont.allCases {
            writer.addObject(
                "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.postScriptName) /Encoding /WinAnsiEncoding >>")
        }
        writer.addObject(infoDictionary())
        let stream = PDFContentStream(pageHeight: pageSize.height)
        for (index, page) in pages.enumerated() {
            let contents = writer.nextObjectNumber + 1
            writer.addObject(
                "<< /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) /Resources \(resources)"
                    + " /Contents \(contents) 0 R >>")
            let drawings = page.drawings + footerDrawings(pageNumber: index + 1, pageCount: pages.count)
            writer.addStream(stream.bytes(for: drawings))
        }
        return writer.finish(root: 1, info: 5)
    }

    /// The footer of one page: the note at the left, the page number at the right, first baselines level.
    func footerDrawings(pageNumber: Int, pageCount: Int) -> [PDFDrawing] {
        var page = PDFPage()
        let size = Self.footerSize
        let baseline = pageSize.height - margins.bottom + 2.5 * size
        let right = pageSize.width - margins.right
        var noteRight = right
        if showsPageNumbers {
            let label = "Page \(pageNumber) of \(pageCount)"
            noteRight = page.textRight(label, rightEdge: right, y: baseline, font: .helvetica, size: size) - 2 * size
        }
        if let footerNote {
            let wrapper = PDFTextWrapper(font: .helvetica, size: size, maximumWidth: max(noteRight - margins.left, 1))
            for (index, line) in wrapper.lines(of: footerNote).enumerated() {
                let origin = PDFPoint(x: margins.left, y: baseline + Double(index) * size * 1.25)
                page.drawEncoded(line, at: origin, font: .helvetica, size: size)
            }
        }
        return page.drawings
    }

    private func fontObject(for font: PDFFont) -> Int {
        switch font {
        case .helvetica: return 3
        case .helveticaBold: return 4
        }
    }

    private func infoDictionary() -> String {
        var entries = ["/Title \(PDFSyntax.textString(info.title))"]
        if let author = info.author {
            entries.append("/Author \(PDFSyntax.textString(author))")
        }
        if let subject = info.subject {
            entries.append("/Subject \(PDFSyntax.textString(subject))")
        }
        entries.append("/Producer \(PDFSyntax.textString(PDFDocumentInfo.producer))")
        entries.append("/CreationDate \(PDFSyntax.textString(PDFSyntax.date(info.creationDate)))")
        return "<< " + entries.joined(separator: " ") + " >>"
    }
}
