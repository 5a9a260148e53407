/// One column of a table drawn by `PDFBuilder.table(columns:rows:style:)`.
public struct PDFTableColumn: Sendable, Hashable {
    /// The header text, repeated at the top of every page the table spans.
    public var title: String
    /// The column width in points, padding included.
    public var width: Double
    /// How the header and the cells are aligned.
    public var alignment: PDFTextAlignment

    /// Creates a column.
    public init(_ title: String, width: Double, alignment: PDFTextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}
