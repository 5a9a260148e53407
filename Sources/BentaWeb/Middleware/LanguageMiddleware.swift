import BentaCore
import Foundation
import HTTPTypes
import Hummingbird

/// `?lang=en|fil` on any page: that answer comes in the language asked for.
///
/// Without a session the choice is also kept in the `benta_lang` cookie, as the login page always did. For a
/// signed-in user the language of their profile stays theirs: the page shows in the language asked for and offers,
/// in a small form (a POST with the CSRF token), to save it as the user's language. A GET never changes the
/// profile, so a link from another site cannot either.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let cookies: SessionCookies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/api/"),
            let requested = Self.requested(request)
        else { return try await next(request, context) }
        guard var identity = context.identity else {
            var response = try await next(request, context)
            response.setCookie(cookies.language(requested.rawValue))
            return response
        }
        guard identity.user.language != requested else { return try await next(request, context) }
        var context = context
        identity.languageOffer = LanguageOffer(language: requested, returnTo: Self.withoutLanguage(request))
        identity.user.language = requested
        context.identity = identity
        return try await next(request, context)
    }

    /// The language a request's `lang` parameter asks for, if it names one Benta has.
    static func requested(_ request: Request) -> LanguageCode? {
        request.uri.queryParameters["lang"].flatMap { LanguageCode(rawValue: String($0)) }
    }

    /// The page's own address without its `lang` parameter: where saving the language returns to.
    static func withoutLanguage(_ request: Request) -> String {
        let kept = (request.uri.query ?? "").split(separator: "&").filter {
            $0 != "lang" && !$0.hasPrefix("lang=")
        }
        return request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}

/// A language asked for by `?lang=` that differs from the user's own: the page offers to save it.
public struct LanguageOffer: Sendable, Hashable {
    public var language: LanguageCode
    /// The page to come back to once it is saved (a local path, checked again when the form is posted).
    public var returnTo: String
}
