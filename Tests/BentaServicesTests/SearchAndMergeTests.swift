import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct SearchAndMergeTests {
    @Test(arguments: TestEngine.available)
    func oneSearchBoxFindsAccountsContactsAndLeadsTheViewerMaySee(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var lead = LeadDraft()
            lead.personName = "Jericho Peñaflor"
            lead.companyName = "Habagat Builders"
            lead.phone = "0927 888 1234"
            _ = try await world.services.leads.create(lead, viewer: world.manager1.viewer, companyID: world.company.id)
            func titles(_ text: String, _ user: User) async throws -> [String] {
                try await world.services.search.search(text, viewer: user.viewer).map {
                    "\($0.entity.rawValue):\($0.title)"
                }
            }
            #expect(try await titles("tala", world.head) == ["account:Tala Foods"])
            #expect(try await titles("maria santos", world.head) == ["contact:Maria Santos"])
            #expect(try await titles("penaflor", world.manager1) == ["lead:Jericho Peñaflor"])
            #expect(try await titles("PEÑAFLOR", world.manager1) == ["lead:Jericho Peñaflor"])
            #expect(try await titles("0927 888 1234", world.manager1) == ["lead:Jericho Peñaflor"])
            #expect(try await titles("+63 917 555 0101", world.head) == ["contact:Maria Santos"])
            #expect(try await titles("111-222-333", world.head) == ["account:Tala Foods"])
            // A TIN that starts with 0 is found as typed (a leading 0 used to be taken for a phone's trunk prefix).
            var zeroTIN = AccountDraft()
            zeroTIN.name = "Sampaguita Trading"
            zeroTIN.tin = "008-765-432-00000"
            zeroTIN.ownerID = world.manager1.id.description
            _ = try await world.services.accounts.create(zeroTIN, viewer: world.manager1.viewer)
            #expect(try await titles("008-765-432", world.head) == ["account:Sampaguita Trading"])
            #expect(try await titles("008765432", world.manager1) == ["account:Sampaguita Trading"])
            #expect(try await titles("perlaspharmacy", world.head) == ["account:Perlas Pharmacy"])
            #expect(try await titles("logis", world.head) == ["account:Dagat Logistics"])
            // Visibility: manager2 sees none of manager1's records, and the lead is manager1's.
            #expect(try await titles("tala", world.manager2) == [])
            #expect(try await titles("penaflor", world.manager2) == [])
            #expect(try await titles("\"; DROP TABLE accounts; --", world.head) == [])
            #expect(try await titles("", world.head) == [])
            // Renaming re-indexes.
            _ = try await world.services.accounts.update(
                world.manager1Accounts[1].id, viewer: world.manager1.viewer, expectedVersion: nil
            ) { $0.name = "Bituin Builders Depot" }
            #expect(try await titles("depot", world.manager1) == ["account:Bituin Builders Depot"])
        }
    }

    @Test(arguments: TestEngine.available)
    func likelyDuplicatesAreFoundBySamePhoneEmailTINOrSimilarName(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            func check(_ change: (inout AccountDraft) -> Void) async throws -> [String] {
                var draft = AccountDraft()
                draft.name = "Something Else Entirely"
                draft.ownerID = world.manager1.id.description
                change(&draft)
                let fields = try draft.validated(defaultCountry: .PH)
                return try await world.services.duplicates.accounts(like: fields, viewer: world.head.viewer)
                    .map { "\($0.record.fields.name):\($0.reasons.map(\.rawValue).joined(separator: ","))" }
            }
            #expect(try await check { $0.name = "TALA FOODS, INC." } == ["Tala Foods:similar_name"])
            #expect(try await check { $0.phones = ["+63 917 111 0001"] } == ["Tala Foods:same_phone"])
            #expect(try await check { $0.tin = "111222333-00002" } == ["Tala Foods:same_tin"])
            #expect(try await check { $0.email = "INFO@dagatlogistics.ph" } == ["Dagat Logistics:same_email"])
            #expect(try await check { _ in } == [])
        }
    }

    @Test(arguments: TestEngine.available)
    func mergingAccountsKeepsAllHistoryInOneTransaction(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let survivor = world.manager1Accounts[0]
            let victim = world.manager2Accounts[0]
            var call = ActivityDraft()
            call.accountID = victim.id.description
            call.body = "Called Dagat"
            _ = try await world.services.activities.log(call, viewer: world.manager2.viewer)
            await #expect(throws: RecordError.self) {
                _ = try await world.services.duplicates.mergeAccounts(
                    victim.id, into: survivor.id, viewer: world.manager1.viewer)
            }
            let merged = try await world.services.duplicates.mergeAccounts(
                victim.id, into: survivor.id, viewer: world.head.viewer)
            #expect(merged.fields.phones.map(\.e164).contains("+639182220001"))
            let contacts = try await world.services.contacts.list(
                viewer: world.head.viewer, filter: ContactFilter(accountID: survivor.id), page: PageRequest())
            #expect(Set(contacts.items.map(\.fields.name)) == ["Maria Santos", "Jose Reyes"])
            let timeline = try await world.services.activities.timeline(
                .account(survivor.id), viewer: world.head.viewer)
            #expect(timeline.items.contains { $0.body == "Called Dagat" })
            let old = try await world.services.accounts.account(victim.id, viewer: world.head.viewer)
            #expect(old.status == .archived)
            #expect(try await world.services.search.search("dagat", viewer: world.head.viewer).isEmpty)
            let calls = try await world.services.inboundCalls.receive(from: "0918 222 0001", viewer: world.head.viewer)
            #expect(calls.matches.first?.account.id == survivor.id)
        }
    }

    @Test(arguments: TestEngine.available)
    func mergingContactsMovesTheirHistory(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var draft = ContactDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.name = "Ma. Santos"
            draft.emails = ["maria.santos@tala.ph"]
            let copy = try await world.services.contacts.create(draft, viewer: world.manager1.viewer)
            let likely = try await world.services.duplicates.contacts(
                like: copy.fields, excluding: copy.id, viewer: world.manager1.viewer)
            #expect(likely.isEmpty || likely.contains { $0.record.id == world.manager1Contact.id })
            var note = ActivityDraft()
            note.kind = "note"
            note.contactID = copy.id.description
            note.body = "Prefers Viber"
            _ = try await world.services.activities.log(note, viewer: world.manager1.viewer)
            let merged = try await world.services.duplicates.mergeContacts(
                copy.id, into: world.manager1Contact.id, viewer: world.admin.viewer)
            #expect(merged.fields.emails.map(\.normalized).contains("maria.santos@tala.ph"))
            let timeline = try await world.services.activities.timeline(.contact(merged.id), viewer: world.admin.viewer)
            #expect(timeline.items.contains { $0.body == "Prefers Viber" })
        }
    }
    @Test(arguments: TestEngine.available)
    func aSimilarNameIsFoundAmongEveryContactOfTheAccountNotOnlyTheFirstPage(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let account = world.manager1Accounts[1]
            // 205 contacts that sort before the one the new contact resembles: once only the first 200 were read.
            for number in 1...205 {
                var filler = ContactDraft()
                filler.accountID = account.id.description
                filler.name = "Andres Filler " + String(format: "%03d", number)
                _ = try await world.services.contacts.create(filler, viewer: world.manager1.viewer)
            }
            var existing = ContactDraft()
            existing.accountID = account.id.description
            existing.name = "Zenaida Zamora"
            let zenaida = try await world.services.contacts.create(existing, viewer: world.manager1.viewer)
            var fields = zenaida.fields
            fields.name = "Zenaida Zamorra"
            let likely = try await world.services.duplicates.contacts(like: fields, viewer: world.manager1.viewer)
            #expect(likely.map(\.record.id) == [zenaida.id])
            #expect(likely.first?.reasons == [.similarName])
            // Another manager sees none of them.
            #expect(try await world.services.duplicates.contacts(like: fields, viewer: world.manager2.viewer).isEmpty)
        }
    }
}
