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

    /// The live token with this hash, its user and their company's duty settings, in one statement (every API
    /// request authenticates so).
    public func findActiveWithUser(hash: String) async throws -> (token: APIToken, user: User, duties: DutySettings)? {
        try await UserStore(db).findWithDuties(
            from: "api_tokens t", userColumn: "t.user_id",
            where: "t.token_hash = \(bind: hash) AND t.revoked_at IS NULL",
            columns: """
                t.id AS token_id, t.company_id AS token_company_id, t.user_id AS token_user_id, t.name AS token_name,
                t.purpose AS token_purpose, t.token_prefix AS token_token_prefix, t.created_at AS token_created_at,
                t.last_used_at AS token_last_used_at, t.revoked_at AS token_revoked_at
                """,
            decode: { try Self.decode($0, prefix: "token_") }
        ).map { (token: $0.found, user: $0.user, duties: $0.duties) }
    }

    public func list(userID: User.ID) async throws -> [APIToken] {
        try await db.raw(
            "SELECT * FROM api_tokens WHERE user_id = \(bind: userID.description) ORDER BY created_at DESC, id DESC"
        ).all().map { try Self.decode($0) }
    }

    public func find(_ id: APIToken.ID) async throws -> APIToken? {
        try await db.raw("SELECT * FROM api_tokens WHERE id = \(bind: id.description)").first().map {
            try Self.decode($0)
        }
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

    /// A token from its columns, each named with `prefix` first.
    static func decode(_ row: any SQLRow, prefix: String = "") throws -> APIToken {
        guard let purpose = APITokenPurpose(rawValue: try row.string(prefix + "purpose")) else {
            throw CorruptRow(description: "api token purpose")
        }
        return APIToken(
            id: try row.id(prefix + "id"), companyID: try row.id(prefix + "company_id"),
            userID: try row.id(prefix + "user_id"), name: try row.string(prefix + "name"), purpose: purpose,
            prefix: try row.string(prefix + "token_prefix"), createdAt: try row.date(prefix + "created_at"),
            lastUsedAt: try row.optionalDate(prefix + "last_used_at"),
            revokedAt: try row.optionalDate(prefix + "revoked_at"))
    }
}
