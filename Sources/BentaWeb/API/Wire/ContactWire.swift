import BentaCore
import Foundation

/// A contact as the API returns it.
struct ContactResponse: WireWritable {
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

    func writeMembers(to object: inout WireObject) throws {
        try object.string("id", id)
        try object.string("account_id", accountId)
        try object.string("account_name", accountName)
        try object.string("name", name)
        try object.string("position", position)
        try object.array("phones", phones)
        try object.strings("emails", emails)
        try object.string("preferred_channel", preferredChannel)
        try object.string("notes", notes)
        try object.string("status", status)
        try object.date("created_at", createdAt)
        try object.date("updated_at", updatedAt)
        try object.integer("version", version)
    }
}
