import BentaCore
import Foundation

/// The UI strings of every language, loaded from `Resources/Locales/<code>.json` (flat key → text).
public struct Translations: Sendable {
    private let tables: [LanguageCode: [String: String]]

    public init(tables: [LanguageCode: [String: String]]) {
        self.tables = tables
    }

    /// Loads every language shipped with Benta; a missing or broken file is a packaging error.
    public static func bundled() throws -> Translations {
        var tables: [LanguageCode: [String: String]] = [:]
        for language in LanguageCode.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/Locales")
            else { throw ConfigError(description: "Missing translation file for \(language.rawValue).") }
            tables[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return Translations(tables: tables)
    }

    /// Every string of a language; keys missing there fall back to English.
    public func table(_ language: LanguageCode) -> [String: String] {
        let english = tables[.english] ?? [:]
        guard language != .english, let own = tables[language] else { return english }
        return english.merging(own) { _, translated in translated }
    }

    /// One string, or the key itself when no language has it (visible in tests, never a crash).
    public func text(_ key: String, _ language: LanguageCode) -> String {
        tables[language]?[key] ?? tables[.english]?[key] ?? key
    }

    /// The keys a language defines.
    public func keys(_ language: LanguageCode) -> Set<String> { Set(tables[language]?.keys ?? [:].keys) }
}
