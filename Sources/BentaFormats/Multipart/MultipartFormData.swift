import Foundation

/// A parsed `multipart/form-data` body (RFC 7578), as browsers send it for HTML forms with file inputs.
///
/// Parts are separated by `--boundary` lines ending in CRLF (a bare LF is tolerated) and the body ends at
/// `--boundary--`; a preamble before the first delimiter and an epilogue after the last are ignored. A delimiter
/// counts only at the start of a line and when followed by `--`, optional spaces and a line break, so data that
/// merely contains the boundary text stays data. Part data is binary-safe: everything up to, not including, the
/// line break before the next delimiter.
///
/// Filenames come from `filename*` (RFC 5987/2231, UTF-8 or ISO-8859-1) when present, else `filename`; their
/// directory part (`/` or `\`) and control characters are removed, and `.`/`..` become empty. Browsers
/// percent-encode `"`, CR and LF in names (WHATWG); that encoding is kept as sent, since a literal `%` is not
/// escaped and could not be told apart.
///
/// Parsing is a single linear scan: candidate delimiters are only checked right after a line feed.
public struct MultipartFormData: Sendable {
    /// One form field, or one file from a file input.
    public struct Part: Sendable, Hashable {
        /// The form control's name (`name` parameter of `Content-Disposition`).
        public let name: String
        /// The file's name without any directory part; `nil` for plain fields, `""` for an empty file input.
        public let filename: String?
        /// The part's `Content-Type` header value, if it had one.
        public let contentType: String?
        /// The part's bytes, exactly as sent.
        public let data: [UInt8]

        /// The data decoded as UTF-8; invalid sequences become U+FFFD.
        public var text: String { String(decoding: data, as: UTF8.self) }

        /// Creates a part.
        public init(name: String, filename: String? = nil, contentType: String? = nil, data: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    /// Bounds on what a body may contain, so an upload cannot exhaust memory or time.
    public struct Limits: Sendable, Hashable {
        /// The largest body accepted, in bytes.
        public var maximumBytes: Int
        /// The most parts accepted.
        public var maximumParts: Int
        /// The largest header section accepted in one part, in bytes (the blank line excluded).
        public var maximumHeaderBytes: Int

        /// Creates limits; the defaults are 60 MiB per body, 50 parts and 8 KiB of headers per part.
        public init(
            maximumBytes: Int = 60 * 1024 * 1024, maximumParts: Int = 50, maximumHeaderBytes: Int = 8 * 1024
        ) {
            self.maximumBytes = maximumBytes
            self.maximumParts = maximumParts
            self.maximumHeaderBytes = maximumHeaderBytes
        }
    }

    /// The parts in the order they were sent.
    public let parts: [Part]

    /// Parses a body with the boundary taken from its `Content-Type` header (see `boundary(fromContentType:)`).
    ///
    /// Throws `.noBoundary` when the boundary is invalid or never starts a line of the body, and `.malformed` when
    /// the closing delimiter is missing or a part lacks its headers, its `form-data` disposition or its name.
    public init(bytes: [UInt8], boundary: String, limits: Limits = Limits()) throws(MultipartError) {
        guard bytes.count <= limits.maximumBytes else { throw .tooLarge(limit: limits.maximumBytes) }
        guard Self.isValidBoundary(boundary) else { throw .noBoundary }
        let reader = Reader(bytes: bytes, delimiter: Array("--\(boundary)".utf8), limits: limits)
        parts = try reader.readParts()
    }

    /// Wraps parts that are already parsed.
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The boundary from a `Content-Type` value like `multipart/form-data; boundary=----WebKitFormBoundaryX`.
    ///
    /// The boundary may be quoted. Returns `nil` when the media type is not `multipart/form-data`, or the boundary
    /// is absent or invalid (RFC 2046: 1–70 characters from the allowed set, not ending in a space).
    public static func boundary(fromContentType contentType: String) -> String? {
        let value = HeaderValue(Array(contentType.utf8))
        guard value.type.lowercased() == "multipart/form-data",
            let boundary = value.parameters["boundary"].map({ String(decoding: $0, as: UTF8.self) }),
            isValidBoundary(boundary)
        else { return nil }
        return boundary
    }

    /// The text of the first plain field (not a file) with that name.
    public func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }?.text
    }

