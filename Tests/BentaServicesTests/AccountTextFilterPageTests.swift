import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The accounts list filtered by a common word (issue 11): on SQLite the matches are sorted on their narrow
/// `account_search_rows` (migration 43) and only the page's accounts are read; on PostgreSQL every match's account
/// is joined and sorted. Either way every page must be exactly the right accounts in name order, for the head and
/// for a manager (own and team-shared accounts only), and stay so after a rename, a reassignment, an archive and a
/// merge (the narrow rows are kept by triggers).
@Suite(.timeLimit(.minutes(20))) struct AccountTextFilterPageTests {
    /// What the test knows of each account it made: enough to work out every page.
    struct Known {
        var id: Account.ID
        var name: String
        var owner: User.ID
        var team: Team.ID?
        var status: RecordStatus
        /// A merged account leaves the full-text index (only its survivor is found).
        var merged = false
    }

    static let count = 3_000
    static let prefixes = [
        "Alon", "Bituin", "Dagat", "Ilog", "Tala", "Perlas", "Sinag", "Bukid", "Ulap", "Hangin", "Ani",
    ]

    @Test(arguments: TestEngine.available)
    func everyPageOfACommonWordIsTheRightAccountsInOrder(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let managers = [world.manager1, world.manager2, world.manager3]
            let at = world.clock.now
            var known: [Known] = []
            var accounts: [Account] = []
            for index in 0..<Self.count {
                var draft = AccountDraft()
                // Two in three have the word; every fifth of a prefix shares its name with others (the id decides).
                let number = index % 5 == 0 ? "" : " \(index)"
                draft.name =
                    "\(Self.prefixes[index % Self.prefixes.count])\(number)"
                    + (index % 3 == 2 ? " Trading" : " Solutions")
                let owner = managers[index % managers.count]
                draft.ownerID = owner.id.description
                draft.teamID = index % 4 == 0 ? world.north.id.description : ""
                let status: RecordStatus = index % 10 == 9 ? .archived : .active
                let account = Account(
                    id: world.services.clock.newID(), companyID: world.company.id,
                    fields: try draft.validated(defaultCountry: .PH), status: status, createdAt: at, updatedAt: at,
                    version: 1)
                accounts.append(account)
                known.append(
                    Known(
                        id: account.id, name: draft.name, owner: owner.id,
                        team: index % 4 == 0 ? world.north.id : nil, status: status))
            }
            let loaded = accounts
            try await database.transaction { db in try await BulkInsert(db).accounts(loaded) }

            func expected(_ user: User, _ filter: AccountFilter) -> [Account.ID] {
                known.filter { account in
                    let words = account.name.lowercased().split(separator: " ")
                    guard !account.merged, words.contains(where: { $0.hasPrefix("solu") }) else { return false }
                    if let status = filter.status, account.status != status { return false }
                    if let owner = filter.ownerID, account.owner != owner { return false }
                    return user.role != .manager || account.owner == user.id
                        || (account.team == world.north.id && user.id != world.manager2.id)
                }.sorted {
                    ($0.name.lowercased(), $0.id.description) < ($1.name.lowercased(), $1.id.description)
                }.map(\.id)
            }
            func pages(_ user: User, _ filter: AccountFilter) async throws -> [[Account.ID]] {
                var result: [[Account.ID]] = []
                var cursor: String?
                repeat {
                    let request = PageRequest(limit: 50, cursor: cursor)
                    let page = try await database.read { db in
                        try await AccountStore(db).list(viewer: user.viewer, filter: filter, page: request)
                    }
                    result.append(page.items.map(\.id))
                    cursor = page.nextCursor
                } while cursor != nil && result.count < 200
                return result
            }
            func check(_ label: String) async throws {
                let filters = [
                    AccountFilter(query: "solutions"), AccountFilter(query: "SOLU"),
                    AccountFilter(status: nil, query: "solutions"),
                    AccountFilter(ownerID: world.manager3.id, query: "solutions"),
                ]
                for user in [world.head, world.manager1, world.manager2] {
                    for filter in filters {
                        let want = expected(user, filter)
                        let got = try await pages(user, filter)
                        let all = got.flatMap { $0 }
                        let firstDifference =
                            zip(all, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                            ?? min(all.count, want.count)
                        #expect(got.first == Array(want.prefix(50)), "\(label): first page, \(user.name), \(filter)")
                        #expect(
                            all == want,
                            "\(label): \(user.name), \(filter): \(all.count) rows, \(want.count) expected, first difference at \(firstDifference)"
                        )
                    }
                }
            }
            #expect(expected(world.head, AccountFilter(query: "solutions")).count > 1_500)
            #expect(expected(world.manager2, AccountFilter(query: "solutions")).count > 300)
            try await check("as loaded")

            let accountsService = world.services.accounts
            func index(where test: (Known) -> Bool) throws -> Int {
                let found = known.firstIndex(where: test)
                return try #require(found)
            }
            // A rename to the front of the order, and one that no longer has the word.
            let renamed = try index {
                $0.name.hasPrefix("Ulap") && $0.owner == world.manager2.id && $0.status == .active
            }
            _ = try await accountsService.update(known[renamed].id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.name = "Aaa Solutions"
            }
            known[renamed].name = "Aaa Solutions"
            let unworded = try index { $0.name.hasPrefix("Alon") && $0.status == .active }
            _ = try await accountsService.update(known[unworded].id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.name = "Alon Hardware"
            }
            known[unworded].name = "Alon Hardware"
            // A reassignment from manager2 (no team) to manager1.
            let moved = try index {
                $0.owner == world.manager2.id && $0.team == nil && $0.status == .active && $0.name.hasPrefix("Bituin")
                    && $0.name.hasSuffix("Solutions")
            }
            _ = try await accountsService.update(known[moved].id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.ownerID = world.manager1.id.description
            }
            known[moved].owner = world.manager1.id
            // An archive of the head's first account, and a merge (the victim is archived).
            let first = try #require(expected(world.head, AccountFilter(query: "solutions")).dropFirst().first)
            let archived = try index { $0.id == first }
            _ = try await accountsService.setStatus(
                .archived, of: known[archived].id, viewer: world.head.viewer, expectedVersion: nil)
            known[archived].status = .archived
            let victim = try index {
                $0.name.hasPrefix("Dagat") && $0.status == .active && $0.name.hasSuffix("Solutions")
            }
            let survivor = try index { $0.name.hasPrefix("Sinag") && $0.status == .active }
            _ = try await world.services.duplicates.mergeAccounts(
                known[victim].id, into: known[survivor].id, viewer: world.head.viewer)
            known[victim].status = .archived
            known[victim].merged = true
            let head = try await pages(world.head, AccountFilter(query: "solutions"))
            #expect(head.first?.first == known[renamed].id)
            #expect(!head.flatMap { $0 }.contains(known[unworded].id))
            let manager1 = try await pages(world.manager1, AccountFilter(query: "solutions")).flatMap { $0 }
            #expect(manager1.contains(known[moved].id))
            try await check("after rename, reassignment, archive and merge")
        }
    }
}
