/// One page's drawings, placed at absolute positions (top-left origin, see `PDFPoint`).
///
/// `PDFBuilder` fills pages while flowing paragraphs and tables; a page can also be drawn by hand and appended
/// to a `PDFDocument`. Text positions are baselines. Text is not clipped: keep it inside the page yourself.
public struct PDFPage: Sendable, Hashable {
    /// The drawings in painting order.
    private(set) var drawings: [PDFDrawing] = []

    /// Creates an empty page.
    public init() {}

    /// Whether nothing has been drawn on the page yet.
    public var isEmpty: Bool { drawings.isEmpty }

    /// Draws one line of text with its baseline starting at `baseline`; line breaks become spaces.
    public mutating func text(_ text: String, at baseline: PDFPoint, font: PDFFont = .helvetica, size: Double = 10) {
        drawEncoded(PDFWinAnsiEncoder.encode(text), at: baseline, font: font, size: size)
    }

    /// Draws one line of text that ends at `rightEdge`, for amounts; returns where the text starts.
    @discardableResult
    public mutating func textRight(
        _ text: String, rightEdge: Double, y baseline: Double, font: PDFFont = .helvetica, size: Double = 10
    ) -> Double {
        let bytes = PDFWinAnsiEncoder.encode(text)
        let x = rightEdge - font.width(ofEncoded: bytes, size: size)
        drawEncoded(bytes, at: PDFPoint(x: x, y: baseline), font: font, size: size)
        return x
    }

    /// Draws one line of text centred on `center`.
    public mutating func textCentered(
        _ text: String, center: Double, y baseline: Double, font: PDFFont = .helvetica, size: Double = 10
    ) {
        let bytes = PDFWinAnsiEncoder.encode(text)
        let x = center - font.width(ofEncoded: bytes, size: size) / 2
        drawEncoded(bytes, at: PDFPoint(x: x, y: baseline), font: font, size: size)
    }

    /// Strokes a straight line `width` points thick; `gray` runs from 0 (black) to 1 (white).
    public mutating func line(from start: PDFPoint, to end: PDFPoint, width: Double = 0.5, gray: Double = 0) {
        drawings.append(.line(from: start, to: end, width: width, gray: gray))
    }

    /// Fills a rectangle with a shade of gray, from 0 (black) to 1 (white), without an outline.
    public mutating func rect(_ rect: PDFRect, fill gray: Double) {
        drawings.append(.fill(rect, gray: gray))
    }

    /// Draws already encoded text; empty text draws nothing.
    mutating func drawEncoded(_ bytes: [UInt8], at baseline: PDFPoint, font: PDFFont, size: Double) {
        guard !bytes.isEmpty else { return }
        drawings.append(.text(bytes, origin: baseline, font: font, size: size))
    }
}
