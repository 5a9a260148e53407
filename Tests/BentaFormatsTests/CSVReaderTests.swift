import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct CSVReaderTests {
    static func edgeCase(_ name: String) throws -> CSVTable {
        try CSVReader().read(data(name))
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: TestFiles.fixture("crm-csv/edge-cases/\(name)"))
    }

    // MARK: - Edge-case files (Fixtures/crm-csv/edge-cases)

    @Test func crlfLineEndingsAreOneRowEach() throws {
        let table = try Self.edgeCase("crlf-line-endings.csv")
        #expect(table.header == ["Company", "Domain", "Email"])
        #expect(
            table.rows == [
                CSVRow(number: 2, fields: ["Tala Foods Trading", "talafoods.ph", "ana.reyes@talafoods.ph"]),
                CSVRow(number: 3, fields: ["Bituin Hardware", "bituinhardware.ph", "jun.dizon@bituinhardware.ph"]),
            ])
    }

    @Test func byteOrderMarkIsDroppedAndNonASCIIKept() throws {
        let data = try Self.data("utf8-bom-non-ascii.csv")
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let decoded = CSVReader.decodeText(data)
        #expect(decoded.encoding == "UTF-8")
        #expect(!decoded.text.hasPrefix("\u{FEFF}"))
        let table = try CSVReader().read(decoded.text)
        #expect(table.header == ["Company", "Contact", "Email", "City", "Notes"])
        #expect(
            table.rows.map(\.fields) == [
                [
                    "Peñafrancia Bakeshop", "Santiago Ibáñez", "santi@penafrancia.ph", "Las Piñas",
                    "Mga tala: ñ, Ñ, á, é",
                ],
                [
                    "Binondo 福星 Trading", "Ma. Concepción Dueñas", "concha@fuxing.ph", "Parañaque",
                    "₱ presyo at “quotes”",
                ],
                ["Kapihan sa Cebu", "José Añonuevo", "jose@kapihan.ph", "Cebu City", "Kape ☕ at tsokolate"],
            ])
        #expect(table.rows.map(\.number) == [2, 3, 4])
        #expect(try CSVReader().read(data) == table)
    }

    @Test func byteOrderMarkInsideTextIsAlsoDropped() throws {
        let table = try CSVReader().read("\u{FEFF}Company,Email\nTala,ana@tala.ph\n")
        #expect(table.header == ["Company", "Email"])
    }

    @Test func duplicateAndEmptyHeaderNamesBecomeUnique() throws {
        let table = try Self.edgeCase("duplicate-and-empty-headers.csv")
        #expect(table.header == ["Name", "Email", "Email (2)", "Column 4", "Company", "Name (2)"])
        #expect(
            table.rows.map(\.fields) == [
                [
                    "Ana Reyes", "ana.reyes@talafoods.ph", "ana.personal@example.ph", "huwag pansinin",
                    "Tala Foods Trading", "A. Reyes",
                ],
                ["Niño Dueñas", "nino.duenas@penafrancia.ph", "", "", "Peñafrancia Bakeshop", "N. Dueñas"],
            ])
    }

    @Test func formulaCellsAreKeptAsData() throws {
        let table = try Self.edgeCase("formula-injection.csv")
        #expect(table.header == ["Company", "Domain", "Contact", "Notes"])
        #expect(
            table.rows.map(\.fields) == [
                ["=HYPERLINK(\"https://evil.invalid\",\"Bayad dito\")", "talafoods.ph", "Ana Reyes", "=2+3"],
                ["+SUM(2,3)", "bituinhardware.ph", "-Jun Dizon", "@phishing_formula"],
                ["'Sari-sari Store ni Aling Nena", "sarisari.ph", "Nena Cruz", "'=@SUM(4,5)"],
            ])
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let table = try Self.edgeCase("header-only.csv")
        #expect(table.header == ["Company", "TIN", "Contact", "Mobile", "Email"])
        #expect(table.rows.isEmpty)
    }

    @Test func leadingZerosStay() throws {
        let table = try Self.edgeCase("leading-zero-identifiers.csv")
        #expect(table.header == ["Account Number", "Postal Code", "Phone Extension", "External ID", "Revenue"])
        #expect(
            table.rows.map(\.fields) == [
                ["00001024", "0410", "007", "000000000000000581", "0085000000"],
                ["00001025", "1630", "012", "000000000000000582", "0120000000"],
            ])
    }

    @Test func unclosedQuoteReportsWhereItOpened() throws {
        // The quote opened on line 2 swallows line 3 as well; the error names where it opened.
        let error = #expect(throws: CSVError.self) { try Self.edgeCase("malformed-unclosed-quote.csv") }
        #expect(error == .unclosedQuote(line: 2, column: 3))
        #expect(error?.message.hasPrefix("Line 2, column 3:") == true)
    }

    @Test func datesAreTextAsWritten() throws {
        let table = try Self.edgeCase("mixed-date-formats.csv")
        #expect(table.header == ["Record ID", "Created", "Updated", "Close Date", "Last Contacted"])
        #expect(
            table.rows.map(\.fields) == [
                ["1", "2026-03-02T01:15:00.000Z", "2026-03-02 09:15:00+08:00", "03/31/2026", "02/03/2026"],
                ["2", "2026/02/14", "Feb 20, 2026 2:45 PM", "2026-04-30", "46082"],
            ])
    }

    @Test func semicolonsInsideCommaSeparatedCellsAreData() throws {
        let table = try Self.edgeCase("multi-value-semicolon-cells.csv")
        #expect(table.delimiter == ",")
        #expect(table.header == ["Record ID", "Company", "Domains", "Emails", "Phones", "Tags"])
        #expect(
            table.rows.map(\.fields) == [
                [
                    "00002001", "Tala Foods Trading", "talafoods.ph;shop.talafoods.ph",
                    "ana.reyes@talafoods.ph;orders@talafoods.ph", "+63 917 555 0101;+63 2 8555 0102",
                    "Customer;Retail;Food",
                ],
                [
                    "00002002", "Peñafrancia Bakeshop", "penafrancia.ph", "santi@penafrancia.ph", "+63 918 555 0103",
                    "Prospect;Bicol",
                ],
            ])
    }

    @Test func quotedFieldsHoldLineBreaksCommasAndQuotes() throws {
        let table = try Self.edgeCase("multiline-quotes-and-commas.csv")
        #expect(table.header == ["Company", "Contact", "Description", "Address"])
        #expect(
            table.rows == [
                CSVRow(
                    number: 2,
                    fields: [
                        "Tala Foods Trading", "Ana Reyes",
                        "Gusto ng \"bulk order\" na presyo.\nPadalhan ng quotation bago Biyernes.",
                        "12 Mabini St, Brgy. San Roque, Marikina City",
                    ]),
                CSVRow(
                    number: 4,
                    fields: [
                        "Bituin Hardware", "Jun Dizon", "Mas gusto ang Tagalog, pero okay ang English.",
                        "45 Rizal Ave, Sta. Cruz, Manila",
                    ]),
            ])
    }

    @Test func semicolonDelimiterIsDetected() throws {
        let table = try Self.edgeCase("semicolon-delimited.csv")
        #expect(table.delimiter == ";")
        #expect(table.header == ["Company", "Domain", "Contact", "Amount", "Tags"])
        #expect(
            table.rows.map(\.fields) == [
                ["Tala Foods Trading", "talafoods.ph", "Ana Reyes", "125,000.00", "Retail|Customer"],
                ["Peñafrancia Bakeshop", "penafrancia.ph", "Santiago Ibáñez", "48,750.50", "Bakery|Prospect"],
            ])
    }

    @Test func excelSemicolonFileInWindows1252IsDecodedAndSplit() throws {
        let data = try Self.data("windows-1252-semicolon.csv")
        // ñ is one byte (0xF1) in Windows-1252, and the file is therefore not valid UTF-8.
        #expect(data.contains(0xF1))
        #expect(String(data: data, encoding: .utf8) == nil)
        #expect(CSVReader.decodeText(data).encoding == "Windows-1252")
        let table = try CSVReader().read(data)
        #expect(table.delimiter == ";")
        #expect(table.header == ["Kumpanya", "Contact", "Lungsod", "Halaga", "Tala"])
        #expect(
            table.rows == [
                CSVRow(
                    number: 2,
                    fields: ["Peñafrancia Bakeshop", "Santiago Ibáñez", "Las Piñas", "48,750.50", "“Suki” mula 2019"]),
                CSVRow(
                    number: 3,
                    fields: ["Niño Hardware", "Concepción Dueñas", "Parañaque", "€ 1,200.00", "Bayad – tseke"]),
            ])
    }

    @Test func raggedRowsAndBlankLinesKeepTheirLineNumbers() throws {
        let table = try Self.edgeCase("ragged-rows-and-blank-lines.csv")
        #expect(table.header == ["Company", "Contact", "Mobile"])
        #expect(
            table.rows == [
                CSVRow(number: 2, fields: ["Tala Foods Trading", "Ana Reyes", "0917 555 0101"]),
                CSVRow(number: 4, fields: ["Bituin Hardware", "", ""]),
                CSVRow(number: 6, fields: ["Dagat Logistics", "Pedro Cruz", "0918 555 0102", "dagdag na tala"]),
                CSVRow(number: 7, fields: ["Perlas Pharmacy", "Liza Santos", "0919 555 0103"]),
            ])
    }

    @Test func everyEdgeCaseFixtureIsCovered() {
        let folder = TestFiles.fixture("crm-csv/edge-cases")
        let names = TestFiles.files(in: folder, withExtensions: ["csv"]).map(\.lastPathComponent)
        #expect(
            Set(names) == [
                "crlf-line-endings.csv", "duplicate-and-empty-headers.csv", "formula-injection.csv", "header-only.csv",
                "leading-zero-identifiers.csv", "malformed-unclosed-quote.csv", "mixed-date-formats.csv",
                "multi-value-semicolon-cells.csv", "multiline-quotes-and-commas.csv", "ragged-rows-and-blank-lines.csv",
                "semicolon-delimited.csv", "utf8-bom-non-ascii.csv", "windows-1252-semicolon.csv",
            ])
    }

    // MARK: - RFC 4180 and leniency

    @Test func mixedLineEndingsAndNoTrailingNewline() throws {
        let table = try CSVReader().read("a,b\r\n1,2\r3,4\n5,6")
        #expect(
            table.rows == [
                CSVRow(number: 2, fields: ["1", "2"]), CSVRow(number: 3, fields: ["3", "4"]),
                CSVRow(number: 4, fields: ["5", "6"]),
            ])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let table = try CSVReader().read("\n\na,b\n\n1,2\r\n\r\n,\n  \n3,4\n\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [CSVRow(number: 5, fields: ["1", "2"]), CSVRow(number: 9, fields: ["3", "4"])])
    }

    @Test func unquotedWhitespaceIsKeptButHeaderNamesAreTrimmed() throws {
        let table = try CSVReader().read(" Name , Email \n Ana , ana@tala.ph \n")
        #expect(table.header == ["Name", "Email"])
        #expect(table.rows[0].fields == [" Ana ", " ana@tala.ph "])
    }

    @Test func shortRowsArePaddedAndLongRowsKeepTheirExtraFields() throws {
        let table = try CSVReader().read("a,b,c\n1\n1,2,3,4\n")
        #expect(table.rows.map(\.fields) == [["1", "", ""], ["1", "2", "3", "4"]])
    }

    @Test func linesInsideQuotesCountTowardsLaterRowNumbers() throws {
        let table = try CSVReader().read("a,b\n\"x\r\ny\rz\",2\n3,4\n")
        #expect(table.rows == [CSVRow(number: 2, fields: ["x\r\ny\rz", "2"]), CSVRow(number: 5, fields: ["3", "4"])])
    }

    @Test func quotedFieldsMayBeEmptyOrEndTheFile() throws {
        let table = try CSVReader().read("a,b,c\n\"\",\"x\"\"y\",\"\"\"\"")
        #expect(table.rows.map(\.fields) == [["", "x\"y", "\""]])
    }

    @Test func textAfterAClosingQuoteAndStrayQuotesAreKept() throws {
        let table = try CSVReader().read("a,b\n\"Tala\" Foods,5\" pipe\n")
        #expect(table.rows.map(\.fields) == [["Tala Foods", "5\" pipe"]])
    }

    @Test func trailingDelimiterMakesAnEmptyLastField() throws {
        let table = try CSVReader().read("a,b,\n1,2,\n")
        #expect(table.header == ["a", "b", "Column 3"])
        #expect(table.rows.map(\.fields) == [["1", "2", ""]])
    }

    @Test func headerNamesDifferingOnlyInCaseAreMadeUnique() throws {
        let table = try CSVReader().read("Email,email,Email (2),,\n")
        #expect(table.header == ["Email", "email (2)", "Email (2) (2)", "Column 4", "Column 5"])
    }

    @Test(arguments: [
        ("a;b;c\n1;2;3", ";" as Character),
        ("a\tb\tc\n1\t2\t3", "\t"),
        ("a|b|c\n1|2|3", "|"),
        ("\"x;y;z\",b\n1,2", ","),
        ("\n\n\"multi\nline;;;\",b\n1,2", ","),
        ("single\n1", ","),
        ("a,b;c;d", ";"),
    ])
    func delimiterIsTheMostFrequentCandidateOutsideQuotes(text: String, expected: Character) throws {
        #expect(CSVReader.detectDelimiter(in: text) == expected)
        #expect(try CSVReader().read(text).delimiter == expected)
    }

    @Test func givenDelimiterIsUsed() throws {
        let reader = CSVReader(options: .init(delimiter: ";"))
        let table = try reader.read("a,b;c\n1,2;3\n")
        #expect(table.header == ["a,b", "c"])
        #expect(table.rows.map(\.fields) == [["1,2", "3"]])
    }

    // MARK: - Errors

    @Test(arguments: [
        ("", CSVError.empty),
        ("\n\r\n  \n", .empty),
        ("\u{FEFF}", .empty),
        (",,\n1,2,3\n", .noHeader),
        ("a,b\n1,2\n3,\"open\nmore\n", .unclosedQuote(line: 3, column: 2)),
        ("a,b\n\"x\ny\",\"z\n", .unclosedQuote(line: 3, column: 2)),
        ("\"a", .unclosedQuote(line: 1, column: 1)),
    ])
    func malformedInputIsReported(text: String, expected: CSVError) {
        #expect(throws: expected) { try CSVReader().read(text) }
    }

    @Test func limitsAreEnforcedWithLineAndColumn() {
        let small = CSVReader(options: .init(maximumBytes: 10))
        #expect(throws: CSVError.tooLarge(limit: 10)) { try small.read("name,email\nAna,a@b.ph\n") }
        #expect(throws: CSVError.tooLarge(limit: 10)) { try small.read(Data(repeating: 65, count: 11)) }

        let narrow = CSVReader(options: .init(maximumFieldBytes: 4))
        #expect(throws: CSVError.fieldTooLarge(line: 3, column: 2)) { try narrow.read("a,b\n1,2\n3,12345\n") }
        #expect(throws: CSVError.fieldTooLarge(line: 2, column: 1)) { try narrow.read("a,b\n\"12\n345\",2\n") }
        #expect(throws: Never.self) { try narrow.read("a,b\n1234,\"1\"\"2\"\n") }

        let few = CSVReader(options: .init(maximumColumns: 3))
        #expect(throws: CSVError.tooManyColumns(line: 2)) { try few.read("a,b,c\n1,2,3,4\n") }

        let odd = CSVReader(options: .init(delimiter: "€"))
        #expect(throws: CSVError.unsupportedDelimiter("€")) { try odd.read("a€b\n") }
    }

    @Test func errorMessagesNameLineAndColumn() {
        #expect(CSVError.fieldTooLarge(line: 7, column: 2).message.hasPrefix("Line 7, column 2:"))
        #expect(CSVError.tooManyColumns(line: 9).message.hasPrefix("Line 9:"))
        #expect(CSVError.unclosedQuote(line: 4, column: 5).description.contains("Line 4, column 5"))
    }

    // MARK: - Streaming

    @Test func forEachRowHandsOverRowsInOrderAndReturnsTheHeader() throws {
        var seen: [CSVRow] = []
        let header = try CSVReader().forEachRow("a,b\n1,2\n\n3\n") { header, row in
            #expect(header == ["a", "b"])
            seen.append(row)
        }
        #expect(header == ["a", "b"])
        #expect(seen == [CSVRow(number: 2, fields: ["1", "2"]), CSVRow(number: 4, fields: ["3", ""])])
        #expect(
            try CSVReader().forEachRow("only,header\n") { _, _ in Issue.record("no rows expected") } == [
                "only", "header",
            ])
    }

    struct Stop: Error, Equatable {}

    @Test func forEachRowRethrowsTheBodysErrorAndReportsBadInputAfterGoodRows() {
        #expect(throws: Stop()) { try CSVReader().forEachRow("a\n1\n2\n") { _, _ in throw Stop() } }
        var count = 0
        #expect(throws: CSVError.unclosedQuote(line: 4, column: 1)) {
            try CSVReader().forEachRow("a\n1\n2\n\"3\n") { _, _ in count += 1 }
        }
        #expect(count == 2)
    }

    @Test func hundredThousandRowsAreReadCompletely() throws {
        var text = "id,name,email,phone,city,notes\r\n"
        text.reserveCapacity(6_000_000)
        for index in 1...100_000 {
            text += "\(index),Customer \(index),customer\(index)@example.ph,+63 917 \(index),Quezon City,"
            text += index.isMultiple(of: 10) ? "\"Line one, with comma\nline \"\"two\"\"\"\r\n" : "plain note\r\n"
        }
        #expect(text.utf8.count > 5_000_000)
        let table = try CSVReader().read(text)
        #expect(table.rows.count == 100_000)
        // Every tenth row spans two lines.
        #expect(
            table.rows.last
                == CSVRow(
                    number: 110_000,
                    fields: [
                        "100000", "Customer 100000", "customer100000@example.ph", "+63 917 100000", "Quezon City",
                        "Line one, with comma\nline \"two\"",
                    ]))
        var streamed = 0
        try CSVReader().forEachRow(text) { _, _ in streamed += 1 }
        #expect(streamed == 100_000)
        let decoded = CSVReader.decodeText(Data((text + "Peñaflor").utf8))
        #expect(decoded.encoding == "UTF-8")
        #expect(decoded.text.utf8.count == text.utf8.count + 9)
    }

    // MARK: - Encodings

    @Test func windows1252BytesDecodeWithEnye() throws {
        let original = "name,city,note\nPeñaflor Hardware,Las Piñas,“Señor” costs €5 – ok\n"
        let data = try #require(original.data(using: .windowsCP1252))
        #expect(data.contains(0xF1))
        let decoded = CSVReader.decodeText(data)
        #expect(decoded.encoding == "Windows-1252")
        #expect(decoded.text == original)
        let table = try CSVReader().read(data)
        #expect(table.rows[0].fields == ["Peñaflor Hardware", "Las Piñas", "“Señor” costs €5 – ok"])
    }

    @Test(arguments: [false, true])
    func utf16WithByteOrderMarkDecodes(isBigEndian: Bool) throws {
        let original = "name\tcity\nPeñaflor Hardware\tLas Piñas\n東京商事\t東京 🏙\n"
        var bytes: [UInt8] = isBigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in original.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += isBigEndian ? [high, low] : [low, high]
        }
        let decoded = CSVReader.decodeText(Data(bytes))
        #expect(decoded.encoding == (isBigEndian ? "UTF-16BE" : "UTF-16LE"))
        #expect(decoded.text == original)
        let table = try CSVReader().read(Data(bytes))
        #expect(table.delimiter == "\t")
        #expect(table.rows.map(\.fields) == [["Peñaflor Hardware", "Las Piñas"], ["東京商事", "東京 🏙"]])
    }

    @Test func utf16WithoutByteOrderMarkIsRecognizedFromASCIIStart() {
        let original = "name,city\nPeñaflor,Manila\n"
        let bytes = original.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(CSVReader.decodeText(Data(bytes)) == (original, "UTF-16LE"))
    }

    @Test(
        arguments: [
            ([0x61, 0xC3, 0xB1], "UTF-8"),
            ([0xF0, 0x9F, 0x8F, 0x99, 0x0A], "UTF-8"),
            ([0xEF, 0xBF, 0xBD], "UTF-8"),
            ([0x61, 0xF1, 0x61], "Windows-1252"),
            ([0xC0, 0x80], "Windows-1252"),
            ([0xED, 0xA0, 0x80], "Windows-1252"),
            ([0xF4, 0x90, 0x80, 0x80], "Windows-1252"),
            ([0x61, 0xE2, 0x82], "Windows-1252"),
            ([0xE2, 0x82, 0x41], "Windows-1252"),
        ] as [([UInt8], String)])
    func invalidUTF8FallsBackToWindows1252(bytes: [UInt8], expected: String) {
        #expect(CSVReader.decodeText(Data(bytes)).encoding == expected)
    }

    @Test func utf8WithoutByteOrderMarkStaysUTF8() {
        let decoded = CSVReader.decodeText(Data("name\nPeñaflor ₱\n".utf8))
        #expect(decoded.encoding == "UTF-8")
        #expect(decoded.text == "name\nPeñaflor ₱\n")
        #expect(CSVReader.decodeText(Data()) == ("", "UTF-8"))
    }
}

