import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The overdue list narrows its SQL to invoices that may be overdue (`InvoiceFilter.mayBeOverdueOn`: an open amount
/// and a due date before the day), so at a million invoices it no longer reads page after page of paid and not yet
/// due ones (issue 11). The narrowing must keep exactly the invoices whose balance says overdue. A manager's list is
/// read as a union of their own accounts' invoices and each team's shared ones (migration 48), which must be exactly
/// the invoices whose accounts they see, page after page.
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

    /// A manager's list with each filter the invoice list sends (no status, draft, issued — which the paid, partly
    /// paid and cancelled filters read —, credit notes, another owner's, overdue), read in pages of two through the
    /// cursor, is exactly the head's list of the same filter kept to the accounts the manager sees: owned (Bituin),
    /// owned and shared with their team (Tala), shared by a teammate (Sinag), shared after its invoices were made
    /// (Perlas, through the copies migration 47 keeps) and not visible (Dagat).
    @Test(arguments: TestEngine.available)
    func aManagersListIsExactlyTheInvoicesOfTheAccountsTheySeeOnEveryPage(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            var shared = AccountDraft()
            shared.name = "Sinag Bakery"
            shared.teamID = world.north.id.description
            let sinag = try await world.services.accounts.create(shared, viewer: world.manager3.viewer)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let (dagat, perlas) = (world.manager2Accounts[0], world.manager2Accounts[1])
            let accounts = [
                (tala, world.manager1), (bituin, world.manager1), (sinag, world.manager3), (dagat, world.manager2),
                (perlas, world.manager2),
            ]
            var issued: [Invoice] = []
            for (account, owner) in accounts {
                for net in ["1000", "2000", "3000"] {
                    issued.append(try await world.issuedInvoice(account: account, net: net, owner: owner))
                }
            }
            // On every account: the first (1,120.00) paid, the second (2,240.00) partly paid, the third open or, on
            // every other account, credited whole.
            for (place, invoice) in issued.enumerated() where place % 3 != 2 {
                let amount = place % 3 == 0 ? "1120" : "500"
                _ = try await world.services.payments.record(
                    PaymentDraft(
                        accountID: invoice.accountID.description, receivedOn: "2026-11-30", amount: amount,
                        currency: "", method: "bank_transfer", reference: "BDO-\(place)",
                        allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount)]),
                    viewer: world.accountant.viewer)
            }
            for (place, (_, owner)) in accounts.enumerated() where place % 2 == 0 {
                _ = try await world.services.invoices.creditNote(
                    for: issued[place * 3 + 2].id, request: .lines([(index: 0, quantity: 1)]), reason: "Returned",
                    viewer: owner.viewer)
            }
            world.clock.advance(by: 90 * 86_400)
            for (account, owner) in accounts {
                _ = try await world.issuedInvoice(account: account, net: "4000", owner: owner)
                _ = try await world.draftInvoice(account: account, net: "5000", owner: owner)
            }
            // Perlas is shared with North after its invoices were made.
            _ = try await world.services.accounts.update(perlas.id, viewer: world.head.viewer, expectedVersion: nil) {
                $0.teamID = world.north.id.description
            }
            let today = try await world.services.invoices.today(companyID: world.company.id)

            func pages(_ viewer: Viewer, _ filter: InvoiceFilter, limit: Int) async throws -> [[Invoice.ID]] {
                var result: [[Invoice.ID]] = []
                var cursor: String?
                repeat {
                    let page = try await world.services.invoices.list(
                        viewer: viewer, filter: filter, page: PageRequest(limit: limit, cursor: cursor))
                    result.append(page.items.map(\.id))
                    cursor = page.nextCursor
                } while cursor != nil && result.count < 100
                return result
            }
            var overdue = InvoiceFilter(status: .issued)
            overdue.mayBeOverdueOn = today
            let filters: [(name: String, filter: InvoiceFilter)] = [
                ("all", InvoiceFilter()), ("draft", InvoiceFilter(status: .draft)),
                ("issued", InvoiceFilter(status: .issued)), ("credit notes", InvoiceFilter(kind: .creditNote)),
                ("manager3's", InvoiceFilter(ownerID: world.manager3.id)), ("overdue", overdue),
            ]
            let sees: [(User, Set<Account.ID>)] = [
                (world.manager1, [tala.id, bituin.id, sinag.id, perlas.id]),
                (world.manager3, [tala.id, sinag.id, perlas.id]), (world.manager2, [dagat.id, perlas.id]),
            ]
            for (name, filter) in filters {
                let everyone = try await pages(world.head.viewer, filter, limit: 500).flatMap { $0 }
                let invoices = try await world.services.invoices.list(
                    viewer: world.head.viewer, filter: filter, page: PageRequest(limit: 500)
                ).items
                #expect(invoices.map(\.id) == everyone && !everyone.isEmpty, "\(name)")
                for (user, visible) in sees {
                    let expected = invoices.filter { visible.contains($0.accountID) }.map(\.id)
                    let read = try await pages(user.viewer, filter, limit: 2)
                    #expect(read.flatMap { $0 } == expected, "\(name) as \(user.name)")
                    #expect(read.dropLast().allSatisfy { $0.count == 2 } && (read.last?.count ?? 0) <= 2, "\(name)")
                }
            }
            // Each kind of account and each status is in the lists above.
            let managers = try await pages(world.manager1.viewer, overdue, limit: 50).flatMap { $0 }
            #expect(Set(managers.compactMap { id in issued.first { $0.id == id }?.accountID }).count == 4)
        }
    }
}
