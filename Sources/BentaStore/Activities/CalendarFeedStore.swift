import BentaCore
import Foundation
import SQLKit

/// The secret token of each user's calendar feed URL.
public struct CalendarFeedStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func token(of user: User.ID) async throws -> String? {
        try await db.raw("SELECT token FROM calendar_feeds WHERE user_id = \(bind: user.description)").first()?
            .string("token")
    }

    public func user(forToken token: String) async throws -> User.ID? {
        try await db.raw("SELECT user_id FROM calendar_feeds WHERE token = \(bind: token)").first()?.id("user_id")
    }

    /// Sets (or replaces) the user's token.
    public func setToken(_ token: String, for user: User.ID, at now: Date) async throws {
        try await db.raw("DELETE FROM calendar_feeds WHERE user_id = \(bind: user.description)").run()
        try await db.raw(
            """
            INSERT INTO calendar_feeds (user_id, token, created_at)
            VALUES (\(bind: user.description), \(bind: token), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }
}
