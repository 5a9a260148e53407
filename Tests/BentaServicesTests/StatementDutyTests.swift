import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Bank statements go by the record-payments duty (issue 13's duties on issue 12's statements), on both engines:
/// an accountant without it may not import a statement, confirm a line, set one aside or undo a match (403
/// `duty_required`, nothing written); a role with it may; a manager stays out even with it (a statement holds every
/// customer's money).
@Suite(.timeLimit(.minutes(20))) struct StatementDutyTests {
    @Test(arguments: TestEngine.available)
    func importingAndConfirmingLinesGoByTheRecordPaymentsDuty(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let payments = world.services.payments
            _ = try await BankStatementImportTests.bankAccount(world, number: "0012-3456-7890")
            let data = try BankStatementImportTests.fixture("mt940/ph-balanced.sta")
            func importing(_ user: User) async -> String {
                await DutySettingsTests.code {
                    _ = try await payments.importStatement(
                        data, fileName: "march.sta", bankAccountID: nil, profileID: nil, viewer: user.viewer)
                }
            }
            func statementCount() async throws -> Int {
                try await payments.statements(viewer: world.head.viewer, page: PageRequest()).items.count
            }

            // The standard duties: the manager lacks record_payments.
            #expect(await importing(world.manager1) == "duty_required")
            try await DutySettingsTests.set(world) {
                DutySettingsTests.without(.recordPayments, .accountant)(&$0)
                DutySettingsTests.with(.recordPayments, .manager)(&$0)
            }
            #expect(await importing(world.accountant) == "duty_required")
            #expect(await importing(world.manager1) == "forbidden")
            #expect(try await statementCount() == 0)

            // The head has the duty: the statement lands in the queue.
            #expect(await importing(world.head) == "ok")
            #expect(try await statementCount() == 1)
            let queue = try await payments.statementLines(
                viewer: world.head.viewer, status: .unmatched, statementID: nil, page: PageRequest())
            let line = try #require(queue.items.first { $0.amount.isPositive })

            // Confirming, setting aside and undoing are refused to the accountant without the duty.
            let tala = world.manager1Accounts[0]
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.confirmLine(
                        line.id, accountID: tala.id.description, allocations: [], viewer: world.accountant.viewer)
                } == "duty_required")
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.ignoreLine(line.id, viewer: world.accountant.viewer)
                } == "duty_required")
            #expect(
                await DutySettingsTests.code {
                    _ = try await payments.unmatchLine(line.id, reason: nil, viewer: world.accountant.viewer)
                } == "duty_required")
            let unchanged = try await payments.statementLines(
                viewer: world.head.viewer, status: .unmatched, statementID: nil, page: PageRequest())
            #expect(unchanged.items.map(\.id) == queue.items.map(\.id))
            #expect(
                try await payments.list(viewer: world.head.viewer, accountID: nil, page: PageRequest()).items.isEmpty)

            // Given the duty again, the accountant confirms the line as Tala's payment.
            try await DutySettingsTests.set(world) { _ in }
            let confirmed = try await payments.confirmLine(
                line.id, accountID: tala.id.description, allocations: [], viewer: world.accountant.viewer)
            #expect(confirmed.payment.accountID == tala.id)
            #expect(confirmed.payment.amount == line.amount)
        }
    }
}
