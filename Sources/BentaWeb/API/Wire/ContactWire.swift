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
        phones = f.phones.map(PhoneOutput.init)
        emails = f.emails.map(\.value)
        preferredChannel = f.preferredChannel?.rawValue
        notes = f.notes
        status = contact.status.rawValue
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
        version = contact.version
    }
}
