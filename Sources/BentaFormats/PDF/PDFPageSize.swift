/// The size of a page in points.
public struct PDFPageSize: Sendable, Hashable {
    /// Page width.
    public var width: Double
    /// Page height.
    public var height: Double

    /// Creates a page size; use `.a4` or `.letter` for the usual ones.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO A4, 210 × 297 mm: the default in the Philippines.
    public static let a4 = PDFPageSize(width: 595.28, height: 841.89)
    /// US Letter, 8.5 × 11 in, still common in Philippine offices.
    public static let letter = PDFPageSize(width: 612, height: 792)
}
