import Foundation

extension ImportMapping {
    /// The 0-based position in the header of each mapped column that is present (exact match, else ignoring
    /// case and surrounding spaces). Compute once per file and pass to `record(from:columnIndexes:)`.
    public func columnIndexes(in header: [String]) -> [ImportField: Int] {
        var indexes: [ImportField: Int] = [:]
        for (field, column) in columns {
            if let index = header.firstIndex(of: column) {
                indexes[field] = index
                continue
            }
            let wanted = column.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if let index = header.firstIndex(where: {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == wanted
            }) {
                indexes[field] = index
            }
        }
        return indexes
    }

    /// The row's cleaned values; see `record(from:columnIndexes:)`.
    public func record(from row: CSVRow, header: [String]) -> ImportRecord {
        record(from: row, columnIndexes: columnIndexes(in: header))
    }

    /// The row's cleaned values: trimmed, inner whitespace collapsed, multi-value cells joined as `a; b`,
    /// identifiers kept as text (leading zeros stay).
    ///
    /// When only first and last name are present, `fullName` is "First Last". When no whole billing address is
    /// present, `billingAddress` joins street, city, province, postal code and country with ", ". Phones, emails
    /// and TINs are not validated here.
    public func record(from row: CSVRow, columnIndexes: [ImportField: Int]) -> ImportRecord {
        var values: [ImportField: String] = [:]
        for (field, index) in columnIndexes {
            let value = ImportValueCleaner.clean(row[index], for: field)
            if !value.isEmpty { values[field] = value }
        }
        if values[.fullName] == nil {
            let parts = [values[.firstName], values[.lastName]].compactMap { $0 }
            if !parts.isEmpty { values[.fullName] = parts.joined(separator: " ") }
        }
        if values[.billingAddress] == nil {
            let parts: [ImportField] = [
                .billingStreet, .billingCity, .billingProvince, .billingPostalCode, .billingCountry,
            ]
            let address = parts.compactMap { values[$0] }
            if !address.isEmpty { values[.billingAddress] = address.joined(separator: ", ") }
        }
        return ImportRecord(rowNumber: row.number, values: values)
    }
}
