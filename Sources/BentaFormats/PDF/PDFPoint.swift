/// A position on a PDF page in points (1/72 inch), measured from the page's top-left corner, y growing downwards.
///
/// The writer flips y to PDF's bottom-up user space when it renders, so layout code can flow top to bottom.
public struct PDFPoint: Sendable, Hashable {
    /// Distance from the left page edge.
    public var x: Double
    /// Distance from the top page edge.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
