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

/// No query per row on My day (issue 14, issue 13's manager dashboard): the manager's page sends the same number of
/// statements before and after more overdue customers, calls, tasks on records, new leads and open deals are added,
/// the same on both engines, and no more than its bound; so do the head's and the accountant's. Counted through a
/// ``RecordingAppDatabase`` under the whole app, as `StatementBudgetTests` does.
@Suite(.timeLimit(.minutes(20))) struct MyDayBudgetTests {
    /// The most statements each page may send, transaction control not counted; measured 34, 9 and 8 on SQLite and
    /// on PostgreSQL alike, whatever the number of customers, calls, tasks, leads and deals. The manager's: the
    /// session (2), the company, users and teams (3), tasks, meetings, newest leads and the task records' names (4),
    /// the calls to make (4: today, calls, overdue invoices, contacts), the overdue list (2: totals, customers), the
    /// attainment (the month measured, 8), the commission estimate (10) and the pipeline by stage (1).
    static let budgets: [String: Int] = [
        "GET /my-day manager": 36,
        "GET /my-day accountant": 10,
        "GET /my-day head": 9,
    ]

    static let december = PlanMonth(year: 2026, month: 12)!

    /// December's plan (₱2.0M for manager1) and the default commission plan (10% over plan).
    static func plan(_ world: TestWorld) async throws {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        _ = try await world.services.commission.savePlan(
            try .overPlan(ratePercent: 10, baseSalary: try Money(decimalString: "25000", currency: .php)),
            for: .companyDefault, effectiveFrom: december, reason: "The article's model", viewer: world.head.viewer)
        _ = try await world.services.plans.save(
            MonthPlanDraft(
                costLines: [.init(kind: "rent", label: "Office", amount: "1200000", isRecurringMonthly: true)],
                targetProfit: "0", grossMargin: "30", splitMethod: "amounts",
                amounts: [.init(managerID: world.manager1.id.description, value: "2000000")], reason: "December"),
            month: december, viewer: world.head.viewer)
    }

    /// Adds `count` customers of manager1's, each with an invoice due on receipt, a contact with a phone, an open
    /// deal, a task on the account and a new lead; then a day passes and each gets a collection call.
    static func addRecords(_ world: TestWorld, count: Int, round: Int) async throws {
        let viewer = world.manager1.viewer
        var accounts: [Account] = []
        for index in 0..<count {
            var account = AccountDraft()
            account.name = "Budget Customer \(round)-\(index)"
            account.phones = [String(format: "0917 4%02d %04d", round, index)]
            let created = try await world.services.accounts.create(account, viewer: viewer)
            accounts.append(created)
            var contact = ContactDraft()
            contact.accountID = created.id.description
            contact.name = "Budget Contact \(round)-\(index)"
            contact.phones = [String(format: "0918 4%02d %04d", round, index)]
            _ = try await world.services.contacts.create(contact, viewer: viewer)
            var line = LineDraft()
            line.description = "Toner"
            line.quantity = "1"
            line.unitPrice = "\(1_000 * (index + 1))"
            line.taxCategory = "vatable"
            var invoice = InvoiceDraft()
            invoice.accountID = created.id.description
            invoice.lines = [line]
            invoice.pricesIncludeTax = false
            invoice.paymentTerms = "due_on_receipt"
            let made = try await world.services.invoices.create(invoice, viewer: viewer)
            _ = try await world.services.invoices.issue(made.id, viewer: viewer, expectedVersion: nil)
            var deal = DealDraft()
            deal.accountID = created.id.description
            deal.title = "Budget deal \(round)-\(index)"
            deal.amount = "\(10_000 * (index + 1))"
            deal.expectedClose = "2026-12-20"
            _ = try await world.services.deals.create(deal, viewer: viewer)
            var task = TaskDraft()
            task.title = "Call \(created.fields.name)"
            task.dueAt = world.clock.now
            task.accountID = created.id.description
            _ = try await world.services.tasks.create(task, viewer: viewer)
            var lead = LeadDraft()
            lead.personName = "Budget Lead \(round)-\(index)"
            _ = try await world.services.leads.create(lead, viewer: viewer, companyID: world.company.id)
        }
        world.clock.advance(by: 86_400)
        let today = world.company.settings.today(at: world.clock.now).iso8601String
        for account in accounts {
            _ = try await world.services.collections.createCall(
                accountID: account.id.description, dueOn: today, assigneeID: nil, viewer: viewer)
        }
    }

    @Test(arguments: TestEngine.available)
    func myDaySendsAFixedNumberOfStatementsWhateverItShows(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            let app = try await buildApplication(
                config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
            try await app.test(.router) { client in
                // 2 December, so the days that pass stay in the month planned.
                world.clock.advance(by: 2 * 86_400)
                try await Self.plan(world)
                let (manager, head, accountant) = (world.manager1, world.head, world.accountant)
                func count(_ user: User, expecting marker: String) async throws -> (Int, String) {
                    let session = try await client.login(user.email.value)
                    database.reset()
                    let page = try await client.browse(.get, "/my-day", as: session)
                    #expect(page.status == .ok)
                    #expect(page.text.contains(marker), "\(marker) missing")
                    let queries = database.queries
                    return (queries.count, queries.map { "  " + $0.sql.prefix(160) }.joined(separator: "\n"))
                }
                try await Self.addRecords(world, count: 3, round: 1)
                let (few, _) = try await count(manager, expecting: "Budget Customer 1-2")
                try await Self.addRecords(world, count: 12, round: 2)
                let (many, sql) = try await count(manager, expecting: "Budget Customer 2-11")
                if ProcessInfo.processInfo.environment["BENTA_PRINT_BUDGETS"] != nil {
                    print("BUDGET \(engine) GET /my-day manager: \(few) then \(many)\n\(sql)")
                }
                #expect(few == many, "3 customers: \(few) statements, 15 customers: \(many)\n\(sql)")
                let bounds = (
                    manager: try #require(Self.budgets["GET /my-day manager"]),
                    head: try #require(Self.budgets["GET /my-day head"]),
                    accountant: try #require(Self.budgets["GET /my-day accountant"])
                )
                #expect(many <= bounds.manager, "\(many) statements\n\(sql)")
                let (forHead, headSQL) = try await count(head, expecting: "id=\"my-day-head\"")
                #expect(forHead <= bounds.head, "\(forHead)\n\(headSQL)")
                let (forAccountant, accountantSQL) = try await count(accountant, expecting: "id=\"my-day-money-queue\"")
                #expect(forAccountant <= bounds.accountant, "\(forAccountant)\n\(accountantSQL)")
                if ProcessInfo.processInfo.environment["BENTA_PRINT_BUDGETS"] != nil {
                    print("BUDGET \(engine) GET /my-day head: \(forHead), accountant: \(forAccountant)")
                }
            }
        }
    }
}
