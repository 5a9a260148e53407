import BentaCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders HTML pages from the Mustache templates in `Resources/Templates`, with the strings of the user's language.
///
/// Every page extends `layout.mustache`; each page's view model is a ``PageModel`` built by its `make(…)`.
/// Every `{{value}}` is escaped (``PageEscaping``), so user data cannot inject markup.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    public let translations: Translations
    let secureCookies: Bool

    public static func bundled(secureCookies: Bool) async throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources")
        else {
            throw ConfigError(description: "The HTML templates are missing from the build.")
        }
        let library = try PageEscaping.library(directory: url.path)
        return PageRenderer(library: library, translations: try .bundled(), secureCookies: secureCookies)
    }

    /// The page `template` with its typed `model` and the chrome (strings, user, CSRF token, language, menu). In debug
    /// builds the template is checked against the model first (``TemplateCheck``): a name the model does not have
    /// fails the page with 500 and names the template and the key.
    func render(
        _ template: String, title: String, model: some PageModel, section: PageChrome.Section?, identity: Identity?,
        language: LanguageCode, refresh: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let strings = translations.table(language)
        var chrome = PageChrome(
            t: strings, lang: language.rawValue, title: title, paths: Paths.pageLinks,
            other_languages: LanguageCode.allCases.filter { $0 != language }.map {
                PageChrome.Language(
                    code: $0.rawValue, name: $0.displayName, url: Paths.login() + "?lang=\($0.rawValue)")
            },
            current_user: identity.map {
                PageChrome.CurrentUser(
                    name: $0.user.name, email: $0.user.email.value,
                    role: strings["role_\($0.user.role.rawValue)"] ?? $0.user.role.rawValue,
                    is_admin: $0.user.role.isAdministrator,
                    is_finance: $0.user.role != .manager || $0.has(.recordPayments),
                    is_director: $0.user.role == .head || $0.user.role == .admin,
                    makes_calls: $0.user.role != .manager || $0.has(.makeCollectionCalls))
            },
            csrf: identity.map { $0.csrfToken ?? "" }, duties: identity.map(PageChrome.Duties.init) ?? .init(),
            refresh: refresh,
            language_offer: identity?.languageOffer.map {
                PageChrome.LanguageOffer(code: $0.language.rawValue, return_to: $0.returnTo)
            })
        chrome.mark(section)
        #if DEBUG
            let findings = TemplateCheck(source: templateSource).check(template, frames: [chrome, model])
            if !findings.isEmpty {
                return Self.failure(
                    "The page's template does not match its model:\n"
                        + findings.map(\.description).joined(separator: "\n"))
            }
        #endif
        guard let html = library.render(TypedPageContext(chrome: chrome, model: model), withTemplate: template) else {
            return Self.failure("Template \(template) is missing.")
        }
        return Self.html(html, status: status)
    }

    private static func html(_ html: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that cannot be rendered is a defect: 500, with the reason as plain text.
    private static func failure(_ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .internalServerError, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    /// The text of a template or partial in the bundle, for the template check.
    private func templateSource(_ name: String) -> String? {
        guard let folder = BentaWebResources.templatesPath else { return nil }
        return try? String(contentsOfFile: folder + "/" + name + ".mustache", encoding: .utf8)
    }

    /// The language for a request: the user's own (or the one `?lang=` asked for, ``LanguageMiddleware``), else
    /// `?lang=`, else a `lang` cookie, else the browser's preference.
    func language(for request: Request, identity: Identity?) -> LanguageCode {
        if let identity { return identity.user.language }
        if let requested = LanguageMiddleware.requested(request) { return requested }
        if let cookie = request.cookies["benta_lang"]?.value, let language = LanguageCode(rawValue: cookie) {
            return language
        }
        let accept = request.headers[.acceptLanguage]?.lowercased() ?? ""
        if accept.hasPrefix("fil") || accept.hasPrefix("tl") { return .filipino }
        return .english
    }

    /// Field errors as a dictionary the templates can look up (`errors.name`), translated by code where possible.
    func fieldErrors(_ errors: ValidationErrors, language: LanguageCode) -> [String: String] {
        var result: [String: String] = [:]
        for error in errors.errors {
            let field = error.field.split(separator: "[").first.map(String.init) ?? error.field
            let translated = translations.table(language)["error_\(error.code)"] ?? error.message
            result[field] = result[field].map { "\($0) \(translated)" } ?? translated
        }
        return result
    }
}

/// Where the bundled resources are, for tests that read them directly.
enum BentaWebResources {
    static var templatesPath: String? {
        Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources")?.path
    }
}
