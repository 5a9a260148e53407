import BentaCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders HTML pages from the Mustache templates in `Resources/Templates`, with the strings of the user's language.
///
/// Every page extends `layout.mustache`; the view models are plain dictionaries built by the page controllers.
/// Mustache escapes every `{{value}}`, so user data cannot inject markup.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    public let translations: Translations
    let secureCookies: Bool

    public static func bundled(secureCookies: Bool) async throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources")
        else {
            throw ConfigError(description: "The HTML templates are missing from the build.")
        }
        let library = try await MustacheLibrary(directory: url.path)
        return PageRenderer(library: library, translations: try .bundled(), secureCookies: secureCookies)
    }

    /// The page `template` with `values` plus what every page needs (strings, user, CSRF token, language).
    func render(
        _ template: String, title: String, values: [String: Any], identity: Identity?, language: LanguageCode,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        // A nil wrapped in Any would render as the text "nil": leave such keys out (at every depth), so sections
        // see "no value". (An empty string opens a section in Mustache, so optional parts pass nil, not "".)
        var context = values.compactMapValues(Self.withoutNils)
        let strings = translations.table(language)
        context["t"] = strings
        context["lang"] = language.rawValue
        context["title"] = title
        context["other_languages"] = LanguageCode.allCases.filter { $0 != language }.map {
            ["code": $0.rawValue, "name": $0.displayName]
        }
        if let identity {
            context["current_user"] = [
                "name": identity.user.name, "email": identity.user.email.value,
                "role": strings["role_\(identity.user.role.rawValue)"] ?? identity.user.role.rawValue,
                "is_admin": identity.user.role.isAdministrator,
            ]
            context["csrf"] = identity.csrfToken ?? ""
        }
        let html = library.render(context, withTemplate: template) ?? "Template \(template) is missing."
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The value with nil entries removed from nested dictionaries and arrays; nil for a nil itself.
    private static func withoutNils(_ value: Any) -> Any? {
        if isNil(value) { return nil }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(withoutNils) }
        if let array = value as? [Any] { return array.compactMap(withoutNils) }
        return value
    }

    private static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    /// The language for a request: the user's own, else a `lang` cookie, else the browser's preference.
    func language(for request: Request, identity: Identity?) -> LanguageCode {
        if let identity { return identity.user.language }
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
