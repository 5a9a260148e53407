import Foundation

/// A source whose column names a mapping can be guessed from.
public enum ImportPreset: String, Sendable, Hashable, CaseIterable {
    case hubspot
    case salesforce
    case pipedrive
    case zoho
    /// Benta's own CSV export (`name`, `registered_name`, `billing_address`, `phones`, …).
    case benta
    /// Any other file: columns are matched by common names ("Company", "Tel", "E-mail", "Tax ID").
    case generic

    /// The product name, for the mapping screen.
    public var label: String {
        switch self {
        case .hubspot: "HubSpot"
        case .salesforce: "Salesforce"
        case .pipedrive: "Pipedrive"
        case .zoho: "Zoho CRM"
        case .benta: "Benta"
        case .generic: "Other CSV"
        }
    }
}
