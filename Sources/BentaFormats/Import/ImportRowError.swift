import Foundation

/// A problem with one row of an import, for the report shown after it.
public struct ImportRowError: Sendable, Hashable, CustomStringConvertible {
    /// The CSV line where the row starts.
    public var rowNumber: Int
    /// The source column header, when one column is at fault.
    public var column: String?
    /// The Benta field (an `ImportField` raw value or a validation field name such as "tin"), when known.
    public var field: String?
    /// An English sentence for people.
    public var message: String

    /// Creates a row error.
    public init(rowNumber: Int, column: String? = nil, field: String? = nil, message: String) {
        self.rowNumber = rowNumber
        self.column = column
        self.field = field
        self.message = message
    }

    /// "Row 4, column "Email": …".
    public var description: String {
        if let column { return "Row \(rowNumber), column \"\(column)\": \(message)" }
        return "Row \(rowNumber): \(message)"
    }

    /// The error for a row with more fields than the header has columns, or nil when it has none extra.
    public static func extraFields(in row: CSVRow, header: [String]) -> ImportRowError? {
        let extra = row.fields.dropFirst(header.count)
        guard extra.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        return ImportRowError(
            rowNumber: row.number,
            message: "The row has \(row.fields.count) fields but the header has \(header.count) columns; "
                + "the extra fields were ignored.")
    }
}
