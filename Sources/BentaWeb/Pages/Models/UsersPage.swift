import BentaCore
import Foundation

/// The users and teams page (admins). Property names are the template's (`users.mustache`).
struct UsersPage: PageModel {
    struct UserRow {
        struct TeamBox {
            var id: String
            var user_id: String
            var name: String
            var member: Bool
        }

        var id: String
        var name: String
        var email: String
        var is_active: Bool
        var update_url: String
        var roles: [PageChoice]
        var teams: [TeamBox]
    }

    struct TeamRow {
        var name: String
        var members: String
        var has_members: Bool
    }

    var users: [UserRow]
    var team_list: [TeamRow]
    var new_roles: [PageChoice]
    var new_email: String
    var new_name: String
    var errors: [String: String]
    var has_errors: Bool

    /// The page for the company's users and teams in `directory` with their `memberships`; `typed` is what the add
    /// form held, `errors` the translated field errors.
    static func make(
        directory: PageDirectory, memberships: [(team: Team.ID, user: User.ID)], strings: [String: String],
        typed: (email: String, name: String, role: String), errors: [String: String]?
    ) -> UsersPage {
        func roles(_ selected: String) -> [PageChoice] {
            Role.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["role_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == selected)
            }
        }
        let users = directory.users.map { user in
            UserRow(
                id: user.id.description, name: user.name, email: user.email.value, is_active: user.isActive,
                update_url: Paths.user(user.id), roles: roles(user.role.rawValue),
                teams: directory.teams.map { team in
                    UserRow.TeamBox(
                        id: team.id.description, user_id: user.id.description, name: team.name,
                        member: memberships.contains { $0.team == team.id && $0.user == user.id })
                })
        }
        let teams = directory.teams.map { team in
            let members = memberships.filter { $0.team == team.id }.map { directory.userName($0.user) }.sorted()
            return TeamRow(name: team.name, members: members.joined(separator: ", "), has_members: !members.isEmpty)
        }
        return UsersPage(
            users: users, team_list: teams, new_roles: roles(typed.role), new_email: typed.email, new_name: typed.name,
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}
