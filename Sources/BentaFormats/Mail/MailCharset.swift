import Foundation

/// Turns the bytes of a header or a text part into a String given a MIME charset name, leniently.
///
/// The single-byte charsets that mail actually uses are decoded with tables here, so every byte maps to a character
/// on every platform. UTF-8 that is not valid gets replacement characters. A charset Benta does not know is read as
/// UTF-8 when the bytes are valid UTF-8 and as Latin-1 otherwise; decoding never fails.
enum MailCharset {
    /// Decodes `bytes` labelled with `charset` (any case, quotes and an RFC 2231 `*language` suffix tolerated).
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch normalizedName(charset) {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return String(decoding: bytes, as: UTF8.self)
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "":
            // Mislabelled 8-bit text is common; valid UTF-8 is far likelier than anything else.
            return decodeUnknown(bytes)
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
            "windows-1252", "cp1252", "x-cp1252", "cp-1252", "win-1252":
            // Like browsers (WHATWG Encoding), Latin-1 labels are read as windows-1252: C1 controls never occur in
            // real text, while Outlook's curly quotes and euro sign often arrive labelled iso-8859-1.
            return TextBytes.windows1252(bytes)
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9":
            return decodeLatin9(bytes)
        case let name:
            if let encoding = foundationEncodings[name], let text = String(bytes: Array(bytes), encoding: encoding) {
                return text
            }
            return decodeUnknown(bytes)
        }
    }

    /// Valid UTF-8 as UTF-8, anything else as Latin-1.
    static func decodeUnknown(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) || isValidUTF8(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return decodeLatin1(bytes)
    }

    /// Whether the bytes are well-formed UTF-8.
    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func decodeLatin1(_ bytes: some Collection<UInt8>) -> String {
        TextBytes.singleByte(bytes) { UInt32($0) }
    }

    /// Lowercased, unquoted, trimmed, without an RFC 2231 `*language` suffix.
    static func normalizedName(_ charset: String?) -> String {
        guard var name = charset?.trimmingCharacters(in: .whitespacesAndNewlines) else { return "" }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        return name.lowercased()
    }

    private static func decodeLatin9(_ bytes: some Collection<UInt8>) -> String {
        TextBytes.singleByte(bytes) { byte in
            switch byte {
            case 0xA4: 0x20AC
            case 0xA6: 0x0160
            case 0xA8: 0x0161
            case 0xB4: 0x017D
            case 0xB8: 0x017E
            case 0xBC: 0x0152
            case 0xBD: 0x0153
            case 0xBE: 0x0178
            default: UInt32(byte)
            }
        }
    }

    /// Charsets left to Foundation; when it cannot decode the bytes the unknown-charset fallback applies.
    private static let foundationEncodings: [String: String.Encoding] = [
        "iso-8859-2": .isoLatin2, "latin2": .isoLatin2,
        "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
        "windows-1253": .windowsCP1253, "cp1253": .windowsCP1253,
        "windows-1254": .windowsCP1254, "cp1254": .windowsCP1254,
        "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS,
        "euc-jp": .japaneseEUC, "iso-2022-jp": .iso2022JP,
        "utf-16": .utf16, "utf-16be": .utf16BigEndian, "utf-16le": .utf16LittleEndian,
        "utf-32": .utf32, "utf-32be": .utf32BigEndian, "utf-32le": .utf32LittleEndian,
    ]
}
