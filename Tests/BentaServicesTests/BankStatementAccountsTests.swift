import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// A bank file holding several accounts' statements, and one holding none (issue 12), through the payment service
/// on both engines: each statement lands under the company account it names; a statement for an account the company
/// has not added, or an account chosen that none of the statements is for, refuses the whole file and writes
/// nothing; a signon-only OFX answer is refused as holding no statement.
@Suite(.timeLimit(.minutes(20))) struct BankStatementAccountsTests {
    static func account(
        _ world: TestWorld, name: String, number: String, currency: String
    ) async throws -> BankAccount {
        try await world.services.payments.createBankAccount(
            BankAccountDraft(name: name, bank: "BDO Unibank", number: number, iban: nil, currency: currency),
            viewer: world.accountant.viewer)
    }

    /// The import's refusal, as field and code pairs; nil when it imported.
    static func refusal(
        _ data: Data, given: BankAccount.ID?, payments: PaymentService, viewer: Viewer
    ) async throws -> [String]? {
        do {
            _ = try await payments.importStatement(
                data, fileName: "two.sta", bankAccountID: given, profileID: nil, viewer: viewer)
            return nil
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field) \($0.code)" }
        }
    }

    @Test(arguments: TestEngine.available)
    func eachAccountsStatementLandsUnderItsOwnAccount(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let data = try BankStatementImportTests.fixture("mt940/ph-two-accounts.sta")
            let peso = try await Self.account(world, name: "BDO peso", number: "001234567890", currency: "PHP")
            // The dollar account is not added yet: the whole file is refused, naming the statement.
            #expect(
                try await Self.refusal(data, given: nil, payments: payments, viewer: viewer)
                    == ["bank_account_id unknown_bank_account"])
            #expect(
                try await Self.refusal(data, given: peso.id, payments: payments, viewer: viewer)
                    == ["bank_account_id unknown_bank_account"])
            #expect(try await payments.statements(viewer: viewer, page: PageRequest()).items.isEmpty)
            let dollar = try await Self.account(world, name: "BDO dollar", number: "009876543210", currency: "USD")
            // An account chosen that neither statement is for is refused too.
            let other = try await Self.account(world, name: "BPI peso", number: "445566778899", currency: "PHP")
            #expect(
                try await Self.refusal(data, given: other.id, payments: payments, viewer: viewer)
                    == ["bank_account_id other_bank_account"])
            #expect(try await payments.statements(viewer: viewer, page: PageRequest()).items.isEmpty)
            let result = try await payments.importStatement(
                data, fileName: "two.sta", bankAccountID: nil, profileID: nil, viewer: viewer)
            #expect(result.statements.map(\.bankAccountID) == [peso.id, dollar.id])
            #expect(result.statements.map(\.lineCount) == [1, 2])
            #expect(result.statements.map(\.currency.code) == ["PHP", "USD"])
            let again = try await payments.importStatement(
                data, fileName: "two.sta", bankAccountID: peso.id, profileID: nil, viewer: viewer)
            #expect(again.statements.map(\.bankAccountID) == [peso.id, dollar.id])
            #expect(again.statements.map(\.lineCount) == [0, 0])
            #expect(again.statements.map(\.duplicateCount) == [1, 2])
        }
    }

    /// A `:61:` after the file's last statement names neither account nor currency (multiline.sta's shape): with
    /// the account chosen it is filed there, in the account's currency; the statement before goes to the account it
    /// names.
    @Test(arguments: TestEngine.available)
    func linesAfterTheLastStatementGoToTheAccountChosen(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let data = try BankStatementImportTests.fixture("mt940/ph-trailing-line.sta")
            let peso = try await Self.account(world, name: "BDO peso", number: "001234567890", currency: "PHP")
            let bpi = try await Self.account(world, name: "BPI peso", number: "445566778899", currency: "PHP")
            let result = try await payments.importStatement(
                data, fileName: "trailing.sta", bankAccountID: bpi.id, profileID: nil, viewer: viewer)
            #expect(result.statements.map(\.bankAccountID) == [peso.id, bpi.id])
            #expect(result.statements.map(\.lineCount) == [1, 1])
            let lines = try await payments.statementLines(
                viewer: viewer, status: nil, statementID: try #require(result.statements.last?.id),
                page: PageRequest())
            #expect(lines.items.map(\.amount) == [Money(minorUnits: 45_000, currency: .php)])
        }
    }

    @Test(arguments: TestEngine.available)
    func aFileWithoutStatementIsRefusedClearly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let peso = try await Self.account(world, name: "BDO peso", number: "001234567890", currency: "PHP")
            do {
                _ = try await payments.importStatement(
                    try BankStatementImportTests.fixture("ofx/signon-only.ofx"), fileName: "signon.ofx",
                    bankAccountID: peso.id, profileID: nil, viewer: viewer)
                Issue.record("a signon-only OFX answer was imported")
            } catch let errors as ValidationErrors {
                #expect(errors["file"].map(\.code) == ["no_statement"])
                #expect(errors["file"].first?.message == "The file holds no bank statement.")
            }
            #expect(try await payments.statements(viewer: viewer, page: PageRequest()).items.isEmpty)
        }
    }
}
