import Foundation

/// Folds content lines for writing (RFC 6350 §3.2).
enum VCardLineFolder {
    /// The most octets on one line, not counting its CRLF.
    static let maximumOctets = 75

    /// `line` followed by CRLF, split into physical lines of at most ``maximumOctets`` UTF-8 bytes each, every
    /// continuation line starting with one space. Splits fall between Unicode scalars, never inside one.
    static func fold(_ line: String) -> String {
        var output = ""
        output.reserveCapacity(line.utf8.count + line.utf8.count / 70 * 3 + 2)
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > maximumOctets {
                output += "\r\n "
                octets = 1
            }
            output.unicodeScalars.append(scalar)
            octets += width
        }
        return output + "\r\n"
    }
}
