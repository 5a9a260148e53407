import Foundation

/// A user-interface language supported by Benta.
public enum LanguageCode: String, Sendable, Codable, CaseIterable {
    /// English.
    case english = "en"
    /// Filipino (Tagalog-based national language).
    case filipino = "fil"

    /// The language's name in itself, for a language picker.
    public var displayName: String {
        switch self {
        case .english: "English"
        case .filipino: "Filipino"
        }
    }
}
