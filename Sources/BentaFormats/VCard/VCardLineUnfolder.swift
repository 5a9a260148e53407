import Foundation

/// Splits vCard text into unfolded content lines.
///
/// Physical lines end in CRLF, LF, or (in files with no LF at all) CR; extra CRs before an LF are dropped, since
/// iPhone exports end lines in CR CR LF. A line beginning with a space or tab continues the previous one (one
/// blank removed, RFC 6350 §3.2). A quoted-printable value ending in `=` continues on the next line whatever
/// that line starts with (vCard 2.1). Inline binary data (photos) is skipped: its continuation lines are not
/// kept, including the bare base64 lines some 2.1 writers emit without a leading blank.
enum VCardLineUnfolder {
    /// One unfolded content line.
    struct Line: Sendable, Hashable {
        /// The 1-based physical line it begins on.
        var number: Int
        var property: VCardProperty
    }

    private struct Pending {
        var number: Int
        /// The line so far; for a skipped property only its name and parameters.
        var bytes: [UInt8]
        /// The name and parameters, when the first physical line holds them all; saves parsing them twice.
        var header: VCardProperty?
        /// Where the value starts in ``bytes`` when ``header`` is known.
        var valueStart = 0
        var isQuotedPrintable = false
        /// The value is not kept (binary data, `X-` and other unread properties), so its length is not limited.
        var isSkipped = false
        /// Lines of bare base64 after this one belong to it.
        var isBinary = false
        /// The last physical line ended in `=`: a quoted-printable soft line break.
        var hasSoftBreak = false

        /// The finished line parsed, or nil when it is not a content line.
        var property: VCardProperty? {
            guard var property = header else { return VCardProperty(line: bytes[...]) }
            property.rawValue = valueStart < bytes.count ? Array(bytes[valueStart...]) : []
            return property
        }
    }

    /// The content lines of `bytes`; lines that are not `NAME...:value` (blank lines, garbage) are left out.
    /// Only properties named in `keeping` (and `BEGIN`, `END`) keep their value; the others keep their name.
    static func lines(_ bytes: [UInt8], keeping: Set<String>, maximumLineLength: Int) throws(VCardError) -> [Line] {
        var result: [Line] = []
        var pending: Pending?
        for (offset, physical) in physicalLines(bytes).enumerated() {
            if var current = pending {
                let isFolded = physical.first == UInt8(ascii: " ") || physical.first == UInt8(ascii: "\t")
                if current.hasSoftBreak, !isCardBoundary(physical) {
                    if !current.isSkipped {
                        current.bytes.removeLast()
                        current.bytes.append(contentsOf: physical)
                    }
                } else if isFolded {
                    if !current.isSkipped { current.bytes.append(contentsOf: physical.dropFirst()) }
                } else if current.isBinary, isBareBase64(physical) {
                    continue
                } else {
                    if let property = current.property {
                        result.append(Line(number: current.number, property: property))
                    }
                    pending = nil
                }
                if pending != nil {
                    current.hasSoftBreak = current.isQuotedPrintable && physical.last == UInt8(ascii: "=")
                    try check(current, maximumLineLength)
                    pending = current
                    continue
                }
            }
            guard !physical.isEmpty else { continue }
            let current = start(physical, number: offset + 1, keeping: keeping)
            try check(current, maximumLineLength)
            pending = current
        }
        if let current = pending, let property = current.property {
            result.append(Line(number: current.number, property: property))
        }
        return result
    }

    /// A new content line; for a skipped property only the name and parameters are kept.
    private static func start(_ physical: ArraySlice<UInt8>, number: Int, keeping: Set<String>) -> Pending {
        guard let colon = VCardProperty.colonIndex(in: physical),
            let header = VCardProperty(line: physical[physical.startIndex...colon])
        else {
            return Pending(number: number, bytes: Array(physical))
        }
        var pending = Pending(number: number, bytes: Array(physical), header: header)
        pending.valueStart = colon + 1 - physical.startIndex
        pending.isQuotedPrintable = header.isQuotedPrintable
        pending.hasSoftBreak = header.isQuotedPrintable && physical.last == UInt8(ascii: "=")
        pending.isBinary = header.isBinary
        let isKept = ["BEGIN", "END"].contains(header.name) || (keeping.contains(header.name) && !header.isBinary)
        if !isKept {
            pending.isSkipped = true
            pending.bytes = Array(physical[physical.startIndex...colon])
        }
        return pending
    }

    private static func check(_ pending: Pending, _ maximumLineLength: Int) throws(VCardError) {
        if pending.bytes.count > maximumLineLength { throw .lineTooLong(line: pending.number) }
    }

    /// Lines split on LF with trailing CRs removed, or on CR when the text has no LF (classic Mac OS).
    private static func physicalLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let separator = bytes.contains(newline) ? newline : carriageReturn
        return bytes.split(separator: separator, omittingEmptySubsequences: false).map { line in
            var line = line
            while line.last == carriageReturn { line = line.dropLast() }
            return line
        }
    }

    /// `BEGIN:VCARD` or `END:VCARD`, which a broken quoted-printable value must not swallow.
    private static func isCardBoundary(_ line: ArraySlice<UInt8>) -> Bool {
        let text = VCardEscaping.trimmed(String(decoding: line, as: UTF8.self)).uppercased()
        return text == "BEGIN:VCARD" || text == "END:VCARD"
    }

    /// A line of nothing but base64 characters: more of the photo above it.
    private static func isBareBase64(_ line: ArraySlice<UInt8>) -> Bool {
        !line.isEmpty
            && line.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                    true
                default: false
                }
            }
    }
}