    /// The texts of every plain field with that name, in order, as for repeated checkboxes or a multiple select.
    public func fields(_ name: String) -> [String] {
        parts.filter { $0.name == name && $0.filename == nil }.map(\.text)
    }

    /// The first file sent under that name; an empty file input (no filename, no data) counts as no file.
    public func file(_ name: String) -> Part? {
        parts.first { $0.name == name && Self.isFile($0) }
    }

    /// Every file sent under that name, as from `<input type="file" multiple>`; empty file inputs are skipped.
    public func files(_ name: String) -> [Part] {
        parts.filter { $0.name == name && Self.isFile($0) }
    }

    private static func isFile(_ part: Part) -> Bool {
        guard let filename = part.filename else { return false }
        return !(filename.isEmpty && part.data.isEmpty)
    }

    /// Whether `boundary` satisfies RFC 2046: 1–70 of `bchars`, the last not a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != Byte.space else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return true
            default:
                return Array("'()+_,-./:=? ".utf8).contains(byte)
            }
        }
    }
}

/// Why a `multipart/form-data` body was refused.
public enum MultipartError: Error, Equatable, Sendable {
    /// The body is larger than `limit` bytes.
    case tooLarge(limit: Int)
    /// The boundary is missing or invalid, or the body never uses it.
    case noBoundary
    /// The body does not follow RFC 7578; the text says where.
    case malformed(String)
    /// The body has more than `limit` parts.
    case tooManyParts(limit: Int)
    /// One part's header section is larger than its limit.
    case headerTooLarge

    /// A sentence for the person who sent the upload.
    public var message: String {
        switch self {
        case .tooLarge(let limit):
            return "The upload is larger than the limit of \(Self.describeSize(limit))."
        case .noBoundary:
            return "The upload is not valid form data: its boundary is missing."
        case .malformed(let detail):
            return "The upload is not valid form data: \(detail)"
        case .tooManyParts(let limit):
            return "The upload has more than \(limit) fields and files."
        case .headerTooLarge:
            return "The upload is not valid form data: a part's headers are too large."
        }
    }

    private static func describeSize(_ bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        if bytes >= mebibyte, bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}

extension MultipartFormData {
    /// The ASCII bytes the parser looks for.
    fileprivate enum Byte {
        static let lineFeed = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let dash = UInt8(ascii: "-")
        static let space = UInt8(ascii: " ")
        static let tab = UInt8(ascii: "\t")
        static let colon = UInt8(ascii: ":")
        static let semicolon = UInt8(ascii: ";")
        static let equals = UInt8(ascii: "=")
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let percent = UInt8(ascii: "%")
        static let apostrophe = UInt8(ascii: "'")

        static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }
    }

    /// A delimiter line found in the body.
    private struct Delimiter {
        /// Where `--boundary` starts.
        var position: Int
        /// Where the next part starts; `nil` for the closing delimiter.
        var partStart: Int?
    }

    /// Walks the body once, from delimiter to delimiter.
    private struct Reader {
        let bytes: [UInt8]
        let delimiter: [UInt8]
        let limits: Limits

        func readParts() throws(MultipartError) -> [Part] {
            guard var current = nextDelimiter(from: 0) else { throw .noBoundary }
            var parts: [Part] = []
            while let partStart = current.partStart {
                guard parts.count < limits.maximumParts else { throw .tooManyParts(limit: limits.maximumParts) }
                guard let next = nextDelimiter(from: partStart) else {
                    throw .malformed("the body ends without its closing boundary.")
                }
                parts.append(try readPart(from: partStart, to: next.position))
                current = next
            }
            return parts
        }

        /// The first delimiter line at or after `start` that begins a line (or the body).
        ///
        /// Only positions right after a line feed are compared, and a comparison costs at most the delimiter's
        /// length, so the whole search is linear in the body.
        private func nextDelimiter(from start: Int) -> Delimiter? {
            var candidate = start
            while candidate + delimiter.count <= bytes.count {
                if candidate == 0 || bytes[candidate - 1] == Byte.lineFeed, let found = delimiterLine(at: candidate) {
                    return found
                }
                var index = candidate
                while index < bytes.count, bytes[index] != Byte.lineFeed { index += 1 }
                candidate = index + 1
            }
            return nil
        }

