import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/contacts`: list, show, create, update, archive, unarchive, export (``ArchivableRecordAPI``).
struct ContactsAPIController: ArchivableRecordAPI {
    typealias Input = ContactInput

    let services: Services
    var service: ContactService { services.contacts }

    static let routes = ArchivableRecordAPIRoutes<Contact.ID>(
        collection: Paths.API.contacts, export: Paths.API.contactsExport, record: Paths.API.contact,
        archive: Paths.API.archiveContact, unarchive: Paths.API.unarchiveContact)

    func wire(_ contact: Contact, context: AuthenticatedContext) async throws -> ContactResponse {
        try await wires([contact], context: context)[0]
    }

    /// The page's contacts with their accounts' names, from one read of the accounts the viewer may see.
    func wires(_ contacts: [Contact], context: AuthenticatedContext) async throws -> [ContactResponse] {
        let names = try await services.accounts.names(of: contacts.map(\.fields.accountID), viewer: context.viewer)
        return contacts.map { ContactResponse($0, accountName: names[$0.fields.accountID]) }
    }
}
