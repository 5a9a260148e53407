import Foundation

/// Turns Swift strings into WinAnsi (Windows-1252) bytes for the standard fonts.
///
/// Text is composed (NFC) first, so a decomposed "n" + U+0303 becomes ñ. Then, per character:
/// - Windows-1252 characters map to their byte;
/// - the peso sign ₱ becomes "PHP", plus a space when a letter or digit follows ("₱1,000" → "PHP 1,000");
/// - dashes, minus signs and special spaces that 1252 lacks become "-" or a space;
/// - a letter with a diacritic 1252 lacks keeps its base letter ("ẽ" → "e"), and a stray combining mark is dropped;
/// - invisible characters (zero-width space, soft hyphen, byte order mark) are dropped;
/// - tabs, line breaks and other control characters become a space (paragraphs split lines before encoding);
/// - anything else becomes "?".
enum PDFWinAnsiEncoder {
    /// The text the peso sign is replaced with.
    static let pesoReplacement: [UInt8] = Array("PHP".utf8)

    /// Encodes `text` for a single line of drawn text.
    static func encode(_ text: String) -> [UInt8] {
        let scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{20B1}" {
                bytes += pesoReplacement
                if index + 1 < scalars.count, isLetterOrDigit(scalars[index + 1]) {
                    bytes.append(0x20)
                }
            } else if let byte = byte(for: scalar) {
                bytes.append(byte)
            } else if let replacement = replacement(for: scalar) {
                bytes += replacement
            }
        }
        return bytes
    }

    /// The Windows-1252 byte of a printable character, or `nil` when the code page lacks it.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        switch value {
        case 0x20...0x7E, 0xA0...0xAC, 0xAE...0xFF:
            return UInt8(value)
        default:
            return windows1252HighCodes[value]
        }
    }

    /// What to write for a character Windows-1252 lacks; empty to drop it.
    private static func replacement(for scalar: Unicode.Scalar) -> [UInt8]? {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
            return []
        case 0x2010, 0x2011, 0x2012, 0x2043, 0x2212, 0xFE63, 0xFF0D:
            return [0x2D]
        case 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return [0x20]
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029:
            return [0x20]
        default:
            break
        }
        if scalar.properties.generalCategory == .nonspacingMark
            || scalar.properties.generalCategory == .enclosingMark
        {
            return []
        }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        if decomposed.count > 1, let base = decomposed.first, let byte = byte(for: base) {
            return [byte]
        }
        return [0x3F]
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The characters Windows-1252 puts in 0x80–0x9F, where Latin-1 has control codes.
    private static let windows1252HighCodes: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}
