import BentaCore
import Foundation
import SQLKit

/// A stored login session. The cookie holds a random token; only its SHA-256 hash is stored.
public struct SessionRecord: Sendable, Hashable {
    public var tokenHash: String
    public var userID: User.ID
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var ip: String
    public var userAgent: String

    public init(
        tokenHash: String, userID: User.ID, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date,
        ip: String, userAgent: String
    ) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.ip = ip
        self.userAgent = userAgent
    }
}

/// Sessions live in the database so that they survive restarts and work across app servers.
public struct SessionStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ session: SessionRecord) async throws {
        try await db.raw(
            """
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
            VALUES (\(bind: session.tokenHash), \(bind: session.userID.description), \(bind: session.csrfToken),
                \(bind: session.createdAt.millisecondsSince1970), \(bind: session.lastSeenAt.millisecondsSince1970),
                \(bind: session.expiresAt.millisecondsSince1970), \(bind: session.ip), \(bind: session.userAgent))
            """
        ).run()
    }

    /// The session with this hash, its user and their company's duty settings, in one statement (every page
    /// request authenticates so).
    public func findWithUser(
        tokenHash: String
    ) async throws -> (session: SessionRecord, user: User, duties: DutySettings)? {
        try await UserStore(db).findWithDuties(
            from: "sessions s", userColumn: "s.user_id", where: "s.token_hash = \(bind: tokenHash)",
            columns: """
                s.token_hash AS session_token_hash, s.user_id AS session_user_id, s.csrf_token AS session_csrf_token,
                s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at,
                s.expires_at AS session_expires_at, s.ip AS session_ip, s.user_agent AS session_user_agent
                """,
            decode: { try Self.decode($0, prefix: "session_") }
        ).map { (session: $0.found, user: $0.user, duties: $0.duties) }
    }

    /// A session from its columns, each named with `prefix` first.
    private static func decode(_ row: any SQLRow, prefix: String) throws -> SessionRecord {
        SessionRecord(
            tokenHash: try row.string(prefix + "token_hash"), userID: try row.id(prefix + "user_id"),
            csrfToken: try row.string(prefix + "csrf_token"), createdAt: try row.date(prefix + "created_at"),
            lastSeenAt: try row.date(prefix + "last_seen_at"), expiresAt: try row.date(prefix + "expires_at"),
            ip: try row.string(prefix + "ip"), userAgent: try row.string(prefix + "user_agent"))
    }

    /// How old "last seen" gets before a request records it again: a session in use is written about once a minute.
    public static let touchInterval: TimeInterval = 60

    /// Whether a session last seen at `lastSeenAt` is due for ``touch(tokenHash:at:)``.
    public static func isTouchDue(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > touchInterval
    }

    /// Marks the session as used now, unless another request did so within ``touchInterval``.
    public func touch(tokenHash: String, at now: Date) async throws {
        let staleBefore = now.addingTimeInterval(-Self.touchInterval).millisecondsSince1970
        try await db.raw(
            """
            UPDATE sessions SET last_seen_at = \(bind: now.millisecondsSince1970)
            WHERE token_hash = \(bind: tokenHash) AND last_seen_at < \(bind: staleBefore)
            """
        ).run()
    }

    public func delete(tokenHash: String) async throws {
        try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Ends every session of a user (disabled user, password change).
    public func deleteAll(userID: User.ID) async throws {
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID.description)").run()
    }

    /// Removes expired sessions; returns how many.
    @discardableResult
    public func deleteExpired(before now: Date) async throws -> Int {
        try await db.raw(
            "DELETE FROM sessions WHERE expires_at < \(bind: now.millisecondsSince1970) RETURNING token_hash"
        ).all().count
    }
}
