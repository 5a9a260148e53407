import BentaCore
import Foundation
import SQLKit

/// Reads and writes users, their password hashes and their teams.
public struct UserStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    static let columns: SQLQueryString =
        "u.id, u.company_id, u.email, u.name, u.role, u.language, u.is_active, u.created_at, u.updated_at, u.version"

    /// The user with this ID, in any company; `forUpdate` locks the row until the transaction ends.
    public func find(_ id: User.ID, forUpdate: Bool = false) async throws -> User? {
        let sql: SQLQueryString = "SELECT \(Self.columns) FROM users u WHERE u.id = \(bind: id.description)"
        return try await db.first(sql, forUpdate: forUpdate, locking: "u", decode: Self.decode)
    }

    /// The row of `source` that `condition` picks, the user its `userColumn` names and their company's duty
    /// settings, in one statement: each request's authentication finds its token or session and the user behind it
    /// so (issue 11: a statement each was a tenth of a short request's CPU). `columns` are the source's own, named
    /// apart from the user's (`t.id AS token_id`); `decode` reads them.
    func findWithDuties<Found>(
        from source: SQLQueryString, userColumn: SQLQueryString, where condition: SQLQueryString,
        columns: SQLQueryString, decode: (any SQLRow) throws -> Found
    ) async throws -> (found: Found, user: User, duties: DutySettings)? {
        guard
            let row = try await db.raw(
                """
                SELECT \(columns), \(Self.columns), c.duties AS company_duties FROM \(source)
                JOIN users u ON u.id = \(userColumn) JOIN companies c ON c.id = u.company_id WHERE \(condition)
                """
            ).first()
        else { return nil }
        return (try decode(row), try Self.decode(row), try Self.duties(row))
    }

    /// The company's duty settings read beside a user (`company_duties`); the standard ones when it set none.
    private static func duties(_ row: any SQLRow) throws -> DutySettings {
        try row.optionalString("company_duties").map {
            try StoredJSON.decode(DutySettings.self, from: $0)
        } ?? .standard
    }

    /// The user with this email (matched case-insensitively) and their password hash.
    public func findForLogin(email normalized: String) async throws -> (user: User, passwordHash: String)? {
        guard
            let row = try await db.raw(
                "SELECT \(Self.columns), u.password_hash FROM users u WHERE u.email_normalized = \(bind: normalized)"
            ).first()
        else { return nil }
        return (try Self.decode(row), try row.string("password_hash"))
    }

    /// Every user of the company, by name.
    public func all(companyID: Company.ID) async throws -> [User] {
        try await db.raw(
            "SELECT \(Self.columns) FROM users u WHERE u.company_id = \(bind: companyID.description) ORDER BY u.name, u.id"
        ).all().map(Self.decode)
    }

    /// The names of these users of the company, by id (the owner column of a page of records: only the page's
    /// owners, not every user of the company).
    public func names(_ ids: Set<User.ID>, companyID: Company.ID) async throws -> [User.ID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT u.id, u.name FROM users u WHERE u.company_id = \(bind: companyID.description)
                AND u.id IN (\(binds: ids.map(\.description).sorted()))
            """
        ).all()
        var names: [User.ID: String] = [:]
        for row in rows { names[try row.id("id")] = try row.string("name") }
        return names
    }

    public func insert(_ user: User, passwordHash: String) async throws {
        try await db.raw(
            """
            INSERT INTO users (id, company_id, email, email_normalized, name, role, language, password_hash,
                is_active, created_at, updated_at, version)
            VALUES (\(bind: user.id.description), \(bind: user.companyID.description), \(bind: user.email.value),
                \(bind: user.email.normalized), \(bind: user.name), \(bind: user.role.rawValue),
                \(bind: user.language.rawValue), \(bind: passwordHash), \(bind: user.isActive),
                \(bind: user.createdAt.millisecondsSince1970), \(bind: user.updatedAt.millisecondsSince1970),
                \(bind: user.version))
            """
        ).run()
    }

    /// Saves name, role, language and active flag if the version is still `expectedVersion`.
    public func update(_ user: User, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE users SET name = \(bind: user.name), role = \(bind: user.role.rawValue),
                language = \(bind: user.language.rawValue), is_active = \(bind: user.isActive),
                updated_at = \(bind: user.updatedAt.millisecondsSince1970), version = \(bind: user.version)
            WHERE id = \(bind: user.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    public func setPasswordHash(_ hash: String, for id: User.ID, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE users SET password_hash = \(bind: hash), updated_at = \(bind: now.millisecondsSince1970),
                version = version + 1
            WHERE id = \(bind: id.description)
            """
        ).run()
    }

    // MARK: Teams

    public func insertTeam(_ team: Team, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO teams (id, company_id, name, created_at)
            VALUES (\(bind: team.id.description), \(bind: team.companyID.description), \(bind: team.name),
                \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    public func addMember(_ user: User.ID, to team: Team.ID) async throws {
        try await db.raw(
            "INSERT INTO team_members (team_id, user_id) VALUES (\(bind: team.description), \(bind: user.description))"
        ).run()
    }

    public func teams(companyID: Company.ID) async throws -> [Team] {
        try await db.raw(
            "SELECT id, company_id, name FROM teams WHERE company_id = \(bind: companyID.description) ORDER BY name"
        ).all().map { row in
            Team(id: try row.id("id"), companyID: try row.id("company_id"), name: try row.string("name"))
        }
    }

    /// Makes `user` a member of exactly `teams`.
    public func setMemberships(of user: User.ID, to teams: [Team.ID]) async throws {
        try await db.raw("DELETE FROM team_members WHERE user_id = \(bind: user.description)").run()
        for team in Set(teams) { try await addMember(user, to: team) }
    }

    /// Every membership of the company's teams, as (team, user) pairs.
    public func memberships(companyID: Company.ID) async throws -> [(team: Team.ID, user: User.ID)] {
        try await db.raw(
            """
            SELECT tm.team_id, tm.user_id FROM team_members tm JOIN teams t ON t.id = tm.team_id
            WHERE t.company_id = \(bind: companyID.description)
            """
        ).all().map { (try $0.id("team_id"), try $0.id("user_id")) }
    }

    /// The teams the user belongs to.
    public func teamIDs(of user: User.ID) async throws -> [Team.ID] {
        try await db.raw("SELECT team_id FROM team_members WHERE user_id = \(bind: user.description)").all()
            .map { try $0.id("team_id") }
    }

    static func decode(_ row: any SQLRow) throws -> User {
        guard let role = Role(rawValue: try row.string("role")),
            let language = LanguageCode(rawValue: try row.string("language"))
        else { throw CorruptRow(description: "user role or language") }
        return User(
            id: try row.id("id"), companyID: try row.id("company_id"),
            email: EmailAddress(stored: try row.string("email")), name: try row.string("name"), role: role,
            language: language, isActive: try row.bool("is_active"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
