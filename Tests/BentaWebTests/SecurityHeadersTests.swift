import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BentaWeb

/// Issue 15's security headers as a test over every page: each GET page route the router registers, opened by a
/// signed-in admin, plus the login page, the static files, the API, the OpenAPI document and an error page.
@Suite(.timeLimit(.minutes(20))) struct SecurityHeadersTests {
    /// Every answer carries a strict CSP (no inline scripts, no framing), `nosniff`, a referrer policy and frame
    /// protection; every answer to a signed-in user is `no-store` (static files excepted: they hold no user data).
    @Test(arguments: TestEngine.available)
    func everyPageCarriesTheSecurityHeaders(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let router = try await buildRouter(config: AppConfig(), services: world.services)
            let pages = Set(
                router.routes.filter { $0.method == .get }.map { SessionPromisesTests.catalogueForm("\($0.path)") }
                    .filter { !$0.hasPrefix("/api/") && !$0.hasPrefix("/static/") && $0 != "/favicon.ico" }
            ).sorted()
            #expect(pages.count > 80)
            let admin = try await client.login("admin@test.ph")
            let account = world.manager1Accounts[0].id.description
            var findings: [String] = []
            var checked = 0
            for page in pages {
                let path = Self.fill(page, id: page.hasPrefix("/accounts/") ? account : UUID().uuidString.lowercased())
                let response = try await client.browse(.get, path, as: admin)
                findings += Self.missing(in: response, at: "GET \(path) (\(response.status.code))", authenticated: true)
                checked += 1
            }
            // The login page (anonymous), an error page, the static files, the API and its document.
            let stylesheet = try #require(Paths.pageLinks["stylesheet"])
            let anonymous: [(String, HTTPFields, Bool)] = [
                ("/login", [:], false), ("/no-such-page", [:], false), (stylesheet, [:], false),
                ("/favicon.ico", [:], false), ("/openapi.json", [:], false), ("/health", [:], false),
            ]
            for (path, headers, authenticated) in anonymous {
                let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
                findings += Self.missing(
                    in: response, at: "GET \(path) (\(response.status.code))", authenticated: authenticated)
            }
            let token = try await world.token(world.admin)
            for path in ["/api/v1/me", "/api/v1/accounts", "/api/v1/accounts/\(UUID())", "/api/v1/no-such-thing"] {
                let response = try await client.api(.get, path, token: token)
                findings += Self.missing(in: response, at: "GET \(path) (\(response.status.code))", authenticated: true)
            }
            let unauthorized = try await client.api(.get, "/api/v1/accounts", token: nil)
            findings += Self.missing(in: unauthorized, at: "GET /api/v1/accounts anonymous", authenticated: false)
            let notFound = try await client.browse(.get, "/accounts/\(UUID())", as: admin)
            #expect(notFound.status == .notFound)
            #expect(checked == pages.count)
            #expect(findings == [], "answers missing a security header:\n\(findings.joined(separator: "\n"))")
        }
    }

    /// HSTS comes with the HTTPS setting (`BENTA_SECURE_COOKIES`), on pages and the API alike, and never over plain
    /// HTTP, where a browser would ignore it anyway and a local installation would be locked out of plain HTTP.
    @Test(arguments: TestEngine.available)
    func strictTransportSecurityComesWithTheHTTPSSetting(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            for secure in [false, true] {
                let app = try await buildApplication(
                    config: AppConfig(secureCookies: secure, logLevel: .critical), services: world.services,
                    runsDatabaseServices: false)
                try await app.test(.router) { client in
                    for path in ["/login", "/api/v1/me", "/no-such-page"] {
                        let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                        let hsts = response.headers[Self.hsts]
                        if secure {
                            #expect(hsts?.contains("max-age=31536000") == true, "\(path)")
                        } else {
                            #expect(hsts == nil, "\(path)")
                        }
                    }
                }
            }
        }
    }

    static let hsts = HTTPField.Name("Strict-Transport-Security")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// A route pattern with its parameters filled: ids, a month, a file.
    static func fill(_ pattern: String, id: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            switch segment {
            case ":month": "2026-01"
            case ":index": "0"
            case ":file": "feed.ics"
            case let parameter where parameter.hasPrefix(":"): id
            default: String(segment)
            }
        }.joined(separator: "/")
    }

    /// What an answer lacks of the security headers.
    static func missing(in response: TestResponse, at label: String, authenticated: Bool) -> [String] {
        var missing: [String] = []
        let csp = response.headers[.contentSecurityPolicy] ?? ""
        let directives = Dictionary(
            csp.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
                (String($0.prefix { $0 != " " }), String($0.drop { $0 != " " }).trimmingCharacters(in: .whitespaces))
            }, uniquingKeysWith: { first, _ in first })
        let scripts = directives["script-src"] ?? directives["default-src"] ?? ""
        if directives["default-src"] != "'self'" { missing.append("CSP default-src 'self' (\(csp))") }
        if scripts.isEmpty || scripts.contains("unsafe-inline") || scripts.contains("unsafe-eval")
            || scripts.contains("*") || scripts.contains("data:")
        {
            missing.append("CSP scripts from 'self' only (\(csp))")
        }
        if directives["object-src"] != "'none'" { missing.append("CSP object-src 'none'") }
        let framing = directives["frame-ancestors"] == "'none'" || directives["frame-ancestors"] == "'self'"
        let frameOptions = ["DENY", "SAMEORIGIN"].contains(response.headers[Self.frameOptions]?.uppercased() ?? "")
        if !framing || !frameOptions { missing.append("frame protection") }
        if response.headers[Self.contentTypeOptions]?.lowercased() != "nosniff" { missing.append("nosniff") }
        let referrer = response.headers[Self.referrerPolicy] ?? ""
        if !["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"].contains(referrer) {
            missing.append("Referrer-Policy (\(referrer))")
        }
        if authenticated, !(response.headers[.cacheControl] ?? "").contains("no-store") {
            missing.append("Cache-Control: no-store (\(response.headers[.cacheControl] ?? "none"))")
        }
        return missing.isEmpty ? [] : ["\(label): \(missing.joined(separator: ", "))"]
    }
}
