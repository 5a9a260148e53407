/// A rectangle on a PDF page in points, with its origin at the top-left corner (see `PDFPoint`).
public struct PDFRect: Sendable, Hashable {
    /// The top-left corner.
    public var origin: PDFPoint
    /// Horizontal extent.
    public var width: Double
    /// Vertical extent, downwards from `origin`.
    public var height: Double

    /// Creates a rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.origin = PDFPoint(x: x, y: y)
        self.width = width
        self.height = height
    }

    /// The right edge.
    public var maxX: Double { origin.x + width }
    /// The bottom edge.
    public var maxY: Double { origin.y + height }
}
