import Foundation

/// A text Benta writes itself (the tasks of the dunning run and the renewal sweep, the timeline entries of a completed
/// system-made task and of an emailed quote or contract, a credit hold placed by the dunning ladder), kept as a
/// message key and its arguments so each reader sees it in their own language: the pages look up `<key>_title` and
/// `<key>_notes` (a hold: `<key>_reason`) in the UI strings (`Locales/en.json`, `fil.json`) and fill `{name}` with
/// `arguments["name"]`.
///
/// The record keeps its English text as well, for readers without a language (the API, the calendar feed, search)
/// and as the fallback; rows written before keys existed have only that and read as they are.
public struct SystemText: Sendable, Hashable, Codable {
    public var key: String
    public var arguments: [String: String]

    public init(_ key: String, _ arguments: [String: String] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// `<key><suffix>` from `strings` filled with the arguments; nil when `strings` lack it.
    public func read(_ suffix: String, in strings: [String: String]) -> String? {
        strings[key + suffix].map(fill)
    }

    /// `template` with each `{name}` replaced by its argument; a name without an argument stays as written.
    public func fill(_ template: String) -> String {
        arguments.reduce(template) { text, argument in
            text.replacingOccurrences(of: "{\(argument.key)}", with: argument.value)
        }
    }
}
