import Foundation

/// Reads RFC 4180 CSV as exported by spreadsheets and CRMs, with limits suited to user uploads.
///
/// Quoted fields may hold delimiters, `""` escapes and line breaks; CRLF, LF and lone CR line ends are all
/// accepted, also mixed in one file. Unquoted fields are kept exactly (surrounding spaces included); header
/// names are trimmed and made unique. Empty lines, and rows whose every field is blank, are skipped. Cells that
/// look like formulas (`=`, `+`, `-`, `@`) are plain data here; `CSVWriter` neutralizes them on the way out.
///
/// Two ways to read: `read(_:)` returns every row in a `CSVTable`; `forEachRow(_:_:)` hands over one row at a
/// time and keeps nothing, for large files (the text itself is the only full copy held).
public struct CSVReader: Sendable {
    /// Limits and the delimiter.
    public struct Options: Sendable, Hashable {
        /// The field separator; `nil` detects one of `,` `;` tab `|` from the header line.
        public var delimiter: Character?
        /// The largest input accepted, in UTF-8 bytes.
        public var maximumBytes: Int
        /// The largest single field accepted, in UTF-8 bytes.
        public var maximumFieldBytes: Int
        /// The most fields accepted in one row.
        public var maximumColumns: Int

        /// Creates options; the defaults are 100 MiB per file, 1 MiB per field and 500 columns.
        public init(
            delimiter: Character? = nil, maximumBytes: Int = 100 * 1024 * 1024,
            maximumFieldBytes: Int = 1024 * 1024, maximumColumns: Int = 500
        ) {
            self.delimiter = delimiter
            self.maximumBytes = maximumBytes
            self.maximumFieldBytes = maximumFieldBytes
            self.maximumColumns = maximumColumns
        }
    }

    /// The delimiters `detectDelimiter(in:)` chooses from, in order of preference when counts tie.
    public static let candidateDelimiters: [Character] = [",", ";", "\t", "|"]

    /// The limits and delimiter this reader applies.
    public var options: Options

    /// Creates a reader.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Reads every row into memory.
    public func read(_ text: String) throws(CSVError) -> CSVTable {
        var text = text
        let result = text.withUTF8 { bytes -> Result<CSVTable, CSVError> in
            do throws(CSVError) {
                var parser = try makeParser(bytes)
                let header = try parser.readHeader()
                var rows: [CSVRow] = []
                while let row = try parser.nextRow(columnCount: header.count) {
                    rows.append(row)
                }
                let delimiter = Character(Unicode.Scalar(parser.delimiter))
                return .success(CSVTable(header: header, rows: rows, delimiter: delimiter))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes the bytes (see `decodeText(_:)`) and reads every row; the size limit applies to the raw bytes.
    public func read(_ data: Data) throws(CSVError) -> CSVTable {
        guard data.count <= options.maximumBytes else { throw .tooLarge(limit: options.maximumBytes) }
        return try read(Self.decodeText(data).text)
    }

    /// Calls `body` with the header and each data row in file order, holding only the current row.
    ///
    /// Returns the header, so a header-only file is still described. Throws `CSVError` for malformed input
    /// (rows before the bad one have already been handed to `body`), or whatever `body` throws, unchanged.
    @discardableResult
    public func forEachRow(
        _ text: String, _ body: (_ header: [String], _ row: CSVRow) throws -> Void
    ) throws
        -> [String]
    {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = try makeParser(bytes)
            let header = try parser.readHeader()
            while let row = try parser.nextRow(columnCount: header.count) {
                try body(header, row)
            }
            return header
        }
    }

    /// Guesses the delimiter from the first non-empty line: the candidate found most often outside quotes.
    ///
    /// A line with none of them is a single column and gets `,`.
    public static func detectDelimiter(in text: String) -> Character {
        var text = text
        let byte = text.withUTF8 { bytes in detectDelimiter(bytes, from: bomLength(bytes)) }
        return Character(Unicode.Scalar(byte))
    }

    // MARK: - Parsing

    private func makeParser(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) -> CSVParser {
        guard bytes.count <= options.maximumBytes else { throw .tooLarge(limit: options.maximumBytes) }
        let start = Self.bomLength(bytes)
        let delimiter: UInt8
        if let chosen = options.delimiter {
            guard let ascii = chosen.asciiValue, ascii != ASCII.quote, ascii != ASCII.lineFeed,
                ascii != ASCII.carriageReturn
            else { throw .unsupportedDelimiter(chosen) }
            delimiter = ascii
        } else {
            delimiter = Self.detectDelimiter(bytes, from: start)
        }
        return CSVParser(
            bytes: bytes, position: start, delimiter: delimiter, maximumFieldBytes: options.maximumFieldBytes,
            maximumColumns: options.maximumColumns)
    }

    private static func bomLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    private static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        let candidates = candidateDelimiters.compactMap(\.asciiValue)
        var counts = [Int](repeating: 0, count: candidates.count)
        var isQuoted = false
        var sawContent = false
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == ASCII.quote {
                isQuoted.toggle()
                sawContent = true
            } else if !isQuoted && (byte == ASCII.lineFeed || byte == ASCII.carriageReturn) {
                if sawContent { break }
            } else if !isQuoted, let index = candidates.firstIndex(of: byte) {
                counts[index] += 1
                sawContent = true
            } else {
                sawContent = true
            }
        }
        var best = 0
        for index in counts.indices where counts[index] > counts[best] {
            best = index
        }
        return candidates[best]
    }

