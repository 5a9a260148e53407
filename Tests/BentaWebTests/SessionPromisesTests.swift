import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BentaWeb

/// Issue 15's session promises that had no test yet. The others have one each: login throttling a stranger cannot
/// use to lock the owner out (`AuthServiceTests.aStrangersFailuresNeverKeepTheOwnerOut`,
/// `PagesTests.loginFailuresAreExplainedAndThenSlowedDown`), session rotation on login
/// (`AuthServiceTests.loginRotatesTheSessionItReplaces`, `PagesTests.loginSetsAHardenedSessionCookieAndRotatesIt`),
/// logout ending the session (`AuthServiceTests.loginOpensASessionThatLogoutEnds`, the end of
/// `PagesTests.stateChangingFormsNeedTheSessionsCSRFTokenAndOrigin`).
@Suite(.timeLimit(.minutes(20))) struct SessionPromisesTests {
    /// Every state-changing page route the router registers, posted by a signed-in admin without the form's CSRF
    /// token and with a wrong one: 403 each, and nothing in the database changed. Only the login form (its own
    /// double-submit token, `PagesTests`) and the public web-to-lead form (no session to ride) are exempt.
    @Test(arguments: TestEngine.available)
    func everyStateChangingFormRefusesARequestWithoutItsCSRFToken(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let router = try await buildRouter(config: AppConfig(), services: world.services)
            let exempt: Set<String> = ["/login", "/forms/lead/:key"]
            let forms = Set(
                router.routes.filter { $0.method != .get && $0.method != .head }.map {
                    ($0.method, Self.catalogueForm("\($0.path)"))
                }.filter { !$0.1.hasPrefix("/api/") && !exempt.contains($0.1) }.map { "\($0.0.rawValue) \($0.1)" }
            ).sorted()
            #expect(forms.count > 80)
            let admin = try await client.login("admin@test.ph")
            let id = UUID().uuidString.lowercased()
            let before = try await DatabaseFingerprint.read(world.services.database)
            var answers: [String] = []
            for form in forms {
                let space = form.firstIndex(of: " ")!
                let method = HTTPRequest.Method(String(form[..<space]))!
                let path = form[form.index(after: space)...].split(separator: "/").map {
                    $0.hasPrefix(":") ? ($0 == ":index" ? "0" : id) : String($0)
                }.joined(separator: "/")
                for token in [nil, "forged"] as [String?] {
                    var fields = [("name", "Forged"), ("version", "1")]
                    if let token { fields.append(("_csrf", token)) }
                    let response = try await client.browse(
                        method, "/" + path, as: admin, form: fields, includeCSRF: false)
                    if response.status != .forbidden {
                        answers.append("\(form) (token \(token ?? "none")): \(response.status.code)")
                    }
                }
            }
            let refusedAll = answers.joined(separator: "\n")
            #expect(answers == [], "forms that took a request without their CSRF token:\n\(refusedAll)")
            let after = try await DatabaseFingerprint.read(world.services.database)
            #expect(after.changes(since: before) == [])
            // The same admin with the token gets through (the refusals above were the token's).
            let made = try await client.browse(.post, "/settings/teams", as: admin, form: [("name", "South")])
            #expect(made.status == .seeOther)
        }
    }

    /// Disabling a user ends their browser sessions and their API tokens at once, on the next request.
    @Test(arguments: TestEngine.available)
    func aDisabledUserLosesTheirSessionsAndTokensAtOnce(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let browser = try await client.login("manager2@test.ph")
            let secondBrowser = try await client.login("manager2@test.ph")
            let token = try await world.token(world.manager2)
            #expect(try await client.api(.get, "/api/v1/me", token: token).status == .ok)
            #expect(try await client.browse(.get, "/accounts", as: browser).status == .ok)
            let admin = try await client.login("admin@test.ph")
            // The form without `is_active` disables the user.
            let disabled = try await client.browse(
                .post, "/settings/users/\(world.manager2.id)", as: admin, form: [("role", "manager")])
            #expect(disabled.status == .seeOther)
            #expect(try await client.api(.get, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await client.api(.get, "/api/v1/accounts", token: token).status == .unauthorized)
            for session in [browser, secondBrowser] {
                let page = try await client.browse(.get, "/accounts", as: session)
                #expect(page.status == .seeOther)
                #expect(page.headers[.location]?.hasPrefix("/login") == true)
                let post = try await client.browse(.post, "/accounts", as: session, form: [("name", "After Disable")])
                #expect(post.status != .seeOther || post.headers[.location]?.hasPrefix("/login") == true)
            }
            let head = try await world.token(world.head)
            let search = try await client.api(.get, "/api/v1/accounts?q=After%20Disable", token: head)
            #expect(!search.text.contains("After Disable"))
            // Enabled again, the user signs in anew: the old sessions stay ended.
            let enabled = try await client.browse(
                .post, "/settings/users/\(world.manager2.id)", as: admin,
                form: [("role", "manager"), ("is_active", "on")])
            #expect(enabled.status == .seeOther)
            #expect(try await client.browse(.get, "/accounts", as: browser).status == .seeOther)
        }
    }

    /// The router prints a parameter as `{name}`; the catalogue writes `:name`.
    static func catalogueForm(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}
