import BentaCore
import BentaStore
import Foundation
import SQLKit

/// Users and teams.
public struct UserService: Sendable {
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

    public func teams(companyID: Company.ID) async throws -> [Team] {
        try await database.read { db in try await UserStore(db).teams(companyID: companyID) }
    }

    public func teamIDs(of user: User.ID) async throws -> [Team.ID] {
        try await database.read { db in try await UserStore(db).teamIDs(of: user) }
    }

    /// Creates a team with these members.
    public func addTeam(companyID: Company.ID, name: String, members: [User.ID]) async throws -> Team {
        let team = Team(id: clock.newID(), companyID: companyID, name: name)
        try await database.transaction { db in
            let store = UserStore(db)
            try await store.insertTeam(team, at: clock.now())
            for member in members { try await store.addMember(member, to: team.id) }
            try await audit.record(
                "team.created", entityType: "team", entityID: team.id.description, companyID: companyID, actor: nil,
                on: db)
        }
        return team
    }

    /// Changes the user's interface language.
    public func setLanguage(_ language: LanguageCode, for userID: User.ID) async throws {
        try await database.transaction { db in
            let store = UserStore(db)
            guard var user = try await store.find(userID) else { throw RecordError.notFound(entity: "user") }
            let expected = user.version
            user.language = language
            user.updatedAt = clock.now()
            user.version += 1
            _ = try await store.update(user, expectedVersion: expected)
        }
    }
}
