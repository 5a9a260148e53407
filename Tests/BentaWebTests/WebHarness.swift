import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

@testable import BentaWeb

/// Runs `body` against the real router of a fresh ``TestWorld``, in process (no socket).
func withWebApp<R: Sendable>(
    _ engine: TestEngine, _ body: @escaping @Sendable (TestWorld, any TestClientProtocol) async throws -> R
) async throws -> R {
    try await TestDatabases.withFresh(engine) { database in
        let world = try await TestWorld.make(database: database)
        let app = try await buildApplication(
            config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
        return try await app.test(.router) { client in try await body(world, client) }
    }
}

extension TestWorld {
    /// A fresh API token for the user.
    func token(_ user: User) async throws -> String {
        try await services.auth.createAPIToken(for: user, name: "test").secret
    }

    /// A fresh inbound token (the mail server's and the PBX's), the admin's.
    func inboundToken() async throws -> String {
        try await services.auth.createAPIToken(for: admin, name: "mail and PBX", purpose: .inbound).secret
    }
}

/// A logged-in browser: its session cookie and the CSRF token its pages carry.
struct BrowserSession: Sendable {
    var cookie: String
    var csrf: String
}

extension TestClientProtocol {
    /// A JSON API call with a bearer token.
    func api(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Logs in through the real login form and returns the session cookie and a CSRF token from a page.
    func login(_ email: String, password: String = TestWorld.password) async throws -> BrowserSession {
        let page = try await execute(uri: "/login", method: .get)
        let loginCookie = try cookie(named: "benta_login", in: page)
        let form = "email=\(email.formEncoded)&password=\(password.formEncoded)&_csrf=\(loginCookie)"
        let response = try await execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "benta_login=\(loginCookie)"],
            body: ByteBuffer(string: form))
        guard response.status == .seeOther || response.status == .found else {
            throw TestSetupError("login failed with \(response.status)")
        }
        let session = try cookie(named: "benta_session", in: response)
        let accounts = try await execute(uri: "/accounts", method: .get, headers: [.cookie: "benta_session=\(session)"])
        return BrowserSession(cookie: session, csrf: try csrfToken(in: accounts.text))
    }

    /// A browser request with the session cookie; for POST, a form body with the CSRF token added.
    func browse(
        _ method: HTTPRequest.Method, _ uri: String, as session: BrowserSession, form: [(String, String)]? = nil,
        includeCSRF: Bool = true, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        headers[.cookie] = "benta_session=\(session.cookie)"
        var body: ByteBuffer?
        if var form {
            if includeCSRF { form.append(("_csrf", session.csrf)) }
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.0.formEncoded)=\($0.1.formEncoded)" }.joined(separator: "&"))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    func cookie(named name: String, in response: TestResponse) throws -> String {
        for field in response.headers[values: .setCookie] where field.hasPrefix("\(name)=") {
            let value = field.dropFirst(name.count + 1).prefix { $0 != ";" }
            return String(value)
        }
        throw TestSetupError("no \(name) cookie in \(response.headers[values: .setCookie])")
    }
}

func csrfToken(in html: String) throws -> String {
    guard let range = html.range(of: "name=\"_csrf\" value=\"") else { throw TestSetupError("no CSRF token on page") }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestSetupError("not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}

extension String {
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
