import Foundation

/// A web-to-lead form a company embeds on its website; each submission becomes a routed lead.
public struct LeadForm: Sendable, Hashable {
    public typealias ID = Identifier<LeadForm>

    /// The fields a form may ask for.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case personName = "person_name"
        case companyName = "company_name"
        case phone
        case email
        case province
        case industry
        case interest
    }

    public var id: ID
    public var companyID: Company.ID
    /// The public, unguessable part of the form's address (`/forms/lead/{key}`).
    public var key: String
    public var name: String
    public var fields: [Field]
    public var requiredFields: [Field]
    public var thankYou: String
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, key: String, name: String, fields: [Field], requiredFields: [Field],
        thankYou: String, isActive: Bool, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.key = key
        self.name = name
        self.fields = fields
        self.requiredFields = requiredFields
        self.thankYou = thankYou
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// A submission's values checked against the form: required fields present, and at least a way to reach back.
    public func draft(from values: [String: String]) throws(ValidationErrors) -> LeadDraft {
        var errors = ValidationErrors()
        var draft = LeadDraft()
        draft.source = LeadSource.webForm.rawValue
        for field in fields {
            let value = (values[field.rawValue] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if requiredFields.contains(field) && value.isEmpty {
                errors.add(field: field.rawValue, code: "required", message: "Please fill this in.")
            }
            switch field {
            case .personName: draft.personName = value
            case .companyName: draft.companyName = value
            case .phone: draft.phone = value
            case .email: draft.email = value
            case .province: draft.province = value
            case .industry: draft.industry = value
            case .interest: draft.interest = value
            }
        }
        if draft.phone.isEmpty && draft.email.isEmpty && errors.isEmpty {
            errors.add(
                field: fields.contains(.email) ? "email" : "phone", code: "required",
                message: "Leave a phone number or an email address so that we can reply.")
        }
        try errors.throwIfAny()
        return draft
    }

    /// How many submissions one address may send in `windowSeconds` before it is told to wait.
    public static let submissionsPerWindow = 5
    public static let windowSeconds = 600
}
