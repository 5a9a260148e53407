import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct PDFWriterTests {
    // MARK: File structure

    @Test func renderedFileStartsWithVersionAndBinaryCommentAndEndsWithEOF() throws {
        let bytes = Self.quotation().render()
        #expect(bytes.starts(with: Array("%PDF-1.4\n".utf8)))
        let secondLine = bytes[9..<15]
        #expect(secondLine.first == UInt8(ascii: "%"))
        #expect(secondLine.dropFirst().prefix(4).allSatisfy { $0 >= 128 })
        #expect(bytes.suffix(6) == Array("%%EOF\n".utf8)[...])
    }

    @Test(arguments: [1, 3])
    func crossReferenceOffsetsPointAtTheirObjects(pageCount: Int) throws {
        var document = PDFDocument(info: Self.info)
        for number in 1...pageCount {
            var page = PDFPage()
            page.text("Page body \(number)", at: PDFPoint(x: 72, y: 100))
            document.append(page)
        }
        let bytes = document.render()
        let text = Self.latin1(bytes)

        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let xrefOffset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(bytes[xrefOffset...].starts(with: Array("xref\n0 ".utf8)))

        let table = try Self.crossReferenceTable(bytes, at: xrefOffset)
        #expect(table.count == 5 + 2 * pageCount + 1)
        #expect(table[0] == "0000000000 65535 f \n")
        for (number, entry) in table.enumerated().dropFirst() {
            #expect(entry.utf8.count == 20)
            #expect(entry.hasSuffix(" 00000 n \n"))
            let offset = try #require(Int(entry.prefix(10)))
            #expect(bytes[offset...].starts(with: Array("\(number) 0 obj\n".utf8)), "object \(number)")
        }
        #expect(text.contains("trailer\n<< /Size \(table.count) /Root 1 0 R /Info 5 0 R >>"))
        #expect(text.contains("/Count \(pageCount)"))
    }

    @Test func everyContentStreamLengthEqualsItsByteCount() throws {
        let document = Self.longTable(rows: 120).build()
        let bytes = document.render()
        let starts = Self.offsets(of: Array("<< /Length ".utf8), in: bytes)
        #expect(starts.count == document.pages.count)
        for start in starts {
            let digits = bytes[(start + 11)...].prefix { (0x30...0x39).contains($0) }
            let declared = try #require(Int(String(decoding: digits, as: UTF8.self)))
            let afterDigits = start + 11 + digits.count
            let opening = Array(" >>\nstream\n".utf8)
            #expect(bytes[afterDigits...].starts(with: opening))
            let end = afterDigits + opening.count + declared
            let isFollowedByEndstream = bytes[end...].starts(with: Array("\nendstream\nendobj\n".utf8))
            #expect(isFollowedByEndstream, "stream at \(start) declares \(declared) bytes")
        }
    }

    @Test func informationDictionaryHoldsTitleProducerAndCreationDate() {
        let text = Self.latin1(Self.quotation().render())
        #expect(text.contains("/Producer (Benta)"))
        #expect(text.contains("/CreationDate (D:20250115093000+00'00')"))
        // "Quotation Q-2025-0042 – Peñaflor" is not ASCII, so it is written as UTF-16BE.
        #expect(text.contains("/Title <FEFF00510075006F"))
        #expect(text.contains("00F1"))
    }

    @Test func letterPagesHaveLetterMediaBox() {
        var document = PDFDocument(pageSize: .letter, info: Self.info)
        document.append(PDFPage())
        #expect(Self.latin1(document.render()).contains("/MediaBox [0 0 612 792]"))
        #expect(Self.latin1(Self.quotation().render()).contains("/MediaBox [0 0 595.28 841.89]"))
    }

    @Test func emptyDocumentRendersOneBlankPage() {
        let text = Self.latin1(PDFDocument(info: Self.info, showsPageNumbers: false).render())
        #expect(text.contains("/Count 1"))
        #expect(text.contains("<< /Length 0 >>"))
    }

    // MARK: Syntax

    @Test(arguments: [
        (0, "D:19700101000000+00'00'"),
        (1_736_933_400, "D:20250115093000+00'00'"),
        (1_709_251_199, "D:20240229235959+00'00'"),
        (-1, "D:19691231235959+00'00'"),
    ])
    func creationDateIsWrittenInUTC(secondsSince1970: Int, expected: String) {
        #expect(PDFSyntax.date(Date(timeIntervalSince1970: TimeInterval(secondsSince1970))) == expected)
    }

    @Test(arguments: [
        (595.28, "595.28"), (841.89, "841.89"), (12.0, "12"), (0.5, "0.5"), (-3.25, "-3.25"), (0.001, "0"),
        (-0.001, "0"), (7.06, "7.06"), (Double.nan, "0"),
    ])
    func numbersHaveAtMostTwoDecimalsAndNoExponent(value: Double, expected: String) {
        #expect(PDFSyntax.number(value) == expected)
    }

    @Test func literalStringsEscapeParenthesesBackslashesAndHighBytes() {
        let encoded = PDFSyntax.literalString(PDFWinAnsiEncoder.encode("(Sto. Niño) a\\b"))
        #expect(String(decoding: encoded, as: UTF8.self) == #"(\(Sto. Ni\361o\) a\\b)"#)
    }

    // MARK: Encoding

    // Expected values spell each output byte as the scalar with the same value.
    @Test(arguments: [
        ("Peñaflor", "Pe\u{F1}aflor"),
        ("Pen\u{303}aflor", "Pe\u{F1}aflor"),
        ("ÑAÑO", "\u{D1}A\u{D1}O"),
        ("José", "Jos\u{E9}"),
        ("₱112,000.00", "PHP 112,000.00"),
        ("₱ 5", "PHP 5"),
        ("(₱)", "(PHP)"),
        ("€5 – “ok”", "\u{80}5 \u{96} \u{93}ok\u{94}"),
        ("ẽ", "e"),
        ("漢", "?"),
        ("a\tb\nc", "a b c"),
        ("co\u{AD}op\u{200B}", "coop"),
        ("\u{2212}5", "-5"),
    ])
    func charactersOutsideWindows1252AreReplaced(text: String, expected: String) {
        #expect(Self.latin1(PDFWinAnsiEncoder.encode(text)) == expected)
    }

    // MARK: Widths

    @Test(arguments: [
        (PDFFont.helvetica, "1,234.50", 10.0, 38.92),
        (PDFFont.helveticaBold, "1,234.50", 10.0, 38.92),
        (PDFFont.helvetica, "Peñaflor", 10.0, 37.24),
        (PDFFont.helvetica, "Penaflor", 10.0, 37.24),
        (PDFFont.helveticaBold, "Peñaflor", 10.0, 40.01),
        (PDFFont.helveticaBold, "Total", 12.0, 28.668),
        (PDFFont.helvetica, "Café", 1000.0, 2112),
        (PDFFont.helvetica, "₱1", 10.0, 28.9),
        (PDFFont.helvetica, "Wij", 100.0, 138.8),
    ])
    func widthsAreTheAdobeMetricSums(font: PDFFont, text: String, size: Double, expected: Double) {
        #expect(abs(font.width(of: text, size: size) - expected) < 0.000_1)
    }

    @Test func everyDefinedCodeHasAWidth() {
        let undefined: Set<UInt8> = [127, 129, 141, 143, 144, 157]
        for font in PDFFont.allCases {
            #expect(PDFFontMetrics.helvetica.count == 224)
            #expect(PDFFontMetrics.helveticaBold.count == 224)
            for code in UInt8(32)...UInt8(255) {
                #expect((font.advance(of: code) == 0) == undefined.contains(code), "\(font) code \(code)")
            }
        }
    }

    // MARK: Wrapping

    @Test func wrappedLinesFitTheWidthAndKeepEveryWord() {
        let text = "Supply and delivery of ergonomic office chairs to the Marikina branch, including assembly"
        let wrapper = PDFTextWrapper(font: .helvetica, size: 10, maximumWidth: 150)
        let lines = wrapper.lines(of: text)
        #expect(lines.count > 1)
        for line in lines {
            #expect(PDFFont.helvetica.width(ofEncoded: line, size: 10) <= 150)
        }
        #expect(lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") == text)
    }

    @Test func wrappingHonoursLineBreaksAndKeepsBlankLines() {
        let wrapper = PDFTextWrapper(font: .helvetica, size: 10, maximumWidth: 500)
        let lines = wrapper.lines(of: "Unit 5, Bldg. A\r\n\nMarikina City\n")
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["Unit 5, Bldg. A", "", "Marikina City", ""])
    }

    @Test func wordWiderThanTheLineIsSplitBetweenCharacters() {
        let wrapper = PDFTextWrapper(font: .helvetica, size: 10, maximumWidth: 30)
        let lines = wrapper.lines(of: "1234567890 ok")
        // Digits are 5.56 pt at 10 pt, so five fit in 30 pt.
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["12345", "67890", "ok"])
    }

    @Test func textRightEndsExactlyAtTheRightEdge() throws {
        var page = PDFPage()
        let start = page.textRight("112,000.00", rightEdge: 500, y: 100, font: .helveticaBold, size: 10)
        #expect(abs(start + PDFFont.helveticaBold.width(of: "112,000.00", size: 10) - 500) < 0.000_1)
        guard case .text(_, let origin, _, _) = try #require(page.drawings.first) else {
            Issue.record("expected a text run")
            return
        }
        #expect(origin == PDFPoint(x: start, y: 100))
    }

    @Test func paragraphFlowsOntoNewPagesAndReturnsItsHeight() {
        var builder = PDFBuilder(info: Self.info)
        let text = (1...200).map { "Line \($0)" }.joined(separator: "\n")
        let height = builder.paragraph(text, size: 10, lineHeight: 12)
        #expect(height == 2400)
        let document = builder.build()
        #expect(document.pages.count == 4)
        let bottom = PDFPageSize.a4.height - PDFMargins.standard.bottom
        for page in document.pages {
            for case .text(_, let origin, _, _) in page.drawings {
                #expect(origin.y <= bottom)
                #expect(origin.y >= PDFMargins.standard.top)
            }
        }
        #expect(Self.texts(on: document.pages[0]).first == "Line 1")
        #expect(Self.texts(on: document.pages[1]).first == "Line \(Self.texts(on: document.pages[0]).count + 1)")
    }

    // MARK: Tables

    @Test func longTableBreaksAcrossPagesRepeatingItsHeader() {
        let builder = Self.longTable(rows: 120)
        let document = builder.build()
        #expect(document.pages.count >= 3)

        var seenRows: [String] = []
        for page in document.pages {
            let texts = Self.texts(on: page).filter { $0 != "Delivery schedule" }
            #expect(Array(texts.prefix(4)) == ["#", "Description", "Qty", "Amount (PHP)"])
            seenRows += texts.filter { $0.hasPrefix("Item ") }
        }
        #expect(seenRows == (1...120).map { "Item \($0)" })

        let text = Self.latin1(document.render())
        let count = document.pages.count
        #expect(text.contains("(Page 1 of \(count))"))
        #expect(text.contains("(Page \(count) of \(count))"))
        #expect(!text.contains("(Page \(count + 1) of"))
    }

    @Test func tableRowsNeverCrossTheBottomMargin() {
        let document = Self.longTable(rows: 120).build()
        let bottom = PDFPageSize.a4.height - PDFMargins.standard.bottom
        for page in document.pages {
            for drawing in page.drawings {
                switch drawing {
                case .text(_, let origin, _, _): #expect(origin.y <= bottom)
                case .line(let start, let end, _, _): #expect(max(start.y, end.y) <= bottom + 0.001)
                case .fill(let rect, _): #expect(rect.maxY <= bottom + 0.001)
                }
            }
        }
    }

    @Test func rowTallerThanAPageIsSplitBetweenItsLines() {
        var builder = PDFBuilder(info: Self.info)
        let tall = (1...150).map { "Clause \($0)" }.joined(separator: "\n")
        builder.table(columns: [PDFTableColumn("Terms", width: 400)], rows: [["Short"], [tall], ["After"]])
        let document = builder.build()
        #expect(document.pages.count >= 3)
        let all = document.pages.flatMap(Self.texts(on:)).filter { $0 != "Terms" }
        #expect(all == ["Short"] + (1...150).map { "Clause \($0)" } + ["After"])
    }

    @Test func missingCellsAreBlankAndExtraCellsIgnored() {
        var builder = PDFBuilder(info: Self.info)
        builder.table(
            columns: [PDFTableColumn("A", width: 100), PDFTableColumn("B", width: 100)],
            rows: [["only a"], ["x", "y", "dropped"]])
        #expect(Self.texts(on: builder.build().pages[0]) == ["A", "B", "only a", "x", "y"])
    }

    // MARK: Viewers

    @Test func pdftotextExtractsTheQuotationInReadingOrder() async throws {
        guard
            let output = try await Poppler.run("pdftotext", ["-layout", "{file}", "-"], on: Self.quotation().render())
        else {
            return
        }
        #expect(output.errors.isEmpty, "pdftotext complained: \(output.errors)")
        let text = output.text
        for expected in [
            "Bituin Office Solutions Inc.", "Peñaflor Hardware Trading", "TIN 123-456-789-00000", "Santo Niño",
            "Laser printer", "50,000.00", "VATable Sales", "PHP 100,000.00", "PHP 12,000.00", "Total",
            "112,000.00", "PHP 112,000.00", "Page 1 of 1",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(!text.contains("₱"))
        let totalLine = text.split(separator: "\n").first { $0.contains("Total Amount Due") }
        #expect(totalLine?.contains("PHP 112,000.00") == true)

        let order = [
            "Bituin Office Solutions Inc.", "QUOTATION", "Peñaflor Hardware Trading", "Description", "Laser printer",
            "Bond paper", "VATable Sales", "VAT (12%)", "Total Amount Due", "Page 1 of 1",
        ]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted(), "text out of order:\n\(text)")
    }

    @Test func pdfinfoReportsPageCountAndTitle() async throws {
        let quotation = Self.quotation()
        if let output = try await Poppler.run("pdfinfo", ["{file}"], on: quotation.render()) {
            #expect(output.errors.isEmpty, "pdfinfo complained: \(output.errors)")
            #expect(Self.field("Pages", in: output.text) == "1")
            #expect(Self.field("Title", in: output.text) == "Quotation Q-2025-0042 – Peñaflor")
            #expect(Self.field("Producer", in: output.text) == "Benta")
        }
        let long = Self.longTable(rows: 120).build()
        if let output = try await Poppler.run("pdfinfo", ["{file}"], on: long.render()) {
            #expect(Self.field("Pages", in: output.text) == String(long.pages.count))
        }
        if let output = try await Poppler.run("pdftotext", ["-layout", "{file}", "-"], on: long.render()) {
            #expect(output.errors.isEmpty)
            #expect(output.text.contains("Page 1 of \(long.pages.count)"))
            #expect(output.text.contains("Item 120"))
            #expect(output.text.components(separatedBy: "Description").count - 1 == long.pages.count)
        }
    }

    // MARK: Fixtures

    static let info = PDFDocumentInfo(
        title: "Quotation Q-2025-0042 – Peñaflor", author: "Bituin Office Solutions Inc.",
        creationDate: Date(timeIntervalSince1970: 1_736_933_400))

    /// A one-page quotation from a VAT-registered seller, laid out as Benta renders it.
    static func quotation() -> PDFDocument {
        var builder = PDFBuilder(info: info, footerNote: "This document is not valid for claim of input tax.")
        let top = builder.cursorY
        builder.text(
            "Bituin Office Solutions Inc.", at: PDFPoint(x: builder.contentLeft, y: top + 14),
            font: .helveticaBold, size: 14)
        builder.text("Unit 12, Ortigas Avenue, Pasig City", at: PDFPoint(x: builder.contentLeft, y: top + 28), size: 9)
        builder.text("VAT Reg. TIN 987-654-321-00000", at: PDFPoint(x: builder.contentLeft, y: top + 40), size: 9)
        builder.textRight("QUOTATION", rightEdge: builder.contentRight, y: top + 14, font: .helveticaBold, size: 16)
        builder.textRight("No. Q-2025-0042", rightEdge: builder.contentRight, y: top + 28, size: 9)
        builder.textRight("Date: 15 January 2025", rightEdge: builder.contentRight, y: top + 40, size: 9)
        builder.moveDown(60)
        builder.line(
            from: PDFPoint(x: builder.contentLeft, y: builder.cursorY),
            to: PDFPoint(x: builder.contentRight, y: builder.cursorY))
        builder.moveDown(10)
        builder.paragraph("Prepared for", size: 8)
        builder.paragraph("Peñaflor Hardware Trading", font: .helveticaBold, size: 11)
        builder.paragraph("Brgy. Santo Niño, Marikina City\nTIN 123-456-789-00000", size: 9)
        builder.moveDown(12)
        builder.table(
            columns: [
                PDFTableColumn("#", width: 25), PDFTableColumn("Description", width: 235),
                PDFTableColumn("Qty", width: 50, alignment: .right),
                PDFTableColumn("Unit Price", width: 85, alignment: .right),
                PDFTableColumn("Amount", width: 86.9, alignment: .right),
            ],
            rows: [
                ["1", "Laser printer, monochrome, 40 ppm, with 3-year on-site service", "4", "12,500.00", "50,000.00"],
                ["2", "Ergonomic office chair, mesh back", "10", "3,500.00", "35,000.00"],
                ["3", "Bond paper A4, 80 gsm (ream)", "100", "150.00", "15,000.00"],
            ])
        builder.moveDown(10)
        builder.ensureSpace(60)
        let labelRight = builder.contentRight - 100
        for (label, amount, font) in [
            ("VATable Sales", "₱100,000.00", PDFFont.helvetica), ("VAT (12%)", "₱12,000.00", .helvetica),
            ("Total Amount Due", "₱112,000.00", .helveticaBold),
        ] {
            let baseline = builder.cursorY + 10
            builder.textRight(label, rightEdge: labelRight, y: baseline, font: font, size: 10)
            builder.textRight(amount, rightEdge: builder.contentRight, y: baseline, font: font, size: 10)
            builder.moveDown(15)
        }
        builder.moveDown(10)
        builder.paragraph("Prices are valid for 30 days. Delivery within Metro Manila is free of charge.", size: 9)
        return builder.build()
    }

    /// A builder holding one table of `rows` line items.
    static func longTable(rows: Int) -> PDFBuilder {
        var builder = PDFBuilder(info: info)
        builder.paragraph("Delivery schedule", font: .helveticaBold, size: 12)
        builder.table(
            columns: [
                PDFTableColumn("#", width: 30), PDFTableColumn("Description", width: 300),
                PDFTableColumn("Qty", width: 60, alignment: .right),
                PDFTableColumn("Amount (₱)", width: 90, alignment: .right),
            ],
            rows: (1...rows).map { ["\($0)", "Item \($0)", "\($0 % 7 + 1)", "1,\($0 % 10)00.00"] })
        return builder
    }

    // MARK: Helpers

    /// The file as one Character per byte, so byte offsets and string offsets agree.
    static func latin1(_ bytes: [UInt8]) -> String {
        String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// Where `pattern` starts in `bytes`, every occurrence.
    static func offsets(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard let first = pattern.first, bytes.count >= pattern.count else { return [] }
        return (0...(bytes.count - pattern.count)).filter { index in
            bytes[index] == first && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
    }

    /// The 20-byte entries of the cross-reference table at `offset`.
    static func crossReferenceTable(_ bytes: [UInt8], at offset: Int) throws -> [String] {
        let text = latin1(Array(bytes[offset...]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let subsection = lines[1].split(separator: " ")
        #expect(subsection.first == "0")
        let count = try #require(Int(subsection[1]))
        return lines[2..<(2 + count)].map { $0 + "\n" }
    }

    /// The text runs of a page in drawing order, decoded from WinAnsi.
    static func texts(on page: PDFPage) -> [String] {
        page.drawings.compactMap { drawing in
            guard case .text(let bytes, _, _, _) = drawing else { return nil }
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        }
    }

    /// The value of a `Name: value` line of pdfinfo.
    static func field(_ name: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }
}
