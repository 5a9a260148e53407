import Foundation

/// A Benta field that a CSV column can be mapped to.
///
/// Cases shared by several entities mean the same thing in each (`phone`, `email`, `ownerEmail`, `notes`,
/// `externalID`). Identifiers (`tin`, `billingPostalCode`, `phone`, `externalID`) stay text so leading zeros
/// survive.
public enum ImportField: String, Sendable, Hashable, CaseIterable {
    /// The account's everyday name.
    case name
    case registeredName
    case firstName
    case lastName
    /// The person's whole name; filled from first and last name when only those are mapped.
    case fullName
    case position
    /// The lead's company, as typed; leads have no account yet.
    case companyName
    /// The contact's account, matched by name.
    case accountName
    /// The contact's account as the source system identifies it (Salesforce `AccountId`, Pipedrive
    /// `Organization ID`, HubSpot `Associated Company ID`), matched against accounts imported with `externalID`.
    case accountExternalID
    case tin
    case phone
    case mobile
    case email
    case email2
    case website
    case industry
    /// The whole billing address on one line; joined from the parts below when not mapped itself.
    case billingAddress
    case billingStreet
    case billingCity
    case billingProvince
    case billingPostalCode
    case billingCountry
    case deliveryAddress
    /// The lead's province or state.
    case province
    case source
    case status
    /// What the lead wants (free text).
    case interest
    /// The owning user: an email in Benta, but a name in most vendor exports (HubSpot, Pipedrive, Zoho and
    /// Benta's own export); the service matches by email first, then by name.
    case ownerEmail
    case tags
    case notes
    /// The record's ID in the source system, kept for re-imports and for linking contacts to accounts.
    case externalID

    /// The entities this field applies to.
    public var entities: Set<ImportEntity> {
        switch self {
        case .name, .registeredName, .tin, .website, .billingAddress, .billingStreet, .billingCity, .billingProvince,
            .billingPostalCode, .billingCountry, .deliveryAddress, .tags:
            [.accounts]
        case .firstName, .lastName, .fullName:
            [.contacts, .leads]
        case .position, .accountName, .accountExternalID, .email2:
            [.contacts]
        case .companyName, .source, .status, .interest, .province:
            [.leads]
        case .industry:
            [.accounts, .leads]
        case .phone, .mobile, .email, .ownerEmail, .notes, .externalID:
            [.accounts, .contacts, .leads]
        }
    }

    /// An English label for the mapping screen.
    public var label: String {
        switch self {
        case .name: "Name"
        case .registeredName: "Registered name"
        case .firstName: "First name"
        case .lastName: "Last name"
        case .fullName: "Full name"
        case .position: "Position"
        case .companyName: "Company"
        case .accountName: "Account"
        case .accountExternalID: "Account ID (source system)"
        case .tin: "TIN"
        case .phone: "Phone"
        case .mobile: "Mobile"
        case .email: "Email"
        case .email2: "Second email"
        case .website: "Website"
        case .industry: "Industry"
        case .billingAddress: "Billing address"
        case .billingStreet: "Billing street"
        case .billingCity: "Billing city"
        case .billingProvince: "Billing province"
        case .billingPostalCode: "Billing postal code"
        case .billingCountry: "Billing country"
        case .deliveryAddress: "Delivery address"
        case .province: "Province"
        case .source: "Source"
        case .status: "Status"
        case .interest: "Interest"
        case .ownerEmail: "Owner"
        case .tags: "Tags"
        case .notes: "Notes"
        case .externalID: "ID (source system)"
        }
    }

    /// Fields whose cells may hold several values; they come out joined as `a; b`.
    var isMultiValue: Bool {
        switch self {
        case .phone, .mobile, .email, .email2, .website, .tags: true
        default: false
        }
    }

    /// Identifier fields, where a spreadsheet's `="00123"` text wrapper is removed.
    var isIdentifier: Bool {
        switch self {
        case .tin, .phone, .mobile, .billingPostalCode, .externalID, .accountExternalID: true
        default: false
        }
    }
}
