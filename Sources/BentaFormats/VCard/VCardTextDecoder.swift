import Foundation

/// Turns the bytes of a vCard file, or of one quoted-printable value, into text.
enum VCardTextDecoder {
    /// UTF-8 with or without a byte order mark, UTF-16 with a byte order mark, anything else as Windows-1252
    /// (which never fails, so an old Outlook export in a Western code page still imports).
    static func decode(_ data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return TextBytes.utf8(bytes.dropFirst(3)) ?? TextBytes.windows1252(bytes.dropFirst(3))
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return TextBytes.utf16(bytes.dropFirst(2), isBigEndian: false)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return TextBytes.utf16(bytes.dropFirst(2), isBigEndian: true)
        }
        return TextBytes.utf8(bytes) ?? TextBytes.windows1252(bytes)
    }

    /// Bytes in the named `CHARSET`; an unknown or missing charset is tried as UTF-8, then as Windows-1252.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch charset?.lowercased() {
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "iso-8859-15":
            return TextBytes.windows1252(bytes)
        default:
            return TextBytes.utf8(bytes) ?? TextBytes.windows1252(bytes)
        }
    }

    /// The bytes a quoted-printable value stands for: `=XX` becomes one byte, a soft line break (`=` before a
    /// line end) disappears, and a stray `=` stays as it is.
    static func quotedPrintable(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        var index = value.startIndex
        while index < value.endIndex {
            let byte = value[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            let next = index + 1
            if next < value.endIndex, value[next] == UInt8(ascii: "\r") || value[next] == UInt8(ascii: "\n") {
                index = next
                while index < value.endIndex, value[index] == UInt8(ascii: "\r") || value[index] == UInt8(ascii: "\n") {
                    index += 1
                }
            } else if next + 1 < value.endIndex, let high = hexValue(value[next]), let low = hexValue(value[next + 1]) {
                output.append(high << 4 | low)
                index = next + 2
            } else {
                output.append(byte)
                index = next
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
