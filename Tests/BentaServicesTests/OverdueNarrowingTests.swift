import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The overdue list narrows its SQL to invoices that may be overdue (`InvoiceFilter.mayBeOverdueOn`: an open amount
/// and a due date before the day), so at a million invoices it no longer reads page after page of paid and not yet
/// due ones (issue 11). The narrowing must keep exactly the invoices whose balance says overdue.
@Suite(.timeLimit(.minutes(20))) struct OverdueNarrowingTests {
    @Test(arguments: TestEngine.available)
    func theNarrowedListHoldsExactlyTheOverdueInvoices(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let tala = world.manager1Accounts[0]
            let paid = try await world.issuedInvoice(account: tala, net: "10000")
            let partly = try await world.issuedInvoice(account: tala, net: "20000")
            let open = try await world.issuedInvoice(account: tala, net: "30000")
            let credited = try await world.issuedInvoice(account: tala, net: "40000")
            _ = try await world.services.invoices.creditNote(
                for: credited.id, request: .lines([(index: 0, quantity: 1)]), reason: "Returned",
                viewer: world.manager1.viewer)
            for (invoice, amount) in [(paid, "11200"), (partly, "5000")] {
                _ = try await world.services.payments.record(
                    PaymentDraft(
                        accountID: tala.id.description, receivedOn: "2026-11-30", amount: amount, currency: "",
                        method: "bank_transfer", reference: "BDO-\(amount)",
                        allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount)]),
                    viewer: world.accountant.viewer)
            }
            world.clock.advance(by: 90 * 86_400)
            let notYetDue = try await world.issuedInvoice(account: tala, net: "50000")
            let today = try await world.services.invoices.today(companyID: world.company.id)

            for viewer in [world.head.viewer, world.manager1.viewer, world.manager2.viewer] {
                let all = try await world.services.invoices.list(
                    viewer: viewer, filter: InvoiceFilter(status: .issued), page: PageRequest(limit: 100))
                let balances = try await world.services.invoices.balances(of: all.items)
                let expected = all.items.filter { balances[$0.id]?.status(of: $0, today: today) == .overdue }
                var filter = InvoiceFilter(status: .issued)
                filter.mayBeOverdueOn = today
                let narrowed = try await world.services.invoices.list(
                    viewer: viewer, filter: filter, page: PageRequest(limit: 100))
                #expect(narrowed.items.map(\.id) == expected.map(\.id))
                if viewer.userID != world.manager2.id {
                    #expect(expected.map(\.id) == [open.id, partly.id])
                    #expect(all.items.contains { $0.id == notYetDue.id } && all.items.contains { $0.id == paid.id })
                } else {
                    #expect(narrowed.items.isEmpty)
                }
            }
        }
    }
}
