import Foundation

/// The `{{name}}` placeholders of contract templates: which exist, which a text uses, and filling them in.
///
/// Deliberately tiny (no sections, no escaping): a placeholder is `{{` letters, digits or `_` `}}`, with optional
/// spaces inside the braces. An admin's template may only use the known names; filling leaves unknown ones as
/// typed, so a stored text never loses content.
public enum ContractTemplateText {
    /// Every placeholder a contract can fill.
    public static let placeholders: [String] = [
        "contract_number", "title", "seller_name", "seller_address", "seller_tin", "buyer_name", "buyer_address",
        "buyer_tin", "signatory_name", "start_date", "end_date", "value", "currency", "payment_terms",
        "billing_schedule",
    ]

    /// The placeholder names `text` uses, in order of first use.
    public static func names(in text: String) -> [String] {
        var seen: [String] = []
        for token in tokens(in: text) where !seen.contains(token.name) { seen.append(token.name) }
        return seen
    }

    /// Refuses a template that uses a name outside ``placeholders`` (one error listing them).
    public static func validate(_ text: String, field: String = "body") throws(ValidationErrors) {
        let unknown = names(in: text).filter { !placeholders.contains($0) }
        guard !unknown.isEmpty else { return }
        var errors = ValidationErrors()
        errors.add(
            field: field, code: "unknown_placeholder",
            message: "Unknown placeholder \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")). Use one of: "
                + placeholders.map { "{{\($0)}}" }.joined(separator: " "))
        throw errors
    }

    /// `text` with each known placeholder replaced by its value; names without a value stay as typed.
    public static func fill(_ text: String, values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        for token in tokens(in: text) {
            result += text[rest.startIndex..<token.range.lowerBound]
            result += values[token.name] ?? String(text[token.range])
            rest = text[token.range.upperBound...]
        }
        return result + rest
    }

    private struct Token {
        let name: String
        let range: Range<String.Index>
    }

    private static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else { break }
            let inside = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let isName =
                !inside.isEmpty && inside.count <= 60
                && inside.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if isName {
                tokens.append(Token(name: inside, range: open.lowerBound..<close.upperBound))
                searchStart = close.upperBound
            } else {
                searchStart = open.upperBound
            }
        }
        return tokens
    }
}
