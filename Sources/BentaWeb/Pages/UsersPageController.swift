import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Admin pages for users (add, role, active, teams) and teams.
struct UsersPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.users, use: list)
        group.post(Paths.users, use: add)
        group.post(Paths.user, use: update)
        group.post(Paths.teams, use: createTeam)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await page(context: context)
    }

    @Sendable func add(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        return try await FormSubmission.submit {
            guard let role = Role(rawValue: form["role"]) else {
                throw ValidationErrors([FieldError(field: "role", code: "invalid_choice", message: "Choose a role.")])
            }
            _ = try await services.users.add(
                companyID: context.viewer.companyID, email: form["email"], name: form["name"], role: role,
                password: form["password"], language: context.user.language, actor: context.user.id)
            return Paths.users()
        } refused: { errors in
            try await page(context: context, errors: errors, typed: (form["email"], form["name"], form["role"]))
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let id: User.ID = try PathID.parse(context, entity: "user")
        let form = context.form ?? FormData()
        guard let role = Role(rawValue: form["role"]) else {
            throw RequestError.invalidParameter(name: "role", message: "must be admin, head, manager or accountant.")
        }
        let teams = form.all("team_ids").compactMap(Team.ID.init(string:))
        _ = try await services.users.change(id, role: role, isActive: form["is_active"] == "on", by: context.viewer)
        try await services.users.setTeams(of: id, to: teams, by: context.viewer)
        return .redirect(to: Paths.users(), type: .normal)
    }

    @Sendable func createTeam(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await FormSubmission.submit {
            _ = try await services.users.createTeam(name: (context.form ?? FormData())["name"], by: context.viewer)
            return Paths.users()
        } refused: { errors in
            try await page(context: context, errors: errors)
        }
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        try context.requireAdministrator(to: "manage users")
    }

    private func page(
        context: AuthenticatedContext, errors: ValidationErrors? = nil,
        typed: (email: String, name: String, role: String) = ("", "", Role.manager.rawValue)
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let memberships = try await services.users.memberships(companyID: context.viewer.companyID)
        let strings = renderer.translations.table(context.user.language)
        let model = UsersPage.make(
            directory: directory, memberships: memberships, strings: strings, typed: typed,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "users", title: strings["users_title"] ?? "Users", model: model, section: .users,
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