        /// A delimiter at `position`: `--boundary` then `--`, or optional spaces and a line break.
        private func delimiterLine(at position: Int) -> Delimiter? {
            for offset in 0..<delimiter.count where bytes[position + offset] != delimiter[offset] { return nil }
            var index = position + delimiter.count
            if index + 1 < bytes.count, bytes[index] == Byte.dash, bytes[index + 1] == Byte.dash {
                return Delimiter(position: position, partStart: nil)
            }
            while index < bytes.count, Byte.isWhitespace(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] == Byte.carriageReturn { index += 1 }
            guard index < bytes.count, bytes[index] == Byte.lineFeed else { return nil }
            return Delimiter(position: position, partStart: index + 1)
        }

        /// One part between `start` and the delimiter at `end` (always preceded by a line feed).
        private func readPart(from start: Int, to end: Int) throws(MultipartError) -> Part {
            let (headers, bodyStart) = try readHeaders(from: start, to: end)
            guard let dispositionBytes = headers["content-disposition"] else {
                throw .malformed("a part has no Content-Disposition header.")
            }
            let disposition = HeaderValue(dispositionBytes)
            guard disposition.type.lowercased() == "form-data" else {
                throw .malformed("a part's Content-Disposition is not form-data.")
            }
            guard let name = disposition.parameters["name"] else { throw .malformed("a part has no name.") }
            var bodyEnd = end
            if bodyEnd > bodyStart, bytes[bodyEnd - 1] == Byte.lineFeed {
                bodyEnd -= 1
                if bodyEnd > bodyStart, bytes[bodyEnd - 1] == Byte.carriageReturn { bodyEnd -= 1 }
            }
            let contentType = headers["content-type"].map { String(decoding: $0, as: UTF8.self) }
            return Part(
                name: String(decoding: name, as: UTF8.self),
                filename: Filename.from(disposition.parameters),
                contentType: contentType?.isEmpty == true ? nil : contentType,
                data: bodyStart < bodyEnd ? Array(bytes[bodyStart..<bodyEnd]) : [])
        }

        /// Header fields keyed by lowercased name (the first of repeated names wins), and where the body starts.
        private func readHeaders(
            from start: Int, to end: Int
        ) throws(MultipartError) -> (headers: [String: [UInt8]], bodyStart: Int) {
            // A header section may end at `start + limit`, and its blank line takes up to two more bytes.
            let scanLimit = min(end, start + limits.maximumHeaderBytes + 2)
            var headers: [String: [UInt8]] = [:]
            var lastName: String?
            var lineStart = start
            while lineStart < scanLimit {
                var lineFeed = lineStart
                while lineFeed < scanLimit, bytes[lineFeed] != Byte.lineFeed { lineFeed += 1 }
                guard lineFeed < scanLimit else { break }
                var lineEnd = lineFeed
                if lineEnd > lineStart, bytes[lineEnd - 1] == Byte.carriageReturn { lineEnd -= 1 }
                if lineEnd == lineStart {
                    guard lineStart - start <= limits.maximumHeaderBytes else { throw .headerTooLarge }
                    return (headers, lineFeed + 1)
                }
                guard lineEnd - start <= limits.maximumHeaderBytes else { throw .headerTooLarge }
                let line = bytes[lineStart..<lineEnd]
                if Byte.isWhitespace(bytes[lineStart]) {
                    // Obsolete line folding (RFC 5322 obs-fold) continues the previous field.
                    guard let name = lastName else { throw .malformed("a part's headers start with a space.") }
                    headers[name, default: []] += [Byte.space] + Self.trimmed(line)
                } else {
                    guard let colon = line.firstIndex(of: Byte.colon) else {
                        throw .malformed("a part's header line has no colon.")
                    }
                    let name = String(decoding: Self.trimmed(line[..<colon]), as: UTF8.self).lowercased()
                    guard !name.isEmpty else { throw .malformed("a part's header line has no name.") }
                    if headers[name] == nil {
                        headers[name] = Array(Self.trimmed(line[(colon + 1)...]))
                        lastName = name
                    } else {
                        lastName = nil
                    }
                }
                lineStart = lineFeed + 1
            }
            if scanLimit < end { throw .headerTooLarge }
            throw .malformed("a part has no blank line after its headers.")
        }

