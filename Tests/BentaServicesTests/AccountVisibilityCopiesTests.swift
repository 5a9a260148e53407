import BentaCore
import BentaFormats
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// Contacts and invoices carry copies of their account's owner and team (`account_owner_id`, `account_team_id`,
/// migration 47), which a manager's lists read instead of the account: after every path that changes an account's
/// owner or team or a record's account, the copies equal the account's values over the whole database, and each
/// trigger that keeps them is needed (without it, its path leaves a wrong copy).
@Suite(.timeLimit(.minutes(20))) struct AccountVisibilityCopiesTests {
    /// The contacts and invoices whose copies differ from their account's owner and team, as "table id" (none when
    /// the copies are true), and how many rows were compared.
    static func mismatches(_ database: any AppDatabase) async throws -> (wrong: [String], compared: Int) {
        try await database.read { db in
            var wrong: [String] = []
            var compared = 0
            for table in ["contacts", "invoices"] {
                let rows = try await db.raw(
                    """
                    SELECT r.id, CASE WHEN r.account_owner_id <> a.owner_id
                        OR COALESCE(r.account_team_id, '') <> COALESCE(a.team_id, '') THEN 1 ELSE 0 END AS wrong
                    FROM \(ident: table) r JOIN accounts a ON a.id = r.account_id
                    """
                ).all()
                compared += rows.count
                for row in rows where try row.decode(column: "wrong", as: Int.self) == 1 {
                    wrong.append("\(table) \(try row.string("id"))")
                }
            }
            return (wrong, compared)
        }
    }

    /// Asserts that every copy is true, over at least `atLeast` rows.
    static func expectTrue(
        _ database: any AppDatabase, after path: String, atLeast: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let found = try await mismatches(database)
        #expect(found.wrong.isEmpty, "after \(path): \(found.wrong)", sourceLocation: sourceLocation)
        #expect(found.compared >= atLeast, "after \(path): \(found.compared) rows", sourceLocation: sourceLocation)
    }

    /// A contact of `account`, made by `owner`.
    static func contact(_ world: TestWorld, _ account: Account, _ name: String, by owner: User) async throws -> Contact
    {
        var draft = ContactDraft()
        draft.accountID = account.id.description
        draft.name = name
        return try await world.services.contacts.create(draft, viewer: owner.viewer)
    }

    /// An invoice draft of one line for `account`.
    static func invoiceDraft(_ account: Account) -> InvoiceDraft {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = "1000.00"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        return draft
    }

    /// The paths that write a copy, each as the smallest change that needs its trigger: a new contact or invoice of
    /// Tala Foods (manager1's, shared with North), one moved from Tala Foods to Dagat Logistics (manager2's, no team),
    /// and Tala Foods, with a contact and an invoice, given to manager2 and to no team.
    ///
    /// The stores and `BulkInsert` write a new row's copies themselves; the insert triggers are for a writer that
    /// does not (`contactWithoutCopies`, `invoiceWithoutCopies`: a copy of an existing row of Tala Foods inserted as it
    /// is, with an empty owner and no team).
    enum Path: String, CaseIterable {
        case newContact, contactWithoutCopies, contactMove, newInvoice, invoiceWithoutCopies, invoiceMove, accountChange

        func run(_ world: TestWorld, _ database: any AppDatabase) async throws {
            let (tala, dagat) = (world.manager1Accounts[0], world.manager2Accounts[0])
            switch self {
            case .contactWithoutCopies, .invoiceWithoutCopies:
                let table = self == .contactWithoutCopies ? "contacts" : "invoices"
                if self == .invoiceWithoutCopies { _ = try await world.draftInvoice(account: tala, net: "1000") }
                try await database.transaction { db in
                    // One row: a contact of Tala Foods, or its draft invoice (a draft has no number to repeat).
                    var source: SQLQueryString = "CREATE TEMPORARY TABLE copy_source AS SELECT * FROM \(ident: table) "
                    source += "WHERE account_id = \(bind: tala.id.description)"
                    if table == "invoices" { source += " AND number IS NULL" }
                    try await db.raw(source + " LIMIT 1").run()
                    try await db.raw(
                        """
                        UPDATE copy_source SET id = \(bind: UUID().uuidString.lowercased()), account_owner_id = '',
                            account_team_id = NULL
                        """
                    ).run()
                    try await db.raw("INSERT INTO \(ident: table) SELECT * FROM copy_source").run()
                    try await db.raw("DROP TABLE copy_source").run()
                }
            case .newContact:
                _ = try await AccountVisibilityCopiesTests.contact(world, tala, "Nena Cruz", by: world.manager1)
            case .contactMove:
                _ = try await world.services.contacts.update(
                    world.manager1Contact.id, viewer: world.head.viewer, expectedVersion: nil
                ) { $0.accountID = dagat.id.description }
            case .newInvoice:
                _ = try await world.issuedInvoice(account: tala, net: "1000")
            case .invoiceMove:
                let made = try await world.draftInvoice(account: tala, net: "1000")
                _ = try await world.services.invoices.update(
                    made.id, draft: AccountVisibilityCopiesTests.invoiceDraft(dagat), viewer: world.head.viewer,
                    expectedVersion: nil)
            case .accountChange:
                _ = try await world.draftInvoice(account: tala, net: "1000")
                _ = try await world.services.accounts.update(tala.id, viewer: world.head.viewer, expectedVersion: nil) {
                    $0.ownerID = world.manager2.id.description
                    $0.teamID = ""
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func copiesEqualTheAccountAfterEveryPath(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let services = world.services
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let (dagat, perlas) = (world.manager2Accounts[0], world.manager2Accounts[1])
            // Store inserts: a contact and an issued and a draft invoice on each account.
            for (account, owner) in [(tala, world.manager1), (bituin, world.manager1), (dagat, world.manager2)]
                + [(perlas, world.manager2)]
            {
                _ = try await Self.contact(world, account, "Contact of \(account.fields.name)", by: owner)
                _ = try await world.issuedInvoice(account: account, net: "1000", owner: owner)
                _ = try await world.draftInvoice(account: account, net: "2000", owner: owner)
            }
            try await Self.expectTrue(database, after: "inserts", atLeast: 14)
            let maria = try await database.read { db in
                try await db.raw(
                    "SELECT account_owner_id, account_team_id FROM contacts WHERE id = \(bind: world.manager1Contact.id.description)"
                ).first()
            }
            #expect(try maria?.string("account_owner_id") == world.manager1.id.description)
            #expect(try maria?.optionalString("account_team_id") == world.north.id.description)

            // Reassignment, a team given and a team taken away.
            _ = try await services.accounts.update(bituin.id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.ownerID = world.manager3.id.description
            }
            try await Self.expectTrue(database, after: "reassignment", atLeast: 14)
            _ = try await services.accounts.update(dagat.id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.teamID = world.north.id.description
            }
            _ = try await services.accounts.update(tala.id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.teamID = ""
            }
            try await Self.expectTrue(database, after: "team changes", atLeast: 14)

            // A contact and a draft invoice moved to another account.
            for path in [Path.contactMove, .invoiceMove] { try await path.run(world, database) }
            try await Self.expectTrue(database, after: "moves", atLeast: 15)

            // Rows inserted by a writer that does not give their copies.
            for path in [Path.contactWithoutCopies, .invoiceWithoutCopies] { try await path.run(world, database) }
            try await Self.expectTrue(database, after: "inserts without copies", atLeast: 18)

            // A merge moves the victim's contacts to the survivor, whose owner and team differ.
            _ = try await services.duplicates.mergeAccounts(perlas.id, into: tala.id, viewer: world.head.viewer)
            try await Self.expectTrue(database, after: "merge", atLeast: 15)

            // A CSV import of contacts (accounts made for them) through the import batches.
            let people = try TestFiles.data("crm-csv/pipedrive-people-export.csv")
            let (_, work) = try await services.imports.start(
                people, filename: "people.csv", request: ImportRequest(entity: .contacts, columns: [.ownerEmail: ""]),
                viewer: world.manager1.viewer)
            #expect(await work().createdRows == 2)
            try await Self.expectTrue(database, after: "import", atLeast: 17)
        }
    }

    @Test(arguments: TestEngine.available)
    func bulkInsertedRowsCarryTheirAccountsCopies(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let services = ScaleDataTests.services(database)
            _ = try await ScaleLoader(services: services, profile: ScaleDataTests.tiny, batchSize: 70).load()
            try await Self.expectTrue(database, after: "the demo's bulk inserts", atLeast: 450)
            let teamCopies = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM contacts WHERE account_team_id IS NOT NULL").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect((teamCopies ?? 0) > 0, "some contacts' accounts have a team")
        }
    }

    /// The stores, `BulkInsert` and so the import write a new row's copies themselves: with the insert triggers
    /// dropped, new contacts and invoices (one by one and from a CSV import) still carry true copies.
    @Test(arguments: TestEngine.available)
    func theWritersGiveNewRowsTheirCopies(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            try await database.transaction { db in
                for table in ["contacts", "invoices"] {
                    if engine == .postgres {
                        try await db.raw("DROP TRIGGER \(unsafeRaw: table)_account_copies ON \(unsafeRaw: table)").run()
                    } else {
                        try await db.raw("DROP TRIGGER \(unsafeRaw: table)_account_copies_insert").run()
                    }
                }
            }
            let before = try await Self.mismatches(database).compared
            for path in [Path.newContact, .newInvoice] { try await path.run(world, database) }
            let people = try TestFiles.data("crm-csv/pipedrive-people-export.csv")
            let (_, work) = try await world.services.imports.start(
                people, filename: "people.csv", request: ImportRequest(entity: .contacts, columns: [.ownerEmail: ""]),
                viewer: world.manager1.viewer)
            #expect(await work().createdRows == 2)
            // A contact, an invoice and the import's two contacts.
            try await Self.expectTrue(database, after: "new rows without the insert triggers", atLeast: before + 4)
        }
    }

    /// Each trigger is needed: with one dropped, the paths it covers leave a wrong copy (and with all of them, no
    /// path does, as the test above shows).
    @Test(arguments: TestEngine.available)
    func eachTriggerIsNeeded(engine: TestEngine) async throws {
        let covered: [(trigger: String, table: String, paths: [Path])]
        switch engine {
        case .sqlite:
            covered = [
                ("contacts_account_copies_insert", "contacts", [.contactWithoutCopies]),
                ("contacts_account_copies_move", "contacts", [.contactMove]),
                ("accounts_copies_to_contacts", "accounts", [.accountChange]),
                ("invoices_account_copies_insert", "invoices", [.invoiceWithoutCopies]),
                ("invoices_account_copies_move", "invoices", [.invoiceMove]),
                ("accounts_copies_to_invoices", "accounts", [.accountChange]),
            ]
        case .postgres:
            covered = [
                ("contacts_account_copies", "contacts", [.contactWithoutCopies, .contactMove]),
                ("accounts_copies_to_contacts", "accounts", [.accountChange]),
                ("invoices_account_copies", "invoices", [.invoiceWithoutCopies, .invoiceMove]),
                ("accounts_copies_to_invoices", "accounts", [.accountChange]),
            ]
        }
        for (trigger, table, paths) in covered {
            for path in paths {
                try await TestDatabases.withFresh(engine) { database in
                    let world = try await TestWorld.make(database: database)
                    _ = try await world.services.invoices.saveSettings(
                        InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
                    try await Self.expectTrue(database, after: "setup", atLeast: 2)
                    try await database.transaction { db in
                        let on = engine == .postgres ? " ON \(table)" : ""
                        try await db.raw("DROP TRIGGER \(unsafeRaw: trigger)\(unsafeRaw: on)").run()
                    }
                    try await path.run(world, database)
                    let found = try await Self.mismatches(database)
                    #expect(!found.wrong.isEmpty, "\(path) without \(trigger)")
                }
            }
        }
    }
}
