import Foundation

/// A person or company that might buy: from a call, a letter, a web form, a referral, an event or an import.
public struct Lead: Sendable, Hashable {
    public typealias ID = Identifier<Lead>

    public var id: ID
    public var companyID: Company.ID
    public var fields: LeadFields
    public var status: LeadStatus
    /// Why the lead was disqualified; set exactly when the status is `disqualified`.
    public var disqualifyReason: String?
    /// What the lead became on conversion.
    public var convertedAccountID: Account.ID?
    public var convertedContactID: Contact.ID?
    public var convertedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, fields: LeadFields, status: LeadStatus, disqualifyReason: String? = nil,
        convertedAccountID: Account.ID? = nil, convertedContactID: Contact.ID? = nil, convertedAt: Date? = nil,
        createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.status = status
        self.disqualifyReason = disqualifyReason
        self.convertedAccountID = convertedAccountID
        self.convertedContactID = convertedContactID
        self.convertedAt = convertedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The name to show: the person, else the company, else (an unknown caller) the phone number, else the email.
    public var displayName: String {
        if let person = fields.personName, !person.isEmpty { return person }
        if let company = fields.companyName, !company.isEmpty { return company }
        return fields.phone?.raw ?? fields.email?.value ?? ""
    }

    /// Open leads still need work; converted and disqualified ones are closed.
    public var isOpen: Bool { status.isOpen }
}

/// Where a lead came from.
public enum LeadSource: String, Sendable, Hashable, Codable, CaseIterable {
    case inboundCall = "inbound_call"
    case letter
    case webForm = "web_form"
    case referral
    case walkIn = "walk_in"
    case event
    case `import`
    case other
}

/// The life of a lead: new → contacted → qualified → converted, or disqualified with a reason.
public enum LeadStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case new
    case contacted
    case qualified
    case converted
    case disqualified

    public var isOpen: Bool { self == .new || self == .contacted || self == .qualified }

    /// The statuses a user may move a lead to by hand from this one (conversion has its own action).
    public var manualNextStatuses: [LeadStatus] {
        switch self {
        case .new: [.contacted, .qualified, .disqualified]
        case .contacted: [.new, .qualified, .disqualified]
        case .qualified: [.contacted, .disqualified]
        case .disqualified: [.new, .contacted]
        case .converted: []
        }
    }
}

/// The validated, editable content of a lead.
public struct LeadFields: Sendable, Hashable {
    public var personName: String?
    public var companyName: String?
    public var phone: PhoneEntry?
    public var email: EmailAddress?
    public var source: LeadSource
    public var interest: String?
    public var province: String?
    public var industry: String?
    public var ownerID: User.ID

    public init(
        personName: String? = nil, companyName: String? = nil, phone: PhoneEntry? = nil, email: EmailAddress? = nil,
        source: LeadSource, interest: String? = nil, province: String? = nil, industry: String? = nil,
        ownerID: User.ID
    ) {
        self.personName = personName
        self.companyName = companyName
        self.phone = phone
        self.email = email
        self.source = source
        self.interest = interest
        self.province = province
        self.industry = industry
        self.ownerID = ownerID
    }
}

/// A lead as typed or received, before validation; the owner may be left empty for the routing rules to decide.
public struct LeadDraft: Sendable, Hashable {
    public var personName: String = ""
    public var companyName: String = ""
    public var phone: String = ""
    public var email: String = ""
    public var source: String = LeadSource.other.rawValue
    public var interest: String = ""
    public var province: String = ""
    public var industry: String = ""
    public var ownerID: String = ""

    public init() {}

    public init(_ fields: LeadFields) {
        personName = fields.personName ?? ""
        companyName = fields.companyName ?? ""
        phone = fields.phone?.raw ?? ""
        email = fields.email?.value ?? ""
        source = fields.source.rawValue
        interest = fields.interest ?? ""
        province = fields.province ?? ""
        industry = fields.industry ?? ""
        ownerID = fields.ownerID.description
    }

    /// Checks every field; `owner` is the owner chosen by routing when the draft names none.
    public func validated(defaultCountry: CountryCode, owner routed: User.ID?) throws(ValidationErrors) -> LeadFields {
        var errors = ValidationErrors()
        let person = Validate.optionalText(personName, field: "person_name", maxLength: 200, into: &errors)
        let company = Validate.optionalText(companyName, field: "company_name", maxLength: 200, into: &errors)
        var phoneEntry: PhoneEntry?
        if !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            do { phoneEntry = try PhoneEntry(parsing: phone, defaultCountry: defaultCountry) } catch {
                errors.add(
                    field: "phone", code: "invalid_phone", message: "Enter a phone number such as 0917 123 4567.")
            }
        }
        var emailAddress: EmailAddress?
        if !email.trimmingCharacters(in: .whitespaces).isEmpty {
            do { emailAddress = try EmailAddress(parsing: email) } catch {
                errors.add(
                    field: "email", code: "invalid_email", message: "Enter an email address such as ana@example.ph.")
            }
        }
        // Something to reach the lead by or call it: an unknown caller's number alone is enough.
        let hasPhone = !phone.trimmingCharacters(in: .whitespaces).isEmpty
        let hasEmail = !email.trimmingCharacters(in: .whitespaces).isEmpty
        if person == nil && company == nil && !hasPhone && !hasEmail && errors["person_name"].isEmpty
            && errors["company_name"].isEmpty
        {
            errors.add(
                field: "person_name", code: "required",
                message: "Enter the person's or the company's name, a phone number or an email address.")
        }
        let leadSource = LeadSource(rawValue: source.trimmingCharacters(in: .whitespaces))
        if leadSource == nil {
            errors.add(
                field: "source", code: "invalid_choice",
                message: "Choose one of: \(LeadSource.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let interest = Validate.optionalText(interest, field: "interest", maxLength: 10_000, into: &errors)
        let province = Validate.optionalText(province, field: "province", maxLength: 100, into: &errors)
        let industry = Validate.optionalText(industry, field: "industry", maxLength: 100, into: &errors)
        let ownerText = ownerID.trimmingCharacters(in: .whitespaces)
        var owner = routed
        if !ownerText.isEmpty {
            owner = Identifier<User>(string: ownerText)
            if owner == nil {
                errors.add(field: "owner_id", code: "invalid_id", message: "Choose an owner from the list.")
            }
        } else if owner == nil {
            errors.add(field: "owner_id", code: "required", message: "Choose the manager who owns this lead.")
        }
        try errors.throwIfAny()
        guard let leadSource, let owner else { throw errors }
        return LeadFields(
            personName: person, companyName: company, phone: phoneEntry, email: emailAddress, source: leadSource,
            interest: interest, province: province, industry: industry, ownerID: owner)
    }
}
