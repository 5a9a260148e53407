/// Builds the operators of one page's content stream from its drawings.
///
/// Each text run is its own `BT … ET` with an absolute `Td`, so text extractors see every run at its true
/// position. Graphics state changes are wrapped in `q … Q` so they never leak into the next drawing.
struct PDFContentStream: Sendable {
    /// The page height, to flip top-down layout coordinates into PDF's bottom-up user space.
    var pageHeight: Double

    /// The uncompressed stream bytes for `drawings`.
    func bytes(for drawings: [PDFDrawing]) -> [UInt8] {
        var output: [UInt8] = []
        for drawing in drawings {
            switch drawing {
            case .text(let text, let origin, let font, let size):
                output += Array("BT /\(font.resourceName) \(n(size)) Tf \(n(origin.x)) \(n(flip(origin.y))) Td ".utf8)
                output += PDFSyntax.literalString(text)
                output += Array(" Tj ET\n".utf8)
            case .line(let start, let end, let width, let gray):
                let points = "\(n(start.x)) \(n(flip(start.y))) m \(n(end.x)) \(n(flip(end.y))) l"
                output += Array("q \(n(width)) w \(n(gray)) G \(points) S Q\n".utf8)
            case .fill(let rect, let gray):
                let box = "\(n(rect.origin.x)) \(n(flip(rect.maxY))) \(n(rect.width)) \(n(rect.height)) re"
                output += Array("q \(n(gray)) g \(box) f Q\n".utf8)
            }
        }
        return output
    }

    private func flip(_ y: Double) -> Double { pageHeight - y }

    private func n(_ value: Double) -> String { PDFSyntax.number(value) }
}
