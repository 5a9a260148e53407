import Foundation

/// The RFC 5322 address-list grammar, read leniently: name-addr, addr-spec with a `(comment)` name, groups,
/// quoted strings with commas, route prefixes, and missing closing brackets.
enum MailAddressListParser {
    /// One comma-separated entry as it is read.
    private struct Entry {
        var outside = String.UnicodeScalarView()
        var angle = String.UnicodeScalarView()
        var comment = String.UnicodeScalarView()
        var hasAngle = false
        var hasComment = false
    }

    static func parse(_ text: String) -> [MailAddress] {
        var addresses: [MailAddress] = []
        var entry = Entry()
        var scalars = text.unicodeScalars.makeIterator()
        func finish() {
            if let address = mailbox(from: entry) { addresses.append(address) }
            entry = Entry()
        }
        while let scalar = scalars.next() {
            switch scalar {
            case "\"":
                for quoted in readQuoted(&scalars).unicodeScalars { entry.outside.append(quoted) }
            case "(":
                let comment = readComment(&scalars)
                if !entry.hasComment {
                    entry.comment = comment.unicodeScalars
                    entry.hasComment = true
                }
            case "<":
                entry.hasAngle = true
                entry.angle = readAngle(&scalars)
            case ",", ";":
                finish()
            case ":" where !entry.hasAngle:
                // "Team: a@x.ph, b@y.ph;" — what came before the colon is the group's name, not a mailbox.
                entry = Entry()
            default:
                entry.outside.append(scalar)
            }
        }
        finish()
        return addresses
    }

    /// Text with `(comments)` outside quoted strings removed (nesting and `\)` escapes respected).
    static func removingComments(from text: String) -> String {
        guard text.contains("(") else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "(":
                _ = readComment(&scalars)
                output.append(" ")
            case "\"":
                for quoted in readQuoted(&scalars).unicodeScalars { output.append(quoted) }
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// A quoted string after its opening quote, returned with its quotes and escapes kept.
    private static func readQuoted(_ scalars: inout String.UnicodeScalarView.Iterator) -> String {
        var output = String.UnicodeScalarView(["\""])
        while let scalar = scalars.next() {
            output.append(scalar)
            if scalar == "\\" {
                if let next = scalars.next() { output.append(next) }
            } else if scalar == "\"" {
                break
            }
        }
        return String(output)
    }

    /// A comment's text after its opening parenthesis, nested comments included, escapes removed.
    private static func readComment(_ scalars: inout String.UnicodeScalarView.Iterator) -> String {
        var output = String.UnicodeScalarView()
        var depth = 1
        while let scalar = scalars.next() {
            switch scalar {
            case "\\":
                if let next = scalars.next() { output.append(next) }
            case "(":
                depth += 1
                output.append(scalar)
            case ")":
                depth -= 1
                if depth == 0 { return String(output) }
                output.append(scalar)
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// The inside of `<…>` after its opening bracket; a missing `>` ends it at the end of the text.
    private static func readAngle(_ scalars: inout String.UnicodeScalarView.Iterator) -> String.UnicodeScalarView {
        var output = String.UnicodeScalarView()
        while let scalar = scalars.next() {
            switch scalar {
            case ">": return output
            case "\"": for quoted in readQuoted(&scalars).unicodeScalars { output.append(quoted) }
            default: output.append(scalar)
            }
        }
        return output
    }

    private static func mailbox(from entry: Entry) -> MailAddress? {
        if entry.hasAngle {
            guard let address = normalizedAddress(String(entry.angle)) else { return nil }
            let name =
                displayName(String(entry.outside)) ?? (entry.hasComment ? displayName(String(entry.comment)) : nil)
            return MailAddress(name: name, address: address)
        }
        guard let address = normalizedAddress(String(entry.outside)) else { return nil }
        return MailAddress(name: entry.hasComment ? displayName(String(entry.comment)) : nil, address: address)
    }

    /// The address without whitespace, route (`@relay:`) or `mailto:`, with its domain lowercased; nil when it
    /// has no local part, no domain, or characters no address can contain.
    static func normalizedAddress(_ raw: String) -> String? {
        var text = String.UnicodeScalarView()
        var isQuoted = false
        for scalar in raw.unicodeScalars {
            if scalar == "\"" { isQuoted.toggle() }
            if isQuoted || !scalar.properties.isWhitespace { text.append(scalar) }
        }
        if let colon = text.lastIndex(of: ":"), !text[..<colon].contains("\"") {
            text = String.UnicodeScalarView(text[text.index(after: colon)...])
        }
        let address = String(text)
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at]
        let domain = address[address.index(after: at)...].lowercased()
        guard !local.isEmpty, !domain.isEmpty, address.utf8.count <= 512 else { return nil }
        guard !domain.unicodeScalars.contains(where: isForbidden), !domain.hasPrefix("."), !domain.hasSuffix(".")
        else { return nil }
        let isQuotedLocal = local.hasPrefix("\"") && local.hasSuffix("\"") && local.count >= 2
        guard isQuotedLocal || !local.unicodeScalars.contains(where: isForbidden) else { return nil }
        return local + "@" + domain
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || "<>(),;\\\"@[]".unicodeScalars.contains(scalar)
    }

    /// A display name with quotes removed, encoded words decoded and whitespace collapsed; nil when empty.
    private static func displayName(_ raw: String) -> String? {
        var unquoted = String.UnicodeScalarView()
        var isQuoted = false
        var isEscaped = false
        for scalar in raw.unicodeScalars {
            if isEscaped {
                unquoted.append(scalar)
                isEscaped = false
            } else if scalar == "\\" && isQuoted {
                isEscaped = true
            } else if scalar == "\"" {
                isQuoted.toggle()
            } else {
                unquoted.append(scalar)
            }
        }
        let decoded = MailEncodedWords.decode(String(unquoted))
        let words = decoded.split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