    // MARK: - Text encodings

    /// Turns file bytes into text: UTF-8 (with or without a byte order mark), UTF-16 LE/BE with a byte order
    /// mark (or, without one, when the first characters are plainly ASCII in UTF-16), else Windows-1252.
    ///
    /// The byte order mark is not part of the returned text. `encoding` is one of "UTF-8", "UTF-16LE",
    /// "UTF-16BE" or "Windows-1252". Windows-1252 is the fallback because every byte sequence decodes in it and it
    /// is what Excel on Windows writes for "CSV" in Western locales (ñ is 0xF1).
    public static func decodeText(_ data: Data) -> (text: String, encoding: String) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (String(decoding: bytes[3...], as: UTF8.self), "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (TextBytes.utf16(bytes[2...], isBigEndian: false), "UTF-16LE")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (TextBytes.utf16(bytes[2...], isBigEndian: true), "UTF-16BE")
        }
        if bytes.count >= 4 && bytes.count % 2 == 0 {
            if bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0 {
                return (TextBytes.utf16(bytes[...], isBigEndian: false), "UTF-16LE")
            }
            if bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 {
                return (TextBytes.utf16(bytes[...], isBigEndian: true), "UTF-16BE")
            }
        }
        if isValidUTF8(bytes) {
            return (String(decoding: bytes, as: UTF8.self), "UTF-8")
        }
        return (TextBytes.windows1252(bytes), "Windows-1252")
    }

    /// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
    private static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: (length, lower) = (3, 0xA0)
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: (length, upper) = (3, 0x9F)
                case 0xF0: (length, lower) = (4, 0x90)
                case 0xF1...0xF3: length = 4
                case 0xF4: (length, upper) = (4, 0x8F)
                default: return false
                }
                guard index + length <= count else { return false }
                // Only the second byte has a narrowed range; the rest are plain continuation bytes.
                guard bytes[index + 1] >= lower && bytes[index + 1] <= upper else { return false }
                for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                    return false
                }
                index += length
            }
            return true
        }
    }
}

/// A whole CSV file: the header and the data rows.
public struct CSVTable: Sendable, Hashable {
    /// Column names, trimmed and unique (`Email`, `Email (2)`; an empty name becomes `Column 4`).
    public var header: [String]
    /// Data rows in file order, without blank lines.
    public var rows: [CSVRow]
    /// The delimiter used (given or detected).
    public var delimiter: Character

    /// Creates a table.
    public init(header: [String], rows: [CSVRow], delimiter: Character = ",") {
        self.header = header
        self.rows = rows
        self.delimiter = delimiter
    }
}

/// One data row.
public struct CSVRow: Sendable, Hashable {
    /// The 1-based line in the file where the row starts (the header is usually line 1); for messages.
    public var number: Int
    /// The fields, padded with "" up to the header's width; extra fields beyond the header are kept.
    public var fields: [String]

    /// Creates a row.
    public init(number: Int, fields: [String]) {
        self.number = number
        self.fields = fields
    }

    /// The field at a 0-based column, or "" when the row is shorter.
    public subscript(column: Int) -> String {
        fields.indices.contains(column) ? fields[column] : ""
    }
}

/// Why a CSV file could not be read; lines and columns are 1-based.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No content at all, or only blank lines.
    case empty
    /// More bytes than `Options.maximumBytes`.
    case tooLarge(limit: Int)
    /// A quoted field opened at this line and column (field number) never closes.
    case unclosedQuote(line: Int, column: Int)
    /// A field longer than `Options.maximumFieldBytes`.
    case fieldTooLarge(line: Int, column: Int)
    /// A row with more fields than `Options.maximumColumns`.
    case tooManyColumns(line: Int)
    /// The first non-empty row has no column names.
    case noHeader
    /// The chosen delimiter is not a single ASCII character other than a quote or a line break.
    case unsupportedDelimiter(Character)

    /// An English sentence naming the line and column where it applies.
    public var message: String {
        switch self {
        case .empty:
            "The file is empty."
        case .tooLarge(let limit):
            "The file is larger than the limit of \(limit) bytes."
        case .unclosedQuote(let line, let column):
            "Line \(line), column \(column): a quoted field starts here but its closing quote is missing."
        case .fieldTooLarge(let line, let column):
            "Line \(line), column \(column): the field is larger than the limit."
        case .tooManyColumns(let line):
            "Line \(line): the row has more columns than the limit."
        case .noHeader:
            "The first row has no column names; the file needs a header row."
        case .unsupportedDelimiter(let delimiter):
            "The delimiter \"\(delimiter)\" is not supported; use one ASCII character other than a quote or a line "
                + "break."
        }
    }

    public var description: String { message }
}

