import BentaCore
import Foundation

/// A contact as the API returns it.
struct ContactResponse: Encodable {
    let id: String
    let accountId: String
    let accountName: String?
    let name: String
    let position: String?
    let phones: [PhoneOutput]
    let emails: [String]
    let preferredChannel: String?
    let notes: String?
    let status: String
    let createdAt: Date
    let updatedAt: Date
    let version: Int64

    init(_ contact: Contact, accountName: String?) {
        let f = contact.fields
        id = contact.id.description
        accountId = f.accountID.description
        self.accountName = accountName
        name = f.name
        position = f.position
        phones = f.phones.map { PhoneOutput(number: $0.raw, e164: $0.e164, display: $0.display) }
        emails = f.emails.map(\.value)
        preferredChannel = f.preferredChannel?.rawValue
        notes = f.notes
        status = contact.status.rawValue
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
        version = contact.version
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(accountName, forKey: .accountName)
        try c.encode(name, forKey: .name)
        try c.encode(position, forKey: .position)
        try c.encode(phones, forKey: .phones)
        try c.encode(emails, forKey: .emails)
        try c.encode(preferredChannel, forKey: .preferredChannel)
        try c.encode(notes, forKey: .notes)
        try c.encode(status, forKey: .status)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(version, forKey: .version)
    }

    private enum CodingKeys: String, CodingKey {
        case id, accountId, accountName, name, position, phones, emails, preferredChannel, notes, status, createdAt
        case updatedAt, version
    }
}

/// The body of `POST /api/v1/contacts` and `PATCH /api/v1/contacts/{id}`.
struct ContactRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "account_id", "name", "position", "phones", "emails", "preferred_channel", "notes", "version",
    ]

    var accountId: String??
    var name: String??
    var position: String??
    var phones: [PhoneInput]??
    var emails: [String]??
    var preferredChannel: String??
    var notes: String??
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case accountId, name, position, phones, emails, preferredChannel, notes, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.patch(String.self, forKey: .accountId)
        name = try c.patch(String.self, forKey: .name)
        position = try c.patch(String.self, forKey: .position)
        phones = try c.patch([PhoneInput].self, forKey: .phones)
        emails = try c.patch([String].self, forKey: .emails)
        preferredChannel = try c.patch(String.self, forKey: .preferredChannel)
        notes = try c.patch(String.self, forKey: .notes)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    func apply(to draft: inout ContactDraft) {
        if let accountId { draft.accountID = accountId ?? "" }
        if let name { draft.name = name ?? "" }
        if let position { draft.position = position ?? "" }
        if let phones { draft.phones = (phones ?? []).map(\.number) }
        if let emails { draft.emails = emails ?? [] }
        if let preferredChannel { draft.preferredChannel = preferredChannel ?? "" }
        if let notes { draft.notes = notes ?? "" }
    }
}
