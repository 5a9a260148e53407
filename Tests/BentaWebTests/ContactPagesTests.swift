import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The contact pages' share of the one page flow of archivable records (``ArchivableRecordPages``): archive and
/// unarchive return to the contact, an edit on a stale version comes back as the form with 412 and saves nothing,
/// a merge naming no contact is refused, and the CSV export answers the list's contacts.
@Suite(.timeLimit(.minutes(20))) struct ContactPagesTests {
    @Test(arguments: TestEngine.available)
    func theContactPagesTakeTheSharedFlow(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let contact = world.manager1Contact
            let viewer = world.manager1.viewer
            let manager = try await client.login("manager1@test.ph")

            let archived = try await client.browse(.post, Paths.archiveContact(contact.id), as: manager, form: [])
            #expect(archived.status == .found || archived.status == .seeOther)
            #expect(archived.headers[.location] == Paths.contact(contact.id))
            #expect(try await world.services.contacts.contact(contact.id, viewer: viewer).status == .archived)
            _ = try await client.browse(.post, Paths.unarchiveContact(contact.id), as: manager, form: [])
            let restored = try await world.services.contacts.contact(contact.id, viewer: viewer)
            #expect(restored.status == .active)

            let stale = try await client.browse(
                .post, Paths.contact(contact.id), as: manager,
                form: [
                    ("version", String(restored.version - 1)), ("account_id", contact.fields.accountID.description),
                    ("name", "Renamed on a stale form"),
                ])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("Renamed on a stale form"))
            #expect(try await world.services.contacts.contact(contact.id, viewer: viewer).version == restored.version)

            let saved = try await client.browse(
                .post, Paths.contact(contact.id), as: manager,
                form: [
                    ("version", String(restored.version)), ("account_id", contact.fields.accountID.description),
                    ("name", "Renamed"),
                ])
            #expect(saved.headers[.location] == Paths.contact(contact.id) + "?saved=1")
            #expect(try await world.services.contacts.contact(contact.id, viewer: viewer).fields.name == "Renamed")

            let head = try await client.login("head@test.ph")
            let merge = try await client.browse(
                .post, Paths.mergeContact(contact.id), as: head, form: [("from", "not-an-id")])
            #expect(merge.status == .unprocessableContent || merge.status == .badRequest)

            let csv = try await client.browse(.get, Paths.contactsExport(), as: manager)
            #expect(csv.status == .ok)
            #expect(csv.text.contains("Renamed"))
        }
    }
}
