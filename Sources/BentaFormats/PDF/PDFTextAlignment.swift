/// Horizontal alignment of text inside a box, such as a table cell.
public enum PDFTextAlignment: Sendable, Hashable {
    /// Flush with the left edge: names and descriptions.
    case left
    /// Centred.
    case center
    /// Flush with the right edge: quantities and amounts.
    case right
}
