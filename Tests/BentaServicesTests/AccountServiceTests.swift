import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct AccountServiceTests {
    @Test(arguments: TestEngine.available)
    func createNormalizesPhonesAndTINAndWritesAudit(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = AccountDraft()
            draft.name = "  Sampaguita Pharma  "
            draft.tin = "123 456 789 000"
            draft.phones = ["0917 123 4567", "(02) 8123-4567", ""]
            draft.tags = ["VIP", "vip", " key-account "]
            let account = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
            #expect(account.fields.name == "Sampaguita Pharma")
            #expect(account.fields.tin?.digits == "12345678900000")
            #expect(account.fields.tin?.formatted == "123-456-789-00000")
            #expect(account.fields.phones.map(\.e164) == ["+639171234567", "+63281234567"])
            #expect(account.fields.phones.map(\.raw) == ["0917 123 4567", "(02) 8123-4567"])
            #expect(account.fields.tags == ["vip", "key-account"])
            #expect(account.fields.ownerID == world.manager1.id)
            let history = try await world.services.accounts.history(account.id, viewer: world.manager1.viewer)
            #expect(history.map(\.action) == ["account.created"])
        }
    }

    @Test(arguments: TestEngine.available)
    func invalidInputIsRefusedWithEveryFieldAndNothingIsSaved(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = AccountDraft()
            draft.name = "   "
            draft.tin = "12-34"
            draft.phones = ["call me"]
            draft.email = "not-an-email"
            draft.website = "ht tp://x"
            do {
                _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
                Issue.record("invalid account was created")
            } catch let errors as ValidationErrors {
                #expect(Set(errors.fields) == ["name", "tin", "phones[0]", "email", "website"])
            }
            let all = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(status: nil), page: PageRequest())
            #expect(all.items.count == 4)
        }
    }

    @Test(arguments: TestEngine.available)
    func managersCannotGiveAccountsAwayButHeadsCan(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let account = world.manager1Accounts[1]
            let manager2 = world.manager2.id.description
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.accounts.update(
                    account.id, viewer: world.manager1.viewer, expectedVersion: 1
                ) { $0.ownerID = manager2 }
            }
            var draft = AccountDraft()
            draft.name = "Gift"
            draft.ownerID = manager2
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
            }
            let moved = try await world.services.accounts.update(
                account.id, viewer: world.head.viewer, expectedVersion: 1
            ) { $0.ownerID = manager2 }
            #expect(moved.fields.ownerID == world.manager2.id)
            #expect(moved.version == 2)
            // Now manager1 no longer sees it.
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await world.services.accounts.account(account.id, viewer: world.manager1.viewer)
            }
            // The accountant cannot own accounts.
            let accountant = world.accountant.id.description
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.accounts.update(
                    account.id, viewer: world.head.viewer, expectedVersion: 2
                ) { $0.ownerID = accountant }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func staleVersionIsRefusedAndInvisibleAccountsAreNotFound(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let id = world.manager1Accounts[1].id
            _ = try await world.services.accounts.update(id, viewer: world.manager1.viewer, expectedVersion: 1) {
                $0.notes = "first"
            }
            await #expect(throws: RecordError.staleVersion(entity: "account", expected: 1, actual: 2)) {
                _ = try await world.services.accounts.update(id, viewer: world.manager1.viewer, expectedVersion: 1) {
                    $0.notes = "second"
                }
            }
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await world.services.accounts.update(id, viewer: world.manager2.viewer, expectedVersion: 2) {
                    $0.notes = "sneaky"
                }
            }
            let account = try await world.services.accounts.account(id, viewer: world.head.viewer)
            #expect(account.fields.notes == "first")
            #expect(account.version == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func archiveHidesFromTheDefaultListAndUnarchiveBringsBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let id = world.manager1Accounts[0].id
            let archived = try await world.services.accounts.setStatus(
                .archived, of: id, viewer: world.manager1.viewer, expectedVersion: nil)
            #expect(archived.status == .archived)
            let active = try await world.services.accounts.list(
                viewer: world.manager1.viewer, filter: AccountFilter(), page: PageRequest())
            #expect(!active.items.contains { $0.id == id })
            let archivedList = try await world.services.accounts.list(
                viewer: world.manager1.viewer, filter: AccountFilter(status: .archived), page: PageRequest())
            #expect(archivedList.items.map(\.id) == [id])
            // No new contacts on an archived account.
            var draft = ContactDraft()
            draft.accountID = id.description
            draft.name = "Late Comer"
            await #expect(throws: RecordError.self) {
                _ = try await world.services.contacts.create(draft, viewer: world.manager1.viewer)
            }
            let restored = try await world.services.accounts.setStatus(
                .active, of: id, viewer: world.manager1.viewer, expectedVersion: archived.version)
            #expect(restored.status == .active)
            #expect(
                try await world.services.accounts.history(id, viewer: world.head.viewer).map(\.action)
                    == ["account.unarchived", "account.archived", "account.created"])
        }
    }

    @Test(arguments: TestEngine.available)
    func contactsFollowTheirAccountsVisibility(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let contacts = world.services.contacts
            #expect(
                try await contacts.contact(world.manager1Contact.id, viewer: world.manager3.viewer).fields.name
                    == "Maria Santos")
            await #expect(throws: RecordError.notFound(entity: "contact")) {
                _ = try await contacts.contact(world.manager2Contact.id, viewer: world.manager1.viewer)
            }
            // A manager cannot attach a contact to an account they cannot see.
            var draft = ContactDraft()
            draft.accountID = world.manager2Accounts[0].id.description
            draft.name = "Intruder"
            await #expect(throws: ValidationErrors.self) {
                _ = try await contacts.create(draft, viewer: world.manager1.viewer)
            }
            let list = try await contacts.list(
                viewer: world.manager1.viewer, filter: ContactFilter(), page: PageRequest())
            #expect(list.items.map(\.fields.name) == ["Maria Santos"])
            let byPhone = try await contacts.list(
                viewer: world.head.viewer, filter: ContactFilter(query: "+63 918 555 0202"), page: PageRequest())
            #expect(byPhone.items.map(\.fields.name) == ["Jose Reyes"])
            let export = try await contacts.exportCSV(viewer: world.manager1.viewer, filter: ContactFilter())
            #expect(export.contains("Maria Santos"))
            #expect(!export.contains("Jose Reyes"))
        }
    }

    @Test(arguments: TestEngine.available)
    func exportHonoursVisibilityAndNeutralizesFormulas(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = AccountDraft()
            draft.name = "=HYPERLINK(\"http://evil\")"
            _ = try await world.services.accounts.create(draft, viewer: world.manager1.viewer)
            let csv = try await world.services.accounts.exportCSV(
                viewer: world.manager1.viewer, filter: AccountFilter())
            #expect(csv.contains("Tala Foods"))
            #expect(!csv.contains("Dagat Logistics"))
            #expect(csv.contains("\"'=HYPERLINK("))
            // Phone cells start with + and are neutralized like any formula.
            #expect(!csv.contains(",+63"))
            #expect(csv.contains(",'+639171110001"))
        }
    }
}
