import Foundation

/// The byte-to-text decodings the file and mail readers share: strict UTF-8, UTF-16 of either byte order, and
/// windows-1252 — one table and one decoder each, so a CSV file, a vCard and a mail part read the same bytes the
/// same way.
enum TextBytes {
    /// Valid UTF-8 as a string, or nil when the bytes are not well-formed UTF-8.
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

    /// UTF-16 code units of the given byte order; a last odd byte is dropped, lone surrogates become U+FFFD.
    static func utf16(_ bytes: ArraySlice<UInt8>, isBigEndian: Bool) -> String {
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

    /// windows-1252 (never fails): bytes 0x80–0x9F by the table below, every other byte as the code point of the
    /// same value (Latin-1).
    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        singleByte(bytes) { $0 >= 0x80 && $0 < 0xA0 ? UInt32(windows1252High[Int($0) - 0x80]) : UInt32($0) }
    }

    /// Maps each byte to a code point below U+10000 and encodes the result as UTF-8 in one pass.
    static func singleByte(_ bytes: some Collection<UInt8>, codePoint: (UInt8) -> UInt32) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            let code = codePoint(byte)
            if code < 0x80 {
                utf8.append(UInt8(code))
            } else if code < 0x800 {
                utf8.append(UInt8(0xC0 | code >> 6))
                utf8.append(UInt8(0x80 | code & 0x3F))
            } else {
                utf8.append(UInt8(truncatingIfNeeded: 0xE0 | code >> 12))
                utf8.append(UInt8(0x80 | code >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | code & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// windows-1252 bytes 0x80–0x9F; the five unassigned ones map to the C1 control of the same value (WHATWG).
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
