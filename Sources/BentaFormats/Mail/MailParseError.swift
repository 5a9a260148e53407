import BentaCore
import Foundation

/// Why a raw email message was refused.
public enum MailParseError: ClassifiedError, Equatable, Sendable {
    /// The message has no bytes (or only blank lines).
    case empty
    /// The message is larger than the limit, in bytes.
    case tooLarge(limit: Int)
    /// The header section of the message or of one of its parts is larger than the limit.
    case headerTooLarge
    /// The message does not start with a header section.
    case noHeaders
    /// The message has more MIME parts than the limit.
    case tooManyParts
    /// Multiparts are nested deeper than the limit.
    case tooDeeplyNested
    /// One attachment, once decoded, is larger than the limit, in bytes.
    case attachmentTooLarge(filename: String, limit: Int)
    /// The message has more attachments than the limit.
    case tooManyAttachments(limit: Int)
    /// The message has no From header with a usable address.
    case missingFrom

    /// A plain-English sentence for an API error; never contains message content other than a file name.
    public var message: String {
        switch self {
        case .empty: "The email message is empty."
        case .tooLarge(let limit): "The email message is larger than \(Self.describe(bytes: limit))."
        case .headerTooLarge: "The email message has a header section that is too large."
        case .noHeaders: "The email message does not start with headers."
        case .tooManyParts: "The email message has too many MIME parts."
        case .tooDeeplyNested: "The email message has MIME parts nested too deeply."
        case .attachmentTooLarge(let filename, let limit):
            "The attachment \"\(filename)\" is larger than \(Self.describe(bytes: limit))."
        case .tooManyAttachments(let limit): "The email message has more than \(limit) attachments."
        case .missingFrom: "The email message has no valid From address."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .tooLarge, .headerTooLarge, .attachmentTooLarge, .tooManyAttachments, .tooManyParts: .payloadTooLarge
        case .empty, .noHeaders, .tooDeeplyNested, .missingFrom: .malformedInput
        }
    }

    public var code: String {
        switch self {
        case .empty: "mail_empty"
        case .tooLarge: "mail_too_large"
        case .headerTooLarge: "mail_header_too_large"
        case .noHeaders: "mail_no_headers"
        case .tooManyParts: "mail_too_many_parts"
        case .tooDeeplyNested: "mail_too_deeply_nested"
        case .attachmentTooLarge: "mail_attachment_too_large"
        case .tooManyAttachments: "mail_too_many_attachments"
        case .missingFrom: "mail_missing_from"
        }
    }

    public var detail: String { message }

    /// "25 MiB", "256 KiB" or "1000 bytes": exact, so the sentence never rounds a limit up or down.
    static func describe(bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        if bytes >= mebibyte, bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
