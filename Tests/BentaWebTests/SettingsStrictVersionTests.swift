import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: the duty settings and the SMTP settings take a version like every other update. Through the API a PUT
/// without one (neither `version` nor `If-Match`) is 400 `version_required`, a body version that is not `If-Match`'s
/// is 400 `version_mismatch`, a negative one 422, a stale one 412, and none of them changes a row; the HTML forms,
/// which carry the version they showed, keep saving.
@Suite(.timeLimit(.minutes(20))) struct SettingsStrictVersionTests {
    /// The problem's `code` of a refused answer, after checking its status and that nothing changed.
    static func refused(
        _ answer: TestResponse, _ status: HTTPResponse.Status, since before: DatabaseFingerprint, world: TestWorld
    ) async throws -> String? {
        #expect(answer.status == status, "\(answer.text.prefix(300))")
        #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        #expect(try await DatabaseFingerprint.read(world.services.database).changes(since: before) == [])
        return try answer.json()["code"] as? String
    }

    @Test(arguments: TestEngine.available)
    func dutySettingsNeedTheVersionRead(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let read = try await client.api(.get, "/api/v1/settings/duties", token: admin)
            let version = try #require(try read.json()["version"] as? Int)
            let before = try await DatabaseFingerprint.read(world.services.database)
            let path = "/api/v1/settings/duties"
            let change = #"{"discount_limit_percent": "7"}"#
            let missing = try await client.api(.put, path, token: admin, json: change)
            #expect(try await Self.refused(missing, .badRequest, since: before, world: world) == "version_required")
            let mismatch = try await client.api(
                .put, path, token: admin, json: #"{"discount_limit_percent": "7", "version": \#(version)}"#,
                headers: [.ifMatch: "\"\(version + 1)\""])
            #expect(try await Self.refused(mismatch, .badRequest, since: before, world: world) == "version_mismatch")
            let negative = try await client.api(
                .put, path, token: admin, json: #"{"discount_limit_percent": "7", "version": -1}"#)
            #expect(
                try await Self.refused(negative, .unprocessableContent, since: before, world: world)
                    == "validation_failed")
            let stale = try await client.api(
                .put, path, token: admin, json: change, headers: [.ifMatch: "\"\(version + 5)\""])
            #expect(try await Self.refused(stale, .preconditionFailed, since: before, world: world) == "stale_version")
            // A manager is refused for the role before the version is looked at.
            let manager = try await world.token(world.manager1)
            #expect(try await client.api(.put, path, token: manager, json: change).status == .forbidden)

            let saved = try await client.api(
                .put, path, token: admin, json: change, headers: [.ifMatch: "\"\(version)\""])
            #expect(saved.status == .ok, "\(saved.text.prefix(300))")
            let after = try saved.json()
            #expect(after["discount_limit_percent"] as? String == "7")
            let next = try #require(after["version"] as? Int)
            #expect(next > version)

            // The page's form carries the version it showed: it saves, and a stale one is 412 with nothing saved.
            let session = try await client.login("admin@test.ph")
            let page = try await client.browse(.get, "/settings/duties", as: session)
            #expect(page.text.contains("name=\"version\" value=\"\(next)\""))
            var form: [(String, String)] = [("manager", "issue_invoices"), ("discount_limit_percent", "9")]
            let staleForm = try await client.browse(
                .post, "/settings/duties", as: session, form: form + [("version", "\(version)")])
            #expect(staleForm.status == .preconditionFailed)
            form.append(("version", "\(next)"))
            #expect(try await client.browse(.post, "/settings/duties", as: session, form: form).status == .seeOther)
            let shown = try await client.api(.get, path, token: admin).json()
            #expect(shown["discount_limit_percent"] as? String == "9")
            #expect(shown["manager"] as? [String] == ["issue_invoices"])
        }
    }

    @Test(arguments: TestEngine.available)
    func smtpSettingsNeedTheVersionOnceSaved(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let path = "/api/v1/settings/smtp"
            let body = { (port: Int) in
                #"{"host": "127.0.0.1", "port": \#(port), "security": "none", "from_address": "billing@bituin.ph""#
            }
            // None saved yet: version 0. A first save naming another version is stale; one without a version is the
            // first save.
            var before = try await DatabaseFingerprint.read(world.services.database)
            let staleFirst = try await client.api(.put, path, token: admin, json: body(2525) + #", "version": 3}"#)
            #expect(
                try await Self.refused(staleFirst, .preconditionFailed, since: before, world: world) == "stale_version")
            let first = try await client.api(.put, path, token: admin, json: body(2525) + "}")
            #expect(first.status == .ok, "\(first.text.prefix(300))")
            #expect(try first.json()["version"] as? Int == 1)

            before = try await DatabaseFingerprint.read(world.services.database)
            let missing = try await client.api(.put, path, token: admin, json: body(2526) + "}")
            #expect(try await Self.refused(missing, .badRequest, since: before, world: world) == "version_required")
            let mismatch = try await client.api(
                .put, path, token: admin, json: body(2526) + #", "version": 1}"#, headers: [.ifMatch: "\"2\""])
            #expect(try await Self.refused(mismatch, .badRequest, since: before, world: world) == "version_mismatch")
            let again = try await client.api(.put, path, token: admin, json: body(2526) + #", "version": 0}"#)
            #expect(try await Self.refused(again, .preconditionFailed, since: before, world: world) == "stale_version")
            let manager = try await world.token(world.manager1)
            #expect(try await client.api(.put, path, token: manager, json: body(2526) + "}").status == .forbidden)

            let saved = try await client.api(
                .put, path, token: admin, json: body(2526) + "}", headers: [.ifMatch: "\"1\""])
            #expect(saved.status == .ok, "\(saved.text.prefix(300))")
            #expect(try saved.json()["port"] as? Int == 2526 && saved.json()["version"] as? Int == 2)

            // The email settings page sends the version it showed.
            let session = try await client.login("admin@test.ph")
            var form: [(String, String)] = [
                ("host", "127.0.0.1"), ("port", "2527"), ("security", "none"), ("from_address", "billing@bituin.ph"),
            ]
            form.append(("version", "2"))
            let posted = try await client.browse(.post, "/settings/email", as: session, form: form)
            #expect(posted.status == .seeOther, "\(posted.text.prefix(300))")
            let shown = try await client.api(.get, path, token: admin).json()
            #expect(shown["port"] as? Int == 2527 && shown["version"] as? Int == 3)
        }
    }
}
