import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Issue 13: credit goes "to the account owner at the time". An invoice issued while manager A owns the account
/// stays A's after the account moves to manager B — in the credit events, the attainment and the commission run —
/// and B is credited for the invoices made after the move, on both engines.
@Suite(.timeLimit(.minutes(20))) struct CreditOwnerAtTheTimeTests {
    @Test(arguments: TestEngine.available)
    func anInvoiceStaysWithTheOwnerItWasMadeUnderAfterTheAccountMoves(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let setup = try await CommissionServiceTests.setup(database)
            let world = setup.world
            let (a, b) = (world.manager1, world.manager2)
            let tala = world.manager1Accounts[0]
            let before = try await CommissionServiceTests.invoice(world, account: tala, net: "2100000", owner: a)
            #expect(before.ownerID == a.id)
            // The head moves the account to manager B; B then invoices it.
            let moved = try await world.services.accounts.update(
                tala.id, viewer: world.head.viewer, expectedVersion: nil
            ) { $0.ownerID = b.id.description }
            #expect(moved.fields.ownerID == b.id)
            let after = try await CommissionServiceTests.invoice(world, account: tala, net: "500000", owner: b)
            #expect(after.ownerID == b.id)
            let november = CommissionServiceTests.november

            // The credit events on the invoiced basis: each invoice under the owner it was made under.
            let credits = try await database.read { db in
                try await CreditEventStore(db).credits(
                    companyID: world.company.id, month: november, basis: .invoiced)
            }
            #expect(credits[a.id]?.map(\.sourceID) == [before.id.description])
            #expect(credits[b.id]?.map(\.sourceID) == [after.id.description])

            // The attainment agrees (the company's basis is invoiced until a head changes it).
            let report = try await world.services.plans.attainment(month: november, viewer: world.head.viewer)
            #expect(report.basis == .invoiced)
            let actual = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.managerID, $0.attainment.actual) })
            #expect(actual[a.id] == (try CommissionServiceTests.php("2100000")))
            #expect(actual[b.id] == (try CommissionServiceTests.php("500000")))

            // So does the commission run: A's statement traces to the first invoice only, B's to the second.
            _ = try await setup.commission.run(month: november, viewer: world.head.viewer)
            func sources(_ manager: User) async throws -> Set<String> {
                let found = try #require(
                    try await setup.commission.statement(
                        managerEmail: manager.email.value, month: november, viewer: world.head.viewer))
                return Set(
                    found.statement.statement.lines.compactMap { line -> String? in
                        guard case .credit(let event) = line.source else { return nil }
                        return event.sourceID
                    })
            }
            #expect(try await sources(a) == [before.id.description])
            #expect(try await sources(b) == [after.id.description])
        }
    }
}
