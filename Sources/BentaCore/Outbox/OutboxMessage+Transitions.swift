import Foundation

/// A step in an outbox message's life; the service, the API and the pages all ask
/// ``OutboxMessage/allowedActions(at:)``.
///
/// Every step is the outbox worker's: no person changes a queued email (there is no cancel or resend), so the API
/// and the pages show these steps but offer none of them.
public enum OutboxAction: String, Sendable, Hashable, CaseIterable {
    /// A worker takes the message to send it, under a lease: a queued message once it is due, or a `sending` one
    /// whose lease ran out (its worker stopped).
    case claim
    /// The claim that holds the message records that the server accepted it.
    case recordSent = "record_sent"
    /// The claim that holds the message puts it back in the queue after a failed attempt, while attempts are left.
    case scheduleRetry = "schedule_retry"
    /// The claim that holds the message gives up on it for good (a permanent refusal, or no attempt left).
    case fail
}

/// What an outbox message refuses to do in its current state.
public enum OutboxError: ClassifiedError, Equatable, Sendable {
    /// A queued message is claimed once it is due, not before.
    case notDue(nextAttemptAt: Date)
    /// Another worker holds the message under a lease that has not run out.
    case leaseHeld(until: Date)
    /// A sent or failed message never changes again.
    case finished(status: OutboxStatus)
    /// The claim no longer holds the message: its lease was taken over, or its result is already recorded.
    case claimLost
    /// Every attempt the retry policy allows is used; the message can only fail.
    case noAttemptsLeft(attempts: Int)

    public var kind: ErrorKind { .conflict }

    public var code: String {
        switch self {
        case .notDue: "outbox_message_not_due"
        case .leaseHeld: "outbox_message_claimed"
        case .finished: "outbox_message_finished"
        case .claimLost: "outbox_claim_lost"
        case .noAttemptsLeft: "outbox_no_attempts_left"
        }
    }

    public var detail: String {
        switch self {
        case .notDue: "The email waits for its next attempt."
        case .leaseHeld: "The email is being sent right now."
        case .finished(let status): "The email was already \(status.rawValue); it does not change any more."
        case .claimLost: "Another attempt took over this email."
        case .noAttemptsLeft(let attempts): "The email was tried \(attempts) times; it is not tried again."
        }
    }
}

/// The instant from which a worker may claim a message in a claimable status.
public enum OutboxClaimInstant: Sendable, Hashable {
    /// ``OutboxMessage/nextAttemptAt``: a queued message is due.
    case nextAttempt
    /// ``OutboxMessage/claimedUntil``: the lease of the worker sending it ran out.
    case leaseEnd
}

/// One clause of the claim rule: a message in `status` is claimable from its `instant` on.
public struct OutboxClaimRule: Sendable, Hashable {
    public var status: OutboxStatus
    public var instant: OutboxClaimInstant

    public init(status: OutboxStatus, instant: OutboxClaimInstant) {
        self.status = status
        self.instant = instant
    }
}

extension OutboxMessage {
    /// Which messages a worker may claim, and from when: queued ones once due, `sending` ones once their lease ran
    /// out. ``isClaimable(at:)`` reads it, and so does the store's claim query, which must pick the next claimable
    /// message in SQL (see `OutboxStore.nextClaimable(now:)`) so that workers on several servers never take the
    /// same one; the rule itself lives only here.
    public static let claimRules: [OutboxClaimRule] = [
        OutboxClaimRule(status: .queued, instant: .nextAttempt),
        OutboxClaimRule(status: .sending, instant: .leaseEnd),
    ]

    /// The statuses a worker claims from (``claimRules``).
    public static var claimableStatuses: Set<OutboxStatus> { Set(claimRules.map(\.status)) }

    /// A new message, queued and due at `now`, never tried: the start of every message's life.
    public static func queued(
        id: ID, companyID: Company.ID, kind: String, relatedType: String?, relatedID: String?, messageID: String,
        envelopeFrom: String, to: [String], cc: [String], subject: String, byteCount: Int64, queuedBy: User.ID?,
        now: Date
    ) -> OutboxMessage {
        OutboxMessage(
            id: id, companyID: companyID, kind: kind, relatedType: relatedType, relatedID: relatedID,
            messageID: messageID, envelopeFrom: envelopeFrom, to: to, cc: cc, subject: subject, byteCount: byteCount,
            status: .queued, attempts: 0, nextAttemptAt: now, claimedUntil: nil, lastError: nil, sentAt: nil,
            queuedBy: queuedBy, createdAt: now, updatedAt: now)
    }

