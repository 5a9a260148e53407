import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The answers `AuthorizationMatrixTests` found out of line with the rule (issue 15), each held on its own, on both
/// engines: a record named in a page's path that the user may not see is not found (404), and a role refused a
/// change is refused (403) before its input is judged; in both cases nothing changes.
@Suite(.timeLimit(.minutes(20))) struct AuthorizationMatrixFixesTests {
    /// "New quote" on another manager's deal answered the form error "Choose a deal you can see" (422, a field the
    /// page does not have); it is now 404, as the deal's own page, and no quote is made.
    @Test(arguments: TestEngine.available)
    func aQuoteFromAnotherManagersDealIsNotFound(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var draft = DealDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.title = "Office fit-out"
            draft.amount = "50000"
            draft.expectedClose = "2026-12-20"
            let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
            let other = try await client.login(world.manager2.email.value)
            let owner = try await client.login(world.manager1.email.value)
            let before = try await DatabaseFingerprint.read(world.services.database)

            let refused = try await client.browse(.post, "/deals/\(deal.id)/quotes", as: other, form: [])
            #expect(refused.status == .notFound)
            let unknown = try await client.browse(
                .post, "/deals/\(UUID().uuidString.lowercased())/quotes", as: other, form: [])
            #expect(unknown.status == .notFound)
            #expect(try await DatabaseFingerprint.read(world.services.database).changes(since: before) == [])

            let made = try await client.browse(.post, "/deals/\(deal.id)/quotes", as: owner, form: [])
            #expect(made.status == .seeOther)
            #expect(made.headers[.location]?.hasPrefix("/quotes/") == true)
        }
    }

    /// A manager's product import without a file answered "Choose a CSV file" (422) before the role was checked; it
    /// is now 403 like every other change of the catalogue, and the head still gets the form error.
    @Test(arguments: TestEngine.available)
    func aProductImportIsRefusedByRoleBeforeItsFileIsRead(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await client.login(world.manager1.email.value)
            let head = try await client.login(world.head.email.value)
            let before = try await DatabaseFingerprint.read(world.services.database)
            #expect(try await client.browse(.post, "/products/import", as: manager, form: []).status == .forbidden)
            #expect(try await DatabaseFingerprint.read(world.services.database).changes(since: before) == [])

            // The head passes the role check and is asked for the file.
            let noFile = try await client.browse(.post, "/products/import", as: head, form: [])
            #expect(noFile.status == .unprocessableContent)
        }
    }
}
