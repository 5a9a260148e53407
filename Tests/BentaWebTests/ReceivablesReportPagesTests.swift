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

/// The receivables and collections report pages of issue 12 and their CSV exports (issue 13): why customers pay
/// late (chart, table, promise-kept rate), the overdue list per manager, the aging, DSO/CEI and pending 2307 CSVs,
/// and the quarterly list of invoices unpaid past their term; each kept to the manager's own customers.
@Suite(.timeLimit(.minutes(20))) struct ReceivablesReportPagesTests {
    static let day: TimeInterval = 86_400

    /// A company without a legal profile whose invoices were issued 90 days ago, due on issue: manager1's Tala Foods
    /// (₱11,200) and Bituin Hardware (₱1,120), manager2's Dagat Logistics (₱2,240). Tala belongs to the North team,
    /// which manager3 shares, so manager3 sees Tala's account but is not its manager.
    static func withOverdueWorld(
        _ engine: TestEngine,
        _ body: @escaping @Sendable (TestWorld, any AppDatabase, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            for (account, net, owner) in [
                (world.manager1Accounts[0], "10000", world.manager1),
                (world.manager1Accounts[1], "1000", world.manager1),
                (world.manager2Accounts[0], "2000", world.manager2),
            ] {
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
                _ = try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
            }
            world.clock.advance(by: 90 * day)
            let app = try await buildApplication(
                config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
            try await app.test(.router) { client in try await body(world, database, client) }
        }
    }

    /// Logs a call on Tala (cash-flow problem, a promise kept) and on Dagat (did not receive, a promise broken).
    static func logCalls(_ world: TestWorld, database: any AppDatabase) async throws -> CalendarDate {
        let collections = world.services.collections
        let today = try await world.services.invoices.today(companyID: world.company.id)
        var decided: [(StoredPromise.ID, PaymentPromiseStatus)] = []
        for (account, reason, status) in [
            (world.manager1Accounts[0], "cash_flow_problem", PaymentPromiseStatus.kept),
            (world.manager2Accounts[0], "did_not_receive", .broken),
        ] {
            let call = try await collections.createCall(
                accountID: account.id.description, dueOn: today.iso8601String, assigneeID: nil,
                viewer: world.head.viewer
            ).call
            let result = try await collections.logOutcome(
                call.id,
                draft: CallOutcomeDraft(
                    reason: reason,
                    promise: PromiseDraft(promisedOn: today.adding(days: 7).iso8601String, amount: "100")
                ), expectedVersion: 1, viewer: world.head.viewer)
            decided.append((try #require(result.promise).id, status))
        }
        let outcomes = decided
        try await database.transaction { db in
            for (id, status) in outcomes {
                _ = try await DunningStore(db).insertOutcome(
                    promiseID: id.description, companyID: world.company.id, status: status, decidedOn: today,
                    paid: .zero(.php), now: Date())
            }
        }
        return today
    }

    /// The head's page counts the reasons of both managers (bars in an SVG chart, the same figures in the table, the
    /// overdue amount at each call), the promise-kept rate over both (1 of 2: 50%), the broken promise's customer,
    /// and the CSV of each table. A manager sees their own customers' reasons only, even when naming another
    /// manager; Filipino labels the page in Filipino.
    @Test(arguments: TestEngine.available)
    func whyCustomersPayLate(engine: TestEngine) async throws {
        try await Self.withOverdueWorld(engine) { world, database, client in
            let today = try await Self.logCalls(world, database: database)
            let period = "?from=\(today.adding(days: -1).iso8601String)&to=\(today.iso8601String)"
            let head = try await client.login(world.head.email.value)
            let page = try await client.browse(.get, "/collections/late-payments" + period, as: head)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("id=\"late-payments-chart\""))
            #expect(html.contains("<title>Cash flow problem: 1 (50%)</title>"))
            #expect(html.contains("<title>Did not receive the invoice: 1 (50%)</title>"))
            #expect(html.contains("<title>Wrong amount: 0 (0%)</title>"))
            #expect(html.contains("11,200.00") && html.contains("2,240.00"))
            #expect(html.contains("Kristine Uno") && html.contains("Paolo Dos"))
            #expect(html.contains("<dd id=\"kept-rate\">50%</dd>"))
            #expect(html.contains("Dagat Logistics"))
            #expect(html.contains("href=\"/collections/late-payments.csv?from="))

            let csv = try await client.browse(.get, "/collections/late-payments.csv" + period, as: head)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasSuffix("from,to,manager_id,manager,reason,calls,currency,overdue") == true)
            #expect(lines.contains { $0.contains("Kristine Uno,cash_flow_problem,1,PHP,11200.00") })
            #expect(lines.contains { $0.contains("Paolo Dos,did_not_receive,1,PHP,2240.00") })
            let promises = try await client.browse(
                .get, "/collections/late-payments.csv" + period + "&table=promises", as: head)
            #expect(promises.text.contains("Kristine Uno,1,0,0,1,100"))
            #expect(promises.text.contains("Paolo Dos,0,0,1,1,0"))

            // manager2 sees Dagat's reason only, even naming manager1.
            let manager2 = try await client.login(world.manager2.email.value)
            let own = try await client.browse(
                .get, "/collections/late-payments" + period + "&owner_id=\(world.manager1.id)", as: manager2)
            #expect(own.status == .ok)
            #expect(own.text.contains("<title>Did not receive the invoice: 1 (100%)</title>"))
            #expect(own.text.contains("<title>Cash flow problem: 0 (0%)</title>"))
            #expect(!own.text.contains("11,200.00") && !own.text.contains("Kristine Uno</th>"))
            #expect(own.text.contains("<dd id=\"kept-rate\">0%</dd>"))
            let ownCSV = try await client.browse(
                .get, "/collections/late-payments.csv" + period + "&owner_id=\(world.manager1.id)", as: manager2)
            #expect(!ownCSV.text.contains("cash_flow_problem") && ownCSV.text.contains("did_not_receive"))

            // The collections and receivables pages link to it; Filipino labels it in Filipino.
            #expect(
                try await client.browse(.get, "/collections/calls", as: head).text.contains(
                    "href=\"/collections/late-payments\""))
            #expect(
                try await client.browse(.get, "/receivables", as: head).text.contains(
                    "href=\"/collections/late-payments\""))
            _ = try await client.browse(.post, "/profile/language", as: manager2, form: [("language", "fil")])
            let filipino = try await client.browse(.get, "/collections/late-payments" + period, as: manager2)
            #expect(filipino.text.contains("Bakit huli ang bayad ng mga customer"))
            #expect(filipino.text.contains("Rate ng tinupad na pangako"))
        }
    }

    /// The head sees every manager's overdue customers grouped by manager with the totals per manager, each amount
    /// linking to the customer's statement as of the day; a manager sees their own (manager3 does not see the
    /// team's Tala Foods); before the invoices fell due the list is empty; a payment after the day does not
    /// count, one before it does. The CSV has the same rows.
    @Test(arguments: TestEngine.available)
    func theOverdueListPerManager(engine: TestEngine) async throws {
        try await Self.withOverdueWorld(engine) { world, _, client in
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let head = try await client.login(world.head.email.value)
            let page = try await client.browse(.get, "/receivables/overdue", as: head)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<h2>Kristine Uno</h2>") && html.contains("<h2>Paolo Dos</h2>"))
            #expect(html.contains("12,320.00"))  // manager1's total: Tala + Bituin
            #expect(html.contains("Tala Foods") && html.contains("Bituin Hardware") && html.contains("Dagat Logistics"))
            let tala = world.manager1Accounts[0]
            #expect(
                html.contains("href=\"/accounts/\(tala.id)/statement?to=\(today.iso8601String)&amp;currency=PHP\""))
            #expect(html.contains("href=\"/receivables/overdue?as_of=\(today.iso8601String)&amp;owner_id="))

            let manager1 = try await client.login(world.manager1.email.value)
            let own = try await client.browse(.get, "/receivables/overdue", as: manager1)
            #expect(own.text.contains("Tala Foods") && !own.text.contains("Dagat Logistics"))
            let manager3 = try await client.login(world.manager3.email.value)
            let none = try await client.browse(
                .get, "/receivables/overdue?owner_id=\(world.manager1.id)", as: manager3)
            #expect(none.text.contains("id=\"overdue-empty\"") && !none.text.contains("Tala Foods"))

            let early = today.adding(days: -90).iso8601String
            let before = try await client.browse(.get, "/receivables/overdue?as_of=\(early)", as: head)
            #expect(before.text.contains("id=\"overdue-empty\""))

            // Bituin pays in full today: gone as of today, still overdue the day before.
            let bituin = world.manager1Accounts[1]
            let invoices = try await world.services.invoices.list(
                viewer: world.head.viewer, filter: InvoiceFilter(accountID: bituin.id), page: PageRequest())
            let invoice = try #require(invoices.items.first)
            _ = try await world.services.payments.record(
                PaymentDraft(
                    accountID: bituin.id.description, receivedOn: today.iso8601String, amount: "1120.00",
                    method: "cash", allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120.00")]
                ), viewer: world.accountant.viewer)
            let after = try await client.browse(.get, "/receivables/overdue", as: head)
            #expect(!after.text.contains("Bituin Hardware") && after.text.contains("11,200.00"))
            let yesterday = today.adding(days: -1).iso8601String
            let csv = try await client.browse(.get, "/receivables/overdue.csv?as_of=\(yesterday)", as: head)
            #expect(csv.status == .ok)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines.contains { $0.contains("Bituin Hardware,PHP,1120.00,1120.00,1,") })
            let mine = try await client.browse(.get, "/receivables/overdue.csv", as: manager1)
            #expect(mine.text.contains("Tala Foods") && !mine.text.contains("Dagat Logistics"))
        }
    }

    /// The aging CSV (by customer, manager, currency) adds up to what is open, kept to the manager's customers;
    /// DSO/CEI is one row; the pending 2307 CSV has its header; the unpaid-past-term page and its CSV answer.
    @Test(arguments: TestEngine.available)
    func receivablesExports(engine: TestEngine) async throws {
        try await Self.withOverdueWorld(engine) { world, _, client in
            let today = try await world.services.invoices.today(companyID: world.company.id)
            let head = try await client.login(world.head.email.value)
            let byCustomer = try await client.browse(
                .get, "/receivables/aging.csv?as_of=\(today.iso8601String)", as: head)
            #expect(byCustomer.status == .ok)
            let lines = byCustomer.text.split(separator: "\r\n").map(String.init)
            #expect(
                lines.first?.hasSuffix(
                    "as_of,customer_id,customer,currency,not_due,1_30,31_60,61_90,over_90,total,invoices")
                    == true)
            #expect(lines.contains { $0.contains("Tala Foods,PHP,0.00,") && $0.hasSuffix(",11200.00,1") })
            #expect(lines.count == 4)
            let byCurrency = try await client.browse(.get, "/receivables/aging.csv?group=currency", as: head)
            #expect(byCurrency.text.contains("PHP,PHP,PHP,0.00,") && byCurrency.text.contains(",14560.00,3\r\n"))
            let byManager = try await client.browse(.get, "/receivables/aging.csv?group=manager", as: head)
            #expect(byManager.text.contains("Kristine Uno,PHP,0.00,") && byManager.text.contains(",12320.00,2\r\n"))
            let manager2 = try await client.login(world.manager2.email.value)
            let own = try await client.browse(.get, "/receivables/aging.csv", as: manager2)
            #expect(own.text.contains("Dagat Logistics") && !own.text.contains("Tala Foods"))
            let bad = try await client.browse(.get, "/receivables/aging.csv?group=planet", as: head)
            #expect(bad.status == .unprocessableContent)

            let metrics = try await client.browse(.get, "/receivables/metrics.csv", as: head)
            #expect(metrics.status == .ok)
            let rows = metrics.text.split(separator: "\r\n")
            #expect(rows.count == 2)
            #expect(rows.last?.contains(",PHP,,14560.00,14560.00,0.00,0.00,") == true)
            let certificates = try await client.browse(.get, "/receivables/pending-certificates.csv", as: head)
            #expect(certificates.text.hasSuffix("account_id,account,quarter,currency,withheld,allocations\r\n"))

            let unpaid = try await client.browse(.get, "/receivables/unpaid-past-term", as: head)
            #expect(unpaid.status == .ok)
            #expect(unpaid.text.contains("href=\"/receivables/unpaid-past-term.csv?quarter="))
            let unpaidCSV = try await client.browse(.get, "/receivables/unpaid-past-term.csv?quarter=2026-Q1", as: head)
            #expect(unpaidCSV.status == .ok && unpaidCSV.text.contains("invoice_number,issue_date,due_date"))
        }
    }
}
