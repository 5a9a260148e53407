import BentaCore
import BentaStore
import Crypto
import Foundation

/// `Idempotency-Key` on requests that create money documents: the same key and request give the first answer
/// again (no second invoice), the same key with another request is refused, a key still being worked on is a
/// conflict. Only successful answers are remembered; a refused request changed nothing, so it may be retried.
public struct IdempotencyService: Sendable {
    let database: any AppDatabase
    let clock: AppClock

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
    public func run(
        userID: User.ID, key: String, request: Data, work: @Sendable () async throws -> Answer
    ) async throws -> Answer {
        var errors = ValidationErrors()
        if key.isEmpty || key.count > 255 || !key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            errors.add(
                field: "Idempotency-Key", code: "invalid_key",
                message: "Use 1 to 255 visible ASCII characters, e.g. a UUID.")
        }
        try errors.throwIfAny()
        let hash = SHA256.hash(data: request).map { String(format: "%02x", $0) }.joined()
        let now = clock.now()
        let start = try await database.transaction { db in
            try await IdempotencyStore(db).start(userID: userID, key: key, requestHash: hash, now: now)
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
        let answer: Answer
        do {
            answer = try await work()
        } catch {
            try? await database.transaction { db in try await IdempotencyStore(db).release(userID: userID, key: key) }
            throw error
        }
        try await database.transaction { db in
            try await IdempotencyStore(db).complete(
                userID: userID, key: key, status: answer.status, location: answer.location,
                body: String(decoding: answer.body, as: UTF8.self))
        }
        return answer
    }
}
