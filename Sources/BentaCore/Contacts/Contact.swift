import Foundation

/// A person at a customer account: the representative a manager calls, writes to and meets.
public struct Contact: Sendable, Hashable {
    public typealias ID = Identifier<Contact>

    public var id: ID
    public var companyID: Company.ID
    public var fields: ContactFields
    public var status: RecordStatus
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, fields: ContactFields, status: RecordStatus, createdAt: Date,
        updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// How a contact prefers to be reached.
public enum ContactChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case phone
    case email
    case sms
    case viber
    case inPerson = "in_person"
}

/// The validated, editable content of a contact.
public struct ContactFields: Sendable, Hashable {
    public var accountID: Account.ID
    public var name: String
    public var position: String?
    public var phones: [PhoneEntry]
    public var emails: [EmailAddress]
    public var preferredChannel: ContactChannel?
    public var notes: String?

    public init(
        accountID: Account.ID, name: String, position: String? = nil, phones: [PhoneEntry] = [],
        emails: [EmailAddress] = [], preferredChannel: ContactChannel? = nil, notes: String? = nil
    ) {
        self.accountID = accountID
        self.name = name
        self.position = position
        self.phones = phones
        self.emails = emails
        self.preferredChannel = preferredChannel
        self.notes = notes
    }
}

/// A contact as typed in a form or sent in JSON, before validation.
public struct ContactDraft: Sendable, Hashable {
    public var accountID: String = ""
    public var name: String = ""
    public var position: String = ""
    public var phones: [String] = []
    public var emails: [String] = []
    public var preferredChannel: String = ""
    public var notes: String = ""

    public init() {}

    public init(_ fields: ContactFields) {
        accountID = fields.accountID.description
        name = fields.name
        position = fields.position ?? ""
        phones = fields.phones.map(\.raw)
        emails = fields.emails.map(\.value)
        preferredChannel = fields.preferredChannel?.rawValue ?? ""
        notes = fields.notes ?? ""
    }

    /// Checks every field; returns the typed fields or every problem at once.
    public func validated(defaultCountry: CountryCode) throws(ValidationErrors) -> ContactFields {
        var errors = ValidationErrors()
        let account = Identifier<Account>(string: accountID.trimmingCharacters(in: .whitespaces))
        if account == nil {
            errors.add(field: "account_id", code: "required", message: "Choose the account this contact works for.")
        }
        let name = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        let position = Validate.optionalText(position, field: "position", maxLength: 200, into: &errors)
        let phones = Validate.phones(phones, field: "phones", defaultCountry: defaultCountry, into: &errors)
        let emails = Validate.emails(emails, field: "emails", into: &errors)
        var channel: ContactChannel?
        let channelText = preferredChannel.trimmingCharacters(in: .whitespaces)
        if !channelText.isEmpty {
            channel = ContactChannel(rawValue: channelText)
            if channel == nil {
                errors.add(
                    field: "preferred_channel", code: "invalid_choice",
                    message: "Choose one of: phone, email, sms, viber, in_person.")
            }
        }
        let notes = Validate.optionalText(notes, field: "notes", maxLength: 10_000, into: &errors)
        try errors.throwIfAny()
        guard let account, let name else { throw errors }
        return ContactFields(
            accountID: account, name: name, position: position, phones: phones, emails: emails,
            preferredChannel: channel, notes: notes)
    }
}
