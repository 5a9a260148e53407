import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// Paths of this target's own test input files.
enum TestFiles {
    /// `Tests/BentaServicesTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: fixture(name)) }
}

@Suite(.timeLimit(.minutes(20))) struct ImportServiceTests {
    static let crm = "crm-csv/okikio-csv-fixtures/representative/"

    /// A third-party sample file; throws, naming it, when the samples folder is missing.
    static func sample(_ path: String) throws -> Data { try Data(contentsOf: Samples.url(path)) }

    // MARK: - Benta's own files (Fixtures)

    @Test(arguments: TestEngine.available)
    func hubSpotCompaniesPreviewRejectsUnknownOwnersAndImportWithAManualMapping(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let data = try TestFiles.data("crm-csv/hubspot-companies-export.csv")
            let preview = try await world.services.imports.preview(
                data, request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
            #expect(preview.preset == .hubspot)
            #expect(preview.totalRows == 2)
            #expect(preview.rejected == 2)
            let reasons = preview.rows.compactMap { row -> String? in
                if case .rejected(let messages) = row.outcome { return messages.joined() } else { return nil }
            }
            #expect(reasons.count == 2)
            #expect(reasons.allSatisfy { $0.contains("owner") })
            // Nothing was written by the dry run.
            let before = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(status: nil), page: PageRequest())
            #expect(before.items.count == 4)
            // Unmapping the owner column makes the head the owner of every row.
            let request = ImportRequest(entity: .accounts, columns: [.ownerEmail: ""])
            let (job, work) = try await world.services.imports.start(
                data, filename: "companies-export.csv", request: request, viewer: world.head.viewer)
            #expect(job.status == .running)
            let done = await work()
            #expect(done.status == .finished)
            #expect(done.createdRows == 2 && done.rejectedRows == 0)
            let malaya = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(query: "Malaya"), page: PageRequest())
            #expect(malaya.items.map(\.fields.name) == ["Malaya Furniture Corp."])
            #expect(malaya.items.first?.fields.phones.map(\.e164) == ["+63286314400"])
            let imported = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(query: "Peñafrancia"), page: PageRequest())
            #expect(imported.items.map(\.fields.name) == ["Peñafrancia Bakeshop Inc."])
            #expect(imported.items.first?.fields.phones.map(\.e164) == ["+63544732210"])
            #expect(imported.items.first?.fields.ownerID == world.head.id)
            // The same file again: every row is a duplicate, nothing new.
            let again = try await world.services.imports.preview(data, request: request, viewer: world.head.viewer)
            #expect(again.duplicates == 2 && again.creates == 0)
            #expect(try await world.services.imports.job(job.id, viewer: world.head.viewer).createdRows == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func pipedrivePeopleImportAsContactsAndMakeTheirAccounts(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let people = try TestFiles.data("crm-csv/pipedrive-people-export.csv")
            let request = ImportRequest(entity: .contacts, columns: [.ownerEmail: ""])
            let (_, work) = try await world.services.imports.start(
                people, filename: "people.csv", request: request, viewer: world.manager1.viewer)
            let done = await work()
            #expect(done.createdRows == 2 && done.rejectedRows == 0)
            let contacts = try await world.services.contacts.list(
                viewer: world.manager1.viewer, filter: ContactFilter(query: "Ibáñez"), page: PageRequest())
            let dolores = try #require(contacts.items.first)
            #expect(dolores.fields.name == "Dolores Ibáñez")
            #expect(dolores.fields.position == "Owner, Operations")
            #expect(
                dolores.fields.emails.map(\.normalized) == [
                    "dolores.ibanez@penafrancia.ph", "doloresibanez@yahoo.com.ph",
                ])
            #expect(dolores.fields.phones.map(\.e164) == ["+63544732211"])
            let account = try await world.services.accounts.account(
                dolores.fields.accountID, viewer: world.manager1.viewer)
            #expect(account.fields.name == "Peñafrancia Bakeshop Inc.")
            #expect(account.fields.ownerID == world.manager1.id)
        }
    }

    @Test(arguments: TestEngine.available)
    func leadsImportWithRowsRejectedByField(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var leadCSV = "First Name,Last Name,Company,Phone,Email,Lead Source,State\r\n"
            leadCSV += "Ana,Reyes,Tala Bakery,0918 777 1212,ana@talabakery.ph,Referral,Cebu\r\n"
            leadCSV += "Bad,Phone,Nowhere,12,not-an-email,Web,Luzon\r\n"
            let preview = try await world.services.imports.preview(
                Data(leadCSV.utf8), request: ImportRequest(entity: .leads), viewer: world.admin.viewer)
            #expect(preview.creates == 1 && preview.rejected == 1)
            let rejected = try #require(preview.rows.first { $0.rowNumber == 3 })
            if case .rejected(let messages) = rejected.outcome {
                #expect(messages.contains { $0.hasPrefix("Phone:") })
                #expect(messages.contains { $0.hasPrefix("Email:") })
            } else {
                Issue.record("row 3 should be rejected")
            }
            let (_, leadWork) = try await world.services.imports.start(
                Data(leadCSV.utf8), filename: "leads.csv", request: ImportRequest(entity: .leads),
                viewer: world.admin.viewer)
            let leadJob = await leadWork()
            #expect(leadJob.createdRows == 1 && leadJob.rejectedRows == 1)
            #expect(leadJob.report.contains("\"row\":\"3\""))
            let leads = try await world.services.leads.list(
                viewer: world.admin.viewer, filter: LeadFilter(query: "ana"), page: PageRequest())
            #expect(leads.items.first?.fields.source == .referral)
            #expect(leads.items.first?.fields.province == "Cebu")
        }
    }

    @Test(arguments: TestEngine.available)
    func brokenFileIsRefusedWithTheLineWhereTheQuoteOpened(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let broken = try TestFiles.data("crm-csv/malformed-unclosed-quote.csv")
            do {
                _ = try await world.services.imports.preview(
                    broken, request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
                Issue.record("a broken file was accepted")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.first?.message.hasPrefix("Line 2, column 3:") == true)
            }
            let noName = Data("Tel,Email\r\n0917 123 4567,a@b.ph\r\n".utf8)
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.imports.start(
                    noName, filename: "x.csv", request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func vCardsFromPhonesAndOutlookImportAndOurExportReadsBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let target = world.manager1Accounts[1].id
            var created: [String: Contact] = [:]
            for file in ["android-2.1.vcf", "iphone-3.0.vcf", "outlook-2.1.vcf"] {
                let result = try await world.services.vcards.importContacts(
                    try TestFiles.data("vcard/\(file)"), into: target, viewer: world.manager1.viewer)
                #expect(result.rejected.isEmpty, "\(file)")
                for contact in result.created { created[contact.fields.name] = contact }
            }
            #expect(
                Set(created.keys) == [
                    "orders@bituinhardware.ph", "Niña Castillo", "Rogelio Santiago", "Mr. Arturo Villareal",
                ])
            let rogelio = try #require(created["Rogelio Santiago"])
            #expect(rogelio.fields.position == "Sales Supervisor")
            #expect(rogelio.fields.phones.map(\.e164) == ["+639175550301", "+63281110302"])
            #expect(rogelio.fields.emails.map(\.normalized) == ["rogelio.santiago@bituinhardware.ph"])
            let nina = try #require(created["Niña Castillo"])
            #expect(nina.fields.phones.map(\.e164) == ["+639185550303"])
            // A number Benta cannot read is kept in the notes rather than lost.
            let arturo = try #require(created["Mr. Arturo Villareal"])
            #expect(arturo.fields.phones.map(\.e164) == ["+63281110304"])
            #expect(
                arturo.fields.notes
                    == "Tumatanggap ng delivery tuwing umaga.\nTawagan muna bago pumunta.\n"
                    + "From the vCard, not checked: local 204")
            let exported = try await world.services.vcards.export(
                viewer: world.manager1.viewer, filter: ContactFilter(accountID: target))
            let cards = try VCardReader.read(exported)
            #expect(Set(cards.map(\.formattedName)) == Set(created.keys))
            #expect(cards.allSatisfy { $0.organization == "Bituin Hardware" })
            // Visibility: manager2's export has none of them.
            let other = try await world.services.vcards.export(viewer: world.manager2.viewer, filter: ContactFilter())
            #expect(!other.contains("Bituin Hardware"))
        }
    }

    // MARK: - Conformance: the third-party samples

    @Test(.conformance, arguments: TestEngine.available)
    func aHubSpotExportPreviewsRejectsUnknownOwnersAndImportsWithAManualMapping(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let data = try Self.sample(Self.crm + "hubspot/companies-export.csv")
            let preview = try await world.services.imports.preview(
                data, request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
            #expect(preview.preset == .hubspot)
            #expect(preview.totalRows == 2)
            #expect(preview.rejected == 2)
            let reasons = preview.rows.compactMap { row -> String? in
                if case .rejected(let messages) = row.outcome { return messages.joined() } else { return nil }
            }
            #expect(reasons.allSatisfy { $0.contains("owner") })
            // Nothing was written by the dry run.
            let before = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(status: nil), page: PageRequest())
            #expect(before.items.count == 4)
            // Unmapping the owner column makes the head the owner of every row.
            let request = ImportRequest(entity: .accounts, columns: [.ownerEmail: ""])
            let (job, work) = try await world.services.imports.start(
                data, filename: "companies-export.csv", request: request, viewer: world.head.viewer)
            #expect(job.status == .running)
            let done = await work()
            #expect(done.status == .finished)
            #expect(done.createdRows == 2 && done.rejectedRows == 0)
            let imported = try await world.services.accounts.list(
                viewer: world.head.viewer, filter: AccountFilter(query: "Élan"), page: PageRequest())
            #expect(imported.items.first?.fields.phones.first?.e164 == "+15145550102")
            #expect(imported.items.first?.fields.ownerID == world.head.id)
            // The same file again: every row is a duplicate, nothing new.
            let again = try await world.services.imports.preview(data, request: request, viewer: world.head.viewer)
            #expect(again.duplicates == 2 && again.creates == 0)
            #expect(try await world.services.imports.job(job.id, viewer: world.head.viewer).createdRows == 2)
        }
    }

    @Test(.conformance, arguments: TestEngine.available)
    func pipedrivePeopleSampleImportsAsContacts(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let people = try Self.sample(Self.crm + "pipedrive/people-export.csv")
            let request = ImportRequest(entity: .contacts, columns: [.ownerEmail: ""])
            let (_, work) = try await world.services.imports.start(
                people, filename: "people.csv", request: request, viewer: world.manager1.viewer)
            let done = await work()
            #expect(done.createdRows == 2)
            let contacts = try await world.services.contacts.list(
                viewer: world.manager1.viewer, filter: ContactFilter(query: "Lévesque"), page: PageRequest())
            let francois = try #require(contacts.items.first)
            #expect(
                francois.fields.emails.map(\.normalized) == [
                    "francois.levesque@elan-commerce.example", "francois.personal@example.net",
                ])
            let account = try await world.services.accounts.account(
                francois.fields.accountID, viewer: world.manager1.viewer)
            #expect(account.fields.name == "Élan Commerce")
            #expect(account.fields.ownerID == world.manager1.id)
        }
    }

    @Test(.conformance, arguments: TestEngine.available)
    func brokenFilesAreRefusedWithTheLineAndColumn(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let broken = try Self.sample("crm-csv/okikio-csv-fixtures/edge-cases/malformed-unclosed-quote.csv")
            do {
                _ = try await world.services.imports.preview(
                    broken, request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
                Issue.record("a broken file was accepted")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.first?.message.contains("Line 2") == true)
            }
        }
    }

    @Test(.conformance, arguments: TestEngine.available)
    func everySampleVCardImportsAndOurExportReadsBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try Samples.url("vcard")
            let files = Samples.files(in: "vcard", withExtensions: ["vcf"])
            #expect(files.count >= 10)
            let target = world.manager1Accounts[1].id
            var imported = 0
            for file in files {
                let result = try await world.services.vcards.importContacts(
                    try Data(contentsOf: file), into: target, viewer: world.manager1.viewer)
                imported += result.created.count
                if file.lastPathComponent == "John_Doe_IPHONE.vcf" {
                    let john = try #require(result.created.first)
                    #expect(john.fields.name.contains("John"))
                    #expect(!john.fields.phones.isEmpty)
                    #expect(!john.fields.emails.isEmpty)
                }
            }
            #expect(imported >= files.count)
            let exported = try await world.services.vcards.export(
                viewer: world.manager1.viewer, filter: ContactFilter(accountID: target))
            let cards = try VCardReader.read(exported)
            #expect(cards.count == imported)
            #expect(cards.allSatisfy { $0.organization == "Bituin Hardware" })
            // Visibility: manager2's export has none of them.
            let other = try await world.services.vcards.export(viewer: world.manager2.viewer, filter: ContactFilter())
            #expect(!other.contains("Bituin Hardware"))
        }
    }
}
