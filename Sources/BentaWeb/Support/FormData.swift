import Foundation

/// A parsed `application/x-www-form-urlencoded` body: every value of every field, in order.
public struct FormData: Sendable {
    private var fields: [String: [String]] = [:]

    public init(fields: [String: [String]] = [:]) {
        self.fields = fields
    }

    /// Parses urlencoded text (`+` is a space; bad percent escapes are kept as typed).
    public init(urlencoded text: String) {
        var fields: [String: [String]] = [:]
        Self.forEachPair(in: text) { name, value in
            fields[Self.decode(name), default: []].append(Self.decode(value))
            return true
        }
        self.fields = fields
    }

    /// The first value of the field `name` in urlencoded `text` — `FormData(urlencoded: text).all(name).first` —
    /// without building every field (a request's query is read one parameter at a time; issue 11).
    public static func firstValue(of name: String, urlencoded text: String) -> String? {
        var found: String?
        forEachPair(in: text) { rawName, rawValue in
            guard decode(rawName) == name else { return true }
            found = decode(rawValue)
            return false
        }
        return found
    }

    /// Calls `body` with each `name=value` pair's undecoded name and value ("" when there is no `=`), in order,
    /// until it returns false.
    private static func forEachPair(in text: String, _ body: (Substring, Substring) -> Bool) {
        // ASCII text (a query as browsers send it) is cut at its bytes: there every character is one byte, so the
        // parts are the ones the character-wise split below gives, without its grapheme breaking.
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var start = utf8.startIndex
            while start < utf8.endIndex {
                let end = utf8[start...].firstIndex(of: UInt8(ascii: "&")) ?? utf8.endIndex
                if start < end {
                    let pair = text[start..<end]
                    let equals = pair.utf8.firstIndex(of: UInt8(ascii: "="))
                    let name = equals.map { pair[..<$0] } ?? pair
                    let value = equals.map { pair[pair.utf8.index(after: $0)...] } ?? ""
                    guard body(name, value) else { return }
                }
                guard end < utf8.endIndex else { return }
                start = utf8.index(after: end)
            }
            return
        }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard body(parts[0], parts.count > 1 ? parts[1] : "") else { return }
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
