import Foundation

/// Turns the bytes of a vCard file, or of one quoted-printable value, into text.
enum VCardTextDecoder {
    /// UTF-8 with or without a byte order mark, UTF-16 with a byte order mark, anything else as Windows-1252
    /// (which never fails, so an old Outlook export in a Western code page still imports).
    static func decode(_ data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8(bytes.dropFirst(3)) ?? windows1252(bytes.dropFirst(3))
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return utf16(bytes.dropFirst(2), isBigEndian: false)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(bytes.dropFirst(2), isBigEndian: true)
        }
        return utf8(bytes) ?? windows1252(bytes)
    }

    /// Bytes in the named `CHARSET`; an unknown or missing charset is tried as UTF-8, then as Windows-1252.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch charset?.lowercased() {
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "iso-8859-15":
            return windows1252(bytes)
        default:
            return utf8(bytes) ?? windows1252(bytes)
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

    /// Valid UTF-8 as a string, or nil.
    static func utf8(_ bytes: some Collection<UInt8>) -> String? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }

    /// Windows-1252, with the five undefined bytes mapped to the C1 controls of the same value.
    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32 =
                (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, isBigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(isBigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Code points of bytes 0x80–0x9F in Windows-1252.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
