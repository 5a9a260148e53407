import Foundation

/// The header section of a message or a MIME part, read from bytes, and where its body starts.
struct MailHeaderBlock: Sendable, Hashable {
    var headers: [MailHeader]
    /// The index of the first body byte (after the blank line), or the end when there is no body.
    var bodyStart: Int

    /// Reads headers from `bytes[range]` until the first blank line, unfolding continuation lines; CRLF and bare
    /// LF line ends are both accepted.
    ///
    /// For a message (`isMessage`), a first line that is not a header throws `noHeaders`, except an mbox
    /// `From ` line, which is skipped. For a MIME part, such a line means the part has no headers and all of it is
    /// body. Header lines longer than `limit` in total throw `headerTooLarge`.
    static func read(
        _ bytes: [UInt8], in range: Range<Int>, limit: Int, isMessage: Bool
    ) throws(MailParseError) -> MailHeaderBlock {
        var headers: [MailHeader] = []
        var name: String?
        var value: [UInt8] = []
        var index = range.lowerBound
        var isFirstLine = true

        func flush() {
            if let name { headers.append(MailHeader(name: name, value: headerText(value))) }
            name = nil
            value = []
        }

        while index < range.upperBound {
            let lineEnd = bytes[index..<range.upperBound].firstIndex(of: UInt8(ascii: "\n")) ?? range.upperBound
            let next = min(lineEnd + 1, range.upperBound)
            var contentEnd = lineEnd
            while contentEnd > index, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            if contentEnd == index {
                flush()
                return MailHeaderBlock(headers: headers, bodyStart: next)
            }
            guard next - range.lowerBound <= limit else { throw .headerTooLarge }
            let line = bytes[index..<contentEnd]
            defer {
                index = next
                isFirstLine = false
            }
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                // A continuation: unfolding removes only the line break, so the leading blank stays.
                if name != nil { value += line }
                continue
            }
            flush()
            if let (fieldName, fieldValue) = field(in: line) {
                name = fieldName
                value = Array(fieldValue)
            } else if isFirstLine {
                if isMessage, line.starts(with: "From ".utf8) { continue }
                if isMessage { throw .noHeaders }
                return MailHeaderBlock(headers: [], bodyStart: range.lowerBound)
            }
            // Any other line that is neither a field nor a continuation is skipped.
        }
        flush()
        return MailHeaderBlock(headers: headers, bodyStart: range.upperBound)
    }

    /// The name and the value bytes of a `Name: value` line; the name is printable ASCII without spaces, though
    /// blanks before the colon are tolerated.
    private static func field(in line: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var nameEnd = colon
        while nameEnd > line.startIndex,
            line[nameEnd - 1] == UInt8(ascii: " ") || line[nameEnd - 1] == UInt8(ascii: "\t")
        {
            nameEnd -= 1
        }
        let name = line[line.startIndex..<nameEnd]
        guard !name.isEmpty, name.count <= 256, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return (String(decoding: name, as: UTF8.self), line[(colon + 1)...])
    }

    /// Header bytes as text: UTF-8 (RFC 6532) when valid, Latin-1 otherwise; trimmed.
    private static func headerText(_ bytes: [UInt8]) -> String {
        MailCharset.decodeUnknown(bytes).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
