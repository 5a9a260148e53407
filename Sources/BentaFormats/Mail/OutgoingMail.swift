import Foundation

/// A message to compose and send: the headers, a plain-text body, an optional HTML alternative and attachments.
///
/// Bcc is deliberately absent: the composed bytes are stored and may be shown, so hidden recipients would not stay
/// hidden. Add them to the SMTP envelope only, if ever needed.
public struct OutgoingMail: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    /// The instant written into the `Date` header.
    public var date: Date
    /// The Message-ID without angle brackets (`0193…@example.ph`); stable, chosen by the caller.
    public var messageID: String
    public var textBody: String
    public var htmlBody: String?
    public var attachments: [MailAttachment]

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [], subject: String,
        date: Date, messageID: String, textBody: String, htmlBody: String? = nil, attachments: [MailAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
    }

    /// Every address the message is delivered to (To, then Cc), without repeats; the SMTP envelope's recipients.
    public var recipients: [String] {
        var seen = Set<String>()
        return (to + cc).map(\.address).filter { seen.insert($0.lowercased()).inserted }
    }
}
