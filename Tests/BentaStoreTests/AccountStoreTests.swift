import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct AccountStoreTests {
    @Test(arguments: TestEngine.available)
    func managerSeesOwnAndTeamSharedAccountsOnly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            func names(_ user: User) async throws -> [String] {
                try await database.read { db in
                    try await AccountStore(db).list(viewer: user.viewer, filter: AccountFilter(), page: PageRequest())
                }.items.map(\.fields.name)
            }
            #expect(try await names(world.manager1) == ["Bituin Hardware", "Tala Foods"])
            #expect(try await names(world.manager2) == ["Dagat Logistics", "Perlas Pharmacy"])
            // manager3 is in North with manager1, so sees the one account shared with North.
            #expect(try await names(world.manager3) == ["Tala Foods"])
            for user in [world.head, world.admin, world.accountant] {
                #expect(try await names(user).count == 4)
            }
            let hidden = world.manager2Accounts[0].id
            let found = try await database.read { db in
                try await AccountStore(db).find(hidden, viewer: world.manager1.viewer)
            }
            #expect(found == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func keysetPaginationVisitsEveryRowOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            for index in 0..<23 {
                var draft = AccountDraft()
                // Equal names force the id tie-breaker of the cursor.
                draft.name = index % 2 == 0 ? "Same Name" : "Account \(String(format: "%02d", index))"
                _ = try await world.services.accounts.create(draft, viewer: world.head.viewer)
            }
            var seen: [Account.ID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await world.services.accounts.list(
                    viewer: world.head.viewer, filter: AccountFilter(), page: PageRequest(limit: 5, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
            #expect(seen.count == 27)
            #expect(Set(seen).count == 27)
            #expect(pages == 6)
        }
    }

    @Test(arguments: TestEngine.available)
    func searchFindsByNameTinPhoneInAnyFormatAndEmail(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            func search(_ query: String, as user: User? = nil) async throws -> [String] {
                try await world.services.accounts.list(
                    viewer: (user ?? world.head).viewer, filter: AccountFilter(query: query), page: PageRequest()
                ).items.map(\.fields.name)
            }
            #expect(try await search("tala") == ["Tala Foods"])
            #expect(try await search("FOODS CORP") == ["Tala Foods"])
            #expect(try await search("222-333-444") == ["Dagat Logistics"])
            #expect(try await search("0918 222 0001") == ["Dagat Logistics"])
            #expect(try await search("+63 918-222-0001") == ["Dagat Logistics"])
            #expect(try await search("639182220001") == ["Dagat Logistics"])
            #expect(try await search("info@perlaspharmacy.ph") == ["Perlas Pharmacy"])
            #expect(try await search("100%_") == [])
            // Search honours visibility.
            #expect(try await search("dagat", as: world.manager1) == [])
        }
    }

    @Test(arguments: TestEngine.available)
    func updateWithStaleVersionChangesNothing(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var changed = world.manager1Accounts[1]
            changed.fields.name = "Renamed"
            changed.version = 2
            let account = changed
            let saved = try await database.transaction { db in
                try await AccountStore(db).update(account, expectedVersion: 7)
            }
            #expect(saved == false)
            let reread = try await world.services.accounts.account(account.id, viewer: world.head.viewer)
            #expect(reread.fields.name == "Bituin Hardware")
            #expect(reread.version == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func duplicateUserEmailIsAStorageConflict(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.users.add(
                    companyID: world.company.id, email: "MANAGER1@test.ph", name: "Copy", role: .manager,
                    password: TestWorld.password)
            }
        }
    }
}
