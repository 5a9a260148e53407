import Foundation

/// Tidies one CSV cell for one field; shape only, no validation (the services apply BentaCore's rules).
enum ImportValueCleaner {
    /// Trims, collapses inner whitespace (line breaks kept in notes), undoes spreadsheet text escapes, and joins
    /// multi-value cells as `a; b`. Digits are never reinterpreted, so leading zeros stay.
    static func clean(_ raw: String, for field: ImportField) -> String {
        var value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        value = removeSpreadsheetEscapes(value, isIdentifier: field.isIdentifier)
        if field == .notes { return cleanNotes(value) }
        if field.isMultiValue { return joinValues(value, for: field) }
        return collapseWhitespace(value)
    }

    /// `'=1+1` (an apostrophe our CSVWriter and others put before formula characters) becomes `=1+1`;
    /// `="00123"` (Excel's way to keep leading zeros) becomes `00123` in identifier fields.
    static func removeSpreadsheetEscapes(_ value: String, isIdentifier: Bool) -> String {
        var value = value
        if value.hasPrefix("'"), let second = value.dropFirst().first, "=+-@\t\r".contains(second) {
            value.removeFirst()
        }
        if isIdentifier && value.count >= 3 && value.hasPrefix("=\"") && value.hasSuffix("\"") {
            value = String(value.dropFirst(2).dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return value
    }

    /// Runs of whitespace, line breaks and no-break spaces become one space.
    static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Line breaks become `\n`, spaces within lines collapse, and at most one empty line separates paragraphs.
    static func cleanNotes(_ value: String) -> String {
        var lines: [String] = []
        for line in value.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let cleaned = collapseWhitespace(String(line))
            if cleaned.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(cleaned)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Splits on `;`, `|`, `,` and line breaks (emails and websites also on spaces), drops empty and repeated
    /// values, and joins with "; ".
    static func joinValues(_ value: String, for field: ImportField) -> String {
        let splitsOnSpace = field == .email || field == .email2 || field == .website
        let parts = value.split { character in
            character == ";" || character == "|" || character == "," || character.isNewline
                || (splitsOnSpace && character.isWhitespace)
        }
        var seen = Set<String>()
        var values: [String] = []
        for part in parts {
            let cleaned = collapseWhitespace(String(part))
            guard !cleaned.isEmpty, seen.insert(cleaned.lowercased()).inserted else { continue }
            values.append(cleaned)
        }
        return values.joined(separator: "; ")
    }
}
