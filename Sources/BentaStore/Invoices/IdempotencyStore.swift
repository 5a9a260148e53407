import BentaCore
import Foundation
import SQLKit

/// Remembered answers to requests that carried an `Idempotency-Key`, per user: the same key with the same body
/// gets the first answer again; with another body it is refused.
///
/// A key is claimed (`start`) in a short transaction of its own; the answer is stored (`complete`) by the work's own
/// transaction, so the work and its answer commit or roll back together. A claim still open after a bounded time is
/// therefore a request whose work never committed: the next request with the key takes it over, and the old claim
/// can no longer complete (its `claim_token` is gone). Keys expire a day after their claim.
public struct IdempotencyStore: Sendable {
    /// What to do with a request whose key was just looked up.
    public enum Start: Sendable, Hashable {
        /// The key is this request's (first use, an expired key, or a stale claim taken over): do the work and
        /// `complete` with this token in the work's transaction.
        case proceed(token: String)
        /// The key was used for the same request: answer this again.
        case replay(status: Int, location: String?, body: String)
        /// The key was used for a different request.
        case mismatch
        /// The first request with this key has not finished yet.
        case inProgress
    }

    /// The claim's token no longer holds the key: a later request took the stale claim over.
    public struct ClaimLostError: Error, Sendable, CustomStringConvertible {
        public var description: String { "the Idempotency-Key claim was taken over by a later request" }
    }

    /// Expired rows purged by one claim, at most: enough to keep up with the claims that make them.
    static let purgeBatch = 100

    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Claims the key for this request with `token`, or reports how it was used before.
    ///
    /// A key claimed before `expiredBefore` counts as never used (and up to ``purgeBatch`` such rows of any user are
    /// deleted first). An unanswered claim is taken over by a request with the same body when the server instance
    /// that holds it is dead (stopped, or no heartbeat since `liveSince`), at once; a claim of a live instance stays
    /// in progress however old. A claim without an instance (made before migration 31, or by a process that
    /// registered none) is taken over once made before `staleBefore`. The claim records `instanceID`.
    public func start(
        userID: User.ID, key: String, requestHash: String, token: String, now: Date, staleBefore: Date,
        expiredBefore: Date, instanceID: String? = nil, liveSince: Date? = nil
    ) async throws -> Start {
        try await purgeExpired(before: expiredBefore)
        let user = userID.description
        let millis = now.millisecondsSince1970
        let inserted = try await db.raw(
            """
            INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, created_at, claim_token,
                instance_id)
            VALUES (\(bind: user), \(bind: key), \(bind: requestHash), \(bind: millis), \(bind: token),
                \(bind: instanceID))
            ON CONFLICT (user_id, idempotency_key) DO NOTHING
            RETURNING user_id
            """
        ).all()
        if !inserted.isEmpty { return .proceed(token: token) }
        guard
            let row = try await db.raw(
                """
                SELECT request_hash, status_code, location, body, created_at, claim_token, instance_id,
                    CASE WHEN \(ServerInstanceStore.isLive("k.instance_id", liveSince: liveSince ?? now))
                        THEN 1 ELSE 0 END AS holder_live
                FROM idempotency_keys k
                WHERE user_id = \(bind: user) AND idempotency_key = \(bind: key)
                """
            ).first()
        else { return .inProgress }
        let claimedAt = try row.int64("created_at")
        let previousToken = try row.string("claim_token")
        let expired = claimedAt < expiredBefore.millisecondsSince1970
        if !expired {
            guard try row.string("request_hash") == requestHash else { return .mismatch }
            if let status = try row.optionalInt64("status_code") {
                return .replay(
                    status: Int(status), location: try row.optionalString("location"),
                    body: try row.optionalString("body") ?? "")
            }
            if try row.optionalString("instance_id") != nil {
                guard try row.int64("holder_live") == 0 else { return .inProgress }
            } else {
                guard claimedAt < staleBefore.millisecondsSince1970 else { return .inProgress }
            }
        }
        // Expired, or a claim of a dead instance or stale: taken over only if no one else took it since it was read.
        let taken = try await db.raw(
            """
            UPDATE idempotency_keys SET request_hash = \(bind: requestHash), status_code = NULL, location = NULL,
                body = NULL, created_at = \(bind: millis), claim_token = \(bind: token),
                instance_id = \(bind: instanceID)
            WHERE user_id = \(bind: user) AND idempotency_key = \(bind: key)
                AND created_at = \(bind: claimedAt) AND claim_token = \(bind: previousToken)
            RETURNING user_id
            """
        ).all()
        return taken.isEmpty ? .inProgress : .proceed(token: token)
    }

