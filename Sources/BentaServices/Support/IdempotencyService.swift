import BentaCore
import BentaStore
import Crypto
import Foundation

/// `Idempotency-Key` on requests that create money documents: the same key and request give the first answer
/// again (no second invoice), the same key with another request is refused, a key still being worked on is a
/// conflict. Only successful answers are remembered; a refused request changed nothing, so it may be retried.
///
/// The key is claimed in a short transaction; the answer is stored by the transaction that writes the document
/// (``IdempotencyScope/complete(with:on:)``), so a crash either loses both or keeps both. The claim names the
/// server instance doing the work (``ServerInstanceService``): while that instance lives the key is in progress
/// however long the work takes; once it is dead (killed, or stopped) its work can never commit, and a retry takes
/// the claim over at once. A claim without an instance (older rows, a process that registered none) is taken over
/// after ``staleAfter``. Keys expire ``lifetime`` after their claim: the key then runs as new, and the old rows are
/// purged as new keys are claimed.
public struct IdempotencyService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    /// This process as a server instance; its id goes on each claim once registered.
    var instance: ServerInstanceService? = nil

    /// How long an unanswered claim without an instance blocks retries (409 `request_in_progress`): longer than
    /// every bounded wait a request's work can meet (the writer queue and connection leases, 30 s each), so only work that will never
    /// commit is taken over; and if it still tried, its answer would find the claim gone and roll it back.
    public static let staleAfter: TimeInterval = 5 * 60
    /// How long a key is remembered.
    public static let lifetime: TimeInterval = 24 * 60 * 60

    /// A remembered successful answer.
    public struct Answer: Sendable {
        public var status: Int
        public var location: String?
        public var body: Data

        public init(status: Int, location: String?, body: Data) {
            self.status = status
            self.location = location
            self.body = body
        }
    }

    /// Runs `work` once per (user, key, request); `request` is what identifies it (method, path and body).
    ///
    /// `work` calls the service function that writes the document, which stores `answer(document, balance)` in its
    /// transaction; that stored answer is returned. Work that writes its document through a function that does not
    /// (none does today) gets its answer stored afterwards, in a transaction of its own. When `work` throws, an
    /// unanswered claim is released so that the client may retry with the same key.
    public func run(
        userID: User.ID, key: String, request: Data, answer: @escaping IdempotencyScope.AnswerBuilder,
        work: @escaping @Sendable () async throws -> Invoice
    ) async throws -> Answer {
        try await run(
            userID: userID, key: key, request: request,
            answer: { (invoice: Invoice, db: StoreConnection) in
                try answer(invoice, try await InvoiceService.balance(of: invoice, on: db))
            }, work: work)
    }

    /// ``run(userID:key:request:answer:work:)`` for any kind of document: `answer` builds the remembered answer
    /// from the document inside the transaction that wrote it (it may read through `db`).
    public func run<Document: IdempotentDocument>(
        userID: User.ID, key: String, request: Data,
        answer: @escaping @Sendable (Document, StoreConnection) async throws -> Answer,
        work: @escaping @Sendable () async throws -> Document
    ) async throws -> Answer {
        var errors = ValidationErrors()
        if key.isEmpty || key.count > 255 || !key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            errors.add(
                field: "Idempotency-Key", code: "invalid_key",
                message: "Use 1 to 255 visible ASCII characters, e.g. a UUID.")
        }
        try errors.throwIfAny()
        let hash = HexText.lowercase(SHA256.hash(data: request))
        let now = clock.now()
        let token = UUID().uuidString
        let instanceID = instance?.currentID
        let instance = instance
        let start = try await database.transaction { db in
            try await IdempotencyStore(db).start(
                userID: userID, key: key, requestHash: hash, token: token, now: now,
                staleBefore: now.addingTimeInterval(-Self.staleAfter),
                expiredBefore: now.addingTimeInterval(-Self.lifetime), instanceID: instanceID,
                liveSince: instance?.liveSince(now) ?? ServerInstanceService.liveSince(now))
        }
        switch start {
        case .replay(let status, let location, let body):
            return Answer(status: status, location: location, body: Data(body.utf8))
        case .mismatch:
            errors.add(
                field: "Idempotency-Key", code: "key_reused",
                message: "This Idempotency-Key was used for a different request; use a new key.")
            throw errors
        case .inProgress:
            throw RecordError.conflict(
                code: "request_in_progress", detail: "A request with this Idempotency-Key is still being processed.")
        case .proceed:
            break
        }
        let recorder = AnswerRecorder()
        let claim = IdempotencyScope.claim(
            userID: userID, key: key, token: token, answer: answer, recorder: recorder)
        let document: Document
        do {
            document = try await IdempotencyClaim.$current.withValue(claim) { try await work() }
        } catch {
            try? await database.transaction { db in
                try await IdempotencyStore(db).release(userID: userID, key: key, token: token)
            }
            throw error
        }
        if let stored = recorder.answer(for: document) { return stored }
        return try await database.transaction { db in
            try await IdempotencyScope.store(document, on: db, userID: userID, key: key, token: token, answer: answer)
        }
    }
}
