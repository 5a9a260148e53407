import Foundation

/// A Content-Transfer-Encoding and its lenient decoder.
enum MailTransferEncoding: Sendable, Hashable {
    /// 7bit, 8bit, binary, and anything unknown: the bytes are used as they are.
    case identity
    case quotedPrintable
    case base64

    /// Reads a Content-Transfer-Encoding header value (any case, surrounding whitespace and comments ignored).
    init(headerValue: String?) {
        let token = (headerValue ?? "").split(whereSeparator: { $0 == "(" || $0 == ";" }).first ?? ""
        switch token.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .identity
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .identity: Array(bytes)
        case .quotedPrintable: Self.decodeQuotedPrintable(bytes)
        case .base64: Self.decodeBase64(bytes)
        }
    }

    /// Base64 that skips whitespace and any other character outside the alphabet and tolerates missing padding.
    static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value = base64Values[Int(byte)]
            guard value < 64 else { continue }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        // Two leftover sextets hold one byte, three hold two; a single one holds no whole byte.
        if count == 2 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        } else if count == 3 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        }
        return output
    }

    /// Whether every byte is in the base64 alphabet or is padding (for RFC 2047 "B" words, which must be clean).
    static func isCleanBase64(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.allSatisfy { base64Values[Int($0)] < 64 || $0 == UInt8(ascii: "=") }
    }

    /// Quoted-printable: `=XX` in either case, soft line breaks (`=` at line end, even with trailing blanks), and
    /// any other `=` kept literally. With `underscoreIsSpace` (RFC 2047 "Q" words), `_` decodes to a space.
    static func decodeQuotedPrintable(_ bytes: some Collection<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "_"), underscoreIsSpace {
                output.append(UInt8(ascii: " "))
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            // A soft line break: "=" then optional blanks then CRLF or LF (or the end of the text).
            var next = index + 1
            while next < input.count, input[next] == UInt8(ascii: " ") || input[next] == UInt8(ascii: "\t") {
                next += 1
            }
            if next == input.count {
                index = next
            } else if input[next] == UInt8(ascii: "\n") {
                index = next + 1
            } else if input[next] == UInt8(ascii: "\r") {
                index = next + 1 < input.count && input[next + 1] == UInt8(ascii: "\n") ? next + 2 : next + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The sextet for each byte, or 255 when the byte is not in the alphabet (RFC 2045).
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()
}
