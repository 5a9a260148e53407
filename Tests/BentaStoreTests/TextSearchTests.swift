import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The text filters of the lists and the search box read the full-text index (issue 11), with one rule
/// (``SearchWords``): every word of the query, the last as a prefix and the others whole; a phone in any format from
/// its first digits; a TIN with or without dashes.
@Suite(.timeLimit(.minutes(20))) struct TextSearchTests {
    @Test(arguments: TestEngine.available)
    func theAccountFilterFindsWordsPhonesInAnyFormatTINsAndEmails(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            func names(_ query: String) async throws -> [String] {
                try await world.services.accounts.list(
                    viewer: world.head.viewer, filter: AccountFilter(query: query), page: PageRequest()
                ).items.map(\.fields.name)
            }
            let tala = ["Tala Foods"]
            // Words: the last one as a prefix (it may still be being typed), the others whole.
            #expect(try await names("tala fo") == tala)
            #expect(try await names("ta foods") == [])
            #expect(try await names("FOODS CORP") == tala)
            #expect(try await names("foods  tala") == tala)
            // Tala Foods' phone is 0917 111 0001, however it is typed, from its first digits.
            for phone in [
                "0917 111 0001", "(0917) 111-0001", "+63 917 111 0001", "63-917-111-0001", "917 111 0001",
                "0917 111", "0917-11", "+63 917",
            ] {
                #expect(try await names(phone) == tala, "\(phone)")
            }
            // Its last seven digits or more find it too (a landline typed without its area code, issue 14); fewer
            // are neither its start nor an ending.
            #expect(try await names("111 0001") == tala)
            #expect(try await names("10001") == [])
            // The TIN 111-222-333, head office: 9, 12 or 14 digits, with or without dashes, or its start.
            for tin in ["111-222-333", "111222333", "111-222-333-000", "111 222 333 00000", "111-222-3"] {
                #expect(try await names(tin) == tala, "\(tin)")
            }
            // An email address whole, or one of its words.
            #expect(try await names("info@talafoods.ph") == tala)
            #expect(try await names("talafoo") == tala)
            // Nothing but punctuation matches nothing (and reaches no query syntax).
            #expect(try await names("%_*\"") == [])
            #expect(try await names("\"tala\" *") == tala)
            #expect(try await names("tala 0917") == tala)
        }
    }

    @Test(arguments: TestEngine.available)
    func theContactAndLeadFiltersFollowTheSameRule(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var lead = LeadDraft()
            lead.personName = "Jericho Peñaflor"
            lead.companyName = "Habagat Builders"
            lead.phone = "0927 888 1234"
            _ = try await world.services.leads.create(lead, viewer: world.manager1.viewer, companyID: world.company.id)
            func contacts(_ query: String) async throws -> [String] {
                try await world.services.contacts.list(
                    viewer: world.head.viewer, filter: ContactFilter(query: query), page: PageRequest()
                ).items.map(\.fields.name)
            }
            func leads(_ query: String) async throws -> [String] {
                try await world.services.leads.list(
                    viewer: world.head.viewer, filter: LeadFilter(query: query), page: PageRequest()
                ).items.map(\.displayName)
            }
            #expect(try await contacts("jose re") == ["Jose Reyes"])
            #expect(try await contacts("jo reyes") == [])
            #expect(try await contacts("0918-555") == ["Jose Reyes"])
            #expect(try await contacts("jose@example.ph") == ["Jose Reyes"])
            #expect(try await leads("penaflor hab") == ["Jericho Peñaflor"])
            #expect(try await leads("+63 927 888") == ["Jericho Peñaflor"])
            #expect(try await leads("jeri builders") == [])
        }
    }

    @Test(arguments: TestEngine.available)
    func textFiltersReadTheIndexNotTheTable(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let statements = try await database.read { db in
                let recording = RecordingDatabase(db)
                _ = try await AccountStore(recording).list(
                    viewer: viewer, filter: AccountFilter(query: "tala 0917"), page: PageRequest())
                _ = try await ContactStore(recording).list(
                    viewer: viewer, filter: ContactFilter(query: "maria"), page: PageRequest())
                _ = try await LeadStore(recording).list(
                    viewer: viewer, filter: LeadFilter(query: "maria"), page: PageRequest())
                _ = try await AccountStore(recording).candidates(
                    tinBase: "111222333", firstWord: "tala", viewer: viewer)
                return recording.statements
            }
            #expect(statements.count == 4)
            for statement in statements {
                #expect(!statement.sql.uppercased().contains("LIKE"), "\(statement.sql)")
                #expect(statement.sql.contains(engine == .sqlite ? "MATCH" : "@@"), "\(statement.sql)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func theSearchBoxIsOneStatementWithOnlyTheLastWordAsAPrefix(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.head.viewer
            let (hits, statements) = try await database.read { db in
                let recording = RecordingDatabase(db)
                let hits = try await SearchStore(recording).search("maria san", viewer: viewer)
                return (hits, recording.statements)
            }
            #expect(hits.map(\.title) == ["Maria Santos"])
            #expect(statements.count == 1)
            let binds = statements.first?.binds.compactMap { $0 as? String } ?? []
            #expect(binds.contains(engine == .sqlite ? "\"maria\" AND \"san\"*" : "maria & san:*"), "\(binds)")
            // The index is matched once in that statement.
            let sql = statements.first?.sql ?? ""
            let matches = sql.components(separatedBy: engine == .sqlite ? "MATCH" : "@@").count - 1
            #expect(matches == 1, "\(sql)")
            // "ma" alone is a prefix of Maria; "ma santos" needs a word "ma".
            let search = world.services.search
            #expect(try await search.search("ma", viewer: viewer).map(\.title) == ["Maria Santos"])
            #expect(try await search.search("ma santos", viewer: viewer).isEmpty)
            // Accounts first, then contacts, then leads; each kind at most `limit`.
            let both = try await search.search("ph", viewer: viewer, limit: 3)
            #expect(both.map(\.entity) == [.account, .account, .account, .contact, .contact])
        }
    }
}
