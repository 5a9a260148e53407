import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// The text filters of the deal, product and contract lists read the full-text index (issue 11): whole words and
/// prefixes match as the `LIKE` scan did, the index follows every rename in the record's own transaction (and a
/// deal's or contract's follows its account's), migration 19 indexes the records that existed before it, and a
/// text found only inside a word no longer matches (the trade-off for an index).
@Suite(.timeLimit(.minutes(20))) struct IndexedListFilterTests {
    /// Manager 1's account "Tala Coffee Roasters" with a deal, a product and a contract whose own words do not name
    /// it, and the same kinds of record on manager 1's "Tala Foods", which holds one of the two words only.
    struct Records {
        var roasters: Account
        var deal: Deal
        var product: Product
        var contract: Contract
        var foodsDeal: Deal
    }

    static func records(_ world: TestWorld) async throws -> Records {
        let viewer = world.manager1.viewer
        var account = AccountDraft()
        account.name = "Tala Coffee Roasters"
        account.tin = "333444555"
        let roasters = try await world.services.accounts.create(account, viewer: viewer)
        func deal(_ title: String, on account: Account) async throws -> Deal {
            var draft = DealDraft()
            draft.accountID = account.id.description
            draft.title = title
            draft.amount = "90000.00"
            draft.expectedClose = "2026-12-20"
            return try await world.services.deals.create(draft, viewer: viewer)
        }
        var product = ProductDraft()
        product.code = "KAPE-0042"
        product.name = "Barako beans"
        product.unit = "kg"
        product.unitPrice = "450.00"
        var signatory = ContactDraft()
        signatory.accountID = roasters.id.description
        signatory.name = "Lorna Villanueva"
        signatory.emails = ["lorna@talacoffee.ph"]
        let contact = try await world.services.contacts.create(signatory, viewer: viewer)
        var contract = ContractDraft()
        contract.accountID = roasters.id.description
        contract.signatoryContactID = contact.id.description
        contract.title = "Serbisyo ng makina"
        contract.startDate = "2026-07-01"
        contract.endDate = "2027-06-30"
        contract.value = "120000.00"
        return Records(
            roasters: roasters, deal: try await deal("Espresso machines", on: roasters),
            product: try await world.services.products.create(product, viewer: world.head.viewer),
            contract: try await world.services.contracts.create(contract, viewer: viewer),
            foodsDeal: try await deal("Espresso machines", on: world.manager1Accounts[0]))
    }

    /// The IDs each list finds for `text`, as `viewer`.
    static func found(
        _ text: String, world: TestWorld, viewer: Viewer? = nil
    ) async throws -> (deals: Set<String>, products: Set<String>, contracts: Set<String>) {
        let viewer = viewer ?? world.manager1.viewer
        let page = PageRequest(limit: 50)
        let deals = try await world.services.deals.list(viewer: viewer, filter: DealFilter(query: text), page: page)
        let products = try await world.services.products.list(
            viewer: viewer, filter: ProductFilter(query: text), page: page)
        let contracts = try await world.services.contracts.list(
            viewer: viewer, filter: ContractFilter(query: text), page: page)
        return (
            Set(deals.items.map(\.id.description)), Set(products.items.map(\.id.description)),
            Set(contracts.items.map(\.id.description))
        )
    }

    @Test(arguments: TestEngine.available)
    func aTwoWordQueryFindsTheRecordsByWholeWordsAndAPrefix(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let records = try await Self.records(world)
            var product = ProductDraft()
            product.code = "TALA-BEANS"
            product.name = "Tala Coffee Beans"
            product.unit = "kg"
            product.unitPrice = "450.00"
            let beans = try await world.services.products.create(product, viewer: world.head.viewer)
            let deal = records.deal.id.description
            let contract = records.contract.id.description

            // Both words, through the account's name; "Tala Foods" holds one of them only.
            for text in ["Tala Coffee", "tala cof", "COFFEE tala", "Tala Coffee Roasters"] {
                let found = try await Self.found(text, world: world)
                #expect(found.deals == [deal], "\(text)")
                #expect(found.contracts == [contract], "\(text)")
            }
            #expect(try await Self.found("Tala Coffee", world: world).products == [beans.id.description])
            // The record's own words, and its words with its account's.
            #expect(try await Self.found("espresso", world: world).deals.count == 2)
            #expect(try await Self.found("espresso machines tala cof", world: world).deals == [deal])
            #expect(try await Self.found("serbisyo ng mak", world: world).contracts == [contract])
            // A product by its code, whole, by a prefix or as digits, and by a prefix of its name.
            for text in ["KAPE-0042", "kape-00", "0042", "barak", "kape barako"] {
                #expect(
                    try await Self.found(text, world: world).products == [records.product.id.description], "\(text)")
            }
            // Every word but the last is whole; a text inside a word is not found any more (the trade-off).
            for text in ["tal coffee", "offee", "spresso", "arako", "APE-0042"] {
                let found = try await Self.found(text, world: world)
                #expect(found.deals.isEmpty && found.products.isEmpty && found.contracts.isEmpty, "\(text)")
            }
            // Visibility holds: manager 2 sees neither the deal nor the contract, the catalogue is everyone's.
            let other = try await Self.found("Tala Coffee", world: world, viewer: world.manager2.viewer)
            #expect(other.deals.isEmpty && other.contracts.isEmpty && other.products == [beans.id.description])
        }
    }

    @Test(arguments: TestEngine.available)
    func aRenamedRecordIsFoundByItsNewNameAndNotItsOldOne(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let records = try await Self.records(world)
            let viewer = world.manager1.viewer
            _ = try await world.services.deals.update(records.deal.id, viewer: viewer, expectedVersion: 1) {
                $0.title = "Kapihan sa Makati"
            }
            _ = try await world.services.products.update(
                records.product.id, viewer: world.head.viewer, expectedVersion: 1
            ) {
                $0.code = "BRK-7"
                $0.name = "Liberica beans"
            }
            _ = try await world.services.contracts.update(records.contract.id, viewer: viewer, expectedVersion: 1) {
                $0.title = "Upa ng grinder"
            }
            let deal = records.deal.id.description
            #expect(try await Self.found("kapihan makati", world: world).deals == [deal])
            #expect(try await Self.found("espresso", world: world).deals == [records.foodsDeal.id.description])
            #expect(try await Self.found("liberica", world: world).products == [records.product.id.description])
            #expect(try await Self.found("brk-7", world: world).products == [records.product.id.description])
            #expect(try await Self.found("barako", world: world).products.isEmpty)
            #expect(try await Self.found("kape", world: world).products.isEmpty)
            #expect(try await Self.found("upa ng grinder", world: world).contracts == [records.contract.id.description])
            #expect(try await Self.found("serbisyo", world: world).contracts.isEmpty)

            // The account's new name reaches its deal and contract in the same change; the old one finds neither.
            _ = try await world.services.accounts.update(records.roasters.id, viewer: viewer, expectedVersion: 1) {
                $0.name = "Bituin Kape Roasters"
            }
            let renamed = try await Self.found("bituin kape", world: world)
            #expect(renamed.deals == [deal] && renamed.contracts == [records.contract.id.description])
            let old = try await Self.found("tala coffee", world: world)
            #expect(old.deals.isEmpty && old.contracts.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aContractIsFoundByTheNumberItGetsWhenSent(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let records = try await Self.records(world)
            let sent = try await world.services.contracts.send(
                records.contract.id, viewer: world.manager1.viewer, expectedVersion: 1)
            let number = try #require(sent.number)
            let id = records.contract.id.description
            // "CTR-2026-00001": whole, as a prefix, and as the digits after the prefix typed with their dash.
            let digits = String(number.drop { !$0.isNumber })
            for text in [number, String(number.dropLast(2)), digits, number.lowercased()] {
                #expect(try await Self.found(text, world: world).contracts == [id], "\(text)")
            }
        }
    }

    /// Migration 19 writes the index rows of the deals, products and contracts that existed before it.
    @Test(arguments: TestEngine.available)
    func theMigrationIndexesTheRecordsThatExistedBeforeIt(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let records = try await Self.records(world)
            let migration = M0019_SearchMoreRecords()
            let stored = try await database.read { db in try await Self.indexRows(db) }
            #expect(stored.count == 4)
            try await database.transaction { db in
                for statement in migration.statements(for: database.engine) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await Self.found("tala coffee", world: world).deals.isEmpty)
            try await database.transaction { db in try await migration.backfill(db) }
            // Exactly what the stores wrote.
            #expect(try await database.read { db in try await Self.indexRows(db) } == stored)
            let found = try await Self.found("tala coffee", world: world)
            #expect(found.deals == [records.deal.id.description])
            #expect(found.contracts == [records.contract.id.description])
            #expect(try await Self.found("kape", world: world).products == [records.product.id.description])
        }
    }

    static func indexRows(_ db: any SQLDatabase) async throws -> [String] {
        try await db.raw(
            """
            SELECT entity, record_id, company_id, content FROM search_index
            WHERE entity IN ('deal', 'product', 'contract') ORDER BY entity, record_id
            """
        ).all().map { row in
            try ["entity", "record_id", "company_id", "content"].map { try row.string($0) }.joined(separator: "|")
        }
    }
}
