/// Column positions and wrapped cells of one table, computed once before drawing.
struct PDFTableLayout: Sendable {
    /// A row whose cells are wrapped into lines of WinAnsi bytes, one entry per column.
    struct Row: Sendable {
        /// Each column's lines; an empty cell has one empty line.
        var cells: [[[UInt8]]]

        /// The most lines any cell has, at least 1.
        var lineCount: Int { max(cells.map(\.count).max() ?? 1, 1) }
    }

    /// The columns, in order.
    var columns: [PDFTableColumn]
    /// Fonts and spacing.
    var style: PDFTableStyle
    /// The table's left edge.
    var left: Double

    /// The distance between wrapped lines.
    var lineHeight: Double { style.lineHeight ?? style.size * 1.25 }
    /// The sum of the column widths.
    var totalWidth: Double { columns.reduce(0) { $0 + $1.width } }
    /// The left edge of each column.
    var columnLefts: [Double] {
        var edges: [Double] = []
        var x = left
        for column in columns {
            edges.append(x)
            x += column.width
        }
        return edges
    }

    /// The height of a row of `lines` lines, padding included.
    func height(ofLines lines: Int) -> Double {
        Double(lines) * lineHeight + 2 * style.cellPadding
    }

    /// Wraps the cells of one row to their columns; missing cells are blank, extra ones dropped.
    func wrap(_ cells: [String], font: PDFFont) -> Row {
        Row(
            cells: columns.enumerated().map { index, column in
                let text = index < cells.count ? cells[index] : ""
                let width = max(column.width - 2 * style.cellPadding, 1)
                return PDFTextWrapper(font: font, size: style.size, maximumWidth: width).lines(of: text)
            })
    }
}
