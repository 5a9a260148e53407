import Foundation

/// Which CSV column fills which Benta field, for one kind of record.
public struct ImportMapping: Sendable, Hashable {
    /// The kind of record each row becomes.
    public var entity: ImportEntity
    /// Field → source header, exactly as it appears in the file's (trimmed, unique) header.
    public var columns: [ImportField: String]

    /// Creates a mapping.
    public init(entity: ImportEntity, columns: [ImportField: String] = [:]) {
        self.entity = entity
        self.columns = columns
    }

    /// Maps the header's columns by the names the preset's source uses, then fills the remaining fields by common
    /// names (the `generic` rules) from the columns still free.
    ///
    /// Names are compared ignoring case, spaces and punctuation ("Person - Email (Work)" matches
    /// "Person - Email - Work"). Each column fills at most one field.
    public static func preset(_ preset: ImportPreset, entity: ImportEntity, header: [String]) -> ImportMapping {
        var byKey: [String: String] = [:]
        for column in header {
            let key = ImportPreset.key(column)
            if !key.isEmpty && byKey[key] == nil { byKey[key] = column }
        }
        var columns: [ImportField: String] = [:]
        var claimed = Set<String>()
        var passes = [preset.columnNames(for: entity)]
        if preset != .generic { passes.append(ImportPreset.generic.columnNames(for: entity)) }
        for pass in passes {
            for (field, names) in pass where columns[field] == nil {
                for name in names {
                    if let column = byKey[ImportPreset.key(name)], !claimed.contains(column) {
                        columns[field] = column
                        claimed.insert(column)
                        break
                    }
                }
            }
        }
        return ImportMapping(entity: entity, columns: columns)
    }

    /// Recognizes the exporting product from column names that only it uses; `generic` when none stands out.
    ///
    /// Pipedrive prefixes every column with its object ("Person - Name"); HubSpot uses "Lifecycle stage",
    /// "Associated company" and "Contact: " prefixes in flattened exports; Salesforce uses API names
    /// ("BillingCity", "AccountId") or report labels ("Last Modified Date"); Zoho uses "Created Time",
    /// "Secondary Email", "Mailing Zip"; Benta's own export uses snake_case ("billing_address").
    public static func detectPreset(header: [String]) -> ImportPreset {
        var best = ImportPreset.generic
        var bestScore = 1
        for preset in ImportPreset.allCases where preset != .generic {
            let score = preset.detectionScore(header: header)
            if score > bestScore {
                best = preset
                bestScore = score
            }
        }
        return best
    }

    /// Problems that stop an import: mapped columns missing from the file, fields that do not apply to the
    /// entity, and required fields left unmapped. Empty when the mapping can be used.
    ///
    /// Accounts need a name; contacts a full name or a first or last name; leads a person or company name and a
    /// phone, mobile or email.
    public func validate(header: [String]) -> [String] {
        let present = Set(header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        var problems: [String] = []
        for field in ImportField.allCases {
            guard let column = columns[field] else { continue }
            if !present.contains(column.trimmingCharacters(in: .whitespacesAndNewlines)) {
                problems.append("The column \"\(column)\" mapped to \(field.label) is not in the file.")
            }
            if !field.entities.contains(entity) {
                problems.append("\(field.label) is not a field of \(entity.label).")
            }
        }
        let mapped = Set(columns.keys.filter { $0.entities.contains(entity) })
        switch entity {
        case .accounts:
            if !mapped.contains(.name) { problems.append("No column is mapped to Name; accounts need a name.") }
        case .contacts:
            if mapped.isDisjoint(with: [.fullName, .firstName, .lastName]) {
                problems.append("No column is mapped to Full name, First name or Last name; contacts need a name.")
            }
        case .leads:
            if mapped.isDisjoint(with: [.fullName, .firstName, .lastName, .companyName]) {
                problems.append("No column is mapped to a person's name or Company; leads need one of them.")
            }
            if mapped.isDisjoint(with: [.phone, .mobile, .email]) {
                problems.append("No column is mapped to Phone, Mobile or Email; leads need a way to reach them.")
            }
        }
        return problems
    }

    /// Advice that does not stop an import: contacts without an account column get no account from the file.
    public func warnings(header: [String]) -> [String] {
        if entity == .contacts && columns[.accountName] == nil && columns[.accountExternalID] == nil {
            return ["No column is mapped to Account; every contact will need an account chosen for it."]
        }
        return []
    }
}
