import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Sample files beside the repository (../shared/testdata).
enum SharedFiles {
    static func url(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/testdata")
            .appendingPathComponent(path)
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }
}

@Suite struct ImportServiceTests {
    static let crm = "crm-csv/okikio-csv-fixtures/representative/"

    @Test(arguments: TestEngine.available)
    func aHubSpotExportPreviewsRejectsUnknownOwnersAndImportsWithAManualMapping(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let data = try SharedFiles.data(Self.crm + "hubspot/companies-export.csv")
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

    @Test(arguments: TestEngine.available)
    func contactsAndLeadsImportFromSalesforceAndPipedrive(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let people = try SharedFiles.data(Self.crm + "pipedrive/people-export.csv")
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
    func brokenFilesAreRefusedWithTheLineAndColumn(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let broken = try SharedFiles.data("crm-csv/okikio-csv-fixtures/edge-cases/malformed-unclosed-quote.csv")
            do {
                _ = try await world.services.imports.preview(
                    broken, request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
                Issue.record("a broken file was accepted")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.first?.message.contains("Line 2") == true)
            }
            let noName = Data("Tel,Email\r\n0917 123 4567,a@b.ph\r\n".utf8)
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.imports.start(
                    noName, filename: "x.csv", request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func everySampleVCardImportsAndOurExportReadsBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let folder = SharedFiles.url("vcard")
            let files =
                (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
                ?? [])
                .filter { $0.pathExtension.lowercased() == "vcf" }
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
