import Foundation

/// A parsed `application/x-www-form-urlencoded` body: every value of every field, in order.
public struct FormData: Sendable {
    private var fields: [String: [String]] = [:]

    public init(fields: [String: [String]] = [:]) {
        self.fields = fields
    }

    /// Parses urlencoded text (`+` is a space; bad percent escapes are kept as typed).
    public init(urlencoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    private static func decode(_ text: Substring) -> String {
        // Most names and values have nothing to decode: no Foundation call for them (every request's query).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(text)
        }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of a field, or "" when absent.
    public subscript(_ name: String) -> String { fields[name]?.first ?? "" }

    /// Every value of a field (for repeated inputs such as several phone numbers).
    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    public func has(_ name: String) -> Bool { fields[name] != nil }

    /// Lines of a textarea, or repeated fields, as one list.
    public func list(_ name: String) -> [String] {
        all(name).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
    }
}