    /// Records the answer to replay, in the transaction of the work that produced it; throws ``ClaimLostError``
    /// (so that the work rolls back) when `token` no longer holds the key. A second call under the same claim
    /// replaces the answer.
    public func complete(
        userID: User.ID, key: String, token: String, status: Int, location: String?, body: String
    ) async throws {
        let rows = try await db.raw(
            """
            UPDATE idempotency_keys SET status_code = \(bind: Int64(status)), location = \(bind: location),
                body = \(bind: body)
            WHERE user_id = \(bind: userID.description) AND idempotency_key = \(bind: key)
                AND claim_token = \(bind: token)
            RETURNING user_id
            """
        ).all()
        if rows.isEmpty { throw ClaimLostError() }
    }

    /// Forgets an unanswered claim whose work failed, so the client may retry with the same key; a key whose work
    /// committed its answer (or that another request took over) is left as it is.
    public func release(userID: User.ID, key: String, token: String) async throws {
        try await db.raw(
            """
            DELETE FROM idempotency_keys WHERE user_id = \(bind: userID.description)
                AND idempotency_key = \(bind: key) AND claim_token = \(bind: token) AND status_code IS NULL
            """
        ).run()
    }

    /// Deletes up to ``purgeBatch`` keys claimed before `before`, oldest first (through `idempotency_keys_created`).
    /// PostgreSQL skips rows another transaction holds, so concurrent claims never wait for each other here.
    func purgeExpired(before: Date) async throws {
        let lock = db.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
        try await db.raw(
            """
            DELETE FROM idempotency_keys WHERE (user_id, idempotency_key) IN (
                SELECT user_id, idempotency_key FROM idempotency_keys
                WHERE created_at < \(bind: before.millisecondsSince1970)
                ORDER BY created_at LIMIT \(unsafeRaw: String(Self.purgeBatch))\(unsafeRaw: lock))
            """
        ).run()
    }
}

/// The claimed `Idempotency-Key` the current task's work runs under, and how to store the answer for the document
/// the work writes (set by `IdempotencyService.run`; services use it through `IdempotencyScope`).
///
/// A task-local of the store layer because SQLite runs a transaction's body in a task of its own:
/// `SQLiteAppDatabase.withConnection` carries it over, as it does `UnitOfWork.isOpen`.
public struct IdempotencyClaim: Sendable {
    public let userID: User.ID
    public let key: String
    public let token: String
    /// Stores the answer for the document, on the connection of the transaction that wrote it.
    public let complete: @Sendable (any IdempotentDocument, any SQLDatabase) async throws -> Void

    public init(
        userID: User.ID, key: String, token: String,
        complete: @escaping @Sendable (any IdempotentDocument, any SQLDatabase) async throws -> Void
    ) {
        self.userID = userID
        self.key = key
        self.token = token
        self.complete = complete
    }

    /// The claim of the request the current task works for; nil without an `Idempotency-Key`.
    @TaskLocal public static var current: IdempotencyClaim?
}

/// A document a request under an `Idempotency-Key` writes (an invoice, a payment, a statement import): what the
/// remembered answer is built from. `idempotencyIdentity` tells one state of one document from another.
public protocol IdempotentDocument: Sendable {
    var idempotencyIdentity: String { get }
}

extension Invoice: IdempotentDocument {
    public var idempotencyIdentity: String { "invoice \(id) \(version)" }
}
