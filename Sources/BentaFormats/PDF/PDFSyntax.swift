import Foundation

/// Spelling of PDF values: numbers, strings and dates.
enum PDFSyntax {
    /// A real number with at most two decimals and no exponent, independent of locale; non-finite values are 0.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        // Pages are at most a few thousand points; the clamp only keeps the integer conversion safe.
        let hundredths = Int((min(max(value, -1e9), 1e9) * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        if fraction == 0 {
            return "\(sign)\(whole)"
        }
        if fraction % 10 == 0 {
            return "\(sign)\(whole).\(fraction / 10)"
        }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A literal string `( … )` of raw bytes: parentheses and backslashes escaped, other bytes outside printable
    /// ASCII as three-digit octal escapes, so the file stays 7-bit clean apart from the header comment.
    static func literalString(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x28]
        output.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            switch byte {
            case 0x28, 0x29, 0x5C:
                output += [0x5C, byte]
            case 0x20...0x7E:
                output.append(byte)
            default:
                output += [0x5C, 0x30 + (byte >> 6), 0x30 + ((byte >> 3) & 7), 0x30 + (byte & 7)]
            }
        }
        output.append(0x29)
        return output
    }

    /// A text string for the information dictionary: a literal when the text is printable ASCII, else UTF-16BE
    /// with a byte order mark as a hex string, so titles with ñ or ₱ show correctly.
    static func textString(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            return String(decoding: literalString(Array(text.utf8)), as: UTF8.self)
        }
        var hex = "<FEFF"
        for unit in text.utf16 {
            hex += hexDigits(of: unit)
        }
        return hex + ">"
    }

    /// A date as `D:YYYYMMDDHHmmSS+00'00'`, in UTC.
    static func date(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        let fields = [month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60]
        let year4 = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "D:" + year4 + fields.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined() + "+00'00'"
    }

    /// Year, month and day of the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func hexDigits(of unit: UInt16) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([12, 8, 4, 0].map { digits[Int((unit >> $0) & 0xF)] })
    }
}
