import Foundation

/// One CSV row turned into cleaned values for Benta fields; not yet validated.
public struct ImportRecord: Sendable, Hashable {
    /// The CSV line where the row starts (`CSVRow.number`), for messages.
    public var rowNumber: Int
    /// Cleaned, non-empty values; a field without a value is absent.
    public var values: [ImportField: String]

    /// Creates a record.
    public init(rowNumber: Int, values: [ImportField: String]) {
        self.rowNumber = rowNumber
        self.values = values
    }

    /// The value of a field, or nil when it is empty or unmapped.
    public subscript(field: ImportField) -> String? {
        values[field]
    }

    /// The values of a multi-value field (`a; b` → ["a", "b"]).
    public func list(_ field: ImportField) -> [String] {
        guard let value = values[field] else { return [] }
        return value.components(separatedBy: "; ").filter { !$0.isEmpty }
    }
}
