import Foundation

/// Parses raw RFC 5322 / MIME email messages (as a mail server posts them) into `MailMessage` values.
///
/// Built for hostile input: every limit is checked while parsing, the size first; nested multiparts are walked
/// with an explicit stack, never recursion; malformed encodings are decoded leniently instead of failing. The
/// parser does no I/O and holds no state, so one value can be shared across tasks.
public struct MailParser: Sendable {
    /// The bounds a message must stay within; exceeding one throws the matching `MailParseError`.
    public struct Limits: Sendable, Hashable {
        /// The whole raw message, in bytes.
        public var maximumMessageBytes: Int
        /// One attachment after transfer decoding, in bytes.
        public var maximumAttachmentBytes: Int
        /// Attachments in total, inline images and forwarded messages included.
        public var maximumAttachments: Int
        /// MIME entities in total, the message itself and every multipart container included.
        public var maximumParts: Int
        /// How many multiparts may enclose one another.
        public var maximumNestingDepth: Int
        /// The header section of the message or of any one part, in bytes.
        public var maximumHeaderBytes: Int

        public init(
            maximumMessageBytes: Int = 25 * 1024 * 1024, maximumAttachmentBytes: Int = 10 * 1024 * 1024,
            maximumAttachments: Int = 20, maximumParts: Int = 100, maximumNestingDepth: Int = 10,
            maximumHeaderBytes: Int = 256 * 1024
        ) {
            self.maximumMessageBytes = maximumMessageBytes
            self.maximumAttachmentBytes = maximumAttachmentBytes
            self.maximumAttachments = maximumAttachments
            self.maximumParts = maximumParts
            self.maximumNestingDepth = maximumNestingDepth
            self.maximumHeaderBytes = maximumHeaderBytes
        }
    }

    /// The bounds this parser enforces.
    public var limits: Limits

    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Parses a raw message (`message/rfc822` bytes).
    public func parse(_ data: Data) throws(MailParseError) -> MailMessage {
        guard data.count <= limits.maximumMessageBytes else { throw .tooLarge(limit: limits.maximumMessageBytes) }
        return try parse([UInt8](data))
    }

    /// Parses a raw message (`message/rfc822` bytes).
    public func parse(_ bytes: [UInt8]) throws(MailParseError) -> MailMessage {
        guard bytes.count <= limits.maximumMessageBytes else { throw .tooLarge(limit: limits.maximumMessageBytes) }
        // Some relays put blank lines before the headers; they carry nothing.
        guard let start = bytes.firstIndex(where: { !Self.isBlank($0) }) else { throw .empty }
        let block = try MailHeaderBlock.read(
            bytes, in: start..<bytes.count, limit: limits.maximumHeaderBytes, isMessage: true)
        let headers = block.headers
        guard !headers.isEmpty else { throw .noHeaders }
        guard let from = headers.firstValue(named: "From").flatMap({ MailAddress.parseList($0).first }) else {
            throw .missingFrom
        }
        let content = try MailContentCollector.collect(bytes, root: block, end: bytes.count, limits: limits)
        return MailMessage(
            messageID: headers.firstValue(named: "Message-ID").flatMap { Self.messageIDs(in: $0).first },
            from: from,
            replyTo: headers.firstValue(named: "Reply-To").map(MailAddress.parseList) ?? [],
            to: headers.firstValue(named: "To").map(MailAddress.parseList) ?? [],
            cc: headers.firstValue(named: "Cc").map(MailAddress.parseList) ?? [],
            subject: headers.firstValue(named: "Subject").map(MailEncodedWords.decode) ?? "",
            date: headers.firstValue(named: "Date").flatMap(MailDateParser.parse),
            inReplyTo: headers.firstValue(named: "In-Reply-To").flatMap { Self.messageIDs(in: $0).first },
            references: headers.firstValue(named: "References").map(Self.messageIDs) ?? [],
            textBody: content.textBody,
            htmlBody: content.htmlBody,
            attachments: content.attachments,
            headers: headers
        )
    }

    /// The message IDs in a Message-ID, In-Reply-To or References value, without angle brackets or comments.
    /// Values without brackets (seen from some mailers) are split at whitespace and commas instead.
    static func messageIDs(in value: String) -> [String] {
        let text = MailAddressListParser.removingComments(from: value)
        var identifiers: [String] = []
        var current = String.UnicodeScalarView()
        var isInside = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<":
                isInside = true
                current = String.UnicodeScalarView()
            case ">" where isInside:
                isInside = false
                if !current.isEmpty { identifiers.append(String(current)) }
            default:
                if isInside, !scalar.properties.isWhitespace { current.append(scalar) }
            }
        }
        if identifiers.isEmpty {
            identifiers = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" })
                .map(String.init)
        }
        return identifiers
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }
}
