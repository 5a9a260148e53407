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
