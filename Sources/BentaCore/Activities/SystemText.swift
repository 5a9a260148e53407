import Foundation

/// A text Benta writes itself (the tasks of the dunning run and the renewal sweep), kept as a message key and its
/// arguments so each reader sees it in their own language: the pages look up `<key>_title` and `<key>_notes` in
/// the UI strings (`Locales/en.json`, `fil.json`) and fill `{name}` with `arguments["name"]`.
///
/// The record keeps its English title and notes as well, for readers without a language (the API, the calendar
/// feed, search) and as the fallback; rows written before keys existed have only those and read as they are.
public struct SystemText: Sendable, Hashable, Codable {
    public var key: String
    public var arguments: [String: String]

    public init(_ key: String, _ arguments: [String: String] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// `template` with each `{name}` replaced by its argument; a name without an argument stays as written.
    public func fill(_ template: String) -> String {
        arguments.reduce(template) { text, argument in
            text.replacingOccurrences(of: "{\(argument.key)}", with: argument.value)
        }
    }
}
