import BentaCore
import BentaStore
import Foundation
import Logging

/// A new login session: the secret for the cookie and the token for forms.
public struct NewSession: Sendable {
    /// The cookie value; only its hash is stored.
    public var token: String
    public var csrfToken: String
    public var user: User
    public var expiresAt: Date
}

/// A valid session found from a cookie.
public struct ActiveSession: Sendable {
    public var user: User
    public var csrfToken: String
    public var tokenHash: String
    /// The company's duty settings, read with the user (the pages show only what the user's duties allow).
    public var duties: DutySettings = .standard
}

/// Login, logout, sessions and API tokens.
public struct AuthService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let settings: ServiceSettings
    let audit: AuditWriter
    let logger: Logger
    /// Checks a password against a stored hash; tests pass one that also counts the checks.
    var verifyPassword: @Sendable (_ password: String, _ storedHash: String) -> Bool = Secrets.verifyPassword

    /// Checks email and password under the login throttle; on success opens a new session (a fresh token
    /// every time, so a session id planted before login is useless).
    public func login(
        email: String, password: String, ip: String, userAgent: String, replacing oldToken: String?
    )
        async throws -> NewSession
    {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = clock.now()
        let policy = settings.loginThrottle
        let windowStart = now.addingTimeInterval(-TimeInterval(policy.windowSeconds))
        let history = try await database.read { db in
            try await LoginAttemptStore(db).history(email: normalized, ip: ip, since: windowStart)
        }
        switch policy.decision(history, now: now) {
        case .retryLater(let seconds):
            logger.notice("login throttled", metadata: ["email": "\(normalized.prefix(80))", "ip": "\(ip)"])
            throw AuthError.tooManyAttempts(retryAfterSeconds: seconds)
        case .delay(let milliseconds):
            if settings.appliesLoginDelays { try await Task.sleep(for: .milliseconds(milliseconds)) }
        case .allow:
            break
        }
        let found = try await database.read { db in try await UserStore(db).findForLogin(email: normalized) }
        // An unknown email is checked against a decoy hash of the same cost, so it answers as slowly as a known one
        // and timing does not tell which emails exist.
        let passwordMatches = verifyPassword(
            password, found?.passwordHash ?? Secrets.decoyHash(cost: settings.bcryptCost))
        guard let found, passwordMatches, found.user.isActive else {
            try await database.transaction { db in
                try await LoginAttemptStore(db).record(email: normalized, ip: ip, at: now, succeeded: false)
            }
            logger.notice("login failed", metadata: ["email": "\(normalized.prefix(80))", "ip": "\(ip)"])
            throw AuthError.invalidCredentials
        }
        let token = Secrets.randomToken()
        let session = SessionRecord(
            tokenHash: Secrets.sha256Hex(token), userID: found.user.id, csrfToken: Secrets.randomToken(),
            createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(settings.sessionAbsoluteLifetime),
            ip: String(ip.prefix(64)), userAgent: String(userAgent.prefix(300)))
        try await database.transaction { db in
            let sessions = SessionStore(db)
            if let oldToken { try await sessions.delete(tokenHash: Secrets.sha256Hex(oldToken)) }
            try await sessions.insert(session)
            try await LoginAttemptStore(db).record(email: normalized, ip: ip, at: now, succeeded: true)
            try await audit.record(
                "user.logged_in", entityType: "user", entityID: found.user.id.description,
                companyID: found.user.companyID, actor: found.user.id, details: ["ip": session.ip], on: db)
        }
        logger.info("login succeeded", metadata: ["user": "\(found.user.id)", "ip": "\(ip)"])
        return NewSession(token: token, csrfToken: session.csrfToken, user: found.user, expiresAt: session.expiresAt)
    }

    /// The session behind a cookie value, if it is valid (not expired, not idle too long, user still active).
    public func session(token: String) async throws -> ActiveSession? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        let hash = Secrets.sha256Hex(token)
        let now = clock.now()
        let found = try await database.read { db in try await SessionStore(db).findWithUser(tokenHash: hash) }
        guard let found else { return nil }
        let record = found.session, user = found.user
        let isLive = record.expiresAt > now && now.timeIntervalSince(record.lastSeenAt) <= settings.sessionIdleTimeout
        guard isLive, user.isActive else {
            try await database.transaction { db in try await SessionStore(db).delete(tokenHash: hash) }
            return nil
        }
        // Every request checks its session, so writing each time would queue them all behind SQLite's one writer:
        // only a stale "last seen" is written, and like every write through the writer queue.
        if SessionStore.isTouchDue(lastSeenAt: record.lastSeenAt, now: now) {
            try await database.transaction { db in try await SessionStore(db).touch(tokenHash: hash, at: now) }
        }
        return ActiveSession(user: user, csrfToken: record.csrfToken, tokenHash: hash, duties: found.duties)
    }

    /// Ends the session on the server (the cookie alone is worthless afterwards).
    public func logout(token: String) async throws {
        try await database.transaction { db in try await SessionStore(db).delete(tokenHash: Secrets.sha256Hex(token)) }
    }

    // MARK: API tokens

    private static let tokenPrefix = "benta_"

    /// Creates an API token for the user; the secret is returned once and never stored. An inbound token (for the
    /// mail server and the PBX) is an admin's only.
    public func createAPIToken(
        for user: User, name: String, purpose: APITokenPurpose = .personal
    ) async throws -> (token: APIToken, secret: String) {
        var errors = ValidationErrors()
        let cleanName = Validate.requiredText(name, field: "name", maxLength: 100, into: &errors) ?? ""
        try errors.throwIfAny()
        guard purpose.isAllowed(for: user.role) else {
            throw RecordError.forbidden(
                detail: "Only an admin holds an inbound token: what it files is seen by the whole company.")
        }
        let secret = Self.tokenPrefix + Secrets.randomToken()
        let token = APIToken(
            id: clock.newID(), companyID: user.companyID, userID: user.id, name: cleanName, purpose: purpose,
            prefix: String(secret.prefix(Self.tokenPrefix.count + 6)), createdAt: clock.now(), lastUsedAt: nil,
            revokedAt: nil)
        try await database.transaction { db in
            try await APITokenStore(db).insert(token, hash: Secrets.sha256Hex(secret))
            try await audit.record(
                "api_token.created", entityType: "api_token", entityID: token.id.description,
                companyID: user.companyID, actor: user.id, details: ["name": cleanName, "purpose": purpose.rawValue],
                on: db)
        }
        return (token, secret)
    }

    /// The user behind a bearer token, if the token is live and the user active.
    public func user(apiToken secret: String) async throws -> User? {
        try await bearer(apiToken: secret)?.user
    }

    /// The user behind a bearer token and what the token is for, if the token is live and the user active.
    public func bearer(
        apiToken secret: String
    ) async throws -> (user: User, purpose: APITokenPurpose, duties: DutySettings)? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.count <= 200 else { return nil }
        let now = clock.now()
        let found = try await database.read { db in
            try await APITokenStore(db).findActiveWithUser(hash: Secrets.sha256Hex(secret))
        }
        guard let found, found.user.isActive else { return nil }
        // As for sessions: a stale "last used" only, through the writer queue.
        if APITokenStore.isTouchDue(lastUsedAt: found.token.lastUsedAt, now: now) {
            try await database.transaction { db in try await APITokenStore(db).touch(found.token.id, at: now) }
        }
        return (found.user, found.token.purpose, found.duties)
    }

    public func apiTokens(of user: User.ID) async throws -> [APIToken] {
        try await database.read { db in try await APITokenStore(db).list(userID: user) }
    }

    /// Revokes one of the user's tokens (an admin may revoke anyone's in the company).
    public func revokeAPIToken(_ id: APIToken.ID, by viewer: Viewer) async throws {
        try await revoke(id, by: viewer)
    }

    /// Revokes a token from the command line, where the operator already has the database in hand.
    public func revokeAPIToken(_ id: APIToken.ID) async throws {
        try await revoke(id, by: nil)
    }

    private func revoke(_ id: APIToken.ID, by viewer: Viewer?) async throws {
        try await database.transaction { db in
            let tokens = APITokenStore(db)
            guard let token = try await tokens.find(id) else { throw RecordError.notFound(entity: "api_token") }
            if let viewer {
                guard token.companyID == viewer.companyID,
                    token.userID == viewer.userID || viewer.role.isAdministrator
                else { throw RecordError.notFound(entity: "api_token") }
            }
            guard try await tokens.revoke(id, at: clock.now()) else {
                throw RecordError.conflict(code: "already_revoked", detail: "This token is already revoked.")
            }
            try await audit.record(
                "api_token.revoked", entityType: "api_token", entityID: id.description, companyID: token.companyID,
                actor: viewer?.userID, requestID: viewer?.requestID, on: db)
        }
    }
}
