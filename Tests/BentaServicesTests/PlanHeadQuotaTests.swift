import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import Testing

/// A head's own quota (issue 13): the head may carry a share of the month's plan like a manager, and then has their
/// own attainment row with their credits; the accountant still may not (`not_a_manager`). Both engines.
@Suite(.timeLimit(.minutes(20))) struct PlanHeadQuotaTests {
    static let november = PlanMonth(year: 2026, month: 11)!

    /// ₱5.0M split 40/35/25 among manager1, manager2 and the head: the head's share is ₱1,250,000 and their
    /// attainment row measures the ₱500,000 (net) invoice of a deal credited wholly to them by a split.
    @Test(arguments: TestEngine.available)
    func headCarriesTheirOwnQuota(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            var draft = PlanServiceTests.draft(world)
            draft.weights[2].managerID = world.head.id.description
            let plan = try await world.services.plans.save(draft, month: Self.november, viewer: world.head.viewer)
            #expect(
                plan.split.shares.first { $0.managerID == world.head.id.description }?.amount
                    == Money(minorUnits: 125_000_000, currency: .php))

            var deal = DealDraft()
            deal.accountID = world.manager1Accounts[0].id.description
            deal.title = "Head's key account"
            deal.amount = "500000"
            deal.expectedClose = "2026-11-30"
            let made = try await world.services.deals.create(deal, viewer: world.manager1.viewer)
            _ = try await world.services.plans.setCreditSplit(
                try CreditSplit(shares: [CreditSplit.Share(managerID: world.head.id.description, percent: 100)]),
                dealID: made.id, viewer: world.head.viewer)
            var invoice = InvoiceDraft()
            invoice.accountID = world.manager1Accounts[0].id.description
            var line = LineDraft()
            line.description = "Fit-out"
            line.quantity = "1"
            line.unitPrice = "500000"
            line.taxCategory = "vatable"
            invoice.lines = [line]
            invoice.pricesIncludeTax = false
            invoice.dealID = made.id.description
            let created = try await world.services.invoices.create(invoice, viewer: world.manager1.viewer)
            _ = try await world.services.invoices.issue(created.id, viewer: world.manager1.viewer, expectedVersion: nil)

            let report = try await world.services.plans.attainment(month: Self.november, viewer: world.head.viewer)
            let row = try #require(report.rows.first { $0.managerID == world.head.id })
            #expect(row.attainment.plan == Money(minorUnits: 125_000_000, currency: .php))
            #expect(row.attainment.actual == Money(minorUnits: 50_000_000, currency: .php))
            #expect(row.attainment.attainmentPercent == 40)
            #expect(report.rows.first { $0.managerID == world.manager1.id }?.attainment.actual.isZero == true)

            draft.weights[2].managerID = world.accountant.id.description
            draft.reason = "Try the accountant"
            do {
                _ = try await world.services.plans.save(draft, month: Self.november, viewer: world.head.viewer)
                Issue.record("a plan share for the accountant was saved")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.map { "\($0.field) \($0.code)" } == ["weights[2].manager_id not_a_manager"])
            }
        }
    }
}
