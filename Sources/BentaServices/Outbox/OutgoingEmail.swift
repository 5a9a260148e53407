import BentaCore
import BentaFormats
import Foundation

/// An email a feature wants sent (an invoice to its customer), before the outbox composes it with the company's
/// sender address.
public struct OutgoingEmail: Sendable, Hashable {
    public var companyID: Company.ID
    /// What the email is for (`invoice`, `credit_note`, `test`); shown on the outbox page.
    public var kind: String
    /// The record the email is about (`invoice` and its id), so its page can show the email's status.
    public var relatedType: String?
    public var relatedID: String?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Where replies go (the account's manager), when not to the sender address.
    public var replyTo: [MailAddress]
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    public var attachments: [MailAttachment]
    /// The user whose action queued the email; nil for system jobs.
    public var queuedBy: User.ID?

    public init(
        companyID: Company.ID, kind: String, relatedType: String? = nil, relatedID: String? = nil,
        to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [], subject: String, textBody: String,
        htmlBody: String? = nil, attachments: [MailAttachment] = [], queuedBy: User.ID?
    ) {
        self.companyID = companyID
        self.kind = kind
        self.relatedType = relatedType
        self.relatedID = relatedID
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.queuedBy = queuedBy
    }
}

/// What one pass over the outbox did.
public struct OutboxPassResult: Sendable, Hashable {
    public var sent: [OutboxMessage.ID] = []
    /// Failed this time and queued again for later.
    public var retried: [OutboxMessage.ID] = []
    /// Given up for good (refused by the server, or out of attempts).
    public var failed: [OutboxMessage.ID] = []

    public init() {}

    public var isEmpty: Bool { sent.isEmpty && retried.isEmpty && failed.isEmpty }
}

/// The SMTP settings form, as typed: checked into ``SMTPSettings`` by the outbox service.
public struct SMTPSettingsDraft: Sendable, Hashable {
    public var host = ""
    public var port = ""
    public var security = SMTPSecurity.starttls.rawValue
    public var username = ""
    /// nil keeps the stored password; "" removes it.
    public var password: String?
    public var fromAddress = ""
    public var fromName = ""

    public init() {}
}
