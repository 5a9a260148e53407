import BentaCore
import Foundation

/// Why a message could not be composed. Every case names the field so a form can point at it.
public enum MailComposeError: ClassifiedError, Equatable, Sendable {
    /// A header value holds a line break or another control character: refused, so no header can be injected.
    case controlCharacter(field: String)
    /// An address is not a plain `local@domain` (spaces, angle brackets, non-ASCII, no "@").
    case invalidAddress(field: String, address: String)
    /// The message has no To recipient.
    case noRecipients
    /// The Message-ID is not `left@right` without spaces or angle brackets.
    case invalidMessageID
    /// An attachment's content type is not `type/subtype`.
    case invalidContentType(filename: String)

    public var kind: ErrorKind { .validation }

    public var code: String {
        switch self {
        case .controlCharacter: "mail_control_character"
        case .invalidAddress: "mail_invalid_address"
        case .noRecipients: "mail_no_recipients"
        case .invalidMessageID: "mail_invalid_message_id"
        case .invalidContentType: "mail_invalid_content_type"
        }
    }

    /// The field the problem is in (`subject`, `to`, `attachments`).
    public var field: String {
        switch self {
        case .controlCharacter(let field), .invalidAddress(let field, _): field
        case .noRecipients: "to"
        case .invalidMessageID: "message_id"
        case .invalidContentType: "attachments"
        }
    }

    public var detail: String {
        switch self {
        case .controlCharacter(let field): "The \(field) must not contain line breaks or control characters."
        case .invalidAddress(let field, let address): "\"\(address)\" in \(field) is not a valid email address."
        case .noRecipients: "The message needs at least one recipient."
        case .invalidMessageID: "The Message-ID must look like left@right."
        case .invalidContentType(let filename): "The attachment \"\(filename)\" has an invalid content type."
        }
    }
}
