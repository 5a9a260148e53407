import Foundation

/// The backslash escapes of vCard text values (RFC 6350 §3.4, RFC 2426 §4).
enum VCardEscaping {
    /// Undoes `\n` `\N` `\,` `\;` `\\`, and also `\:` and `\"`, which Gmail and Apple write although no RFC
    /// defines them. Any other backslash is kept, so a Windows path in a note survives.
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                output.append(character)
                continue
            }
            guard let next = iterator.next() else {
                output.append(character)
                break
            }
            switch next {
            case "n", "N": output.append("\n")
            case "\\", ",", ";", ":", "\"": output.append(next)
            default:
                output.append(character)
                output.append(next)
            }
        }
        return output
    }

    /// The components of a structured value (`N`, `ADR`, `ORG`), split on every `;` not preceded by a backslash
    /// and then unescaped, padded with empty strings to at least `count` components.
    static func components(_ text: String, count: Int) -> [String] {
        var parts: [String] = []
        var current = ""
        var isEscaped = false
        for character in text {
            if isEscaped {
                current.append(character)
                isEscaped = false
            } else if character == "\\" {
                current.append(character)
                isEscaped = true
            } else if character == ";" {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        while parts.count < count { parts.append("") }
        return parts.map { trimmed(unescape($0)) }
    }

    /// `text` without leading and trailing white space and line breaks. Pure Swift: Foundation's trimming is
    /// many times slower on Linux, and the reader trims every value.
    static func trimmed(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || ("\t"..."\r").contains(scalar) }
        return scalar.properties.isWhitespace
    }

    /// Escapes a text value for writing: backslash, comma and semicolon get a backslash, every line break
    /// (CRLF, LF or CR) becomes `\n`, other
    /// control characters except tab are dropped.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\\": output += "\\\\"
            case ",": output += "\\,"
            case ";": output += "\\;"
            case "\r": output += "\\n"
            // The LF of a CRLF was already written as `\n` with its CR.
            case "\n" where previous == "\r": break
            case "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": output += "\\n"
            // Other control characters have no place in a contact and break some readers.
            case _ where scalar.value < 0x20 && scalar != "\t", "\u{7F}": break
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
