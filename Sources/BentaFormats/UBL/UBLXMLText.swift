import Foundation

/// XML 1.0 escaping for the UBL writer: text and attribute values that any conforming parser reads back unchanged.
enum UBLXMLText {
    /// Escapes character data: `&`, `<`, `>` and `"` become entities, CR becomes `&#13;` (a parser would turn a bare
    /// CR into LF), and characters XML 1.0 forbids or discourages (C0 controls other than tab and LF, DEL, C1
    /// controls, U+FFFE, U+FFFF) are dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Escapes an attribute value in double quotes: as `escaped`, and tab and LF become character references too,
    /// because attribute-value normalization would turn them into spaces.
    static func escapedAttribute(_ value: String) -> String {
        escaped(value).replacingOccurrences(of: "\t", with: "&#9;").replacingOccurrences(of: "\n", with: "&#10;")
    }

    /// The text with forbidden characters dropped and white space at both ends trimmed; nil when nothing is left,
    /// because Peppol rejects empty elements (PEPPOL-EN16931-R008).
    static func content(_ text: String?) -> String? {
        guard let text else { return nil }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar == "\t" || scalar == "\n" || scalar == "\r" || isAllowed(scalar)
        {
            kept.append(scalar)
        }
        let trimmed = String(kept).trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: false
        default: true
        }
    }
}
