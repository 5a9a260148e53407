import Foundation

/// A stored inbound email: what the timeline shows and where its attachments are.
public struct StoredMessage: Sendable, Hashable {
    public var id: InboundMessage.ID
    public var companyID: Company.ID
    public var messageKey: String
    public var fromAddress: String
    public var fromName: String?
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var sentAt: Date?
    public var receivedAt: Date
    public var textBody: String?
    public var htmlBody: String?
    public var sizeBytes: Int

    public init(
        id: InboundMessage.ID, companyID: Company.ID, messageKey: String, fromAddress: String, fromName: String?,
        to: [String], cc: [String], subject: String, sentAt: Date?, receivedAt: Date, textBody: String?,
        htmlBody: String?, sizeBytes: Int
    ) {
        self.id = id
        self.companyID = companyID
        self.messageKey = messageKey
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.sizeBytes = sizeBytes
    }
}

/// An attachment's description (the bytes are read separately, only when downloaded).
public struct StoredAttachment: Sendable, Hashable {
    public var id: Identifier<StoredAttachment>
    public var messageID: InboundMessage.ID
    public var filename: String
    public var contentType: String
    public var sizeBytes: Int

    public init(
        id: Identifier<StoredAttachment>, messageID: InboundMessage.ID, filename: String, contentType: String,
        sizeBytes: Int
    ) {
        self.id = id
        self.messageID = messageID
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
    }
}