    /// The message's value of a claim rule's instant.
    public func instant(_ instant: OutboxClaimInstant) -> Date? {
        switch instant {
        case .nextAttempt: nextAttemptAt
        case .leaseEnd: claimedUntil
        }
    }

    /// Whether a worker may claim the message at `now` (``claimRules``).
    public func isClaimable(at now: Date) -> Bool {
        Self.claimRules.contains { rule in
            rule.status == status && instant(rule.instant).map { $0 <= now } == true
        }
    }

    /// Whether the message's life is over: sent or failed, nothing changes it again.
    public var isFinished: Bool { status == .sent || status == .failed }

    /// When a worker takes the message next, while it waits in the queue; nil while it is being sent and once it
    /// is sent or failed.
    public var nextAttempt: Date? { status == .queued ? nextAttemptAt : nil }

    /// Whether the attempts counted so far are more than the retry policy allows: only a message whose worker was
    /// interrupted time and again (its lease ran out every time) gets there, and it is not sent again.
    public var hasExhaustedAttempts: Bool { attempts > OutboxRetryPolicy.maximumAttempts }

    /// The steps the message allows at `now`: a queued message is claimed once due; a `sending` one has its
    /// attempt recorded (sent, retried while attempts are left, or failed) by the claim that holds it, and is
    /// claimed again once its lease ran out; a sent or failed one allows nothing.
    public func allowedActions(at now: Date) -> Set<OutboxAction> {
        var actions: Set<OutboxAction> = isClaimable(at: now) ? [.claim] : []
        if status == .sending {
            actions.formUnion([.recordSent, .fail])
            if OutboxRetryPolicy.delay(afterAttempt: attempts) != nil { actions.insert(.scheduleRetry) }
        }
        return actions
    }

    /// queued (due) or sending (lease ran out) → sending under the claim `token` until `leaseUntil`, counting the
    /// attempt.
    public mutating func claim(now: Date, leaseUntil: Date, token: String) throws(OutboxError) {
        guard isClaimable(at: now) else {
            switch status {
            case .queued: throw .notDue(nextAttemptAt: nextAttemptAt)
            case .sending: throw .leaseHeld(until: claimedUntil ?? now)
            case .sent, .failed: throw .finished(status: status)
            }
        }
        status = .sending
        attempts += 1
        claimedUntil = leaseUntil
        claimToken = token
        updatedAt = now
    }

    /// sending → sent, by the claim `token` that holds the message.
    public mutating func recordSent(token: String, now: Date) throws(OutboxError) {
        try checkHeld(by: token)
        status = .sent
        sentAt = now
        lastError = nil
        releaseClaim(now: now)
    }

    /// sending → queued, due at `retryAt`, by the claim `token`, after the failed attempt `error`; refused once the
    /// retry policy has no attempt left.
    public mutating func scheduleRetry(token: String, error: String, retryAt: Date, now: Date) throws(OutboxError) {
        try checkHeld(by: token)
        guard OutboxRetryPolicy.delay(afterAttempt: attempts) != nil else { throw .noAttemptsLeft(attempts: attempts) }
        status = .queued
        nextAttemptAt = retryAt
        lastError = Self.storedError(error)
        releaseClaim(now: now)
    }

    /// sending → failed for good, by the claim `token`, for `error`.
    public mutating func fail(token: String, error: String, now: Date) throws(OutboxError) {
        try checkHeld(by: token)
        status = .failed
        lastError = Self.storedError(error)
        releaseClaim(now: now)
    }

    /// Records the failed attempt `error` of the claim `token` as the retry policy says: back in the queue after
    /// the policy's wait while attempts are left and the failure is not permanent, failed for good otherwise.
    /// Returns the status the message is now in.
    @discardableResult
    public mutating func recordFailedAttempt(
        token: String, error: String, isPermanent: Bool, now: Date
    ) throws(OutboxError) -> OutboxStatus {
        if !isPermanent, let delay = OutboxRetryPolicy.delay(afterAttempt: attempts) {
            try scheduleRetry(token: token, error: error, retryAt: now.addingTimeInterval(delay), now: now)
        } else {
            try fail(token: token, error: error, now: now)
        }
        return status
    }

    /// Refuses unless the message is being sent under the claim `token`.
    public func checkHeld(by token: String) throws(OutboxError) {
        guard status == .sending, claimToken == token else { throw .claimLost }
    }

    private mutating func releaseClaim(now: Date) {
        claimedUntil = nil
        claimToken = nil
        updatedAt = now
    }

    /// An error as kept with the message: its first 1,000 characters.
    static func storedError(_ error: String) -> String { String(error.prefix(1000)) }
}
