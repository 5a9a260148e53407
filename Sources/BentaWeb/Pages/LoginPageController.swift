import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The login and logout pages.
struct LoginPageController {
    let services: Services
    let renderer: PageRenderer
    let cookies: SessionCookies

    func addRoutes(to router: Router<BentaRequestContext>) {
        router.get(Paths.home) { _, context in
            Response.redirect(to: context.identity == nil ? Paths.login() : Paths.myDay(), type: .normal)
        }
        router.get(Paths.login, use: show)
        router.post(Paths.login, use: submit)
    }

    func addAuthenticatedRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.logout, use: logout)
    }

    @Sendable func show(_ request: Request, context: BentaRequestContext) async throws -> Response {
        // `?lang=` is read by `renderer.language` and kept in the cookie by `LanguageMiddleware`.
        if context.identity != nil { return .redirect(to: Paths.myDay(), type: .normal) }
        return page(
            language: renderer.language(for: request, identity: nil), next: safeNext(request.query("next")), email: "",
            error: nil)
    }

    @Sendable func submit(_ request: Request, context: BentaRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        let language = renderer.language(for: request, identity: nil)
        let next = safeNext(form["next"])
        let email = String(form["email"].prefix(254))
        guard let expected = request.cookies[cookies.loginCSRFName]?.value,
            CSRFMiddleware.constantTimeEquals(form["_csrf"], expected)
        else {
            return page(
                language: language, next: next, email: email, error: "error_invalid_csrf_token", status: .forbidden)
        }
        do {
            let session = try await services.auth.login(
                email: email, password: form["password"], ip: context.remoteAddress,
                userAgent: request.headers[.userAgent] ?? "", replacing: request.cookies[cookies.sessionName]?.value)
            var response = Response.redirect(to: next ?? Paths.myDay(), type: .normal)
            response.setCookie(cookies.session(session.token, expires: session.expiresAt))
            return response
        } catch AuthError.tooManyAttempts(let seconds) {
            var response = page(
                language: language, next: next, email: email, error: "login_wait", seconds: max(1, seconds),
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch AuthError.invalidCredentials {
            return page(language: language, next: next, email: email, error: "login_failed", status: .unauthorized)
        }
    }

    @Sendable func logout(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        if let token = context.identity.sessionToken { try await services.auth.logout(token: token) }
        var response = Response.redirect(to: Paths.login(), type: .normal)
        response.setCookie(cookies.clearedSession())
        return response
    }

    private func page(
        language: LanguageCode, next: String?, email: String, error: String?, seconds: Int = 0,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let token = Secrets.loginFormToken()
        let strings = renderer.translations.table(language)
        var message: String?
        if let error {
            message = (strings[error] ?? error).replacingOccurrences(of: "{seconds}", with: String(seconds))
        }
        var response = renderer.render(
            "login", title: strings["login_title"] ?? "Log in",
            model: LoginPage(login_csrf: token, next: next, email: email, error: message), section: nil,
            identity: nil, language: language, status: status)
        response.setCookie(cookies.loginCSRF(token))
        return response
    }

    /// Only a local path may be a redirect target after login (no open redirect to another site).
    private func safeNext(_ next: String?) -> String? {
        SafeRedirect.local(next)
    }
}
