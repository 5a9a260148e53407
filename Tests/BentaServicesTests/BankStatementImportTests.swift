import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Bank statements through the payment service on both engines (issue 12): a file of each format lands in the
/// review queue under the company bank account it names; the same file again adds nothing; a file for an unknown
/// account or a hostile one changes nothing; a line is confirmed as a customer's payment, allocated to its invoice.
@Suite(.timeLimit(.minutes(20))) struct BankStatementImportTests {
    /// The bank fixtures written for Benta (in the format tests' folder).
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BentaFormatsTests/Fixtures/bank").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }

    static func bankAccount(_ world: TestWorld, number: String) async throws -> BankAccount {
        try await world.services.payments.createBankAccount(
            BankAccountDraft(name: "BDO peso", bank: "BDO Unibank", number: number, iban: nil, currency: "PHP"),
            viewer: world.accountant.viewer)
    }

    @Test(arguments: TestEngine.available)
    func eachFormatImportsOnceIntoTheQueue(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let bdo = try await Self.bankAccount(world, number: "0012-3456-7890")
            for name in ["mt940/ph-balanced.sta", "csv/bdo-legacy.csv"] {
                let data = try Self.fixture(name)
                let first = try await payments.importStatement(
                    data, fileName: name, bankAccountID: nil, profileID: nil, viewer: viewer)
                let statement = try #require(first.statements.first, "\(name)")
                #expect(statement.bankAccountID == bdo.id, "\(name)")
                #expect(statement.lineCount > 0, "\(name)")
                #expect(statement.duplicateCount == 0, "\(name)")
                let again = try await payments.importStatement(
                    data, fileName: name, bankAccountID: nil, profileID: nil, viewer: viewer)
                #expect(again.statements.map(\.lineCount) == first.statements.map { _ in 0 }, "\(name)")
                #expect(again.statements.map(\.duplicateCount) == first.statements.map(\.lineCount), "\(name)")
            }
            // The same March statement exported as OFX (the bank's FITIDs are the MT940 references): nothing new.
            let ofx = try await payments.importStatement(
                try Self.fixture("ofx/ph-bank-1x.ofx"), fileName: "march.ofx", bankAccountID: nil, profileID: nil,
                viewer: viewer)
            #expect(ofx.statements.map(\.lineCount) == [0])
            #expect(ofx.statements.map(\.duplicateCount) == [3])
            // camt names its account by another number: refused until the file is given an account.
            let camt = try Self.fixture("camt/tala-foods-053-v08.xml")
            do {
                _ = try await payments.importStatement(
                    camt, fileName: "camt.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
                Issue.record("a statement for an unknown account was imported")
            } catch let errors as ValidationErrors {
                #expect(errors["bank_account_id"].map(\.code) == ["unknown_bank_account"])
            }
            let other = try await Self.bankAccount(world, number: "0012345678")
            let camtImport = try await payments.importStatement(
                camt, fileName: "camt.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
            #expect(camtImport.statements.first?.bankAccountID == other.id)
            // Money in waits in the queue; money out is set aside.
            let queue = try await payments.statementLines(
                viewer: viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 200))
            #expect(!queue.items.isEmpty)
            #expect(queue.items.allSatisfy { $0.amount.isPositive })
            let hostile = try Self.fixture("camt/xxe-external-entity.xml")
            do {
                _ = try await payments.importStatement(
                    hostile, fileName: "x.xml", bankAccountID: bdo.id, profileID: nil, viewer: viewer)
                Issue.record("an XML file with an external entity was read")
            } catch let errors as ValidationErrors {
                #expect(errors["file"].map(\.code) == ["forbidden_content"])
            }
            await #expect(throws: DutyError.self) {
                _ = try await payments.importStatement(
                    camt, fileName: "camt.xml", bankAccountID: nil, profileID: nil, viewer: world.manager1.viewer)
            }
        }
    }

    /// The MT940 line "INV-2026-000123" of ₱112,000 from Tala Foods is confirmed as Tala's payment of its invoice:
    /// the payment is recorded from the line (date, amount, bank account), the invoice is settled, and the line is
    /// matched, once.
    @Test(arguments: TestEngine.available)
    func aLineIsConfirmedAsTheCustomersPayment(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            let invoice = try await PaymentServiceTests.invoice(world, account: tala, net: "100000")
            let bdo = try await Self.bankAccount(world, number: "001234567890")
            _ = try await payments.importStatement(
                try Self.fixture("mt940/ph-balanced.sta"), fileName: "march.sta", bankAccountID: nil, profileID: nil,
                viewer: viewer)
            _ = try await payments.importStatement(
                try Self.fixture("csv/bdo-legacy.csv"), fileName: "bdo.csv", bankAccountID: nil, profileID: nil,
                viewer: viewer)
            let queue = try await payments.statementLines(
                viewer: viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 200))
            let line = try #require(queue.items.first { $0.amount == (try? PaymentServiceTests.php("112000")) })
            #expect(line.bankAccountID == bdo.id)
            let detail = try await payments.confirmLine(
                line.id, accountID: tala.id.description,
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "112000")], viewer: viewer)
            #expect(detail.payment.amount == (try PaymentServiceTests.php("112000")))
            #expect(detail.payment.receivedOn == line.bookingDate)
            #expect(detail.payment.bankAccountID == bdo.id)
            #expect(try await PaymentServiceTests.open(world, invoice).open == .zero(.php))
            let matched = try await payments.statementLines(
                viewer: viewer, status: .matched, statementID: nil, page: PageRequest(limit: 200))
            #expect(matched.items.map(\.paymentID) == [detail.payment.id])
            await #expect(throws: RecordError.self) {
                _ = try await payments.confirmLine(
                    line.id, accountID: tala.id.description, allocations: [], viewer: viewer)
            }
            // A refused allocation leaves the line in the queue and records nothing.
            let next = try #require(
                try await payments.statementLines(
                    viewer: viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 200)
                ).items.first)
            await #expect(throws: ValidationErrors.self) {
                _ = try await payments.confirmLine(
                    next.id, accountID: tala.id.description,
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1", withholdings: [])],
                    viewer: viewer)
            }
            let still = try await payments.statementLines(
                viewer: viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 200))
            #expect(still.items.contains { $0.id == next.id })
            let ignored = try await payments.ignoreLine(next.id, viewer: viewer)
            #expect(ignored.status == .ignored)
        }
    }
}
