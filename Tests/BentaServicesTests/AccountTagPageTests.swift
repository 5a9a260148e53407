import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The tag filter of the accounts list walks the tag's rows in page order: each tag row keeps its account's sort name
/// (migration 36), owner and team (migration 49; a manager's page is a union of their own and their teams' rows).
/// These tests check that the pages come out in the list's order (name, then id) for the head and for a manager, and
/// that the stored copies stay true when an account is renamed, merged, archived, reassigned or moved between teams.
@Suite(.timeLimit(.minutes(20))) struct AccountTagPageTests {
    /// 40 tagged accounts with names out of order, some sharing a name (the id decides), half manager1's and half
    /// manager2's, plus two accounts without the tag.
    static func makeTagged(_ world: TestWorld) async throws -> [Account] {
        var made: [Account] = []
        for index in 0..<40 {
            var draft = AccountDraft()
            draft.name = "Tagged \(["Mabini", "amihan", "Zamora", "Bayani", "Luna"][index % 5]) \((index * 7) % 13)"
            draft.tags = index % 3 == 0 ? ["bulk", "vip"] : ["bulk"]
            draft.ownerID = (index % 2 == 0 ? world.manager1 : world.manager2).id.description
            made.append(try await world.services.accounts.create(draft, viewer: world.head.viewer))
        }
        for name in ["Untagged One", "Untagged Two"] {
            var draft = AccountDraft()
            draft.name = name
            draft.tags = ["vip"]
            _ = try await world.services.accounts.create(draft, viewer: world.head.viewer)
        }
        return made
    }

    /// Every page of the tag filter, read with pages of `limit`.
    static func allPages(
        _ world: TestWorld, viewer: Viewer, tag: String, limit: Int = 7
    ) async throws -> [Account] {
        var items: [Account] = []
        var cursor: String?
        repeat {
            let page = try await world.services.accounts.list(
                viewer: viewer, filter: AccountFilter(tag: tag), page: PageRequest(limit: limit, cursor: cursor))
            #expect(page.items.count <= limit)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return items
    }

    /// The list's order: the lowercased name, then the id.
    static func listOrder(_ accounts: [Account]) -> [Account.ID] {
        accounts.sorted {
            ($0.fields.name.lowercased(), $0.id.description) < ($1.fields.name.lowercased(), $1.id.description)
        }.map(\.id)
    }

    /// Tag rows whose sort name, owner or team is not their account's (must be none).
    static func staleTagRows(_ database: any AppDatabase) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM account_tags t JOIN accounts a ON a.id = t.account_id
                WHERE t.sort_name <> a.sort_name OR t.account_owner_id <> a.owner_id
                    OR COALESCE(t.account_team_id, '') <> COALESCE(a.team_id, '')
                """
            ).first().map { try $0.decode(column: "n", as: Int.self) } ?? -1
        }
    }

    @Test(arguments: TestEngine.available)
    func tagPagesComeInNameOrderForHeadAndManager(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let tagged = try await Self.makeTagged(world)
            let head = try await Self.allPages(world, viewer: world.head.viewer, tag: "bulk")
            #expect(head.map(\.id) == Self.listOrder(tagged))
            let manager = try await Self.allPages(world, viewer: world.manager1.viewer, tag: "bulk")
            #expect(manager.map(\.id) == Self.listOrder(tagged.filter { $0.fields.ownerID == world.manager1.id }))
            #expect(manager.count == 20)
            // A tag the other accounts share too: the page holds exactly the tagged ones, in order.
            let vip = try await Self.allPages(world, viewer: world.head.viewer, tag: "vip", limit: 5)
            let expectedVIP = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(), page: PageRequest(limit: 100)
            ).items.filter { $0.fields.tags.contains("vip") }
            #expect(vip.map(\.id) == expectedVIP.map(\.id))
            #expect(vip.count >= 14 + 2)
            #expect(try await Self.staleTagRows(database) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func renameMergeAndArchiveKeepTheTagRowsSortName(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var tagged = try await Self.makeTagged(world)
            // Renamed from the middle of the list to its very end, and one to its start.
            let last = try await world.services.accounts.update(
                tagged[4].id, viewer: world.head.viewer, expectedVersion: nil
            ) { $0.name = "Zzz Renamed Last" }
            let first = try await world.services.accounts.update(
                tagged[9].id, viewer: world.head.viewer, expectedVersion: nil
            ) { $0.name = "AAA Renamed First" }
            tagged[4] = last
            tagged[9] = first
            #expect(try await Self.staleTagRows(database) == 0)
            var head = try await Self.allPages(world, viewer: world.head.viewer, tag: "bulk")
            #expect(head.map(\.id) == Self.listOrder(tagged))
            #expect(head.first?.id == first.id)
            #expect(head.last?.id == last.id)

            // Merge a tagged account into an untagged one: the survivor takes the tag with its own sort name, the
            // victim (archived) leaves the tag's pages.
            var draft = AccountDraft()
            draft.name = "Aardvark Survivor"
            let survivor = try await world.services.accounts.create(draft, viewer: world.head.viewer)
            let victim = tagged[10]
            let merged = try await world.services.duplicates.mergeAccounts(
                victim.id, into: survivor.id, viewer: world.head.viewer)
            #expect(merged.fields.tags.contains("bulk"))
            tagged.remove(at: 10)
            tagged.append(merged)
            #expect(try await Self.staleTagRows(database) == 0)
            head = try await Self.allPages(world, viewer: world.head.viewer, tag: "bulk")
            #expect(head.map(\.id) == Self.listOrder(tagged))
            #expect(head.contains { $0.id == survivor.id })
            #expect(!head.contains { $0.id == victim.id })

            // Archived: out of the active pages, in the archived ones, its tag row still in step.
            let archived = try await world.services.accounts.setStatus(
                .archived, of: tagged[0].id, viewer: world.head.viewer, expectedVersion: nil)
            head = try await Self.allPages(world, viewer: world.head.viewer, tag: "bulk")
            #expect(head.map(\.id) == Self.listOrder(Array(tagged.dropFirst())))
            let archivedPage = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(status: .archived, tag: "bulk"),
                page: PageRequest(limit: 10))
            #expect(archivedPage.items.map(\.id) == [archived.id])
            #expect(try await Self.staleTagRows(database) == 0)
        }
    }

    /// The tag page walks `account_tags_sorted` in page order, without sorting the tagged accounts, on the first page
    /// and after a cursor (SQLite's plan of the statement the store sends, for a manager and for the head).
    @Test func theTagPageWalksTheSortedTagIndex() async throws {
        let cursor = SortCursor(sortName: "m", id: "0").encoded
        for page in [PageRequest(limit: 50), PageRequest(limit: 50, cursor: cursor)] {
            let plans = try await ListQueryPlanTests.plans { db, viewer in
                _ = try await AccountStore(db).list(viewer: viewer, filter: AccountFilter(tag: "vip"), page: page)
            }
            for (viewer, plan) in plans {
                // The head walks the tag's rows; a manager their own accounts' rows of the tag, then their team's
                // shared ones (migration 49), each part in page order; the only sort merges the parts' pages.
                let indexes =
                    viewer == "head" ? ["account_tags_sorted"] : ["account_tags_owner_page", "account_tags_team_page"]
                ListQueryPlanTests.expectWalks(plan, of: viewer, alias: "t", indexes: indexes)
                #expect(!plan.contains { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN part") }, "\(viewer): \(plan)")
            }
        }
    }

    /// A manager's tag pages are the visible accounts with the tag (their own, and their team's shared ones), and
    /// stay so when an account changes hands or teams: manager1 and manager3 share the team North.
    @Test(arguments: TestEngine.available)
    func aManagersTagPagesFollowOwnersAndTeams(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let north = try #require(world.manager1Accounts.first?.fields.teamID)
            var made: [Account] = []
            for index in 0..<24 {
                var draft = AccountDraft()
                draft.name = "Shared \(["Mabini", "amihan", "Zamora"][index % 3]) \((index * 5) % 7)"
                draft.tags = ["team"]
                draft.ownerID = [world.manager1, world.manager2, world.manager3][index % 3].id.description
                draft.teamID = index % 2 == 0 ? north.description : ""
                made.append(try await world.services.accounts.create(draft, viewer: world.head.viewer))
            }
            /// What a manager should see: owned, or shared with North when they are in it.
            func expected(_ manager: User, inNorth: Bool) -> [Account.ID] {
                Self.listOrder(
                    made.filter { $0.fields.ownerID == manager.id || (inNorth && $0.fields.teamID == north) })
            }
            func check(_ context: String) async throws {
                for (manager, inNorth) in [(world.manager1, true), (world.manager2, false), (world.manager3, true)] {
                    let seen = try await Self.allPages(world, viewer: manager.viewer, tag: "team", limit: 4)
                    #expect(seen.map(\.id) == expected(manager, inNorth: inNorth), "\(context): \(manager.name)")
                }
                #expect(try await Self.staleTagRows(database) == 0, "\(context)")
            }
            try await check("created")
            #expect(Set(made.map(\.fields.ownerID)).count == 3)
            // manager2's account without a team goes to manager1; a shared one of manager3 leaves the team; one of
            // manager2 joins it.
            let moves: [(Int, @Sendable (inout AccountDraft) -> Void)] = [
                (1, { $0.ownerID = world.manager1.id.description }),
                (2, { $0.teamID = "" }),
                (3, { $0.teamID = north.description }),
            ]
            for (index, change) in moves {
                made[index] = try await world.services.accounts.update(
                    made[index].id, viewer: world.head.viewer, expectedVersion: nil, change: change)
            }
            try await check("changed hands and teams")
        }
    }
}