        private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var slice = bytes
            while let first = slice.first, Byte.isWhitespace(first) { slice.removeFirst() }
            while let last = slice.last, Byte.isWhitespace(last) { slice.removeLast() }
            return slice
        }
    }

    /// A header value split into its leading token and `;`-separated parameters (RFC 2045/6266 style).
    ///
    /// Parameter names are lowercased and the first of a repeated name wins. Quoted values drop their quotes and
    /// unescape `\"` and `\\`; any other backslash is kept, because Internet Explorer sends Windows paths such as
    /// `"C:\Users\ana\leads.csv"` unescaped.
    private struct HeaderValue {
        var type: String
        var parameters: [String: [UInt8]]

        init(_ bytes: [UInt8]) {
            var index = 0
            func skipWhitespace() {
                while index < bytes.count, Byte.isWhitespace(bytes[index]) { index += 1 }
            }
            func readToken(stoppingAt stops: [UInt8]) -> [UInt8] {
                let start = index
                while index < bytes.count, !stops.contains(bytes[index]) { index += 1 }
                var token = bytes[start..<index]
                while let last = token.last, Byte.isWhitespace(last) { token.removeLast() }
                return Array(token)
            }
            skipWhitespace()
            type = String(decoding: readToken(stoppingAt: [Byte.semicolon]), as: UTF8.self)
            parameters = [:]
            while index < bytes.count {
                index += 1  // the `;`
                skipWhitespace()
                let name = String(decoding: readToken(stoppingAt: [Byte.semicolon, Byte.equals]), as: UTF8.self)
                    .lowercased()
                guard index < bytes.count, bytes[index] == Byte.equals else { continue }
                index += 1
                skipWhitespace()
                var value: [UInt8] = []
                if index < bytes.count, bytes[index] == Byte.quote {
                    index += 1
                    while index < bytes.count, bytes[index] != Byte.quote {
                        if bytes[index] == Byte.backslash, index + 1 < bytes.count,
                            bytes[index + 1] == Byte.quote || bytes[index + 1] == Byte.backslash
                        {
                            index += 1
                        }
                        value.append(bytes[index])
                        index += 1
                    }
                    // Anything between the closing quote and the next `;` is not part of the value.
                    while index < bytes.count, bytes[index] != Byte.semicolon { index += 1 }
                } else {
                    value = readToken(stoppingAt: [Byte.semicolon])
                }
                if !name.isEmpty, parameters[name] == nil { parameters[name] = value }
            }
        }
    }

    /// Turns `filename`/`filename*` parameters into a safe bare file name.
    private enum Filename {
        static func from(_ parameters: [String: [UInt8]]) -> String? {
            if let extended = parameters["filename*"], let decoded = decodeExtended(extended) {
                return sanitized(decoded)
            }
            return parameters["filename"].map { sanitized(String(decoding: $0, as: UTF8.self)) }
        }

        /// Decodes RFC 5987 `charset'language'percent-encoded`; `nil` for other charsets or invalid bytes.
        static func decodeExtended(_ value: [UInt8]) -> String? {
            let pieces = value.split(separator: Byte.apostrophe, maxSplits: 2, omittingEmptySubsequences: false)
            guard pieces.count == 3 else { return nil }
            let charset = String(decoding: pieces[0], as: UTF8.self).lowercased()
            let decoded = percentDecoded(pieces[2])
            switch charset {
            case "utf-8":
                return String(validating: decoded, as: UTF8.self)
            case "iso-8859-1", "latin1":
                return String(String.UnicodeScalarView(decoded.map { Unicode.Scalar($0) }))
            default:
                return nil
            }
        }

        static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = bytes.startIndex
            while index < bytes.endIndex {
                if bytes[index] == Byte.percent, index + 2 < bytes.endIndex,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                {
                    result.append(high << 4 | low)
                    index += 3
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            return result
        }

        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        /// The last path component (after `/` or `\`) without control characters; `.` and `..` become empty.
        static func sanitized(_ filename: String) -> String {
            // Scalars, not characters: a combining mark after `/` must not hide the separator.
            let scalars = filename.unicodeScalars
            let start = scalars.lastIndex { $0 == "/" || $0 == "\\" }.map(scalars.index(after:))
            let kept = scalars[(start ?? scalars.startIndex)...].filter { $0.value >= 0x20 && $0.value != 0x7F }
            let name = String(String.UnicodeScalarView(kept))
            return name == "." || name == ".." ? "" : name
        }
    }
}
