import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@testable import BentaServices

/// The one service path of archivable records (``ArchivableRecordService``), run for accounts and contacts alike
/// through the same generic check: visibility, a stale version reported with the version stored, archive and
/// unarchive through the change path with their audit rows named after the record, setting a status twice changing
/// nothing, an edit's `updated` row, and the history newest first.
@Suite(.timeLimit(.minutes(20))) struct ArchivableRecordServiceTests {
    @Test(arguments: TestEngine.available)
    func accountsAndContactsTakeTheSamePath(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await checkSharedPath(
                world.services.accounts, id: world.manager1Accounts[0].id, owner: world.manager1.viewer,
                stranger: world.manager2.viewer)
            try await checkSharedPath(
                world.services.contacts, id: world.manager1Contact.id, owner: world.manager1.viewer,
                stranger: world.manager2.viewer)
        }
    }

    @Test(arguments: TestEngine.available)
    func aRefusedEditLeavesTheRecordAndItsHistoryAsTheyWere(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let contact = world.manager1Contact
            let before = try await world.services.contacts.recordHistory(contact.id, viewer: viewer)
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.contacts.updateRecord(contact.id, viewer: viewer, expectedVersion: nil) {
                    $0.name = ""
                }
            }
            let after = try await world.services.contacts.findRecord(contact.id, viewer: viewer)
            #expect(after.fields == contact.fields)
            #expect(after.version == contact.version)
            #expect(try await world.services.contacts.recordHistory(contact.id, viewer: viewer) == before)
        }
    }

    private func checkSharedPath<Service: ArchivableRecordService>(
        _ service: Service, id: Service.Record.ID, owner: Viewer, stranger: Viewer
    ) async throws {
        let entity = Service.Record.entity
        let loaded = try await service.findRecord(id, viewer: owner)
        #expect(!loaded.isArchived)
        await #expect(throws: RecordError.notFound(entity: entity)) {
            _ = try await service.findRecord(id, viewer: stranger)
        }

        // A version the client never saw is refused with the version actually stored.
        await #expect(
            throws: RecordError.staleVersion(entity: entity, expected: loaded.version + 5, actual: loaded.version)
        ) {
            _ = try await service.setRecordStatus(
                .archived, of: id, viewer: owner, expectedVersion: loaded.version + 5)
        }

        let archived = try await service.setRecordStatus(
            .archived, of: id, viewer: owner, expectedVersion: loaded.version)
        #expect(archived.isArchived)
        #expect(archived.version == loaded.version + 1)
        // Archiving what is archived changes nothing: no new version, no audit row.
        let again = try await service.setRecordStatus(.archived, of: id, viewer: owner, expectedVersion: nil)
        #expect(again.version == archived.version)
        let restored = try await service.setRecordStatus(
            .active, of: id, viewer: owner, expectedVersion: archived.version)
        #expect(!restored.isArchived)

        let edited = try await service.updateRecord(id, viewer: owner, expectedVersion: restored.version) { _ in }
        #expect(edited.version == restored.version + 1)
        #expect(edited.fields == loaded.fields)
        #expect(try await service.findRecord(id, viewer: owner).version == edited.version)

        let history = try await service.recordHistory(id, viewer: owner)
        #expect(
            history.prefix(3).map(\.action) == ["\(entity).updated", "\(entity).unarchived", "\(entity).archived"])
        await #expect(throws: RecordError.notFound(entity: entity)) {
            _ = try await service.recordHistory(id, viewer: stranger)
        }
    }
}