private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}

/// The byte-level state machine; lives only inside one `withUTF8` call.
private struct CSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let delimiter: UInt8
    let maximumFieldBytes: Int
    let maximumColumns: Int
    /// The 1-based line at `position`.
    var line = 1
    /// Unescaped bytes of the current quoted field.
    var scratch: [UInt8] = []

    init(
        bytes: UnsafeBufferPointer<UInt8>, position: Int, delimiter: UInt8, maximumFieldBytes: Int,
        maximumColumns: Int
    ) {
        self.bytes = bytes
        self.position = position
        self.delimiter = delimiter
        self.maximumFieldBytes = maximumFieldBytes
        self.maximumColumns = maximumColumns
    }

    /// The first non-blank record, trimmed and made unique.
    mutating func readHeader() throws(CSVError) -> [String] {
        while let record = try nextRecord() {
            if Self.isEmptyLine(record.fields) { continue }
            let names = record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard names.contains(where: { !$0.isEmpty }) else { throw .noHeader }
            return Self.uniqueNames(names)
        }
        throw .empty
    }

    /// The next data row that has any content, padded to `columnCount`.
    mutating func nextRow(columnCount: Int) throws(CSVError) -> CSVRow? {
        while let record = try nextRecord() {
            if Self.isBlank(record.fields) { continue }
            var fields = record.fields
            if fields.count < columnCount {
                fields.append(contentsOf: repeatElement("", count: columnCount - fields.count))
            }
            return CSVRow(number: record.line, fields: fields)
        }
        return nil
    }

    static func isEmptyLine(_ fields: [String]) -> Bool {
        fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)
    }

    static func isBlank(_ fields: [String]) -> Bool {
        fields.allSatisfy { $0.isEmpty || $0.allSatisfy(\.isWhitespace) }
    }

    static func uniqueNames(_ names: [String]) -> [String] {
        var taken = Set<String>()
        var result: [String] = []
        result.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            var unique = name.isEmpty ? "Column \(index + 1)" : name
            if taken.contains(unique.lowercased()) {
                var suffix = 2
                while taken.contains("\(unique) (\(suffix))".lowercased()) { suffix += 1 }
                unique = "\(unique) (\(suffix))"
            }
            taken.insert(unique.lowercased())
            result.append(unique)
        }
        return result
    }

    /// The next physical record (one or more lines when quotes span them), or nil at the end.
    mutating func nextRecord() throws(CSVError) -> (line: Int, fields: [String])? {
        let count = bytes.count
        guard position < count else { return nil }
        let startLine = line
        var fields: [String] = []
        while true {
            let column = fields.count + 1
            guard column <= maximumColumns else { throw .tooManyColumns(line: startLine) }
            if position < count && bytes[position] == ASCII.quote {
                fields.append(try quotedField(column: column))
            } else {
                let start = position
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
                    position += 1
                }
                guard position - start <= maximumFieldBytes else {
                    throw .fieldTooLarge(line: startLine, column: column)
                }
                let field = UnsafeBufferPointer(rebasing: bytes[start..<position])
                fields.append(String(decoding: field, as: UTF8.self))
            }
            guard position < count else { return (startLine, fields) }
            let byte = bytes[position]
            position += 1
            if byte == delimiter { continue }
            if byte == ASCII.carriageReturn && position < count && bytes[position] == ASCII.lineFeed {
                position += 1
            }
            line += 1
            return (startLine, fields)
        }
    }

    /// A field starting with a quote; text after the closing quote up to the delimiter is kept as is.
    private mutating func quotedField(column: Int) throws(CSVError) -> String {
        let count = bytes.count
        let openLine = line
        position += 1
        scratch.removeAll(keepingCapacity: true)
        var segmentStart = position
        var isClosed = false
        while position < count {
            let byte = bytes[position]
            if byte == ASCII.quote {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<position]))
                if position + 1 < count && bytes[position + 1] == ASCII.quote {
                    scratch.append(ASCII.quote)
                    position += 2
                    segmentStart = position
                } else {
                    position += 1
                    isClosed = true
                    break
                }
                guard scratch.count <= maximumFieldBytes else {
                    throw .fieldTooLarge(line: openLine, column: column)
                }
            } else {
                if byte == ASCII.lineFeed {
                    line += 1
                } else if byte == ASCII.carriageReturn {
                    // CRLF counts once, at its LF.
                    if position + 1 == count || bytes[position + 1] != ASCII.lineFeed { line += 1 }
                }
                position += 1
            }
        }
        guard isClosed else { throw .unclosedQuote(line: openLine, column: column) }
        let tailStart = position
        while position < count {
            let byte = bytes[position]
            if byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
            position += 1
        }
        if position > tailStart {
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<position]))
        }
        guard scratch.count <= maximumFieldBytes else { throw .fieldTooLarge(line: openLine, column: column) }
        return String(decoding: scratch, as: UTF8.self)
    }
}
