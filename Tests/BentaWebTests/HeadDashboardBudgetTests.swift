import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BentaWeb

/// No query per row on the head's dashboard (issue 13): the API and the page send the same number of statements
/// before and after more invoices, payments and deals are added, and no more than their bound. Counted through a
/// ``RecordingAppDatabase`` under the whole app, as `StatementBudgetTests` does.
@Suite(.timeLimit(.minutes(20))) struct HeadDashboardBudgetTests {
    /// The most statements each request may send, transaction control not counted: the month measured (company,
    /// credit basis, plan versions, users, credits, pipeline), the payment habits, open invoices and open deals,
    /// then the leaderboard, aging, late-payment report and trend as their own services read them: 39 on both
    /// engines now, with two to spare.
    static let budgets: [String: Int] = [
        "GET /api/v1/dashboards/head": 41,
        "GET /dashboard": 41,
    ]

    static func invoice(_ world: TestWorld, _ account: Account, net: String, owner: User) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        return try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    /// Adds `count` rounds of records: per account an issued invoice, half of them paid, and an open deal.
    static func addRecords(_ world: TestWorld, rounds count: Int) async throws {
        let owned =
            world.manager1Accounts.map { ($0, world.manager1) } + world.manager2Accounts.map { ($0, world.manager2) }
        for round in 0..<count {
            for (index, (account, owner)) in owned.enumerated() {
                let invoice = try await invoice(world, account, net: "\(1_000 * (round + index + 1))", owner: owner)
                if index.isMultiple(of: 2) {
                    let amount = try invoice.totals().totalWithTax.decimalString
                    _ = try await world.services.payments.record(
                        PaymentDraft(
                            accountID: account.id.description, receivedOn: "2026-11-30", amount: amount,
                            currency: "", method: "bank_transfer", reference: "R\(round)-\(index)",
                            allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: amount)]),
                        viewer: world.accountant.viewer)
                }
                var deal = DealDraft()
                deal.accountID = account.id.description
                deal.title = "Deal \(round)-\(index)"
                deal.amount = "\(10_000 * (round + 1))"
                deal.expectedClose = "2026-12-1\(index)"
                _ = try await world.services.deals.create(deal, viewer: owner.viewer)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func theDashboardSendsAFixedNumberOfStatements(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            _ = try await world.services.plans.save(
                MonthPlanDraft(
                    costLines: [.init(kind: "rent", label: "Office rent", amount: "300000", isRecurringMonthly: true)],
                    targetProfit: "0", grossMargin: "30", splitMethod: "weights", weightScale: "percent",
                    weights: [
                        .init(managerID: world.manager1.id.description, value: "50"),
                        .init(managerID: world.manager2.id.description, value: "50"),
                    ]), month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer)
            let app = try await buildApplication(
                config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
            try await app.test(.router) { client in
                let token = try await world.token(world.head)
                let session = try await client.login(world.head.email.value)
                func count(_ send: () async throws -> TestResponse) async throws -> (Int, String) {
                    database.reset()
                    let response = try await send()
                    #expect(response.status == .ok, "\(response.status) \(response.text.prefix(300))")
                    let queries = database.queries
                    return (queries.count, queries.map { "  " + $0.sql.prefix(160) }.joined(separator: "\n"))
                }
                func measure() async throws -> [String: (Int, String)] {
                    [
                        "GET /api/v1/dashboards/head": try await count {
                            try await client.api(.get, "/api/v1/dashboards/head?month=2026-11", token: token)
                        },
                        "GET /dashboard": try await count {
                            try await client.browse(.get, "/dashboard?month=2026-11", as: session)
                        },
                    ]
                }
                try await Self.addRecords(world, rounds: 1)
                // The first request of a token or session also records that it was used: measured apart.
                _ = try await measure()
                let few = try await measure()
                try await Self.addRecords(world, rounds: 3)
                let many = try await measure()
                for (request, bound) in Self.budgets {
                    let (before, after) = (try #require(few[request]), try #require(many[request]))
                    #expect(before.0 == after.0, "\(request): \(before.0) then \(after.0) statements\n\(after.1)")
                    #expect(after.0 <= bound, "\(request): \(after.0) statements\n\(after.1)")
                    if ProcessInfo.processInfo.environment["BENTA_PRINT_BUDGETS"] != nil {
                        print("BUDGET \(engine) \(request): \(after.0)\n\(after.1)")
                    }
                }
            }
        }
    }
}
