import BentaCore
import BentaServices
import Foundation

/// The send form of a quote or a contract (`document_send.mustache`): the recipient (one of the account's contact
/// addresses, or typed when there is none), the subject and the message, prefilled; "send by email" and "mark as
/// sent without email". A form sent back shows what was typed and its problems beside the fields.
struct DocumentSendPart {
    var action: String
    var version: String
    var hint: String
    var recipients: [PageChoice]
    var has_recipients: Bool
    var to: String
    var subject: String
    var message: String
    var errors: [String: String]

    /// The form for `form` (prefilled by the service); `typed` is the form as sent back, with `errors` by field.
    static func make(
        _ form: DocumentEmailForm, typed: DocumentEmailDraft?, errors: [String: String], action: String,
        version: String, hint: String
    ) -> DocumentSendPart {
        let to = typed?.to ?? form.to
        var recipients = form.recipients.map {
            PageChoice(value: $0.address, label: "\($0.name) <\($0.address)>", selected: $0.address == to)
        }
        if !to.isEmpty, !recipients.contains(where: { $0.value == to }), !recipients.isEmpty {
            recipients.append(PageChoice(value: to, label: to, selected: true))
        }
        return DocumentSendPart(
            action: action, version: version, hint: hint, recipients: recipients, has_recipients: !recipients.isEmpty,
            to: to, subject: typed?.subject ?? form.subject, message: typed?.message ?? form.message, errors: errors)
    }

    /// "Emailed to Maria Santos <maria@example.ph> on …" for one sending.
    static func sentLine(
        _ sent: DocumentEmailSent, directory: PageDirectory, strings: [String: String]
    ) -> String {
        (strings["document_sent_to"] ?? "Emailed to {to} on {when}")
            .replacingOccurrences(of: "{to}", with: sent.to)
            .replacingOccurrences(of: "{when}", with: directory.dateTime(sent.sentAt))
    }
}
