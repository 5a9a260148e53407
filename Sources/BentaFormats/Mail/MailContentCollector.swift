import Foundation

/// Walks the MIME tree of a message and collects its text body, HTML body and attachments.
///
/// The tree is walked depth-first with an explicit stack, so a hostile nesting depth costs a thrown error, not the
/// call stack. Body choice: inside one `multipart/alternative` the last text/plain and the last text/html win;
/// inline text parts elsewhere (the pieces of a message interrupted by an attachment) are joined in order.
struct MailContentCollector {
    var textBody: String?
    var htmlBody: String?
    var attachments: [MailAttachment] = []

    private let limits: MailParser.Limits
    private var partCount = 1
    private var alternativeCount = 0
    /// The `multipart/alternative` that last set each body, so a later alternative in the same one replaces it.
    private var textOwner: Int?
    private var htmlOwner: Int?

    /// One entity waiting to be read.
    private struct Pending {
        var range: Range<Int>
        var depth: Int
        /// The nearest enclosing `multipart/alternative`, numbered in order of appearance.
        var alternative: Int?
        /// text/plain, or message/rfc822 inside multipart/digest (RFC 2046 §5.1.5).
        var defaultType: String
    }

    private init(limits: MailParser.Limits) {
        self.limits = limits
    }

    static func collect(
        _ bytes: [UInt8], root: MailHeaderBlock, end: Int, limits: MailParser.Limits
    ) throws(MailParseError) -> MailContentCollector {
        var collector = MailContentCollector(limits: limits)
        try collector.walk(bytes, root: root, end: end)
        return collector
    }

    private mutating func walk(_ bytes: [UInt8], root: MailHeaderBlock, end: Int) throws(MailParseError) {
        guard partCount <= limits.maximumParts else { throw .tooManyParts }
        var stack: [(Pending, MailHeaderBlock?)] = [
            (Pending(range: root.bodyStart..<end, depth: 0, alternative: nil, defaultType: "text/plain"), root)
        ]
        while let (pending, known) = stack.popLast() {
            let block: MailHeaderBlock
            if let known {
                block = known
            } else {
                block = try MailHeaderBlock.read(
                    bytes, in: pending.range, limit: limits.maximumHeaderBytes, isMessage: false)
            }
            let headers = block.headers
            let contentType = MailParameterizedValue(parsing: headers.firstValue(named: "Content-Type") ?? "")
            var mediaType = contentType.value.contains("/") ? contentType.value : pending.defaultType
            let body = min(block.bodyStart, pending.range.upperBound)..<pending.range.upperBound

            if mediaType.hasPrefix("multipart/") {
                if let boundary = contentType["boundary"], !boundary.isEmpty {
                    guard pending.depth < limits.maximumNestingDepth else { throw .tooDeeplyNested }
                    let parts = try split(bytes, body: body, boundary: Array(boundary.utf8))
                    var alternative = pending.alternative
                    if mediaType == "multipart/alternative" {
                        alternativeCount += 1
                        alternative = alternativeCount
                    }
                    let defaultType = mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
                    for part in parts.reversed() {
                        let child = Pending(
                            range: part, depth: pending.depth + 1, alternative: alternative, defaultType: defaultType)
                        stack.append((child, nil))
                    }
                    continue
                }
                // A multipart without a boundary cannot be split; its body is read as text.
                mediaType = "text/plain"
            }
            try leaf(
                bytes, body: body, headers: headers, mediaType: mediaType, contentType: contentType,
                alternative: pending.alternative)
        }
    }

    /// Handles a part that is not a multipart: a body candidate, a forwarded message or an attachment.
    private mutating func leaf(
        _ bytes: [UInt8], body: Range<Int>, headers: [MailHeader], mediaType: String,
        contentType: MailParameterizedValue, alternative: Int?
    ) throws(MailParseError) {
        let encoding = MailTransferEncoding(headerValue: headers.firstValue(named: "Content-Transfer-Encoding"))
        let disposition = headers.firstValue(named: "Content-Disposition").map(MailParameterizedValue.init)
        let givenName = (disposition?["filename"] ?? contentType["name"]).map(MailEncodedWords.decode)
        let isAttachment = disposition?.value == "attachment"
        let contentID = headers.firstValue(named: "Content-ID").flatMap { MailParser.messageIDs(in: $0).first }

        if mediaType == "message/rfc822" || mediaType == "message/global" {
            let data = encoding.decode(bytes[body])
            let name = forwardedMessageName(data) ?? givenName ?? "attachment-\(attachments.count + 1).eml"
            try addAttachment(name: name, mediaType: mediaType, data: data, isInline: false, contentID: contentID)
            return
        }
        if mediaType == "text/plain" || mediaType == "text/html", !isAttachment, givenName == nil {
            let data = encoding.decode(bytes[body])
            var text = Self.normalizingLineEnds(MailCharset.decode(data, charset: contentType["charset"]))
            if mediaType == "text/plain" {
                if contentType["format"]?.lowercased() == "flowed" {
                    text = Self.unflowed(text, deletesSpace: contentType["delsp"]?.lowercased() == "yes")
                }
                Self.offer(text, to: &textBody, owner: &textOwner, alternative: alternative)
            } else {
                Self.offer(text, to: &htmlBody, owner: &htmlOwner, alternative: alternative)
            }
            return
        }
        let isInline = disposition?.value == "inline" || (disposition == nil && contentID != nil)
        try addAttachment(
            name: givenName, mediaType: mediaType, data: encoding.decode(bytes[body]), isInline: isInline,
            contentID: contentID)
    }

