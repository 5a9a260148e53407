import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct UsersPageTests {
    @Test(arguments: TestEngine.available)
    func adminsManageUsersAndTeamsAndDisablingEndsSessions(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/settings/users", as: manager).status == .forbidden)
            let admin = try await client.login("admin@test.ph")
            let page = try await client.browse(.get, "/settings/users", as: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("Kristine Uno") && page.text.contains("North"))

            let weak = try await client.browse(
                .post, "/settings/users", as: admin,
                form: [("email", "new@test.ph"), ("name", "New Manager"), ("role", "manager"), ("password", "short")])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("value=\"new@test.ph\""))
            let added = try await client.browse(
                .post, "/settings/users", as: admin,
                form: [
                    ("email", "new@test.ph"), ("name", "New Manager"), ("role", "manager"),
                    ("password", "a long enough passphrase"),
                ])
            #expect(added.status == .seeOther)
            _ = try await client.login("new@test.ph", password: "a long enough passphrase")

            let team = try await client.browse(.post, "/settings/teams", as: admin, form: [("name", "South")])
            #expect(team.status == .seeOther)
            let teams = try await world.services.users.teams(companyID: world.company.id)
            let south = try #require(teams.first { $0.name == "South" })

            // Put manager2 into South and keep them active; then disable them: their session dies at once.
            let moved = try await client.browse(
                .post, "/settings/users/\(world.manager2.id)", as: admin,
                form: [("role", "manager"), ("is_active", "on"), ("team_ids", south.id.description)])
            #expect(moved.status == .seeOther)
            #expect(try await world.services.users.teamIDs(of: world.manager2.id) == [south.id])
            #expect(try await client.browse(.get, "/accounts", as: manager).status == .ok)
            let disabled = try await client.browse(
                .post, "/settings/users/\(world.manager2.id)", as: admin, form: [("role", "manager")])
            #expect(disabled.status == .seeOther)
            #expect(try await client.browse(.get, "/accounts", as: manager).status == .seeOther)
            await #expect(throws: AuthError.invalidCredentials) {
                _ = try await world.services.auth.login(
                    email: "manager2@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "",
                    replacing: nil)
            }
            // The only admin cannot demote or disable themself.
            let lastAdmin = try await client.browse(
                .post, "/settings/users/\(world.admin.id)", as: admin, form: [("role", "head"), ("is_active", "on")])
            #expect(lastAdmin.status == .conflict)
            #expect(try await world.services.users.user(world.admin.id)?.role == .admin)
        }
    }
}
