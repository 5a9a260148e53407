extension PDFBuilder {
    /// Draws a table from the cursor, breaking across pages and repeating the header row on each page.
    ///
    /// Cells wrap within their column; missing cells are blank and extra cells are ignored. A row moves to the
    /// next page whole when it fits there; only a row taller than a whole page is split between its lines.
    /// The cursor ends below the last row.
    public mutating func table(columns: [PDFTableColumn], rows: [[String]], style: PDFTableStyle = PDFTableStyle()) {
        guard !columns.isEmpty else { return }
        let layout = PDFTableLayout(columns: columns, style: style, left: style.x ?? contentLeft)
        let header = layout.wrap(columns.map(\.title), font: style.headerFont)
        let body = rows.map { layout.wrap($0, font: style.font) }
        let headerHeight = layout.height(ofLines: header.lineCount)

        ensureSpace(headerHeight + layout.height(ofLines: body.first.map { min($0.lineCount, 1) } ?? 0))
        drawHeader(header, layout: layout)
        for row in body {
            drawRow(row, header: header, headerHeight: headerHeight, layout: layout)
        }
    }

    private mutating func drawHeader(_ header: PDFTableLayout.Row, layout: PDFTableLayout) {
        let height = layout.height(ofLines: header.lineCount)
        if let gray = layout.style.headerFill {
            rect(PDFRect(x: layout.left, y: cursorY, width: layout.totalWidth, height: height), fill: gray)
        }
        drawLines(of: header, in: 0..<header.lineCount, font: layout.style.headerFont, layout: layout)
        advanceCursor(by: height)
        line(
            from: PDFPoint(x: layout.left, y: cursorY), to: PDFPoint(x: layout.left + layout.totalWidth, y: cursorY),
            width: 0.75)
    }

    private mutating func drawRow(
        _ row: PDFTableLayout.Row, header: PDFTableLayout.Row, headerHeight: Double, layout: PDFTableLayout
    ) {
        let rowHeight = layout.height(ofLines: row.lineCount)
        let fitsOnFreshPage = headerHeight + rowHeight <= contentBottom - contentTop
        var nextLine = 0
        var isAfterHeader = false
        while nextLine < row.lineCount {
            var available = Int((remainingHeight - 2 * layout.style.cellPadding + 0.001) / layout.lineHeight)
            let mustMove = nextLine == 0 && available < row.lineCount && fitsOnFreshPage
            if (available < 1 || mustMove) && !isAfterHeader {
                newPage()
                drawHeader(header, layout: layout)
                isAfterHeader = true
                continue
            }
            // A header taller than the page leaves no room at all; draw a line anyway rather than loop forever.
            available = max(available, 1)
            let lines = nextLine..<min(row.lineCount, nextLine + available)
            drawLines(of: row, in: lines, font: layout.style.font, layout: layout)
            advanceCursor(by: layout.height(ofLines: lines.count))
            if let gray = layout.style.rowRuleGray {
                line(
                    from: PDFPoint(x: layout.left, y: cursorY),
                    to: PDFPoint(x: layout.left + layout.totalWidth, y: cursorY), width: 0.5, gray: gray)
            }
            nextLine = lines.upperBound
            isAfterHeader = false
        }
    }

    /// Draws the given wrapped lines of every cell of a row in the box starting at the cursor.
    private mutating func drawLines(
        of row: PDFTableLayout.Row, in lines: Range<Int>, font: PDFFont, layout: PDFTableLayout
    ) {
        let style = layout.style
        let baseline = Self.baselineOffset(size: style.size, lineHeight: layout.lineHeight)
        for (index, column) in layout.columns.enumerated() {
            let cell = row.cells[index]
            let innerLeft = layout.columnLefts[index] + style.cellPadding
            let innerWidth = max(column.width - 2 * style.cellPadding, 1)
            for lineIndex in lines where lineIndex < cell.count {
                let text = cell[lineIndex]
                let x = Self.alignedX(
                    left: innerLeft, width: innerWidth, textWidth: font.width(ofEncoded: text, size: style.size),
                    alignment: column.alignment)
                let y = cursorY + style.cellPadding + Double(lineIndex - lines.lowerBound) * layout.lineHeight
                drawEncoded(text, at: PDFPoint(x: x, y: y + baseline), font: font, size: style.size)
            }
        }
    }
}
