import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// A phone is found by its ending through the full-text index (issue 14): a landline typed without its area code,
/// the last seven or more digits of a mobile; migration 26 gives the records indexed before it the same words.
@Suite(.timeLimit(.minutes(20))) struct PhoneEndingSearchTests {
    @Test func aNumberOfSevenDigitsOrMoreAlsoMatchesPhoneEndings() {
        #expect(SearchWords.terms(in: "8111 0002") == [["81110002", "zzq20001118"]])
        #expect(SearchWords.terms(in: "0002") == [["2", "0002"]])
        #expect(SearchWords.phoneEndings(["+6328110002"]) == " zzq2000118236")
        #expect(SearchWords.document(["Bituin"], phones: ["+6328110002"]).hasSuffix(" zzq2000118236"))
    }

    @Test(arguments: TestEngine.available)
    func theMigrationGivesOlderIndexRowsTheirPhonesEndings(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var lead = LeadDraft()
            lead.phone = "(02) 8765 4321"
            _ = try await world.services.leads.create(lead, viewer: world.manager1.viewer, companyID: world.company.id)
            let head = world.head.viewer
            func found(_ query: String) async throws -> [String] {
                try await world.services.search.search(query, viewer: head).map(\.title).sorted()
            }
            #expect(try await found("8111 0002") == ["Bituin Hardware"])
            #expect(try await found("555 0101") == ["Maria Santos"])
            #expect(try await found("8765-4321") == ["(02) 8765 4321"])
            let stored = try await database.read { db in try await Self.indexRows(db) }
            // The rows as written before migration 26: without the endings.
            let position = database.engine == .postgres ? "STRPOS(content, ' zzq')" : "INSTR(content, ' zzq')"
            try await database.transaction { db in
                try await db.raw(
                    SQLQueryString(
                        "UPDATE search_index SET content = SUBSTR(content, 1, \(position) - 1) WHERE \(position) > 0")
                ).run()
            }
            #expect(try await found("8111 0002").isEmpty)
            try await database.transaction { db in try await M0026_PhoneEndings().backfill(db) }
            #expect(try await database.read { db in try await Self.indexRows(db) } == stored)
            #expect(try await found("8111 0002") == ["Bituin Hardware"])
            #expect(try await found("555 0101") == ["Maria Santos"])
            #expect(try await found("8765-4321") == ["(02) 8765 4321"])
        }
    }

    static func indexRows(_ db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SELECT entity, record_id, content FROM search_index ORDER BY entity, record_id").all().map {
            "\(try $0.decode(column: "entity", as: String.self)) \(try $0.decode(column: "record_id", as: String.self)) "
                + (try $0.decode(column: "content", as: String.self))
        }
    }
}
