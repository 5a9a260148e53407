import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Imports check and write a batch of rows at a time (issue 11): duplicates are looked up for the batch's own keys
/// (not every name, TIN, phone and email of the company loaded first), and rows are written with multi-row inserts,
/// so the statements grow with the batches, not with the rows.
@Suite(.timeLimit(.minutes(20))) struct ImportBatchTests {
    static func accountsCSV(_ rows: Range<Int>, prefix: String = "Batch") -> Data {
        var csv = "Company Name,Phone,Email,TIN,Industry\r\n"
        for index in rows {
            csv +=
                "\(prefix) Trading \(index),"
                + String(format: "0917 6%02d %04d", index / 10_000, index % 10_000)
                + ",office\(index)@\(prefix.lowercased()).ph,"
                + String(format: "7%08d", index) + ",Retail\r\n"
        }
        return Data(csv.utf8)
    }

    @Test(arguments: TestEngine.available)
    func duplicatesAreFoundInTheCompanyAndInTheFileWithoutLoadingTheCompany(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            let head = world.head.viewer
            let request = ImportRequest(entity: .accounts, preset: .generic)
            // Tala Foods has 0917 111 0001, TIN 111-222-333 and info@talafoods.ph; Dagat Logistics is a name.
            let csv = """
                Company Name,Phone,Email,TIN\r
                Bagong Kalakal,0917 111 0001,,\r
                Ibang Pangalan,,INFO@talafoods.ph,\r
                Sangay Ng Tala,,,111-222-333-00004\r
                DAGAT LOGISTICS INC.,,,\r
                Bago Ito,0918 900 0001,bago@ito.ph,444-555-666\r
                Bago Ito Corp.,,,\r
                Iba Pa,0918 900 0001,,\r
                Wala Pa,,,\r
                """
            let preview = try await database.recording {
                let result = try await world.services.imports.preview(Data(csv.utf8), request: request, viewer: head)
                #expect(result.creates == 2 && result.duplicates == 6 && result.rejected == 0)
                let reasons = result.rows.map { row -> String in
                    if case .duplicate(let why) = row.outcome { return "\(row.rowNumber):\(why)" }
                    return "\(row.rowNumber):create"
                }
                #expect(
                    reasons == [
                        "2:same phone +63 917 111 0001", "3:same email INFO@talafoods.ph",
                        "4:same TIN 111-222-333-00004", "5:same name", "6:create", "7:same name",
                        "8:same phone +63 918 900 0001", "9:create",
                    ])
            }
            // The company's keys are read for the batch's own keys only.
            for statement in preview
            where statement.sql.contains("FROM accounts") || statement.sql.contains("contact_points") {
                #expect(
                    statement.sql.contains(" IN (") || statement.sql.contains("MATCH") || statement.sql.contains("@@"),
                    "\(statement.sql)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aLargeFileIsWrittenInFewStatementsPerBatch(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            let head = world.head.viewer
            let rows = 1_200
            let data = Self.accountsCSV(0..<rows)
            let statements = try await database.recording {
                let (_, work) = try await world.services.imports.start(
                    data, filename: "batch.csv", request: ImportRequest(entity: .accounts, preset: .generic),
                    viewer: head)
                let job = await work()
                #expect(job.status == .finished && job.createdRows == rows && job.rejectedRows == 0)
            }
            // Three batches of 500: a handful of statements each (the lookups, the multi-row inserts of accounts,
            // search index, phones and emails, tags, the job), where one statement per row was five per row.
            #expect(statements.count < 60, "\(statements.count) statements for \(rows) rows")
            // Everything was written, and is found by its words, its phone and its TIN.
            let found = try await world.services.accounts.list(
                viewer: head, filter: AccountFilter(query: "batch trading 1199"), page: PageRequest())
            #expect(found.items.map(\.fields.name) == ["Batch Trading 1199"])
            let byPhone = try await world.services.accounts.list(
                viewer: head, filter: AccountFilter(query: "0917 600 1199"), page: PageRequest())
            #expect(byPhone.items.map(\.fields.name) == ["Batch Trading 1199"])
            let byTIN = try await world.services.accounts.list(
                viewer: head, filter: AccountFilter(query: "700-001-199"), page: PageRequest())
            #expect(byTIN.items.map(\.fields.name) == ["Batch Trading 1199"])
            // The same file again: every row is a duplicate, found batch by batch.
            let again = try await world.services.imports.preview(
                data, request: ImportRequest(entity: .accounts, preset: .generic), viewer: head)
            #expect(again.duplicates == rows && again.creates == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func contactsJoinTheirAccountByNameAndAreNotImportedTwice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let manager = world.manager1.viewer
            let csv = """
                Name,Company,Email,Phone\r
                Liza Cruz,tala foods,liza@talafoods.ph,0917 700 0001\r
                Ramon Diaz,Bagong Tindahan,ramon@tindahan.ph,\r
                Rosa Diaz,BAGONG TINDAHAN,rosa@tindahan.ph,\r
                Maria Again,Tala Foods,maria@example.ph,\r
                """
            let request = ImportRequest(entity: .contacts, preset: .generic)
            let (_, work) = try await world.services.imports.start(
                Data(csv.utf8), filename: "people.csv", request: request, viewer: manager)
            let job = await work()
            // Maria Santos already has maria@example.ph.
            #expect(job.createdRows == 3 && job.rejectedRows == 1)
            let liza = try await world.services.contacts.list(
                viewer: manager, filter: ContactFilter(query: "liza"), page: PageRequest())
            #expect(liza.items.map(\.fields.accountID) == [world.manager1Accounts[0].id])
            let tindahan = try await world.services.accounts.list(
                viewer: manager, filter: AccountFilter(query: "bagong tindahan"), page: PageRequest())
            #expect(tindahan.items.count == 1)
            let diaz = try await world.services.contacts.list(
                viewer: manager, filter: ContactFilter(query: "diaz"), page: PageRequest())
            #expect(Set(diaz.items.map(\.fields.accountID)) == Set(tindahan.items.map(\.id)))
            // The same file again: every contact is a duplicate by its email.
            let again = try await world.services.imports.preview(Data(csv.utf8), request: request, viewer: manager)
            #expect(again.duplicates == 4 && again.creates == 0)
        }
    }
}
