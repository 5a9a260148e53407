import Foundation

/// Where a queued email is in its life: `queued` (waiting, maybe for a retry), `sending` (claimed by a worker
/// under a lease), `sent` (the server accepted it) or `failed` (refused for good, or out of attempts). The steps
/// between them are in `OutboxMessage+Transitions.swift`.
public enum OutboxStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case sending
    case sent
    case failed
}

/// One email in the outbox, without its bytes (see ``OutboxEnvelope`` for what a worker sends).
public struct OutboxMessage: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<OutboxMessage>

    public var id: ID
    public var companyID: Company.ID
    /// What the email is for (`invoice`, `test`).
    public var kind: String
    /// The record the email is about (`invoice` and its id), when there is one.
    public var relatedType: String?
    public var relatedID: String?
    /// The Message-ID header without angle brackets; unique.
    public var messageID: String
    public var envelopeFrom: String
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var byteCount: Int64
    public var status: OutboxStatus
    /// How many times a worker took the message to send it.
    public var attempts: Int
    public var nextAttemptAt: Date
    /// While `sending`: when the worker's lease ends and another worker may take the message again.
    public var claimedUntil: Date?
    /// While `sending`: the token of the claim that holds the message; only that claim records the attempt's result.
    public var claimToken: String?
    public var lastError: String?
    public var sentAt: Date?
    public var queuedBy: User.ID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, companyID: Company.ID, kind: String, relatedType: String?, relatedID: String?, messageID: String,
        envelopeFrom: String, to: [String], cc: [String], subject: String, byteCount: Int64, status: OutboxStatus,
        attempts: Int, nextAttemptAt: Date, claimedUntil: Date?, lastError: String?, sentAt: Date?,
        queuedBy: User.ID?, createdAt: Date, updatedAt: Date, claimToken: String? = nil
    ) {
        self.id = id
        self.companyID = companyID
        self.kind = kind
        self.relatedType = relatedType
        self.relatedID = relatedID
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.to = to
        self.cc = cc
        self.subject = subject
        self.byteCount = byteCount
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.claimedUntil = claimedUntil
        self.claimToken = claimToken
        self.lastError = lastError
        self.sentAt = sentAt
        self.queuedBy = queuedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Every envelope recipient (To, then Cc).
    public var recipients: [String] { to + cc }
}

/// A claimed message with what the worker needs to send it: the composed bytes and the lease's token.
public struct OutboxClaim: Sendable, Hashable {
    public var message: OutboxMessage
    public var data: [UInt8]
    /// Identifies this claim; marking the result checks it, so a worker whose lease was taken over changes nothing.
    public var token: String

    public init(message: OutboxMessage, data: [UInt8], token: String) {
        self.message = message
        self.data = data
        self.token = token
    }
}

/// When the outbox tries again: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h after the 1st … 7th failed attempt;
/// the 8th failure is final (about 45 hours after queuing).
public enum OutboxRetryPolicy {
    public static let maximumAttempts = 8
    static let delays: [TimeInterval] = [60, 300, 1800, 7200, 21600, 43200, 86400]

    /// The wait after the `attempts`-th failed attempt, or nil when no attempt is left.
    public static func delay(afterAttempt attempts: Int) -> TimeInterval? {
        guard attempts >= 1, attempts < maximumAttempts else { return nil }
        return delays[min(attempts - 1, delays.count - 1)]
    }
}
