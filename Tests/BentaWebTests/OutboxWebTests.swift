import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct OutboxWebTests {
    @Test(arguments: TestEngine.available)
    func adminsSetUpSMTPWithAWriteOnlyPasswordAndQueueATestEmail(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            #expect(try await client.api(.get, "/api/v1/settings/smtp", token: head).status == .forbidden)
            let empty = try await client.api(.get, "/api/v1/settings/smtp", token: admin)
            #expect(empty.status == .ok)
            #expect(try empty.json()["is_configured"] as? Bool == false)
            let notYet = try await client.api(
                .post, "/api/v1/settings/smtp/test", token: admin, json: #"{"to": "admin@test.ph"}"#)
            #expect(notYet.status == .conflict)

            let body = #"""
                {"host": "smtp.example.ph", "port": 587, "security": "starttls", "username": "billing@bituin.ph",
                 "password": "app password", "from_address": "billing@bituin.ph", "from_name": "Bituin"}
                """#
            let saved = try await client.api(.put, "/api/v1/settings/smtp", token: admin, json: body)
            #expect(saved.status == .ok)
            let settings = try saved.json()
            #expect(settings["password"] == nil && settings["has_password"] as? Bool == true)
            #expect(settings["port"] as? Int == 587 && settings["version"] as? Int == 1)
            #expect(!saved.text.contains("app password"))
            let refused = try await client.api(.put, "/api/v1/settings/smtp", token: manager, json: body)
            #expect(refused.status == .forbidden)
            let invalid = try await client.api(
                .put, "/api/v1/settings/smtp", token: admin,
                json: #"{"host": "smtp.ph", "port": 70000, "from_address": "nope", "security": "ssl", "version": 1}"#)
            #expect(invalid.status == .unprocessableContent)
            let unknown = try await client.api(
                .put, "/api/v1/settings/smtp", token: admin, json: #"{"host": "x", "smuggled": 1}"#)
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableContent)
            let kept = try await client.api(
                .put, "/api/v1/settings/smtp", token: admin,
                json:
                    #"{"host": "mail.example.ph", "port": "465", "security": "tls", "from_address": "billing@bituin.ph", "version": 1}"#
            )
            #expect(kept.status == .ok)
            #expect(try kept.json()["has_password"] as? Bool == true && kept.json()["version"] as? Int == 2)

            let test = try await client.api(
                .post, "/api/v1/settings/smtp/test", token: admin, json: #"{"to": "admin@test.ph"}"#)
            #expect(test.status == .accepted)
            let queued = try test.json()
            #expect(queued["status"] as? String == "queued" && queued["kind"] as? String == "test")
            let id = try #require(queued["id"] as? String)
            #expect(test.headers[.location] == "/api/v1/outbox/\(id)")

            let list = try await client.api(.get, "/api/v1/outbox?status=queued", token: admin)
            #expect((try list.json()["data"] as? [[String: Any]])?.count == 1)
            let accountant = try await world.token(world.accountant)
            #expect(try await client.api(.get, "/api/v1/outbox/\(id)", token: accountant).status == .ok)
            // A manager sees only what they queued.
            let managerList = try await client.api(.get, "/api/v1/outbox", token: manager)
            #expect((try managerList.json()["data"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await client.api(.get, "/api/v1/outbox/\(id)", token: manager).status == .notFound)
            #expect(
                try await client.api(.get, "/api/v1/outbox?status=lost", token: admin).status
                    == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func emailSettingsPageSavesAndQueuesATestAndTheOutboxPageShowsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let form = try await client.browse(.get, "/settings/email", as: admin)
            #expect(form.status == .ok && form.text.contains("name=\"host\""))
            let bad = try await client.browse(
                .post, "/settings/email", as: admin,
                form: [("host", "smtp.example.ph"), ("port", "0"), ("security", "starttls"), ("from_address", "")])
            #expect(bad.status == .unprocessableContent)
            let saved = try await client.browse(
                .post, "/settings/email", as: admin,
                form: [
                    ("host", "smtp.example.ph"), ("port", "587"), ("security", "starttls"),
                    ("username", "billing"), ("password", "secret-pw"), ("from_address", "billing@bituin.ph"),
                    ("from_name", "Bituin"), ("version", "0"),
                ])
            #expect(saved.status == .seeOther || saved.status == .found)
            let page = try await client.browse(.get, "/settings/email?saved=1", as: admin)
            #expect(!page.text.contains("secret-pw") && page.text.contains("smtp.example.ph"))
            let test = try await client.browse(
                .post, "/settings/email/test", as: admin, form: [("to", "admin@test.ph")])
            #expect(test.status == .seeOther || test.status == .found)
            let outbox = try await client.browse(.get, "/settings/outbox?queued=1", as: admin)
            #expect(outbox.status == .ok && outbox.text.contains("Benta test email"))
            let noCSRF = try await client.browse(
                .post, "/settings/email/test", as: admin, form: [("to", "admin@test.ph")], includeCSRF: false)
            #expect(noCSRF.status == .forbidden)
            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/settings/email", as: manager).status == .forbidden)
            let managerOutbox = try await client.browse(.get, "/settings/outbox", as: manager)
            #expect(managerOutbox.status == .ok && !managerOutbox.text.contains("Benta test email"))
        }
    }
}
