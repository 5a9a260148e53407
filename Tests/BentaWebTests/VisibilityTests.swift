import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// manager1 can neither get, update, list, search nor export manager2's accounts or contacts; head sees both.
@Suite(.timeLimit(.minutes(20))) struct VisibilityTests {
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

/// A manager never sees another manager's leads, activities, tasks or meetings, in the API or the search.
@Suite(.timeLimit(.minutes(20))) struct ActivityVisibilityTests {
    @Test(arguments: TestEngine.available)
    func leadsTimelinesTasksAndMeetingsStayWithTheirOwners(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let one = try await world.token(world.manager1)
            let two = try await world.token(world.manager2)
            let lead = try await client.api(
                .post, "/api/v1/leads", token: one, json: #"{"person_name": "Secret Lead", "phone": "0917 222 3333"}"#)
            let leadID = try #require(try lead.json()["id"] as? String)
            let task = try await client.api(
                .post, "/api/v1/tasks", token: one,
                json: #"{"title": "Private task", "due_at": "2026-12-01T01:00:00Z", "lead_id": "\#(leadID)"}"#)
            let taskID = try #require(try task.json()["id"] as? String)
            let meeting = try await client.api(
                .post, "/api/v1/meetings", token: one,
                json:
                    #"{"title": "Private meeting", "starts_at": "2026-11-30T01:00:00Z", "account_id": "\#(world.manager1Accounts[1].id)"}"#
            )
            let meetingID = try #require(try meeting.json()["id"] as? String)
            #expect(try await client.api(.get, "/api/v1/leads/\(leadID)", token: two).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/leads/\(leadID)/timeline", token: two).status == .notFound)
            #expect(
                try await client.api(.get, "/api/v1/accounts/\(world.manager1Accounts[1].id)/timeline", token: two)
                    .status == .notFound)
            #expect(try await client.api(.post, "/api/v1/tasks/\(taskID)/complete", token: two).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/meetings/\(meetingID)", token: two).status == .notFound)
            let leads = try await client.api(.get, "/api/v1/leads?status=all", token: two)
            #expect(!leads.text.contains("Secret Lead"))
            let tasks = try await client.api(.get, "/api/v1/tasks", token: two)
            #expect(!tasks.text.contains("Private task"))
            let meetings = try await client.api(
                .get, "/api/v1/meetings?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z", token: two)
            #expect(!meetings.text.contains("Private meeting"))
            let search = try await client.api(.get, "/api/v1/search?q=secret", token: two)
            #expect((try search.json()["data"] as? [Any])?.isEmpty == true)
            let logged = try await client.api(
                .post, "/api/v1/activities", token: two,
                json: #"{"kind": "note", "lead_id": "\#(leadID)", "body": "x"}"#)
            #expect(logged.status == .unprocessableContent)
            let export = try await client.api(
                .get, "/api/v1/leads?status=all", token: try await world.token(world.head))
            #expect(export.text.contains("Secret Lead"))
        }
    }

    /// A manager's contact list, read through the cursor in pages of three, is exactly the contacts of the accounts
    /// they see, in the head's order: owned (Bituin), owned and shared with their team (Tala), shared by a teammate
    /// (Sinag), shared after its contacts were made (Dagat, through the copies migration 47 keeps) and not visible
    /// (Perlas); with the status and owner filters too. Equal names make the cursor's id tie-breaker matter.
    @Test(arguments: TestEngine.available)
    func aManagersContactListIsExactlyTheVisibleContactsOnEveryPage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let services = world.services
            var shared = AccountDraft()
            shared.name = "Sinag Bakery"
            shared.teamID = world.north.id.description
            let sinag = try await services.accounts.create(shared, viewer: world.manager3.viewer)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let (dagat, perlas) = (world.manager2Accounts[0], world.manager2Accounts[1])
            let owners = [
                (tala, world.manager1), (bituin, world.manager1), (sinag, world.manager3), (dagat, world.manager2),
                (perlas, world.manager2),
            ]
            for (place, (account, owner)) in owners.enumerated() {
                for name in ["Same Name", "Same Name", "Contact \(place) A", "Contact \(place) B"] {
                    var draft = ContactDraft()
                    draft.accountID = account.id.description
                    draft.name = name
                    let made = try await services.contacts.create(draft, viewer: owner.viewer)
                    if name.hasSuffix("B") {
                        _ = try await services.contacts.setStatus(
                            .archived, of: made.id, viewer: owner.viewer, expectedVersion: nil)
                    }
                }
            }
            _ = try await services.accounts.update(dagat.id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.teamID = world.north.id.description
            }
            let visible = Set([tala, bituin, sinag, dagat].map(\.id.description))

            func ids(_ query: String, token: String, limit: Int) async throws -> [(id: String, account: String)] {
                var found: [(id: String, account: String)] = []
                var cursor: String?
                repeat {
                    let after = cursor.map { "&cursor=\($0)" } ?? ""
                    let response = try await client.api(
                        .get, "/api/v1/contacts?limit=\(limit)\(query)\(after)", token: token)
                    #expect(response.status == .ok, "\(query): \(response.text)")
                    let body = try response.json()
                    for item in try #require(body["data"] as? [[String: Any]]) {
                        found.append((try #require(item["id"] as? String), try #require(item["account_id"] as? String)))
                    }
                    cursor = body["next_cursor"] as? String
                } while cursor != nil && found.count < 200
                return found
            }
            let (manager, head) = (try await world.token(world.manager1), try await world.token(world.head))
            for query in ["", "&status=all", "&status=archived", "&owner_id=\(world.manager3.id)"] {
                let expected = try await ids(query, token: head, limit: 200).filter { visible.contains($0.account) }
                let listed = try await ids(query, token: manager, limit: 3)
                #expect(listed.map(\.id) == expected.map(\.id), "\(query)")
                #expect(!expected.isEmpty, "\(query)")
            }
            // The plain list (active contacts): Maria (Tala), Jose (Dagat) and three on each visible account.
            let all = try await ids("", token: manager, limit: 3)
            #expect(all.count == 2 + 4 * 3)
            #expect(Set(all.map(\.account)) == visible)
        }
    }
}
