import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// A company's own bank CSV profiles (issue 12) through the payment service, on both engines: saved, listed and
/// offered beside the ready ones, named by a statement import that reads a repository fixture with it, changed at
/// its version (a stale one refused), refused whole on bad input, hidden from another company, refused without the
/// record-payments duty, and archived out of the import's reach.
@Suite(.timeLimit(.minutes(20))) struct BankCSVProfileServiceTests {
    /// BPI's export read by a company's own profile (the fixture's columns, named here, not the ready `ph.bpi`).
    static func ownBPI(name: String = "Our BPI account") -> BankCSVProfile {
        BankCSVProfile(
            id: "ignored", name: name, dateColumn: "Date", descriptionColumn: "Description",
            referenceColumn: "Reference/Check No", amount: .debitCredit("Debit", "Credit"), balanceColumn: "Balance",
            dateFormats: ["MM/dd/yyyy"])
    }

    static func fields(_ work: () async throws -> Void) async -> [String] {
        do {
            try await work()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field) \($0.code)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: TestEngine.available)
    func aSavedProfileImportsChangesAtItsVersionAndIsArchived(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let account = try await BankStatementImportTests.bankAccount(world, number: "0044-5566-77")
            let data = try BankStatementImportTests.fixture("csv/bpi.csv")

            let saved = try await payments.createBankCSVProfile(Self.ownBPI(), viewer: viewer)
            #expect(saved.record.version == 1)
            #expect(saved.profile.id == saved.record.id.description)
            #expect(saved.record.name == "Our BPI account")
            let page = try await payments.bankCSVProfiles(viewer: viewer, page: PageRequest())
            #expect(page.items.map(\.record.id) == [saved.record.id])
            let choices = try await payments.bankCSVProfileChoices(viewer: viewer)
            #expect(choices.map(\.id) == BankCSVProfile.ready.map(\.id) + [saved.record.id.description])

            // The same name again, whatever its case, or a ready profile's name: refused, nothing saved.
            #expect(
                await Self.fields {
                    _ = try await payments.createBankCSVProfile(Self.ownBPI(name: " our bpi ACCOUNT"), viewer: viewer)
                }
                    == ["name name_taken"])
            #expect(
                await Self.fields {
                    _ = try await payments.createBankCSVProfile(Self.ownBPI(name: "BPI"), viewer: viewer)
                }
                    == ["name name_taken"])
            // Every field problem at once.
            var bad = Self.ownBPI(name: "Broken")
            bad.dateColumn = " "
            bad.dateFormats = ["dd.MM.yyyy", "qq/yyyy"]
            bad.amount = .debitCredit("Debit", "")
            #expect(
                await Self.fields { _ = try await payments.createBankCSVProfile(bad, viewer: viewer) }
                    == ["date_column required", "amount.credit_column required", "date_formats[1] invalid_pattern"])
            #expect(try await payments.bankCSVProfiles(viewer: viewer, page: PageRequest()).items.count == 1)

            // The import names the saved profile: every booked line of the fixture is filed.
            let expected = try BankFileReader.read(data, profile: saved.profile).statements[0].lines.filter(\.isBooked)
            #expect(expected.count >= 3)
            let result = try await payments.importStatement(
                data, fileName: "bpi.csv", bankAccountID: account.id, profileID: saved.record.id.description,
                viewer: viewer)
            #expect(result.statements.map(\.lineCount) == [expected.count])
            #expect(result.statements.map(\.bankAccountID) == [account.id])

            // A change at the version read; the same version again is stale (412) and changes nothing.
            let renamed = try await payments.updateBankCSVProfile(
                saved.record.id, viewer: viewer, expectedVersion: 1
            ) { profile in
                var profile = profile
                profile.name = "BPI current account"
                profile.dateFormats = ["MM/dd/yyyy", "yyyy-MM-dd"]
                return profile
            }
            #expect(renamed.record.version == 2)
            #expect(renamed.profile.dateFormats == ["MM/dd/yyyy", "yyyy-MM-dd"])
            let stale = await DutySettingsTests.code {
                _ = try await payments.updateBankCSVProfile(saved.record.id, viewer: viewer, expectedVersion: 1) {
                    var profile = $0
                    profile.name = "Lost update"
                    return profile
                }
            }
            #expect(stale == "stale_version")
            // Bad input at the right version: refused whole, nothing changed.
            #expect(
                await Self.fields {
                    _ = try await payments.updateBankCSVProfile(saved.record.id, viewer: viewer, expectedVersion: 2) {
                        var profile = $0
                        profile.name = "Renamed again"
                        profile.dateFormats = []
                        return profile
                    }
                } == ["date_formats required"])
            let stored = try await payments.bankCSVProfile(saved.record.id, viewer: viewer)
            #expect(stored.record.version == 2)
            #expect(stored.record.name == "BPI current account")
            #expect(stored.profile == renamed.profile)

            // Archived: kept and readable, but neither offered nor used by an import.
            let archived = try await payments.archiveBankCSVProfile(saved.record.id, viewer: viewer, expectedVersion: 2)
            #expect(archived.record.isArchived && archived.record.version == 3)
            #expect(
                try await payments.bankCSVProfileChoices(viewer: viewer).map(\.id) == BankCSVProfile.ready.map(\.id))
            // One audit row per saved change, none for the refused ones.
            let audit = try await CreditHoldTests.audit(world, "bank_csv_profile", saved.record.id.description)
            #expect(
                Set(audit.map(\.action))
                    == ["bank_csv_profile.created", "bank_csv_profile.updated", "bank_csv_profile.archived"])
            #expect(audit.count == 3)
            #expect(
                await Self.fields {
                    _ = try await payments.importStatement(
                        data, fileName: "bpi.csv", bankAccountID: account.id,
                        profileID: saved.record.id.description, viewer: viewer)
                } == ["profile invalid_profile"])
        }
    }

    @Test(arguments: TestEngine.available)
    func anotherCompanysProfileIsNotFoundAndTheDutyDecidesWhoSavesOne(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let saved = try await payments.createBankCSVProfile(Self.ownBPI(), viewer: world.head.viewer)
            let id = saved.record.id

            // Another company's admin: not found, and not usable by its import.
            let other = try await BankSampleImportTests.company(world, index: 91).viewer
            #expect(
                await DutySettingsTests.code { _ = try await payments.bankCSVProfile(id, viewer: other) }
                    == "bank_csv_profile_not_found")
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.archiveBankCSVProfile(id, viewer: other, expectedVersion: nil)
                } == "bank_csv_profile_not_found")
            #expect(try await payments.bankCSVProfiles(viewer: other, page: PageRequest()).items.isEmpty)
            #expect(
                await Self.fields {
                    _ = try await payments.importStatement(
                        try BankStatementImportTests.fixture("csv/bpi.csv"), fileName: "bpi.csv", bankAccountID: nil,
                        profileID: id.description, viewer: other)
                } == ["profile invalid_profile"])

            // A manager never; the accountant only while the company gives the role the record-payments duty.
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.createBankCSVProfile(
                        Self.ownBPI(name: "Mine"), viewer: world.manager1.viewer)
                } == "duty_required")
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.bankCSVProfile(id, viewer: world.manager1.viewer)
                }
                    == "duty_required")
            try await DutySettingsTests.set(world) { DutySettingsTests.without(.recordPayments, .accountant)(&$0) }
            let accountant = world.accountant.viewer
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.updateBankCSVProfile(id, viewer: accountant, expectedVersion: 1) { $0 }
                } == "duty_required")
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.createBankCSVProfile(Self.ownBPI(name: "Theirs"), viewer: accountant)
                } == "duty_required")
            let left = try await payments.bankCSVProfiles(viewer: world.head.viewer, page: PageRequest())
            #expect(left.items.map(\.record.id) == [id])
            #expect(left.items.map(\.record.version) == [1])
        }
    }
}
