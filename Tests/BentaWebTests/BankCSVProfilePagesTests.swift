import BentaCore
import BentaFormats
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The pages that manage a company's saved bank CSV profiles (issue 12), on both engines: the accountant makes one
/// through the form, finds it listed, imports a bank's CSV with it, is refused a stale edit and a bad form (the error
/// beside its field, nothing saved), archives it (gone from the import's choices); a manager is refused.
@Suite(.timeLimit(.minutes(20))) struct BankCSVProfilePagesTests {
    static func form(name: String = "Our BPI account", dateColumn: String = "Date") -> [(String, String)] {
        [
            ("name", name), ("delimiter", ","), ("date_column", dateColumn), ("value_date_column", ""),
            ("description_column", "Description"), ("payee_column", ""), ("reference_column", "Reference/Check No"),
            ("memo_columns", ""), ("amount_kind", "debit_credit"), ("amount_column", ""), ("debit_column", "Debit"),
            ("credit_column", "Credit"), ("indicator_amount_column", ""), ("indicator_column", ""),
            ("credit_values", ""), ("balance_column", "Balance"), ("date_formats", "MM/dd/yyyy, MMM d, yyyy"),
            ("decimal_separator", "."), ("currency", "PHP"),
        ]
    }

    @Test(arguments: TestEngine.available)
    func theAccountantManagesAProfileThroughThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let account = try await BankCSVProfilePageTests.bpiAccount(world)
            let session = try await client.login("accountant@test.ph")

            // The import page links to the profiles; the form is there.
            let statements = try await client.browse(.get, "/bank-statements", as: session)
            #expect(statements.text.contains("href=\"/bank-statements/profiles\""))
            let newForm = try await client.browse(.get, "/bank-statements/profiles/new", as: session)
            #expect(newForm.status == .ok)
            #expect(newForm.text.contains("<label for=\"date_column\">"))

            // Made through the form, read as the API reads a profile.
            let created = try await client.browse(.post, "/bank-statements/profiles", as: session, form: Self.form())
            #expect(created.status == .seeOther || created.status == .found)
            let saved = try #require(
                try await payments.bankCSVProfiles(viewer: viewer, page: PageRequest()).items.first)
            #expect(saved.record.name == "Our BPI account")
            #expect(saved.profile.amount == .debitCredit("Debit", "Credit"))
            #expect(saved.profile.dateFormats == ["MM/dd/yyyy", "MMM d, yyyy"])
            #expect(saved.profile.delimiter == ",")
            let listed = try await client.browse(.get, "/bank-statements/profiles", as: session)
            #expect(listed.status == .ok)
            #expect(listed.text.contains("href=\"/bank-statements/profiles/\(saved.record.id)\">Our BPI account</a>"))

            // The bank's CSV is imported with it.
            try await BankCSVProfilePageTests.importBPI(
                into: account, profile: saved.record.id, as: session, client: client)
            #expect(try await payments.statements(viewer: viewer, page: PageRequest()).items.map(\.lineCount) == [3])

            // The edit form carries the version; a stale one changes nothing.
            let path = "/bank-statements/profiles/\(saved.record.id)"
            let edit = try await client.browse(.get, path, as: session)
            #expect(edit.status == .ok)
            #expect(edit.text.contains("name=\"version\" value=\"1\""))
            #expect(edit.text.contains("value=\"Reference/Check No\""))
            let stale = try await client.browse(
                .post, path, as: session, form: Self.form(name: "Renamed") + [("version", "0")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("value=\"Renamed\""))
            var unchanged = try await payments.bankCSVProfile(saved.record.id, viewer: viewer)
            #expect(unchanged.record.name == "Our BPI account" && unchanged.record.version == 1)

            // A bad form: the error beside the date column, nothing saved.
            let bad = try await client.browse(
                .post, path, as: session, form: Self.form(name: "Renamed", dateColumn: "  ") + [("version", "1")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<p class=\"field-error\">"))
            let field = try #require(bad.text.range(of: "id=\"date_column\""))
            let nextField = try #require(bad.text.range(of: "<label for=\"value_date_column\">"))
            #expect(bad.text[field.upperBound..<nextField.lowerBound].contains("field-error"))
            let badNew = try await client.browse(
                .post, "/bank-statements/profiles", as: session, form: Self.form(name: "Other", dateColumn: ""))
            #expect(badNew.status == .unprocessableContent)
            unchanged = try await payments.bankCSVProfile(saved.record.id, viewer: viewer)
            #expect(unchanged.record.name == "Our BPI account" && unchanged.record.version == 1)
            #expect(try await payments.bankCSVProfiles(viewer: viewer, page: PageRequest()).items.count == 1)

            // Saved at the right version.
            let renamed = try await client.browse(
                .post, path, as: session, form: Self.form(name: "Renamed") + [("version", "1")])
            #expect(renamed.status == .seeOther || renamed.status == .found)
            #expect(try await payments.bankCSVProfile(saved.record.id, viewer: viewer).record.name == "Renamed")

            // Archived: no longer offered on the import, still listed as archived.
            let archived = try await client.browse(.post, path + "/archive", as: session, form: [("version", "2")])
            #expect(archived.status == .seeOther || archived.status == .found)
            #expect(try await payments.bankCSVProfile(saved.record.id, viewer: viewer).record.isArchived)
            let importPage = try await client.browse(.get, "/bank-statements", as: session)
            #expect(!importPage.text.contains("value=\"\(saved.record.id)\""))
            let listedArchived = try await client.browse(.get, "/bank-statements/profiles", as: session)
            #expect(listedArchived.text.contains("Renamed"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aManagerIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let saved = try await payments.createBankCSVProfile(BankCSVProfilePageTests.bpiLayout, viewer: viewer)
            let path = "/bank-statements/profiles/\(saved.record.id)"
            let session = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/bank-statements/profiles", as: session).status == .forbidden)
            #expect(try await client.browse(.get, "/bank-statements/profiles/new", as: session).status == .forbidden)
            #expect(try await client.browse(.get, path, as: session).status == .forbidden)
            let create = try await client.browse(.post, "/bank-statements/profiles", as: session, form: Self.form())
            #expect(create.status == .forbidden)
            let update = try await client.browse(
                .post, path, as: session, form: Self.form(name: "Taken over") + [("version", "1")])
            #expect(update.status == .forbidden)
            let archive = try await client.browse(.post, path + "/archive", as: session, form: [("version", "1")])
            #expect(archive.status == .forbidden)
            let after = try await payments.bankCSVProfiles(viewer: viewer, includeArchived: true, page: PageRequest())
            #expect(after.items.map(\.record.name) == ["Our BPI account"])
            #expect(after.items.map(\.record.version) == [1])
        }
    }
}
