import BentaCore
import Foundation
import SQLKit

/// Remembered answers to requests that carried an `Idempotency-Key`, per user: the same key with the same body
/// gets the first answer again; with another body it is refused.
public struct IdempotencyStore: Sendable {
    /// What to do with a request whose key was just looked up.
    public enum Start: Sendable, Hashable {
        /// First use of the key: do the work, then `complete`.
        case proceed
        /// The key was used for the same request: answer this again.
        case replay(status: Int, location: String?, body: String)
        /// The key was used for a different request.
        case mismatch
        /// The first request with this key has not finished yet.
        case inProgress
    }

    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Claims the key for this request, or reports how it was used before.
    public func start(userID: User.ID, key: String, requestHash: String, now: Date) async throws -> Start {
        let inserted = try await db.raw(
            """
            INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, created_at)
            VALUES (\(bind: userID.description), \(bind: key), \(bind: requestHash), \(bind: now.millisecondsSince1970))
            ON CONFLICT (user_id, idempotency_key) DO NOTHING
            RETURNING user_id
            """
        ).all()
        if !inserted.isEmpty { return .proceed }
        guard
            let row = try await db.raw(
                """
                SELECT request_hash, status_code, location, body FROM idempotency_keys
                WHERE user_id = \(bind: userID.description) AND idempotency_key = \(bind: key)
                """
            ).first()
        else { return .inProgress }
        guard try row.string("request_hash") == requestHash else { return .mismatch }
        guard let status = try row.optionalInt64("status_code") else { return .inProgress }
        return .replay(
            status: Int(status), location: try row.optionalString("location"),
            body: try row.optionalString("body") ?? "")
    }

    /// Records the answer to replay.
    public func complete(userID: User.ID, key: String, status: Int, location: String?, body: String) async throws {
        try await db.raw(
            """
            UPDATE idempotency_keys SET status_code = \(bind: Int64(status)), location = \(bind: location),
                body = \(bind: body)
            WHERE user_id = \(bind: userID.description) AND idempotency_key = \(bind: key)
            """
        ).run()
    }

    /// Forgets a claim whose work failed unexpectedly, so the client may retry with the same key.
    public func release(userID: User.ID, key: String) async throws {
        try await db.raw(
            """
            DELETE FROM idempotency_keys WHERE user_id = \(bind: userID.description)
                AND idempotency_key = \(bind: key) AND status_code IS NULL
            """
        ).run()
    }
}
