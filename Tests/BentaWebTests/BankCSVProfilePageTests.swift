import BentaCore
import BentaFormats
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The statements page offers a company's saved bank CSV profiles beside the ready ones (issue 12), on both engines:
/// the select lists the saved one (not an archived one, not another company's), and a CSV uploaded through the form
/// with it chosen is imported.
@Suite(.timeLimit(.minutes(20))) struct BankCSVProfilePageTests {
    static func bpiFixture() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BentaFormatsTests/Fixtures/bank/csv/bpi.csv")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The layout of BPI's CSV export (`bpi.csv`), as a company saves it.
    static let bpiLayout = BankCSVProfile(
        id: "new", name: "Our BPI account", dateColumn: "Date", descriptionColumn: "Description",
        referenceColumn: "Reference/Check No", amount: .debitCredit("Debit", "Credit"), balanceColumn: "Balance",
        dateFormats: ["MM/dd/yyyy"])

    /// The accountant's BPI peso account, which the BPI file is imported into.
    static func bpiAccount(_ world: TestWorld) async throws -> BankAccount {
        try await world.services.payments.createBankAccount(
            BankAccountDraft(name: "BPI peso", bank: "BPI", number: "3319-0011-22", iban: nil, currency: "PHP"),
            viewer: world.accountant.viewer)
    }

    /// Uploads the BPI file through the statements page's form into `account`, read with the saved profile `profile`,
    /// and expects the page to show the import's result.
    static func importBPI(
        into account: BankAccount, profile: SavedBankCSVProfile.ID, as session: BrowserSession,
        client: any TestClientProtocol
    ) async throws {
        let body = ImportPagesTests.multipart(
            [("_csrf", session.csrf), ("bank_account_id", account.id.description), ("profile", profile.description)],
            file: ("file", "bpi.csv", "text/csv", try bpiFixture()))
        let imported = try await client.execute(
            uri: "/bank-statements", method: .post,
            headers: [.cookie: "benta_session=\(session.cookie)", .contentType: body.type],
            body: ByteBuffer(string: body.body))
        #expect(imported.status == .ok)
        #expect(imported.text.contains("id=\"import-result\""))
    }

    @Test(arguments: TestEngine.available)
    func theImportFormOffersAndUsesASavedProfile(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let account = try await Self.bpiAccount(world)
            let saved = try await payments.createBankCSVProfile(Self.bpiLayout, viewer: viewer)
            var old = Self.bpiLayout
            old.name = "Old export"
            let archived = try await payments.createBankCSVProfile(old, viewer: viewer)
            _ = try await payments.archiveBankCSVProfile(archived.record.id, viewer: viewer, expectedVersion: 1)

            let session = try await client.login("accountant@test.ph")
            let form = try await client.browse(.get, "/bank-statements", as: session)
            #expect(form.status == .ok)
            let option = "<option value=\"\(saved.record.id)\">Our BPI account</option>"
            #expect(form.text.contains(option))
            #expect(form.text.contains("<option value=\"ph.bpi\">BPI</option>"))
            #expect(!form.text.contains("Old export"))

            try await Self.importBPI(into: account, profile: saved.record.id, as: session, client: client)
            let statements = try await payments.statements(viewer: viewer, page: PageRequest())
            #expect(statements.items.map(\.lineCount) == [3])
            #expect(statements.items.map(\.bankAccountID) == [account.id])
        }
    }
}
