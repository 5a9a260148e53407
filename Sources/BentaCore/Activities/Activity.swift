import Foundation

/// One entry of a timeline: a call, an email or letter, a meeting, a note, or a status change.
public struct Activity: Sendable, Hashable {
    public typealias ID = Identifier<Activity>

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case call
        case email
        case letter
        case meeting
        case note
        case statusChange = "status_change"
        case task
    }

    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case inbound
        case outbound
    }

    public var id: ID
    public var companyID: Company.ID
    public var kind: Kind
    public var direction: Direction?
    public var subject: String
    public var body: String?
    public var occurredAt: Date
    /// Calls: how long, in seconds.
    public var durationSeconds: Int?
    /// Calls: what came of it (reached, no answer, voicemail, wrong number, …).
    public var outcome: String?
    /// The number dialled or calling, E.164.
    public var phone: String?
    public var accountID: Account.ID?
    public var contactID: Contact.ID?
    public var leadID: Lead.ID?
    /// Who logged it (nil for what arrived by itself: an inbound call webhook, an email).
    public var userID: User.ID?
    /// For emails: the stored message this entry shows.
    public var messageID: InboundMessage.ID?
    /// An entry Benta wrote itself (a system-made task completed, a quote or contract emailed): its subject
    /// (`<key>_title`) and body (`<key>_notes`) as a message key, read in each reader's language; nil for
    /// everything a person typed and for rows written before keys existed.
    public var systemText: SystemText?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, kind: Kind, direction: Direction? = nil, subject: String, body: String? = nil,
        occurredAt: Date, durationSeconds: Int? = nil, outcome: String? = nil, phone: String? = nil,
        accountID: Account.ID? = nil, contactID: Contact.ID? = nil, leadID: Lead.ID? = nil, userID: User.ID? = nil,
        messageID: InboundMessage.ID? = nil, systemText: SystemText? = nil, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.kind = kind
        self.direction = direction
        self.subject = subject
        self.body = body
        self.occurredAt = occurredAt
        self.durationSeconds = durationSeconds
        self.outcome = outcome
        self.phone = phone
        self.accountID = accountID
        self.contactID = contactID
        self.leadID = leadID
        self.userID = userID
        self.messageID = messageID
        self.systemText = systemText
        self.createdAt = createdAt
    }
}

/// What came of a call.
public enum CallOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case reached
    case noAnswer = "no_answer"
    case voicemail
    case busy
    case wrongNumber = "wrong_number"
    case callBack = "call_back"
}

/// A stored inbound email or letter with its attachments.
public struct InboundMessage: Sendable, Hashable {
    public typealias ID = Identifier<InboundMessage>
}
