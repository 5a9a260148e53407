/// Blank space between the page edges and the content, in points.
///
/// The footer (page numbers and the footer note) is drawn inside the bottom margin, so keep it at least ~30 pt.
public struct PDFMargins: Sendable, Hashable {
    /// Space above the content.
    public var top: Double
    /// Space left of the content.
    public var left: Double
    /// Space below the content; holds the footer.
    public var bottom: Double
    /// Space right of the content.
    public var right: Double

    /// Creates margins.
    public init(top: Double, left: Double, bottom: Double, right: Double) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    /// The same margin on every side.
    public init(all value: Double) {
        self.init(top: value, left: value, bottom: value, right: value)
    }

    /// 2 cm (about 56.7 pt) on every side.
    public static let standard = PDFMargins(all: 56.69)
}
