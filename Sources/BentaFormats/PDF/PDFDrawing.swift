/// One drawing operation on a page, in top-down page coordinates; `PDFContentStream` turns it into PDF operators.
enum PDFDrawing: Sendable, Hashable {
    /// A run of WinAnsi-encoded text with its baseline starting at `origin`.
    case text([UInt8], origin: PDFPoint, font: PDFFont, size: Double)
    /// A straight stroked line; `gray` is 0 for black through 1 for white.
    case line(from: PDFPoint, to: PDFPoint, width: Double, gray: Double)
    /// A filled rectangle without outline; `gray` is 0 for black through 1 for white.
    case fill(PDFRect, gray: Double)
}
