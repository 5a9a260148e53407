import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// manager1 can neither get, update, list, search nor export manager2's accounts or contacts; head sees both.
@Suite struct VisibilityTests {
    @Test(arguments: TestEngine.available)
    func managersCannotReachEachOthersRecordsThroughTheAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let theirs = world.manager2Accounts[0]
            let theirContact = world.manager2Contact
            #expect(try await client.api(.get, "/api/v1/accounts/\(theirs.id)", token: token).status == .notFound)
            let update = try await client.api(
                .patch, "/api/v1/accounts/\(theirs.id)", token: token, json: #"{"version": 1, "name": "Hijacked"}"#)
            #expect(update.status == .notFound)
            #expect(
                try await client.api(.post, "/api/v1/accounts/\(theirs.id)/archive", token: token).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/contacts/\(theirContact.id)", token: token).status == .notFound)
            let contactUpdate = try await client.api(
                .patch, "/api/v1/contacts/\(theirContact.id)", token: token, json: #"{"version": 1, "name": "X"}"#)
            #expect(contactUpdate.status == .notFound)
            let list = try await client.api(.get, "/api/v1/accounts?status=all&limit=200", token: token)
            #expect(!list.text.contains("Dagat") && !list.text.contains("Perlas"))
            let search = try await client.api(.get, "/api/v1/accounts?q=0918%20222%200001", token: token)
            #expect((try search.json()["data"] as? [Any])?.isEmpty == true)
            let contacts = try await client.api(.get, "/api/v1/contacts?q=jose", token: token)
            #expect((try contacts.json()["data"] as? [Any])?.isEmpty == true)
            let byAccount = try await client.api(.get, "/api/v1/contacts?account_id=\(theirs.id)", token: token)
            #expect((try byAccount.json()["data"] as? [Any])?.isEmpty == true)
            let export = try await client.api(.get, "/api/v1/accounts/export?status=all", token: token)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(export.text.contains("Tala Foods") && !export.text.contains("Dagat"))
            let contactExport = try await client.api(.get, "/api/v1/contacts/export", token: token)
            #expect(contactExport.text.contains("Maria Santos") && !contactExport.text.contains("Jose Reyes"))
            // Unchanged for its owner.
            let owner = try await world.token(world.manager2)
            let still = try await client.api(.get, "/api/v1/accounts/\(theirs.id)", token: owner)
            #expect(try still.json()["name"] as? String == "Dagat Logistics")
            #expect(try still.json()["version"] as? Int == 1)
            // The head sees both managers' records.
            let head = try await world.token(world.head)
            let headList = try await client.api(.get, "/api/v1/accounts", token: head)
            #expect(headList.text.contains("Dagat Logistics") && headList.text.contains("Tala Foods"))
            let headExport = try await client.api(.get, "/api/v1/contacts/export", token: head)
            #expect(headExport.text.contains("Maria Santos") && headExport.text.contains("Jose Reyes"))
        }
    }

    @Test(arguments: TestEngine.available)
    func managersCannotReachEachOthersRecordsThroughThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let theirs = world.manager2Accounts[0]
            #expect(try await client.browse(.get, "/accounts/\(theirs.id)", as: session).status == .notFound)
            #expect(try await client.browse(.get, "/accounts/\(theirs.id)/edit", as: session).status == .notFound)
            let post = try await client.browse(
                .post, "/accounts/\(theirs.id)", as: session, form: [("name", "Hijacked")])
            #expect(post.status == .notFound)
            #expect(
                try await client.browse(.get, "/contacts/\(world.manager2Contact.id)", as: session).status == .notFound)
            let list = try await client.browse(.get, "/accounts?status=all", as: session)
            #expect(list.text.contains("Tala Foods") && !list.text.contains("Dagat Logistics"))
            let search = try await client.browse(.get, "/accounts?q=perlas", as: session)
            #expect(!search.text.contains("Perlas Pharmacy"))
            let export = try await client.browse(.get, "/accounts/export.csv", as: session)
            #expect(!export.text.contains("Dagat"))
            let contacts = try await client.browse(.get, "/contacts", as: session)
            #expect(contacts.text.contains("Maria Santos") && !contacts.text.contains("Jose Reyes"))
            let head = try await client.login("head@test.ph")
            let headList = try await client.browse(.get, "/accounts", as: head)
            #expect(headList.text.contains("Dagat Logistics") && headList.text.contains("Tala Foods"))
        }
    }
}
