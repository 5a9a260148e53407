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
        group.get(RouterPath(Paths.users), use: list)
        group.post(RouterPath(Paths.users), use: add)
        group.post("/settings/users/:id", use: update)
        group.post(RouterPath(Paths.teams), use: createTeam)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await page(context: context)
    }

    @Sendable func add(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        do {
            guard let role = Role(rawValue: form["role"]) else {
                var errors = ValidationErrors()
                errors.add(field: "role", code: "invalid_choice", message: "Choose a role.")
                throw errors
            }
            _ = try await services.users.add(
                companyID: context.viewer.companyID, email: form["email"], name: form["name"], role: role,
                password: form["password"], language: context.user.language, actor: context.user.id)
            return .redirect(to: Paths.users, type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(
                context: context, errors: errors, typed: (form["email"], form["name"], form["role"]))
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
        return .redirect(to: Paths.users, type: .normal)
    }

    @Sendable func createTeam(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        do {
            _ = try await services.users.createTeam(name: (context.form ?? FormData())["name"], by: context.viewer)
            return .redirect(to: Paths.users, type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(context: context, errors: errors)
        }
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        guard context.user.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can manage users.")
        }
    }

    private func page(
        context: AuthenticatedContext, errors: ValidationErrors? = nil,
        typed: (email: String, name: String, role: String) = ("", "", Role.manager.rawValue)
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let memberships = try await services.users.memberships(companyID: context.viewer.companyID)
        let strings = renderer.translations.table(context.user.language)
        func roles(_ selected: String) -> [[String: Any]] {
            Role.allCases.map {
                [
                    "value": $0.rawValue, "label": strings["role_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": $0.rawValue == selected,
                ]
            }
        }
        let users: [[String: Any]] = directory.users.map { user in
            [
                "id": user.id.description, "name": user.name, "email": user.email.value, "is_active": user.isActive,
                "update_url": Paths.user(user.id), "roles": roles(user.role.rawValue),
                "teams": directory.teams.map { team -> [String: Any] in
                    [
                        "id": team.id.description, "user_id": user.id.description, "name": team.name,
                        "member": memberships.contains { $0.team == team.id && $0.user == user.id },
                    ]
                },
            ]
        }
        let teamList: [[String: Any]] = directory.teams.map { team in
            let members = memberships.filter { $0.team == team.id }.map { directory.userName($0.user) }.sorted()
            return ["name": team.name, "members": members.joined(separator: ", "), "has_members": !members.isEmpty]
        }
        return renderer.render(
            "users", title: strings["users_title"] ?? "Users",
            values: [
                "users": users, "team_list": teamList, "new_roles": roles(typed.role), "new_email": typed.email,
                "new_name": typed.name,
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_users": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
