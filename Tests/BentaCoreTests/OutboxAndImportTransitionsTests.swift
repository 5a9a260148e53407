import BentaCore
import Foundation
import Testing

/// The life cycles of an outbox message and of an import job, as the core decides them: every allowed step and
/// every refused one, with its stable code.
@Suite(.timeLimit(.minutes(20))) struct OutboxAndImportTransitionsTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let later = now.addingTimeInterval(60)
    static let earlier = now.addingTimeInterval(-60)
    static let messageID = OutboxMessage.ID(UUID(uuidString: "0194a9c1-7d2e-7f30-8b41-3c5d6e7f8a91")!)
    static let jobID = ImportJob.ID(UUID(uuidString: "0194c2e7-5b8a-7f13-a4d6-8e9f0a1b2c3d")!)
    static let companyID = Company.ID(UUID(uuidString: "01945c3a-8f21-7b4e-9d12-6a0c3e5f7b20")!)
    static let userID = User.ID(UUID(uuidString: "01945c3a-8f21-7b4e-9d12-6a0c3e5f7b21")!)

    static func message(
        _ status: OutboxStatus, attempts: Int = 1, nextAttemptAt: Date = now, claimedUntil: Date? = nil,
        token: String? = nil
    ) -> OutboxMessage {
        var message = OutboxMessage.queued(
            id: messageID, companyID: companyID, kind: "invoice", relatedType: "invoice",
            relatedID: "INV-2026-000001", messageID: "m1@bituin.ph", envelopeFrom: "billing@bituin.ph",
            to: ["maria@talafoods.ph"], cc: [], subject: "Invoice", byteCount: 100, queuedBy: nil,
            now: earlier.addingTimeInterval(-3600))
        message.status = status
        message.attempts = attempts
        message.nextAttemptAt = nextAttemptAt
        message.claimedUntil = claimedUntil
        message.claimToken = token
        return message
    }

    /// A message being sent under the claim `held` until `until`.
    static func sending(attempts: Int = 1, until: Date = later) -> OutboxMessage {
        message(.sending, attempts: attempts, claimedUntil: until, token: "held")
    }

    // MARK: - Outbox: what each state allows

    @Test func aNewMessageIsQueuedDueAtOnceAndNeverTried() {
        let message = OutboxMessage.queued(
            id: OutboxMessage.ID(UUID()), companyID: Company.ID(UUID()), kind: "test", relatedType: nil,
            relatedID: nil, messageID: "x@bituin.ph", envelopeFrom: "billing@bituin.ph", to: ["a@b.ph"], cc: [],
            subject: "Test", byteCount: 10, queuedBy: nil, now: Self.now)
        #expect(message.status == .queued && message.attempts == 0 && message.nextAttemptAt == Self.now)
        #expect(message.claimedUntil == nil && message.claimToken == nil && message.lastError == nil)
        #expect(message.createdAt == Self.now && message.updatedAt == Self.now)
        #expect(message.allowedActions(at: Self.now) == [.claim])
        #expect(message.nextAttempt == Self.now && !message.isFinished)
    }

    @Test(arguments: [
        // A queued message is claimed from the instant it is due on, not before.
        (message(.queued, nextAttemptAt: now), [OutboxAction.claim]),
        (message(.queued, nextAttemptAt: earlier), [.claim]),
        (message(.queued, nextAttemptAt: later), []),
        // A message being sent has its attempt recorded; it is claimed again once its lease ran out.
        (sending(until: later), [.recordSent, .scheduleRetry, .fail]),
        (sending(until: now), [.claim, .recordSent, .scheduleRetry, .fail]),
        (sending(until: earlier), [.claim, .recordSent, .scheduleRetry, .fail]),
        // On its last attempt it is sent or failed, never retried.
        (sending(attempts: 7), [.recordSent, .scheduleRetry, .fail]),
        (sending(attempts: 8), [.recordSent, .fail]),
        (sending(attempts: 9, until: earlier), [.claim, .recordSent, .fail]),
        // A sent or failed message allows nothing.
        (message(.sent, nextAttemptAt: earlier), []),
        (message(.failed, nextAttemptAt: earlier), []),
    ])
    func aMessageAllowsWhatItsStateAllows(message: OutboxMessage, allowed: [OutboxAction]) {
        #expect(message.allowedActions(at: Self.now) == Set(allowed))
        #expect(message.isClaimable(at: Self.now) == allowed.contains(.claim))
    }

    @Test func theClaimRuleNamesQueuedAndSendingMessagesAndTheInstantEachWaitsFor() {
        #expect(OutboxMessage.claimableStatuses == [.queued, .sending])
        #expect(
            OutboxMessage.claimRules == [
                OutboxClaimRule(status: .queued, instant: .nextAttempt),
                OutboxClaimRule(status: .sending, instant: .leaseEnd),
            ])
        let waiting = Self.message(.queued, nextAttemptAt: Self.later)
        #expect(waiting.instant(.nextAttempt) == Self.later && waiting.instant(.leaseEnd) == nil)
        #expect(!waiting.isClaimable(at: Self.now) && waiting.isClaimable(at: Self.later))
    }

    @Test func onlyAQueuedMessageHasANextAttemptAndOnlySentOrFailedOnesAreFinished() {
        #expect(Self.message(.queued, nextAttemptAt: Self.later).nextAttempt == Self.later)
        for status in [OutboxStatus.sending, .sent, .failed] {
            #expect(Self.message(status).nextAttempt == nil)
        }
        #expect(OutboxStatus.allCases.filter { Self.message($0).isFinished } == [.sent, .failed])
    }

    // MARK: - Outbox: claiming

    @Test func aDueMessageIsClaimedUnderALeaseAndTheAttemptCounts() throws {
        var message = Self.message(.queued, attempts: 0, nextAttemptAt: Self.earlier)
        try message.claim(now: Self.now, leaseUntil: Self.later, token: "t1")
        #expect(message.status == .sending && message.attempts == 1)
        #expect(message.claimedUntil == Self.later && message.claimToken == "t1" && message.updatedAt == Self.now)
        #expect(message.allowedActions(at: Self.now) == [.recordSent, .scheduleRetry, .fail])
    }

    @Test func aMessageWhoseLeaseRanOutIsTakenOverAndTheOldClaimRecordsNothing() throws {
        var message = Self.sending(attempts: 1, until: Self.now)
        try message.claim(now: Self.now, leaseUntil: Self.later, token: "t2")
        #expect(message.status == .sending && message.attempts == 2 && message.claimToken == "t2")
        #expect(throws: OutboxError.claimLost) { try message.recordSent(token: "held", now: Self.now) }
        #expect(message.status == .sending && message.claimToken == "t2")
    }

    @Test func aMessageIsNotClaimedBeforeItIsDueWhileALeaseHoldsOrOnceFinished() {
        var waiting = Self.message(.queued, nextAttemptAt: Self.later)
        #expect(throws: OutboxError.notDue(nextAttemptAt: Self.later)) {
            try waiting.claim(now: Self.now, leaseUntil: Self.later, token: "t")
        }
        var held = Self.sending(until: Self.later)
        #expect(throws: OutboxError.leaseHeld(until: Self.later)) {
            try held.claim(now: Self.now, leaseUntil: Self.later, token: "t")
        }
        for status in [OutboxStatus.sent, .failed] {
            var finished = Self.message(status, nextAttemptAt: Self.earlier)
            #expect(throws: OutboxError.finished(status: status)) {
                try finished.claim(now: Self.now, leaseUntil: Self.later, token: "t")
            }
            #expect(finished == Self.message(status, nextAttemptAt: Self.earlier))
        }
        #expect(waiting.status == .queued && waiting.attempts == 1 && held.claimToken == "held")
    }

    // MARK: - Outbox: recording an attempt

    @Test func theHoldingClaimRecordsDeliveryAndReleasesTheMessage() throws {
        var message = Self.sending()
        message.lastError = "connection refused"
        try message.recordSent(token: "held", now: Self.now)
        #expect(message.status == .sent && message.sentAt == Self.now && message.lastError == nil)
        #expect(message.claimedUntil == nil && message.claimToken == nil && message.updatedAt == Self.now)
        #expect(message.allowedActions(at: Self.later).isEmpty && message.isFinished)
    }

    @Test func theHoldingClaimPutsTheMessageBackInTheQueueWithItsError() throws {
        var message = Self.sending(attempts: 2)
        try message.scheduleRetry(
            token: "held", error: String(repeating: "e", count: 1500), retryAt: Self.later, now: Self.now)
        #expect(message.status == .queued && message.nextAttemptAt == Self.later && message.attempts == 2)
        #expect(message.lastError == String(repeating: "e", count: 1000))
        #expect(message.claimedUntil == nil && message.claimToken == nil && message.updatedAt == Self.now)
        #expect(message.allowedActions(at: Self.now).isEmpty && message.allowedActions(at: Self.later) == [.claim])
    }

    @Test func theHoldingClaimFailsTheMessageForGood() throws {
        var message = Self.sending()
        try message.fail(token: "held", error: "550 no such user", now: Self.now)
        #expect(message.status == .failed && message.lastError == "550 no such user" && message.sentAt == nil)
        #expect(message.claimedUntil == nil && message.claimToken == nil)
        #expect(message.allowedActions(at: Self.later).isEmpty && message.isFinished)
    }

    @Test(arguments: [
        (sending(), "other"),
        (message(.queued, nextAttemptAt: earlier), "held"),
        (message(.sent, nextAttemptAt: earlier, token: "held"), "held"),
        (message(.failed, nextAttemptAt: earlier, token: "held"), "held"),
    ])
    func onlyTheClaimThatHoldsAMessageBeingSentRecordsItsAttempt(message: OutboxMessage, token: String) {
        var copy = message
        #expect(throws: OutboxError.claimLost) { try copy.recordSent(token: token, now: Self.now) }
        #expect(throws: OutboxError.claimLost) {
            try copy.scheduleRetry(token: token, error: "x", retryAt: Self.later, now: Self.now)
        }
        #expect(throws: OutboxError.claimLost) { try copy.fail(token: token, error: "x", now: Self.now) }
        #expect(throws: OutboxError.claimLost) {
            try copy.recordFailedAttempt(token: token, error: "x", isPermanent: false, now: Self.now)
        }
        #expect(throws: OutboxError.claimLost) { try copy.checkHeld(by: token) }
        #expect(copy == message)
    }

    @Test func theLastAttemptIsNotRetried() {
        var message = Self.sending(attempts: OutboxRetryPolicy.maximumAttempts)
        #expect(throws: OutboxError.noAttemptsLeft(attempts: 8)) {
            try message.scheduleRetry(token: "held", error: "x", retryAt: Self.later, now: Self.now)
        }
        #expect(message == Self.sending(attempts: OutboxRetryPolicy.maximumAttempts))
    }

    /// Attempts so far, permanent?, the status after, the wait before the next attempt.
    static let failedAttempts: [(Int, Bool, OutboxStatus, TimeInterval?)] = [
        (1, false, .queued, 60), (2, false, .queued, 300), (3, false, .queued, 1800), (7, false, .queued, 86400),
        (8, false, .failed, nil), (9, false, .failed, nil), (1, true, .failed, nil), (7, true, .failed, nil),
    ]

    @Test(arguments: failedAttempts)
    func aFailedAttemptIsRetriedAsThePolicySaysOrFailsForGood(
        attempts: Int, isPermanent: Bool, status: OutboxStatus, wait: TimeInterval?
    ) throws {
        var message = Self.sending(attempts: attempts)
        let after = try message.recordFailedAttempt(
            token: "held", error: "421 try later", isPermanent: isPermanent, now: Self.now)
        #expect(after == status && message.status == status && message.lastError == "421 try later")
        #expect(message.claimToken == nil && message.claimedUntil == nil)
        if let wait { #expect(message.nextAttemptAt == Self.now.addingTimeInterval(wait)) }
    }

    @Test func onlyAMessageInterruptedMoreTimesThanThePolicyAllowsHasExhaustedItsAttempts() {
        #expect(!Self.sending(attempts: 8).hasExhaustedAttempts)
        #expect(Self.sending(attempts: 9).hasExhaustedAttempts)
    }

    @Test func aMessageGoesFromQueuedThroughARetryToSent() throws {
        var message = Self.message(.queued, attempts: 0, nextAttemptAt: Self.now)
        try message.claim(now: Self.now, leaseUntil: Self.later, token: "a")
        #expect(
            try message.recordFailedAttempt(token: "a", error: "refused", isPermanent: false, now: Self.now) == .queued)
        let due = Self.now.addingTimeInterval(60)
        #expect(message.allowedActions(at: Self.now).isEmpty && message.allowedActions(at: due) == [.claim])
        try message.claim(now: due, leaseUntil: due.addingTimeInterval(600), token: "b")
        try message.recordSent(token: "b", now: due)
        #expect(message.status == .sent && message.attempts == 2 && message.sentAt == due && message.lastError == nil)
    }

    @Test func outboxErrorsAreConflictsWithStableCodes() {
        let errors: [(OutboxError, String)] = [
            (.notDue(nextAttemptAt: Self.now), "outbox_message_not_due"),
            (.leaseHeld(until: Self.now), "outbox_message_claimed"),
            (.finished(status: .sent), "outbox_message_finished"),
            (.claimLost, "outbox_claim_lost"),
            (.noAttemptsLeft(attempts: 8), "outbox_no_attempts_left"),
        ]
        for (error, code) in errors {
            #expect(error.code == code && error.kind == .conflict && !error.detail.isEmpty)
        }
        #expect(OutboxAction.allCases.map(\.rawValue) == ["claim", "record_sent", "schedule_retry", "fail"])
    }

    // MARK: - Import jobs

    static func job(
        _ status: ImportJob.Status = .running, total: Int = 10, processed: Int = 0
    ) -> ImportJob {
        var job = ImportJob.started(
            id: jobID, companyID: companyID, userID: userID, entity: "accounts",
            filename: "accounts.csv", totalRows: total, now: earlier)
        job.status = status
        job.processedRows = processed
        return job
    }

    @Test func aJobStartsRunningWithNothingHandled() {
        let job = ImportJob.started(
            id: ImportJob.ID(UUID()), companyID: Company.ID(UUID()), userID: User.ID(UUID()), entity: "leads",
            filename: String(repeating: "f", count: 250), totalRows: 3, now: Self.now)
        #expect(job.status == .running && job.totalRows == 3 && job.filename.count == 200)
        #expect(job.processedRows == 0 && job.createdRows == 0 && job.rejectedRows == 0 && job.report == "[]")
        #expect(job.createdAt == Self.now && job.updatedAt == Self.now)
        #expect(job.allowedActions == [.recordBatch, .fail] && !job.isFinished && job.percentDone == 0)
    }

    @Test(arguments: [
        (job(.running, total: 10, processed: 0), [ImportJobAction.recordBatch, .fail]),
        (job(.running, total: 10, processed: 9), [.recordBatch, .fail]),
        (job(.running, total: 0, processed: 0), [.finish, .fail]),
        (job(.running, total: 10, processed: 10), [.finish, .fail]),
        (job(.finished, total: 10, processed: 10), []),
        (job(.failed, total: 10, processed: 4), []),
    ])
    func aJobAllowsWhatItsStateAllows(job: ImportJob, allowed: [ImportJobAction]) throws {
        #expect(job.allowedActions == Set(allowed))
        #expect(job.isFinished == (job.status != .running))
        for action in ImportJobAction.allCases {
            if allowed.contains(action) {
                try job.check(action)
            } else {
                #expect(throws: ImportJobError.self) { try job.check(action) }
            }
        }
    }

    @Test func batchesAreCountedAndTheLastOneFinishesTheJob() throws {
        var job = Self.job(total: 5)
        try job.recordBatch(created: 2, rejected: 1, report: #"[{"row":"3"}]"#, now: Self.now)
        #expect(job.status == .running && job.processedRows == 3 && job.createdRows == 2 && job.rejectedRows == 1)
        #expect(job.report == #"[{"row":"3"}]"# && job.updatedAt == Self.now && job.percentDone == 60)
        try job.recordBatch(created: 2, rejected: 0, report: #"[{"row":"3"}]"#, now: Self.later)
        #expect(job.status == .finished && job.processedRows == 5 && job.createdRows == 4 && job.rejectedRows == 1)
        #expect(job.updatedAt == Self.later && job.percentDone == 100 && job.allowedActions.isEmpty)
    }

    @Test func aBatchThatDoesNotFitTheRowsLeftIsRefusedAndChangesNothing() {
        var job = Self.job(total: 5, processed: 3)
        let before = job
        #expect(throws: ImportJobError.batchDoesNotFit(rows: 3, left: 2)) {
            try job.recordBatch(created: 2, rejected: 1, report: "[]", now: Self.now)
        }
        #expect(throws: ImportJobError.batchDoesNotFit(rows: 0, left: 2)) {
            try job.recordBatch(created: -1, rejected: 1, report: "[]", now: Self.now)
        }
        var done = Self.job(total: 5, processed: 5)
        #expect(throws: ImportJobError.batchDoesNotFit(rows: 1, left: 0)) {
            try done.recordBatch(created: 1, rejected: 0, report: "[]", now: Self.now)
        }
        #expect(job == before && done == Self.job(total: 5, processed: 5))
    }

    @Test func aJobFinishesOnlyWithEveryRowHandled() throws {
        var empty = Self.job(total: 0)
        #expect(empty.percentDone == 100)
        try empty.finish(now: Self.now)
        #expect(empty.status == .finished && empty.updatedAt == Self.now)
        var halfway = Self.job(total: 10, processed: 4)
        #expect(throws: ImportJobError.rowsRemaining(processed: 4, total: 10)) { try halfway.finish(now: Self.now) }
        #expect(halfway.status == .running)
    }

    @Test(arguments: [(10, 0), (10, 4), (0, 0)])
    func aRunningJobFailsAndKeepsWhatItCounted(total: Int, processed: Int) throws {
        var job = Self.job(total: total, processed: processed)
        try job.fail(now: Self.now)
        #expect(job.status == .failed && job.processedRows == processed && job.updatedAt == Self.now)
        #expect(job.allowedActions.isEmpty && job.isFinished)
    }

    @Test(arguments: [ImportJob.Status.finished, .failed])
    func aFinishedOrFailedJobNeverChangesAgain(status: ImportJob.Status) {
        var job = Self.job(status, total: 10, processed: 4)
        let before = job
        #expect(throws: ImportJobError.notRunning(status: status)) {
            try job.recordBatch(created: 1, rejected: 0, report: "[]", now: Self.now)
        }
        #expect(throws: ImportJobError.notRunning(status: status)) { try job.finish(now: Self.now) }
        #expect(throws: ImportJobError.notRunning(status: status)) { try job.fail(now: Self.now) }
        #expect(job == before)
    }

    @Test func importErrorsAreConflictsWithStableCodes() {
        let errors: [(ImportJobError, String)] = [
            (.notRunning(status: .finished), "import_not_running"),
            (.batchDoesNotFit(rows: 3, left: 2), "import_batch_does_not_fit"),
            (.rowsRemaining(processed: 4, total: 10), "import_rows_remaining"),
        ]
        for (error, code) in errors {
            #expect(error.code == code && error.kind == .conflict && !error.detail.isEmpty)
        }
        #expect(ImportJobAction.allCases.map(\.rawValue) == ["record_batch", "finish", "fail"])
    }
}
