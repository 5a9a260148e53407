import Foundation

/// Decodes RFC 2047 encoded words (`=?UTF-8?Q?Pe=C3=B1a?=`) in header text.
///
/// Whitespace between two adjacent encoded words is dropped, and the bytes of adjacent words in the same charset
/// are decoded together, so a character split across two words (which some mailers produce) survives. Anything
/// that is not a well-formed encoded word is kept exactly as written.
enum MailEncodedWords {
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var gap = String.UnicodeScalarView()
        var pending: (charset: String, bytes: [UInt8])?

        func flush() {
            if let run = pending {
                for scalar in MailCharset.decode(run.bytes, charset: run.charset).unicodeScalars {
                    output.append(scalar)
                }
            }
            pending = nil
        }

        var index = 0
        while index < scalars.count {
            guard scalars[index] == "=", let word = word(in: scalars, at: index) else {
                gap.append(scalars[index])
                index += 1
                continue
            }
            let gapIsBlank = gap.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            if let run = pending, gapIsBlank {
                if MailCharset.normalizedName(run.charset) == MailCharset.normalizedName(word.charset) {
                    pending?.bytes += word.bytes
                } else {
                    flush()
                    pending = (word.charset, word.bytes)
                }
            } else {
                flush()
                for scalar in gap { output.append(scalar) }
                pending = (word.charset, word.bytes)
            }
            gap = String.UnicodeScalarView()
            index = word.end
        }
        flush()
        for scalar in gap { output.append(scalar) }
        return String(output)
    }

    /// The encoded word starting at `start` (which holds "="), its decoded bytes and the index just after it.
    private static func word(
        in scalars: [Unicode.Scalar], at start: Int
    ) -> (charset: String, bytes: [UInt8], end: Int)? {
        var index = start + 1
        guard index < scalars.count, scalars[index] == "?" else { return nil }
        index += 1
        let charsetStart = index
        while index < scalars.count, scalars[index] != "?" {
            guard isTokenCharacter(scalars[index]), index - charsetStart < 64 else { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < scalars.count, scalars[index + 2] == "?" else { return nil }
        let charset = String(String.UnicodeScalarView(scalars[charsetStart..<index]))
        let encoding = scalars[index + 1]
        index += 3
        let textStart = index
        while index < scalars.count, scalars[index] != "?" {
            let scalar = scalars[index]
            guard scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F else { return nil }
            index += 1
        }
        guard index + 1 < scalars.count, scalars[index + 1] == "=" else { return nil }
        let text = scalars[textStart..<index].map { UInt8(truncatingIfNeeded: $0.value) }
        let bytes: [UInt8]
        switch encoding {
        case "B", "b":
            guard MailTransferEncoding.isCleanBase64(text) else { return nil }
            bytes = MailTransferEncoding.decodeBase64(text)
        case "Q", "q":
            bytes = MailTransferEncoding.decodeQuotedPrintable(text, underscoreIsSpace: true)
        default:
            return nil
        }
        return (charset, bytes, index + 2)
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"()<>@,;:\"/[]?=".unicodeScalars.contains(scalar)
    }
}
