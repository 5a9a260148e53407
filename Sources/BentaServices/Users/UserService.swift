import BentaCore
import BentaStore
import Foundation

/// Users and teams.
public struct UserService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let settings: ServiceSettings
    let audit: AuditWriter

    /// Adds a user; the email must be new and the password must pass ``PasswordPolicy``.
    public func add(
        companyID: Company.ID, email: String, name: String, role: Role, password: String,
        language: LanguageCode = .english, actor: User.ID? = nil
    ) async throws -> User {
        var errors = ValidationErrors()
        var parsedEmail: EmailAddress?
        do { parsedEmail = try EmailAddress(parsing: email) } catch {
            errors.add(field: "email", code: "invalid_email", message: "Enter a valid email address.")
        }
        let cleanName = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        errors.merge(PasswordPolicy.check(password, email: email))
        try errors.throwIfAny()
        guard let parsedEmail, let cleanName else { throw errors }
        let now = clock.now()
        let user = User(
            id: clock.newID(), companyID: companyID, email: parsedEmail, name: cleanName, role: role,
            language: language, isActive: true, createdAt: now, updatedAt: now, version: 1)
        let hash = Secrets.hashPassword(password, cost: settings.bcryptCost)
        do {
            try await database.transaction { db in
                guard try await CompanyStore(db).find(companyID) != nil else {
                    throw RecordError.notFound(entity: "company")
                }
                try await UserStore(db).insert(user, passwordHash: hash)
                try await audit.record(
                    "user.created", entityType: "user", entityID: user.id.description, companyID: companyID,
                    actor: actor, details: ["role": role.rawValue], on: db)
            }
        } catch StorageError.duplicate {
            var duplicate = ValidationErrors()
            duplicate.add(field: "email", code: "taken", message: "A user with this email already exists.")
            throw duplicate
        }
        return user
    }

    public func user(_ id: User.ID) async throws -> User? {
        try await database.read { db in try await UserStore(db).find(id) }
    }

    /// The user with this email, if any (for the CLI).
    public func user(email: String) async throws -> User? {
        guard let parsed = try? EmailAddress(parsing: email) else { return nil }
        return try await database.read { db in try await UserStore(db).findForLogin(email: parsed.normalized)?.user }
    }

    public func all(companyID: Company.ID) async throws -> [User] {
        try await database.read { db in try await UserStore(db).all(companyID: companyID) }
    }

    /// The names of these users of the company, by id (a page's owners).
    public func names(_ ids: Set<User.ID>, companyID: Company.ID) async throws -> [User.ID: String] {
        try await database.read { db in try await UserStore(db).names(ids, companyID: companyID) }
    }

    public func teams(companyID: Company.ID) async throws -> [Team] {
        try await database.read { db in try await UserStore(db).teams(companyID: companyID) }
    }

    public func teamIDs(of user: User.ID) async throws -> [Team.ID] {
        try await database.read { db in try await UserStore(db).teamIDs(of: user) }
    }

    /// Creates a team with these members.
    public func addTeam(
        companyID: Company.ID, name: String, members: [User.ID], actor: User.ID? = nil
    ) async throws
        -> Team
    {
        let team = Team(id: clock.newID(), companyID: companyID, name: name)
        try await database.transaction { db in
            let store = UserStore(db)
            try await store.insertTeam(team, at: clock.now())
            for member in members { try await store.addMember(member, to: team.id) }
            try await audit.record(
                "team.created", entityType: "team", entityID: team.id.description, companyID: companyID,
                actor: actor, on: db)
        }
        return team
    }

    /// Changes a user's role or active flag (admins only). A disabled user's sessions end at once (ASVS 7.4.2),
    /// and the company always keeps at least one active admin.
    public func change(_ id: User.ID, role: Role, isActive: Bool, by viewer: Viewer) async throws -> User {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change users.")
        }
        return try await changes.change(
            Self.changeTarget(id, companyID: viewer.companyID), expectedVersion: nil, by: viewer, in: database
        ) { user, context in
            let store = UserStore(context.db)
            let losesAdmin = user.role == .admin && user.isActive && (role != .admin || !isActive)
            if losesAdmin {
                let admins = try await store.all(companyID: viewer.companyID).filter {
                    $0.role == .admin && $0.isActive
                }
                if admins.count <= 1 {
                    throw RecordError.conflict(
                        code: "last_admin", detail: "The company needs at least one active admin.")
                }
            }
            let before = (user.role, user.isActive)
            user.role = role
            user.isActive = isActive
            if !isActive { try await SessionStore(context.db).deleteAll(userID: id) }
            return AuditEntry(
                "user.changed",
                details: ["role": "\(before.0.rawValue)→\(role.rawValue)", "active": "\(before.1)→\(isActive)"])
        }
    }

    /// A user of the company as the change path loads (locked) and saves it.
    static func changeTarget(_ id: User.ID, companyID: Company.ID) -> ChangeTarget<User> {
        ChangeTarget(
            entity: "user",
            load: { db in
                try await UserStore(db).find(id, forUpdate: true).flatMap { $0.companyID == companyID ? $0 : nil }
            },
            save: { user, loaded, db in try await UserStore(db).update(user, expectedVersion: loaded.version) })
    }

    /// Puts a user in exactly these teams (admins only).
    public func setTeams(of id: User.ID, to teams: [Team.ID], by viewer: Viewer) async throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change teams.")
        }
        try await database.transaction { db in
            let store = UserStore(db)
            guard let user = try await store.find(id), user.companyID == viewer.companyID else {
                throw RecordError.notFound(entity: "user")
            }
            let known = Set(try await store.teams(companyID: viewer.companyID).map(\.id))
            guard Set(teams).isSubset(of: known) else {
                var errors = ValidationErrors()
                errors.add(field: "team_ids", code: "invalid_team", message: "Choose teams from the list.")
                throw errors
            }
            try await store.setMemberships(of: id, to: teams)
            try await audit.record(
                "user.teams_changed", entityType: "user", entityID: id.description, companyID: viewer.companyID,
                by: viewer, details: ["teams": teams.map(\.description).joined(separator: ",")], on: db)
        }
    }

    /// Creates a team (admins only); the name must be new in the company.
    public func createTeam(name: String, by viewer: Viewer) async throws -> Team {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can create teams.")
        }
        var errors = ValidationErrors()
        let clean = Validate.requiredText(name, field: "team_name", maxLength: 100, into: &errors)
        try errors.throwIfAny()
        guard let clean else { throw errors }
        do {
            return try await addTeam(companyID: viewer.companyID, name: clean, members: [], actor: viewer.userID)
        } catch StorageError.duplicate {
            var duplicate = ValidationErrors()
            duplicate.add(field: "team_name", code: "taken", message: "A team with this name already exists.")
            throw duplicate
        }
    }

    /// Every (team, member) pair of the company.
    public func memberships(companyID: Company.ID) async throws -> [(team: Team.ID, user: User.ID)] {
        try await database.read { db in try await UserStore(db).memberships(companyID: companyID) }
    }

    /// Changes the user's interface language.
    public func setLanguage(_ language: LanguageCode, for userID: User.ID) async throws {
        let changes = changes
        try await database.transaction { db in
            guard let user = try await UserStore(db).find(userID) else { throw RecordError.notFound(entity: "user") }
            _ = try await changes.change(
                Self.changeTarget(userID, companyID: user.companyID), expectedVersion: nil, by: user.viewer, on: db
            ) { user, _ in
                user.language = language
                return .unaudited
            }
        }
    }
}
