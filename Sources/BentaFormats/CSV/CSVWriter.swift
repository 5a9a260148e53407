import Foundation

/// Writes RFC 4180 CSV that spreadsheet programs open safely.
///
/// Every field that contains a comma, quote, CR or LF is quoted with doubled quotes. A cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'` so Excel and LibreOffice show it as text instead of
/// running it as a formula (OWASP "CSV injection", ASVS 1.2.10).
public struct CSVWriter: Sendable {
    private var output = ""

    public init(header: [String]) {
        appendRow(header)
    }

    /// Adds one row.
    public mutating func appendRow(_ fields: [String]) {
        output += Self.row(fields)
    }

    /// The document, with a UTF-8 byte order mark so Excel reads ñ and ₱ correctly.
    public var text: String { Self.byteOrderMark + output }

    /// The mark a document starts with, for a document written in chunks (streamed) rather than through `text`.
    public static let byteOrderMark = "\u{FEFF}"

    /// One row as text, ending in CRLF: a chunk of a streamed document.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}
