import Foundation

/// An email message parsed from its raw RFC 5322 / MIME form, with headers decoded and bodies converted to text.
public struct MailMessage: Sendable, Hashable {
    /// The Message-ID without angle brackets.
    public var messageID: String?
    /// The first address of the From header.
    public var from: MailAddress
    /// Where replies should go instead of `from`, if the sender said so.
    public var replyTo: [MailAddress]
    /// The To recipients, groups flattened.
    public var to: [MailAddress]
    /// The Cc recipients, groups flattened.
    public var cc: [MailAddress]
    /// The subject with RFC 2047 encoded words decoded; empty when the message has none.
    public var subject: String
    /// The Date header; nil when it is missing or cannot be read.
    public var date: Date?
    /// The message ID this one replies to, without angle brackets.
    public var inReplyTo: String?
    /// The message IDs of the thread, oldest first, without angle brackets.
    public var references: [String]
    /// The plain-text body, with line ends as "\n".
    public var textBody: String?
    /// The HTML body, with line ends as "\n".
    public var htmlBody: String?
    /// Files, inline images and forwarded messages, in the order they appear.
    public var attachments: [MailAttachment]
    /// Every top-level header in order, unfolded but not decoded.
    public var headers: [MailHeader]

    public init(
        messageID: String? = nil, from: MailAddress, replyTo: [MailAddress] = [], to: [MailAddress] = [],
        cc: [MailAddress] = [], subject: String = "", date: Date? = nil, inReplyTo: String? = nil,
        references: [String] = [], textBody: String? = nil, htmlBody: String? = nil,
        attachments: [MailAttachment] = [], headers: [MailHeader] = []
    ) {
        self.messageID = messageID
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.inReplyTo = inReplyTo
        self.references = references
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.headers = headers
    }

    /// The value of the first header with this name (case-insensitive), unfolded but not decoded.
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }

    /// The text to show or index: the plain-text body, else the HTML body rendered as plain text, else "".
    public var bestText: String {
        if let textBody { return textBody }
        if let htmlBody { return MailHTMLRenderer.plainText(fromHTML: htmlBody) }
        return ""
    }
}