    private static func offer(_ text: String, to slot: inout String?, owner: inout Int?, alternative: Int?) {
        if let existing = slot {
            if let alternative, owner == alternative {
                slot = text
            } else {
                slot = existing.hasSuffix("\n") || existing.isEmpty ? existing + text : existing + "\n" + text
                owner = alternative
            }
        } else {
            slot = text
            owner = alternative
        }
    }

    private mutating func addAttachment(
        name: String?, mediaType: String, data: [UInt8], isInline: Bool, contentID: String?
    ) throws(MailParseError) {
        guard attachments.count < limits.maximumAttachments else {
            throw .tooManyAttachments(limit: limits.maximumAttachments)
        }
        let filename = name.flatMap(Self.sanitizedFilename) ?? "attachment-\(attachments.count + 1)"
        guard data.count <= limits.maximumAttachmentBytes else {
            throw .attachmentTooLarge(filename: filename, limit: limits.maximumAttachmentBytes)
        }
        attachments.append(
            MailAttachment(
                filename: filename, contentType: mediaType, data: data, isInline: isInline, contentID: contentID))
    }

    /// `<subject>.eml` for a forwarded message, or nil when it has no subject.
    private func forwardedMessageName(_ data: [UInt8]) -> String? {
        let block = try? MailHeaderBlock.read(
            data, in: 0..<data.count, limit: limits.maximumHeaderBytes, isMessage: false)
        guard let subject = block?.headers.firstValue(named: "Subject").map(MailEncodedWords.decode) else {
            return nil
        }
        // The subject becomes a file name: no path separators, and short enough for any file system.
        let cleaned = String(subject.map { $0 == "/" || $0 == "\\" ? "-" : $0 }.prefix(200))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return cleaned.isEmpty ? nil : cleaned + ".eml"
    }

    /// The last path component, without control characters; nil when nothing usable is left.
    static func sanitizedFilename(_ raw: String) -> String? {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = lastComponent.unicodeScalars.filter {
            $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value)
        }
        let visible = String(String.UnicodeScalarView(printable)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !visible.isEmpty, visible != ".", visible != ".." else { return nil }
        guard visible.count > 200 else { return visible }
        // Keep a short extension so the file still opens with the right program.
        if let dot = visible.lastIndex(of: "."), visible.distance(from: dot, to: visible.endIndex) <= 16 {
            return String(visible.prefix(180)) + visible[dot...]
        }
        return String(visible.prefix(200))
    }

    /// Splits a multipart body at its boundary lines; the preamble and epilogue are dropped, and a missing final
    /// boundary ends the last part at the end of the body.
    private mutating func split(
        _ bytes: [UInt8], body: Range<Int>, boundary: [UInt8]
    ) throws(MailParseError) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var lineStart = body.lowerBound
        while lineStart < body.upperBound {
            let lineEnd = bytes[lineStart..<body.upperBound].firstIndex(of: UInt8(ascii: "\n")) ?? body.upperBound
            let next = min(lineEnd + 1, body.upperBound)
            if let isClosing = Self.delimiter(bytes, line: lineStart..<lineEnd, boundary: boundary) {
                if let start = partStart {
                    // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
                    var end = lineStart
                    if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    parts.append(start..<end)
                    partCount += 1
                    guard partCount <= limits.maximumParts else { throw .tooManyParts }
                }
                if isClosing {
                    return parts
                }
                partStart = next
            }
            lineStart = next
        }
        if let start = partStart, start < body.upperBound {
            parts.append(start..<body.upperBound)
            partCount += 1
            guard partCount <= limits.maximumParts else { throw .tooManyParts }
        }
        return parts
    }

    /// Whether the line is `--boundary` (false) or `--boundary--` (true), trailing blanks allowed; nil if neither.
    private static func delimiter(_ bytes: [UInt8], line: Range<Int>, boundary: [UInt8]) -> Bool? {
        let dash = UInt8(ascii: "-")
        guard line.count >= boundary.count + 2, bytes[line.lowerBound] == dash, bytes[line.lowerBound + 1] == dash,
            bytes[(line.lowerBound + 2)..<(line.lowerBound + 2 + boundary.count)].elementsEqual(boundary)
        else { return nil }
        let rest = bytes[(line.lowerBound + 2 + boundary.count)..<line.upperBound]
        if rest.starts(with: [dash, dash]) { return true }
        return rest.allSatisfy(MailParser.isBlank) ? false : nil
    }

    /// CRLF and lone CR become "\n".
    static func normalizingLineEnds(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var previousWasCR = false
        while let scalar = scalars.next() {
            if scalar == "\r" {
                output.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            output.append(scalar)
        }
        return String(output)
    }

    /// Joins the soft-broken lines of `format=flowed` text (RFC 3676), undoing space-stuffing; quote depth is kept.
    static func unflowed(_ text: String, deletesSpace: Bool) -> String {
        var lines: [String] = []
        var softDepth: Int?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let depth = raw.prefix(while: { $0 == ">" }).count
            var content = raw.dropFirst(depth)
            let isStuffed = content.hasPrefix(" ")
            if isStuffed { content = content.dropFirst() }
            let isSoft = content.hasSuffix(" ") && content != "-- "
            var piece = String(content)
            if isSoft, deletesSpace { piece.removeLast() }
            if let softDepth, softDepth == depth, !lines.isEmpty {
                lines[lines.count - 1] += piece
            } else {
                lines.append(String(raw.prefix(depth)) + (depth > 0 && isStuffed ? " " : "") + piece)
            }
            softDepth = isSoft ? depth : nil
        }
        return lines.joined(separator: "\n")
    }
}
