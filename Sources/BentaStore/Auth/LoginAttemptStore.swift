import BentaCore
import Foundation
import SQLKit

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

    /// The failures that bear on a login for this account from this address: the pair's since it last succeeded,
    /// the address's inside the window, the account's since it last succeeded (all no older than `start`).
    public func history(email normalized: String, ip: String, since start: Date) async throws -> LoginFailureHistory {
        let since = start.millisecondsSince1970
        let successes = try await db.raw(
            """
            SELECT MAX(attempted_at) AS account_last,
                MAX(CASE WHEN ip = \(bind: ip) THEN attempted_at END) AS pair_last
            FROM login_attempts
            WHERE email_normalized = \(bind: normalized) AND succeeded = \(bind: true) AND attempted_at >= \(bind: since)
            """
        ).first()
        // A success ends a streak: count only the failures after it.
        let accountSince = max(since, (try successes?.optionalInt64("account_last") ?? 0) + 1)
        let pairSince = max(since, (try successes?.optionalInt64("pair_last") ?? 0) + 1)
        return LoginFailureHistory(
            accountFromAddress: try await failures(
                "email_normalized = \(bind: normalized) AND ip = \(bind: ip)", since: pairSince),
            address: try await failures("ip = \(bind: ip)", since: since),
            account: try await failures("email_normalized = \(bind: normalized)", since: accountSince))
    }

    private func failures(_ condition: SQLQueryString, since: Int64) async throws -> LoginFailureStreak {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS n, MAX(attempted_at) AS latest FROM login_attempts
            WHERE \(condition) AND succeeded = \(bind: false) AND attempted_at >= \(bind: since)
            """
        ).first()
        return LoginFailureStreak(count: Int(try row?.int64("n") ?? 0), latest: try row?.optionalDate("latest"))
    }

    /// Forgets attempts older than the given instant.
    public func prune(before: Date) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE attempted_at < \(bind: before.millisecondsSince1970)").run()
    }
}
