import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is calling: a bearer token under `/api/`, the session cookie elsewhere. It never refuses a request
/// itself; routes that need a user use ``AuthenticatedContext``, which does.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let auth: AuthService
    let cookies: SessionCookies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            // The API takes bearer tokens only: a browser cookie can never drive it, so it needs no CSRF token.
            if let header = request.headers[.authorization], let secret = Self.bearerSecret(header) {
                if let (user, purpose, duties) = try await auth.bearer(apiToken: secret) {
                    // A token reaches only the routes of its purpose: inbound mail and calls take an inbound token
                    // (an admin's, company-wide), and an inbound token reaches nothing else.
                    guard purpose.allows(path: request.uri.path) else {
                        throw RecordError.forbidden(
                            detail: purpose == .inbound
                                ? "An inbound token only posts inbound email and calls."
                                : "Inbound email and calls take an inbound token, which an admin creates "
                                    + "(benta token create --purpose inbound).")
                    }
                    context.identity = Identity(
                        user: user, csrfToken: nil, sessionToken: nil, tokenPurpose: purpose, duties: duties)
                }
            }
        } else if let token = request.cookies[cookies.sessionName]?.value,
            let session = try await auth.session(token: token)
        {
            context.identity = Identity(
                user: session.user, csrfToken: session.csrfToken, sessionToken: token, duties: session.duties)
        }
        return try await next(request, context)
    }

    /// The secret of an `Authorization: Bearer …` header (the scheme in any case, white space around the secret left
    /// out); nil for another scheme. Plain bytes for the usual header: Foundation's lowercasing and trimming were 3 %
    /// of a short API request's CPU (issue 11).
    static func bearerSecret(_ header: String) -> String? {
        let scheme = "bearer ".utf8
        let bytes = header.utf8
        guard bytes.count >= scheme.count,
            zip(bytes, scheme).allSatisfy({ byte, expected in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
            })
        else { return nil }
        return WhitespaceTrimming.trimmed(String(Substring(bytes.dropFirst(scheme.count))), newlines: false)
    }
}

/// Names and attributes of Benta's cookies.
struct SessionCookies: Sendable {
    let secure: Bool

    /// `__Host-` binds the cookie to this host over HTTPS (ASVS 3.3.3); plain HTTP cannot use the prefix.
    var sessionName: String { secure ? "__Host-benta_session" : "benta_session" }
    var loginCSRFName: String { secure ? "__Host-benta_login" : "benta_login" }

    func session(_ value: String, expires: Date) -> Cookie {
        Cookie(
            name: sessionName, value: value, expires: expires, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    func clearedSession() -> Cookie {
        Cookie(name: sessionName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func loginCSRF(_ value: String) -> Cookie {
        Cookie(
            name: loginCSRFName, value: value, maxAge: 3600, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func language(_ code: String) -> Cookie {
        Cookie(
            name: "benta_lang", value: code, maxAge: 365 * 24 * 3600, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }
}

/// Reads the form of every state-changing browser request and checks its anti-forgery token against the session
/// (ASVS 3.5.1), plus the `Origin` header when the browser sends one. The API and the login form are exempt:
/// the API takes no cookies, and the login form carries its own double-submit token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    static let formLimit = 256 * 1024
    static let uploadLimit = 60 * 1024 * 1024

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let isStateChanging = [.post, .put, .patch, .delete].contains(request.method)
        guard isStateChanging, !path.hasPrefix("/api/") else { return try await next(request, context) }
        // Public web-to-lead forms are posted from the company's own website: no session, no same origin.
        let isPublicForm = path.hasPrefix("/forms/")
        if let origin = request.headers[.origin], !isPublicForm {
            // A browser tells where a form came from; another site's form is refused before anything runs.
            let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] ?? ""
            let components = URLComponents(string: origin)
            let originHost = (components?.host ?? "") + (components?.port.map { ":\($0)" } ?? "")
            if origin == "null" || originHost.lowercased() != host.lowercased() { throw AuthError.invalidCSRFToken }
        }
        var context = context
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            let bytes = try await JSONBody.bytes(request, limit: Self.formLimit)
            context.form = FormData(urlencoded: String(decoding: bytes, as: UTF8.self))
        } else if let boundary = MultipartFormData.boundary(fromContentType: request.headers[.contentType] ?? "") {
            // File uploads (imports): the text fields become the form, the files stay available to the handler.
            let bytes = try await JSONBody.bytes(request, limit: Self.uploadLimit)
            let parts: MultipartFormData
            do { parts = try MultipartFormData(bytes: [UInt8](bytes), boundary: boundary) } catch {
                throw RequestError.malformedUpload(error.message)
            }
            var fields: [String: [String]] = [:]
            for part in parts.parts where part.filename == nil { fields[part.name, default: []].append(part.text) }
            context.form = FormData(fields: fields)
            context.multipart = parts
        } else {
            context.form = FormData()
        }
        if path == Paths.login() || isPublicForm { return try await next(request, context) }
        guard let identity = context.identity else { throw AuthError.unauthenticated }
        guard let expected = identity.csrfToken, Self.constantTimeEquals(context.form?["_csrf"] ?? "", expected) else {
            throw AuthError.invalidCSRFToken
        }
        return try await next(request, context)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
