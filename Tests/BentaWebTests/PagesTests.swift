import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import BentaWeb

@Suite(.timeLimit(.minutes(20))) struct PagesTests {
    @Test(arguments: TestEngine.available)
    func loginSetsAHardenedSessionCookieAndRotatesIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let loginCookie = try client.cookie(named: "benta_login", in: page)
            #expect(page.text.contains("name=\"_csrf\" value=\"\(loginCookie)\""))

            let first = try await client.login("manager1@test.ph")
            // Logging in again from the same browser replaces the old session, which stops working.
            let form = "email=manager1%40test.ph&password=\(TestWorld.password.formEncoded)&_csrf=\(loginCookie)"
            let again = try await client.execute(
                uri: "/login", method: .post,
                headers: [
                    .contentType: "application/x-www-form-urlencoded",
                    .cookie: "benta_login=\(loginCookie); benta_session=\(first.cookie)",
                ], body: ByteBuffer(string: form))
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == "/my-day")
            let setCookie = try #require(again.headers[values: .setCookie].first { $0.hasPrefix("benta_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(setCookie.contains("Path=/"))
            let second = try client.cookie(named: "benta_session", in: again)
            #expect(second != first.cookie)
            let old = try await client.execute(
                uri: "/accounts", method: .get, headers: [.cookie: "benta_session=\(first.cookie)"])
            #expect(old.status == .seeOther)
            #expect(old.headers[.location] == "/login?next=/accounts")
            let new = try await client.execute(
                uri: "/accounts", method: .get, headers: [.cookie: "benta_session=\(second)"])
            #expect(new.status == .ok)
        }
    }

    @Test(arguments: TestEngine.available)
    func loginFailuresAreExplainedAndThenSlowedDown(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let page = try await client.execute(uri: "/login", method: .get)
            let token = try client.cookie(named: "benta_login", in: page)
            func attempt(_ password: String, csrf: String? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "benta_login=\(token)"],
                    body: ByteBuffer(string: "email=manager2%40test.ph&password=\(password)&_csrf=\(csrf ?? token)"))
            }
            let forged = try await attempt("whatever", csrf: "forged")
            #expect(forged.status == .forbidden)
            let wrong = try await attempt("wrong")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains(try Translations.bundled().text("login_failed", .english)))
            #expect(wrong.text.contains("value=\"manager2@test.ph\""))
            let policy = world.services.settings.loginThrottle
            for _ in 1..<policy.freeFailuresPerAccountAndAddress { _ = try await attempt("wrong") }
            // Further attempts from this address wait a little (a backoff that grows, never a long lock).
            let waiting = try await attempt(TestWorld.password.formEncoded)
            #expect(waiting.status == .tooManyRequests)
            let retryAfter = try #require(waiting.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter >= 1 && retryAfter <= policy.maximumWaitSeconds)
            let waitMessage = try Translations.bundled().text("login_wait", .english)
            #expect(
                waiting.text.contains(waitMessage.replacingOccurrences(of: "{seconds}", with: String(retryAfter))))
            world.clock.advance(by: TimeInterval(retryAfter))
            let afterTheWait = try await attempt(TestWorld.password.formEncoded)
            #expect(afterTheWait.status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.available)
    func stateChangingFormsNeedTheSessionsCSRFTokenAndOrigin(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let missing = try await client.browse(
                .post, "/accounts", as: session, form: [("name", "Forged Corp")], includeCSRF: false)
            #expect(missing.status == .forbidden)
            let wrong = try await client.browse(
                .post, "/accounts", as: session, form: [("name", "Forged Corp"), ("_csrf", "nope")], includeCSRF: false)
            #expect(wrong.status == .forbidden)
            let crossSite = try await client.browse(
                .post, "/accounts", as: session, form: [("name", "Forged Corp")],
                headers: [.origin: "https://evil.example"])
            #expect(crossSite.status == .forbidden)
            let list = try await client.browse(.get, "/accounts?q=forged", as: session)
            #expect(!list.text.contains("Forged Corp"))
            let created = try await client.browse(
                .post, "/accounts", as: session,
                form: [("name", "Real Corp"), ("phones", "0917 000 1111\n02 8000 2222")],
                headers: [.origin: "http://localhost"])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let detail = try await client.browse(.get, location, as: session)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Real Corp"))
            #expect(detail.text.contains("+63 917 000 1111"))
            // Logout is a POST with the token too; afterwards the session is dead on the server.
            let logout = try await client.browse(.post, "/logout", as: session, form: [])
            #expect(logout.status == .seeOther)
            #expect(try await client.browse(.get, "/accounts", as: session).status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.available)
    func formsShowErrorsBesideFieldsAndKeepWhatWasTyped(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let response = try await client.browse(
                .post, "/accounts", as: session,
                form: [("name", "Tala <Bakery>"), ("tin", "12-34"), ("email", "bad@"), ("notes", "keep me")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Tala &lt;Bakery&gt;"))
            #expect(!response.text.contains("<Bakery>"))
            #expect(response.text.contains("keep me"))
            #expect(response.text.contains("value=\"12-34\""))
            #expect(response.text.contains("field-error"))
            let accounts = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: .init(query: "bakery"), page: .init())
            #expect(accounts.items.isEmpty)
            // Editing with an old version shows the conflict instead of overwriting.
            let id = world.manager1Accounts[1].id
            _ = try await world.services.accounts.update(id, viewer: world.head.viewer, expectedVersion: 1) {
                $0.notes = "changed meanwhile"
            }
            let stale = try await client.browse(
                .post, "/accounts/\(id)", as: session, form: [("name", "Bituin Hardware"), ("version", "1")])
            #expect(stale.status == .preconditionFailed)
            let account = try await world.services.accounts.account(id, viewer: world.head.viewer)
            #expect(account.fields.notes == "changed meanwhile")
        }
    }

    @Test(arguments: TestEngine.available)
    func pagesSpeakTheUsersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let strings = try Translations.bundled()
            try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/accounts", as: session)
            #expect(page.text.contains("lang=\"fil\""))
            #expect(page.text.contains(strings.text("logout", .filipino)))
            #expect(strings.text("logout", .filipino) != strings.text("logout", .english))
            let loginPage = try await client.execute(uri: "/login?lang=fil", method: .get)
            #expect(loginPage.text.contains(strings.text("login_button", .filipino)))
            #expect(loginPage.headers[values: .setCookie].contains { $0.hasPrefix("benta_lang=fil") })
            let missing = try await client.browse(.get, "/accounts/\(UUID())", as: session)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains(strings.text("error_status_404", .filipino)))
        }
    }

    @Test(arguments: TestEngine.available)
    func settingsAndProfilePagesWork(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/settings/company", as: manager).status == .forbidden)
            let admin = try await client.login("admin@test.ph")
            let settings = try await client.browse(.get, "/settings/company", as: admin)
            #expect(settings.status == .ok)
            #expect(settings.text.contains("Bituin Office Solutions Inc."))
            let saved = try await client.browse(
                .post, "/settings/company", as: admin,
                form: [
                    ("name", "Bituin"), ("registered_name", "Bituin Office Solutions Inc."),
                    ("registered_address", "Makati"), ("tin", "009-123-456-00001"), ("is_vat_registered", "on"),
                    ("country", "PH"), ("base_currency", "PHP"), ("time_zone", "Asia/Manila"),
                    ("default_language", "fil"), ("version", "1"),
                ])
            #expect(saved.status == .seeOther)
            let company = try await world.services.companies.company(world.company.id)
            #expect(company.settings.tin?.branchCode == "00001")
            #expect(company.settings.defaultLanguage == .filipino)

            let created = try await client.browse(.post, "/profile/tokens", as: manager, form: [("name", "PBX")])
            #expect(created.status == .created)
            let html = created.text
            let start = try #require(html.range(of: "benta_"))
            let secret = String(html[start.lowerBound...].prefix { $0 != "<" && $0 != "\"" && !$0.isWhitespace })
            #expect(try await client.api(.get, "/api/v1/me", token: secret).status == .ok)
            let tokens = try await world.services.auth.apiTokens(of: world.manager1.id)
            let revoke = try await client.browse(.post, "/profile/tokens/\(tokens[0].id)/revoke", as: manager, form: [])
            #expect(revoke.status == .seeOther)
            #expect(try await client.api(.get, "/api/v1/me", token: secret).status == .unauthorized)
            let profile = try await client.browse(.get, "/profile", as: manager)
            #expect(!profile.text.contains(secret))
        }
    }

    @Test(arguments: TestEngine.available)
    func platformRoutesAndSecurityHeaders(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.text.contains("ready"))
            let css = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .seeOther && home.headers[.location] == "/login")
            let login = try await client.execute(
                uri: "/login", method: .get, headers: [.init("X-Request-ID")!: "trace-123"])
            #expect(login.headers[.init("X-Request-ID")!] == "trace-123")
            #expect(login.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(login.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(login.headers[.init("Referrer-Policy")!] == "same-origin")
            // An open redirect through ?next= is not possible.
            let session = try await client.login("manager1@test.ph")
            _ = session
            let page = try await client.execute(uri: "/login?next=//evil.example", method: .get)
            #expect(!page.text.contains("evil.example"))
        }
    }
}
