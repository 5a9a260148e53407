import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct AccountsAPITests {
    @Test(arguments: TestEngine.available)
    func meNeedsAValidBearerToken(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let anonymous = try await client.api(.get, "/api/v1/me", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer realm=\"benta\"")
            #expect(try anonymous.json()["code"] as? String == "unauthenticated")
            #expect(try await client.api(.get, "/api/v1/me", token: "benta_forged").status == .unauthorized)
            // A browser session cookie does not open the API.
            let session = try await client.login("manager1@test.ph")
            let withCookie = try await client.execute(
                uri: "/api/v1/me", method: .get, headers: [.cookie: "benta_session=\(session.cookie)"])
            #expect(withCookie.status == .unauthorized)
            let me = try await client.api(.get, "/api/v1/me", token: try await world.token(world.manager1))
            #expect(me.status == .ok)
            let body = try me.json()
            #expect(body["email"] as? String == "manager1@test.ph")
            #expect(body["role"] as? String == "manager")
            #expect(body["team_ids"] as? [String] == [world.north.id.description])
        }
    }

    @Test(arguments: TestEngine.available)
    func createReadUpdateArchiveWithVersions(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/accounts", token: token,
                json:
                    #"{"name": "Habagat Builders", "tin": "123456789", "phones": ["0917 123 4567", {"number": "+63 2 8123 4567"}], "tags": ["new"]}"#
            )
            #expect(created.status == .created)
            let account = try created.json()
            let id = try #require(account["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/accounts/\(id)")
            #expect(created.headers[.eTag] == "\"1\"")
            #expect(account["tin"] as? String == "123-456-789-00000")
            #expect(account["owner_id"] as? String == world.manager1.id.description)
            #expect(account["registered_name"] is NSNull)
            let phones = try #require(account["phones"] as? [[String: Any]])
            #expect(phones.map { $0["e164"] as? String } == ["+639171234567", "+63281234567"])

            let fetched = try await client.api(.get, "/api/v1/accounts/\(id)", token: token)
            #expect(fetched.status == .ok)
            #expect(try fetched.json()["name"] as? String == "Habagat Builders")

            let patched = try await client.api(
                .patch, "/api/v1/accounts/\(id)", token: token,
                json: #"{"version": 1, "industry": "Construction", "tin": null}"#)
            #expect(patched.status == .ok)
            let patchedBody = try patched.json()
            #expect(patchedBody["version"] as? Int == 2)
            #expect(patchedBody["industry"] as? String == "Construction")
            #expect(patchedBody["tin"] is NSNull)
            #expect(patchedBody["name"] as? String == "Habagat Builders")

            let ifMatch = try await client.api(
                .patch, "/api/v1/accounts/\(id)", token: token, json: #"{"notes": "via If-Match"}"#,
                headers: [.ifMatch: "\"2\""])
            #expect(ifMatch.status == .ok)
            #expect(ifMatch.headers[.eTag] == "\"3\"")

            let stale = try await client.api(
                .patch, "/api/v1/accounts/\(id)", token: token, json: #"{"version": 2, "notes": "lost update"}"#)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.json()["code"] as? String == "stale_version")

            let archived = try await client.api(.post, "/api/v1/accounts/\(id)/archive", token: token)
            #expect(archived.status == .ok)
            #expect(try archived.json()["status"] as? String == "archived")
            let active = try await client.api(.get, "/api/v1/accounts?q=habagat", token: token)
            #expect((try active.json()["data"] as? [Any])?.count == 0)
            let all = try await client.api(.get, "/api/v1/accounts?q=habagat&status=all", token: token)
            #expect((try all.json()["data"] as? [Any])?.count == 1)
            let unarchived = try await client.api(.post, "/api/v1/accounts/\(id)/unarchive", token: token)
            #expect(try unarchived.json()["status"] as? String == "active")
            #expect(try unarchived.json()["notes"] as? String == "via If-Match")
        }
    }

    @Test(arguments: TestEngine.available)
    func listsArePaginatedWithCursorsAndValidatedParameters(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.head)
            var names: [String] = []
            var uri = "/api/v1/accounts?limit=3"
            var pages = 0
            while true {
                let page = try await client.api(.get, uri, token: token)
                #expect(page.status == .ok)
                let body = try page.json()
                names += (body["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                pages += 1
                guard let cursor = body["next_cursor"] as? String else {
                    #expect(body["next_cursor"] is NSNull)
                    break
                }
                uri = "/api/v1/accounts?limit=3&cursor=\(cursor)"
            }
            #expect(names == ["Bituin Hardware", "Dagat Logistics", "Perlas Pharmacy", "Tala Foods"])
            #expect(pages == 2)
            for bad in ["limit=0", "limit=201", "limit=abc", "cursor=%%%", "status=deleted", "owner_id=nobody"] {
                let response = try await client.api(.get, "/api/v1/accounts?\(bad)", token: token)
                #expect(response.status == .unprocessableContent, "\(bad)")
            }
            let byOwner = try await client.api(
                .get, "/api/v1/accounts?owner_id=\(world.manager2.id)", token: token)
            #expect(
                (try byOwner.json()["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    == ["Dagat Logistics", "Perlas Pharmacy"])
            let byTag = try await client.api(.get, "/api/v1/accounts?tag=TEST&limit=200", token: token)
            #expect((try byTag.json()["data"] as? [Any])?.count == 4)
        }
    }

    @Test(arguments: TestEngine.available)
    func everyErrorStatusIsAProblemDocumentAndChangesNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let mine = world.manager1Accounts[1].id
            func problem(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String) throws {
                #expect(response.status == status, "\(code): \(response.text.prefix(300))")
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
                let body = try response.json()
                #expect(body["code"] as? String == code)
                #expect(body["status"] as? Int == Int(status.code))
                #expect(body["type"] as? String == "urn:benta:problem:\(code)")
                #expect((body["request_id"] as? String)?.isEmpty == false)
            }
            try problem(
                try await client.api(.post, "/api/v1/accounts", token: token, json: "{\"name\": "), .badRequest,
                "malformed_json")
            try problem(
                try await client.api(.post, "/api/v1/accounts", token: token, json: #"{"name": 42}"#), .badRequest,
                "malformed_json")
            try problem(
                try await client.api(.post, "/api/v1/accounts", token: token, json: #"["x"]"#), .badRequest,
                "malformed_json")
            try problem(
                try await client.api(.post, "/api/v1/accounts", token: token, json: #"{"nmae": "typo"}"#), .badRequest,
                "malformed_json")
            try problem(
                try await client.api(
                    .post, "/api/v1/accounts", token: token, json: #"{"name": "x"}"#,
                    headers: [.contentType: "text/plain"]), .unsupportedMediaType, "unsupported_media_type")
            let invalid = try await client.api(
                .post, "/api/v1/accounts", token: token, json: #"{"name": "", "tin": "12", "email": "nope"}"#)
            try problem(invalid, .unprocessableContent, "validation_failed")
            let fields = (try invalid.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["name", "tin", "email"])
            try problem(
                try await client.api(.get, "/api/v1/accounts/\(UUID())", token: token), .notFound, "account_not_found")
            try problem(
                try await client.api(.get, "/api/v1/accounts/not-a-uuid", token: token), .notFound, "account_not_found")
            try problem(try await client.api(.get, "/api/v1/nothing-here", token: token), .notFound, "not_found")
            try problem(
                try await client.api(.patch, "/api/v1/accounts/\(mine)", token: token, json: #"{"notes": "x"}"#),
                .badRequest, "version_required")
            try problem(
                try await client.api(
                    .patch, "/api/v1/accounts/\(mine)", token: token, json: #"{"version": 1, "notes": "x"}"#,
                    headers: [.ifMatch: "\"7\""]), .badRequest, "version_mismatch")
            try problem(
                try await client.api(
                    .patch, "/api/v1/accounts/\(mine)", token: token, json: #"{"version": 9, "notes": "x"}"#),
                .preconditionFailed, "stale_version")
            let huge = "{\"name\": \"" + String(repeating: "a", count: 1_100_000) + "\"}"
            try problem(
                try await client.api(.post, "/api/v1/accounts", token: token, json: huge), .contentTooLarge,
                "body_too_large")
            // 409: a contact cannot join an archived account.
            _ = try await client.api(.post, "/api/v1/accounts/\(mine)/archive", token: token)
            try problem(
                try await client.api(
                    .post, "/api/v1/contacts", token: token, json: #"{"account_id": "\#(mine)", "name": "Late"}"#),
                .conflict, "account_archived")
            // Nothing above changed the data: still the world's two accounts plus none new, notes untouched.
            let all = try await client.api(.get, "/api/v1/accounts?status=all", token: token)
            let data = try all.json()["data"] as? [[String: Any]] ?? []
            #expect(data.count == 2)
            #expect(data.allSatisfy { $0["notes"] is NSNull })
            let contacts = try await client.api(.get, "/api/v1/contacts?status=all", token: token)
            #expect((try contacts.json()["data"] as? [Any])?.count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func contactsCRUDThroughTheAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let created = try await client.api(
                .post, "/api/v1/contacts", token: token,
                json:
                    #"{"account_id": "\#(account)", "name": "Ana Peñaflor", "position": "Purchasing", "phones": ["0920 555 1234"], "emails": ["ana@tala.ph"], "preferred_channel": "viber"}"#
            )
            #expect(created.status == .created)
            let body = try created.json()
            let id = try #require(body["id"] as? String)
            #expect(body["account_name"] as? String == "Tala Foods")
            #expect(body["name"] as? String == "Ana Peñaflor")
            #expect((body["phones"] as? [[String: Any]])?.first?["e164"] as? String == "+639205551234")
            let bad = try await client.api(
                .patch, "/api/v1/contacts/\(id)", token: token, json: #"{"version": 1, "preferred_channel": "fax"}"#)
            #expect(bad.status == .unprocessableContent)
            let patched = try await client.api(
                .patch, "/api/v1/contacts/\(id)", token: token, json: #"{"version": 1, "emails": []}"#)
            #expect(try patched.json()["emails"] as? [String] == [])
            let list = try await client.api(.get, "/api/v1/contacts?account_id=\(account)", token: token)
            #expect(
                (try list.json()["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    == ["Ana Peñaflor", "Maria Santos"])
            let archived = try await client.api(.post, "/api/v1/contacts/\(id)/archive", token: token)
            #expect(try archived.json()["status"] as? String == "archived")
        }
    }

    @Test(arguments: TestEngine.available)
    func companySettingsAreForAdminsAndVersioned(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await world.token(world.manager1)
            let admin = try await world.token(world.admin)
            let read = try await client.api(.get, "/api/v1/company", token: manager)
            #expect(read.status == .ok)
            #expect(try read.json()["tin"] as? String == "009-123-456-00000")
            let forbidden = try await client.api(
                .patch, "/api/v1/company", token: manager, json: #"{"version": 1, "name": "Mine"}"#)
            #expect(forbidden.status == .forbidden)
            let invalid = try await client.api(
                .patch, "/api/v1/company", token: admin,
                json: #"{"version": 1, "time_zone": "Mars/Base", "base_currency": "XYZ"}"#)
            #expect(invalid.status == .unprocessableContent)
            let saved = try await client.api(
                .patch, "/api/v1/company", token: admin,
                json: #"{"version": 1, "default_language": "fil", "base_currency": "USD"}"#)
            #expect(saved.status == .ok)
            #expect(try saved.json()["base_currency"] as? String == "USD")
            #expect(try saved.json()["version"] as? Int == 2)
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct MethodTests {
    @Test func aWrongMethodOnAKnownPathIs405WithAllow() async throws {
        try await withWebApp(.sqlite) { world, client in
            let token = try await world.token(world.manager1)
            let trace = try await client.api(.init("TRACE")!, "/api/v1/accounts", token: token)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, HEAD, POST")
            #expect(try trace.json()["code"] as? String == "method_not_allowed")
            let delete = try await client.api(.delete, "/api/v1/accounts/\(world.manager1Accounts[0].id)", token: token)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD, PATCH")
            let health = try await client.execute(uri: "/health", method: .init("TRACE")!)
            #expect(health.status == .methodNotAllowed)
            // Deleting an account is not possible at all: it stays.
            #expect(
                try await client.api(.get, "/api/v1/accounts/\(world.manager1Accounts[0].id)", token: token).status
                    == .ok)
        }
    }
}
