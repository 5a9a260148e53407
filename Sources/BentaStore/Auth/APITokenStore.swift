import BentaCore
import Foundation
import SQLKit

/// Stores API tokens by the SHA-256 hash of their secret.
public struct APITokenStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ token: APIToken, hash: String) async throws {
        try await db.raw(
            """
            INSERT INTO api_tokens (id, company_id, user_id, name, purpose, token_hash, token_prefix, created_at)
            VALUES (\(bind: token.id.description), \(bind: token.companyID.description), \(bind: token.userID.description),
                \(bind: token.name), \(bind: token.purpose.rawValue), \(bind: hash), \(bind: token.prefix),
                \(bind: token.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The live token with this hash.
    public func findActive(hash: String) async throws -> APIToken? {
        try await db.raw(
            "SELECT * FROM api_tokens WHERE token_hash = \(bind: hash) AND revoked_at IS NULL"
        ).first().map(Self.decode)
    }

    public func list(userID: User.ID) async throws -> [APIToken] {
        try await db.raw(
            "SELECT * FROM api_tokens WHERE user_id = \(bind: userID.description) ORDER BY created_at DESC, id DESC"
        ).all().map(Self.decode)
    }

    public func find(_ id: APIToken.ID) async throws -> APIToken? {
        try await db.raw("SELECT * FROM api_tokens WHERE id = \(bind: id.description)").first().map(Self.decode)
    }

    /// Revokes the token; returns false if it was already revoked or does not exist.
    public func revoke(_ id: APIToken.ID, at now: Date) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id.description) AND revoked_at IS NULL RETURNING id
            """
        ).all().isEmpty)
    }

    /// How old "last used" gets before a request records it again: a token in use is written about once a minute.
    public static let touchInterval: TimeInterval = 60

    /// Whether a token last used at `lastUsedAt` (nil: never) is due for ``touch(_:at:)``.
    public static func isTouchDue(lastUsedAt: Date?, now: Date) -> Bool {
        guard let lastUsedAt else { return true }
        return now.timeIntervalSince(lastUsedAt) > touchInterval
    }

    /// Records use now, unless another request did so within ``touchInterval``.
    public func touch(_ id: APIToken.ID, at now: Date) async throws {
        let staleBefore = now.addingTimeInterval(-Self.touchInterval).millisecondsSince1970
        try await db.raw(
            """
            UPDATE api_tokens SET last_used_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id.description) AND (last_used_at IS NULL OR last_used_at < \(bind: staleBefore))
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        guard let purpose = APITokenPurpose(rawValue: try row.string("purpose")) else {
            throw CorruptRow(description: "api token purpose")
        }
        return APIToken(
            id: try row.id("id"), companyID: try row.id("company_id"), userID: try row.id("user_id"),
            name: try row.string("name"), purpose: purpose, prefix: try row.string("token_prefix"),
            createdAt: try row.date("created_at"),
            lastUsedAt: try row.optionalDate("last_used_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}
