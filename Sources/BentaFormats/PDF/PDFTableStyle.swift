/// Fonts, spacing and shading of a table drawn by `PDFBuilder.table(columns:rows:style:)`.
public struct PDFTableStyle: Sendable, Hashable {
    /// The font of the cells.
    public var font: PDFFont
    /// The font of the header row.
    public var headerFont: PDFFont
    /// The font size of header and cells, in points.
    public var size: Double
    /// The distance between wrapped lines inside a cell; 1.25 × `size` when `nil`.
    public var lineHeight: Double?
    /// Space around the text inside each cell, in points.
    public var cellPadding: Double
    /// The header background gray (0 black … 1 white), or `nil` for none.
    public var headerFill: Double?
    /// The gray of the thin rule under each row, or `nil` for none.
    public var rowRuleGray: Double?
    /// The left edge of the table; the content left margin when `nil`.
    public var x: Double?

    /// Creates a style; the defaults suit quotation and invoice line items.
    public init(
        font: PDFFont = .helvetica, headerFont: PDFFont = .helveticaBold, size: Double = 9, lineHeight: Double? = nil,
        cellPadding: Double = 4, headerFill: Double? = 0.9, rowRuleGray: Double? = 0.8, x: Double? = nil
    ) {
        self.font = font
        self.headerFont = headerFont
        self.size = size
        self.lineHeight = lineHeight
        self.cellPadding = cellPadding
        self.headerFill = headerFill
        self.rowRuleGray = rowRuleGray
        self.x = x
    }
}
