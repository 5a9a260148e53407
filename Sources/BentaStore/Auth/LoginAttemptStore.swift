import BentaCore
import Foundation
import SQLKit

/// Recent failed logins, counted per account and per address for throttling.
public struct LoginFailureCounts: Sendable, Hashable {
    public var accountFailures: Int
    public var addressFailures: Int
    /// The oldest failure in the window that counts toward a lock, to tell when the lock ends.
    public var oldestFailure: Date?
}

/// Records every login attempt (ASVS 16.3.1) and counts recent failures.
public struct LoginAttemptStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func record(email normalized: String, ip: String, at now: Date, succeeded: Bool) async throws {
        try await db.raw(
            """
            INSERT INTO login_attempts (email_normalized, ip, attempted_at, succeeded)
            VALUES (\(bind: normalized), \(bind: ip), \(bind: now.millisecondsSince1970), \(bind: succeeded))
            """
        ).run()
    }

    /// Failures since the last success of that account, inside the window.
    public func failures(email normalized: String, ip: String, since start: Date) async throws -> LoginFailureCounts {
        let since = start.millisecondsSince1970
        let lastSuccess = try await db.raw(
            """
            SELECT MAX(attempted_at) AS last FROM login_attempts
            WHERE email_normalized = \(bind: normalized) AND succeeded = \(bind: true) AND attempted_at >= \(bind: since)
            """
        ).first()?.optionalInt64("last")
        let accountSince = max(since, (lastSuccess ?? 0) + 1)
        let account = try await db.raw(
            """
            SELECT COUNT(*) AS n, MIN(attempted_at) AS oldest FROM login_attempts
            WHERE email_normalized = \(bind: normalized) AND succeeded = \(bind: false)
              AND attempted_at >= \(bind: accountSince)
            """
        ).first()
        let address = try await db.raw(
            """
            SELECT COUNT(*) AS n FROM login_attempts
            WHERE ip = \(bind: ip) AND succeeded = \(bind: false) AND attempted_at >= \(bind: since)
            """
        ).first()
        return LoginFailureCounts(
            accountFailures: Int(try account?.int64("n") ?? 0), addressFailures: Int(try address?.int64("n") ?? 0),
            oldestFailure: try account?.optionalDate("oldest"))
    }

    /// Forgets attempts older than the given instant.
    public func prune(before: Date) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE attempted_at < \(bind: before.millisecondsSince1970)").run()
    }
}