extension CSVReaderTests {
    /// The same edge cases in the third-party okikio sample files (conformance: skipped without the samples).
    @Suite(.timeLimit(.minutes(20))) struct OkikioSamples {
        static let folder = "crm-csv/okikio-csv-fixtures/edge-cases"

        static func edgeCase(_ name: String) throws -> CSVTable {
            try CSVReader().read(data(name))
        }

        static func data(_ name: String) throws -> Data {
            try Data(contentsOf: Samples.url("\(folder)/\(name)"))
        }

        @Test(.conformance) func crlfLineEndingsAreOneRowEach() throws {
            let table = try Self.edgeCase("crlf-line-endings.csv")
            #expect(table.header == ["Company", "Domain", "Email"])
            #expect(
                table.rows == [
                    CSVRow(
                        number: 2,
                        fields: ["Northstar Outdoor Supply", "northstar.example", "maya.chen@northstar.example"])
                ])
        }

        @Test(.conformance) func byteOrderMarkIsDroppedAndNonASCIIKept() throws {
            let decoded = CSVReader.decodeText(try Self.data("utf8-bom-non-ascii.csv"))
            #expect(decoded.encoding == "UTF-8")
            #expect(!decoded.text.hasPrefix("\u{FEFF}"))
            let table = try CSVReader().read(decoded.text)
            #expect(table.header == ["Company", "Contact", "Email", "City", "Notes"])
            #expect(
                table.rows.map(\.fields) == [
                    [
                        "Élan Commerce", "François Lévesque", "francois@elan-commerce.example", "Montréal",
                        "Accents: é, è, ç, œ",
                    ],
                    ["東京商事", "佐藤 美咲", "misaki.sato@tokyo.example", "東京", "日本語の会社名と担当者"],
                    [
                        "München Handel", "Jürgen Weiß", "juergen.weiss@munich.example", "München",
                        "German umlauts and ß",
                    ],
                ])
            #expect(table.rows.map(\.number) == [2, 3, 4])
        }

        @Test(.conformance) func duplicateAndEmptyHeaderNamesBecomeUnique() throws {
            let table = try Self.edgeCase("duplicate-and-empty-headers.csv")
            #expect(table.header == ["Name", "Email", "Email (2)", "Column 4", "Company", "Name (2)"])
            #expect(
                table.rows.map(\.fields) == [
                    [
                        "Maya Chen", "maya.chen@northstar.example", "maya.alt@example.net", "ignored",
                        "Northstar Outdoor Supply", "M. Chen",
                    ],
                    [
                        "François Lévesque", "francois.levesque@elan-commerce.example", "", "", "Élan Commerce",
                        "F. Lévesque",
                    ],
                ])
        }

        @Test(.conformance) func formulaCellsAreKeptAsData() throws {
            let table = try Self.edgeCase("formula-injection.csv")
            #expect(table.header == ["Company", "Domain", "Contact", "Notes"])
            #expect(
                table.rows.map(\.fields) == [
                    ["=HYPERLINK(\"https://evil.invalid\",\"Northstar\")", "northstar.example", "Maya Chen", "=1+1"],
                    ["+SUM(1,1)", "elan-commerce.example", "-François Lévesque", "@malicious_formula"],
                    ["'Safe prefixed value", "safe.example", "Safe Person", "'=@SUM(1,1)"],
                ])
        }

        @Test(.conformance) func headerOnlyFileHasNoRows() throws {
            let table = try Self.edgeCase("header-only.csv")
            #expect(table.header == ["Company", "Domain", "Contact", "Email"])
            #expect(table.rows.isEmpty)
        }

        @Test(.conformance) func leadingZerosStay() throws {
            let table = try Self.edgeCase("leading-zero-identifiers.csv")
            #expect(table.header == ["Account Number", "Postal Code", "Phone Extension", "External ID", "Revenue"])
            #expect(
                table.rows.map(\.fields) == [
                    ["00004102", "00123", "007", "000000000000000123", "0750000"],
                    ["00004103", "02108", "042", "000000000000000124", "4200000"],
                ])
        }

        @Test(.conformance) func unclosedQuoteReportsWhereItOpened() throws {
            let error = #expect(throws: CSVError.self) { try Self.edgeCase("malformed-unclosed-quote.csv") }
            #expect(error == .unclosedQuote(line: 2, column: 3))
            #expect(error?.message.hasPrefix("Line 2, column 3:") == true)
        }

        @Test(.conformance) func datesAreTextAsWritten() throws {
            let table = try Self.edgeCase("mixed-date-formats.csv")
            #expect(table.header == ["Record ID", "Created", "Updated", "Close Date", "Last Contacted"])
            #expect(
                table.rows.map(\.fields) == [
                    ["1", "2026-07-14T13:04:15.123Z", "2026-07-14 09:04:15-04:00", "07/31/2026", "14/07/2026"],
                    ["2", "2026/07/01", "Jul 12, 2026 4:30 PM", "2026-08-15", "45123"],
                ])
        }

        @Test(.conformance) func semicolonsInsideCommaSeparatedCellsAreData() throws {
            let table = try Self.edgeCase("multi-value-semicolon-cells.csv")
            #expect(table.delimiter == ",")
            #expect(table.header == ["Record ID", "Company", "Domains", "Emails", "Phones", "Tags"])
            #expect(
                table.rows.map(\.fields) == [
                    [
                        "00001001", "Northstar Outdoor Supply", "northstar.example;shop.northstar.example",
                        "maya.chen@northstar.example;rowan.patel@northstar.example",
                        "+1 416-555-0111;+1 416-555-0112", "Customer;Retail;Shopify",
                    ],
                    [
                        "00001002", "Élan Commerce", "elan-commerce.example", "francois.levesque@elan-commerce.example",
                        "+1 514-555-0112", "Prospect;French",
                    ],
                ])
        }

        @Test(.conformance) func quotedFieldsHoldLineBreaksCommasAndQuotes() throws {
            let table = try Self.edgeCase("multiline-quotes-and-commas.csv")
            #expect(table.header == ["Company", "Contact", "Description", "Address"])
            #expect(
                table.rows == [
                    CSVRow(
                        number: 2,
                        fields: [
                            "Northstar Outdoor Supply", "Maya Chen",
                            "Interested in \"technology change\" alerts.\nNeeds a pilot before Q4.",
                            "100 King St W, Suite 1200, Toronto, ON",
                        ]),
                    CSVRow(
                        number: 4,
                        fields: [
                            "Élan Commerce", "François Lévesque",
                            "Prefers French-language outreach, but English is acceptable.",
                            "200 Rue Sainte-Catherine O, Montréal, QC",
                        ]),
                ])
        }

        @Test(.conformance) func semicolonDelimiterIsDetected() throws {
            let table = try Self.edgeCase("semicolon-delimited.csv")
            #expect(table.delimiter == ";")
            #expect(table.header == ["Company", "Domain", "Contact", "Amount", "Tags"])
            #expect(
                table.rows.map(\.fields) == [
                    ["Northstar Outdoor Supply", "northstar.example", "Maya Chen", "12,500.00", "Retail|Customer"],
                    ["Élan Commerce", "elan-commerce.example", "François Lévesque", "32,000.00", "Ecommerce|French"],
                ])
        }

        @Test(.conformance) func everyEdgeCaseSampleIsCovered() throws {
            _ = try Samples.url(Self.folder)
            let names = Samples.files(in: Self.folder, withExtensions: ["csv"]).map(\.lastPathComponent)
            #expect(
                Set(names) == [
                    "crlf-line-endings.csv", "duplicate-and-empty-headers.csv", "formula-injection.csv",
                    "header-only.csv", "leading-zero-identifiers.csv", "malformed-unclosed-quote.csv",
                    "mixed-date-formats.csv", "multi-value-semicolon-cells.csv", "multiline-quotes-and-commas.csv",
                    "semicolon-delimited.csv", "utf8-bom-non-ascii.csv",
                ])
        }
    }
}
