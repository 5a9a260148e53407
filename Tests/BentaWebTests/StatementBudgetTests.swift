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

/// No query per row (issue 11): each main request sends a fixed number of SQL statements, however many rows its page
/// shows. Counted through a ``RecordingAppDatabase`` wired under the whole app, in process, on a company with more
/// rows on every list than any bound here, so a statement per row pushes the count over its bound.
@Suite(.timeLimit(.minutes(20))) struct StatementBudgetTests {
    /// Rows added to every list (accounts, contacts, activities, invoices): more than any bound below.
    static let rows = 24

    /// The most statements each request may send, transaction control (`BEGIN`, `COMMIT`) not counted. Each
    /// bound is what the request needs now (authentication — one statement: the token or session with its user and
    /// the company's duties —, the page, the names it shows) with one or two to spare.
    static let budgets: [String: Int] = [
        "GET /api/v1/accounts": 4,
        "GET /api/v1/accounts?q=": 3,
        "GET /api/v1/accounts/{id}": 3,
        "GET /api/v1/accounts/{id}/timeline": 4,
        "GET /api/v1/contacts": 4,
        "GET /api/v1/invoices": 6,
        "GET /api/v1/invoices?status=overdue": 6,
        "GET /api/v1/search": 2,
        "GET /accounts": 6,
        "GET /accounts/{id}": 15,
        "POST /api/v1/contacts": 11,
        "GET /api/v1/contacts/{id}/duplicates": 7,
        "POST /api/v1/invoices/{id}/issue": 23,
        "GET /api/v1/payments": 5,
        "GET /api/v1/receivables/aging": 5,
        "GET /api/v1/plans/{month}/leaderboard": 12,
        "GET /api/v1/plans/trend": 7,
        "GET /plans/{month}/leaderboard": 16,
        "GET /collections/calls": 8,
        "GET /api/v1/reports/late-payments": 7,
        "GET /collections/late-payments": 10,
        "GET /collections/late-payments.csv": 8,
        "GET /receivables/overdue": 7,
        "GET /receivables/overdue.csv": 5,
        "GET /receivables/aging.csv": 5,
        "GET /receivables/unpaid-past-term": 4,
        "GET /receivables/pending-certificates.csv": 3,
    ]

    @Test(arguments: TestEngine.available)
    func everyMainRequestSendsAFixedNumberOfStatements(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            let app = try await buildApplication(
                config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
            try await app.test(.router) { client in
                let counts = try await Self.measure(world: world, database: database, client: client)
                if ProcessInfo.processInfo.environment["BENTA_PRINT_BUDGETS"] != nil {
                    for (request, count) in counts.sorted(by: { $0.key < $1.key }) {
                        print("BUDGET \(engine) \(request): \(count.statements)\n\(count.sql)")
                    }
                }
                for (request, bound) in Self.budgets {
                    let count = try #require(counts[request], "\(request) was not measured")
                    #expect(count.statements <= bound, "\(request): \(count.statements) statements\n\(count.sql)")
                }
            }
        }
    }

    struct Count {
        var statements: Int
        var sql: String
    }

    /// Sends each request once, after setting up its data, and counts what it sent.
    static func measure(
        world: TestWorld, database: RecordingAppDatabase, client: any TestClientProtocol
    ) async throws -> [String: Count] {
        let manager = world.manager1
        let token = try await world.token(manager)
        let tala = world.manager1Accounts[0]
        try await InvoicesAPITests.prepare(client, world: world)
        for index in 0..<rows {
            var account = AccountDraft()
            account.name = "Budget Account \(index)"
            account.phones = [String(format: "0917 300 %04d", index)]
            account.email = "budget\(index)@example.ph"
            account.tags = ["budget", "row\(index)"]
            account.billingAddress = "Makati City"
            let created = try await world.services.accounts.create(account, viewer: manager.viewer)
            var contact = ContactDraft()
            contact.accountID = index.isMultiple(of: 2) ? tala.id.description : created.id.description
            contact.name = "Budget Contact \(index)"
            contact.phones = [String(format: "0918 300 %04d", index)]
            contact.emails = ["contact\(index)@example.ph"]
            _ = try await world.services.contacts.create(contact, viewer: manager.viewer)
            var activity = ActivityDraft()
            activity.accountID = tala.id.description
            activity.body = "Call \(index)"
            _ = try await world.services.activities.log(activity, viewer: manager.viewer)
            let invoice = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(created.id)", "lines": \#(InvoicesAPITests.mixedLines)}"#)
            #expect(invoice.status == .created)
        }
        // Payments of the accounts (each with its unallocated amount on the list).
        let accountant = try await world.token(world.accountant)
        let listed = try await world.services.accounts.list(
            viewer: manager.viewer, filter: AccountFilter(query: "budget"), page: PageRequest(limit: 50))
        for account in listed.items.prefix(rows) {
            _ = try await world.services.payments.record(
                PaymentDraft(
                    accountID: account.id.description, receivedOn: "2026-11-30", amount: "100.00",
                    method: "cash"), viewer: world.accountant.viewer)
        }
        // Contacts that share one phone: each is a likely duplicate of the others.
        var twins: [Contact] = []
        for index in 0..<rows {
            var twin = ContactDraft()
            twin.accountID = tala.id.description
            twin.name = "Twin Contact \(index)"
            twin.phones = ["0919 500 0000"]
            twins.append(try await world.services.contacts.create(twin, viewer: manager.viewer))
        }
        let draft = try await client.api(
            .post, "/api/v1/invoices", token: token,
            json: #"{"account_id": "\#(tala.id)", "lines": \#(InvoicesAPITests.mixedLines)}"#)
        let draftID = try #require(try draft.json()["id"] as? String)
        let session = try await client.login(manager.email.value)

        var counts: [String: Count] = [:]
        func count(
            _ name: String, expect status: HTTPResponse.Status = .ok, _ send: () async throws -> TestResponse
        )
            async throws
        {
            database.reset()
            let response = try await send()
            #expect(response.status == status, "\(name): \(response.status) \(response.text.prefix(300))")
            let queries = database.queries
            counts[name] = Count(
                statements: queries.count, sql: queries.map { "  " + $0.sql.prefix(160) }.joined(separator: "\n"))
        }
        try await count("GET /api/v1/accounts") {
            try await client.api(.get, "/api/v1/accounts?limit=50", token: token)
        }
        try await count("GET /api/v1/accounts?q=") {
            try await client.api(.get, "/api/v1/accounts?q=budget", token: token)
        }
        try await count("GET /api/v1/accounts/{id}") {
            try await client.api(.get, "/api/v1/accounts/\(tala.id)", token: token)
        }
        try await count("GET /api/v1/accounts/{id}/timeline") {
            try await client.api(.get, "/api/v1/accounts/\(tala.id)/timeline", token: token)
        }
        try await count("GET /api/v1/contacts") {
            try await client.api(.get, "/api/v1/contacts?limit=50", token: token)
        }
        try await count("GET /api/v1/invoices") {
            try await client.api(.get, "/api/v1/invoices?limit=50", token: token)
        }
        try await count("GET /api/v1/search") {
            try await client.api(.get, "/api/v1/search?q=budget", token: token)
        }
        try await count("GET /accounts") {
            try await client.browse(.get, "/accounts", as: session)
        }
        try await count("GET /accounts/{id}") {
            try await client.browse(.get, "/accounts/\(tala.id)", as: session)
        }
        try await count("GET /api/v1/contacts/{id}/duplicates") {
            try await client.api(.get, "/api/v1/contacts/\(twins[0].id)/duplicates", token: token)
        }
        try await count("POST /api/v1/contacts", expect: .created) {
            try await client.api(
                .post, "/api/v1/contacts", token: token,
                json: #"{"account_id": "\#(tala.id)", "name": "Counted Contact", "phones": ["0919 400 0001"]}"#)
        }
        try await count("POST /api/v1/invoices/{id}/issue") {
            try await client.api(
                .post, "/api/v1/invoices/\(draftID)/issue", token: token, json: #"{"version": 1}"#,
                headers: [InvoicesAPITests.key: "budget-issue"])
        }
        try await count("GET /api/v1/payments") {
            try await client.api(.get, "/api/v1/payments?limit=50", token: accountant)
        }
        try await count("GET /api/v1/receivables/aging") {
            try await client.api(.get, "/api/v1/receivables/aging?limit=50", token: accountant)
        }
        // Plans (issue 13): the ranking of every manager and twelve months of trend, as the head sees them.
        let head = try await world.token(world.head)
        let headSession = try await client.login(world.head.email.value)
        try await count("GET /api/v1/plans/{month}/leaderboard") {
            try await client.api(.get, "/api/v1/plans/2026-11/leaderboard", token: head)
        }
        try await count("GET /api/v1/plans/trend") {
            try await client.api(.get, "/api/v1/plans/trend?to=2026-11", token: head)
        }
        try await count("GET /plans/{month}/leaderboard") {
            try await client.browse(.get, "/plans/2026-11/leaderboard", as: headSession)
        }
        // Collections (issue 12): the manager's calls to make and the head's late-payment report.
        try await count("GET /collections/calls") {
            try await client.browse(.get, "/collections/calls", as: session)
        }
        try await count("GET /api/v1/reports/late-payments") {
            try await client.api(.get, "/api/v1/reports/late-payments", token: head)
        }
        // Issue 12's report pages and the CSV exports (issue 13), as the head sees them, over an issued invoice of
        // each budget account: a statement per customer, manager or invoice pushes them over their bounds.
        var relaxed = try await world.services.invoices.settings(companyID: world.company.id)
        relaxed.profile = .none
        _ = try await world.services.invoices.saveSettings(
            relaxed, viewer: world.admin.viewer, expectedVersion: relaxed.version)
        for account in listed.items.prefix(rows) {
            var line = LineDraft()
            line.description = "Budget service"
            line.quantity = "1"
            line.unitPrice = "1000"
            line.taxCategory = "vatable"
            var draft = InvoiceDraft()
            draft.accountID = account.id.description
            draft.lines = [line]
            let made = try await world.services.invoices.create(draft, viewer: manager.viewer)
            _ = try await world.services.invoices.issue(made.id, viewer: manager.viewer, expectedVersion: nil)
        }
        let later = try await world.services.invoices.today(companyID: world.company.id).adding(days: 120)
        try await count("GET /collections/late-payments") {
            try await client.browse(.get, "/collections/late-payments", as: headSession)
        }
        try await count("GET /collections/late-payments.csv") {
            try await client.browse(.get, "/collections/late-payments.csv", as: headSession)
        }
        try await count("GET /receivables/overdue") {
            try await client.browse(.get, "/receivables/overdue?as_of=\(later.iso8601String)", as: headSession)
        }
        try await count("GET /receivables/overdue.csv") {
            try await client.browse(.get, "/receivables/overdue.csv?as_of=\(later.iso8601String)", as: headSession)
        }
        try await count("GET /receivables/aging.csv") {
            try await client.browse(.get, "/receivables/aging.csv?as_of=\(later.iso8601String)", as: headSession)
        }
        try await count("GET /receivables/unpaid-past-term") {
            try await client.browse(.get, "/receivables/unpaid-past-term", as: headSession)
        }
        try await count("GET /receivables/pending-certificates.csv") {
            try await client.browse(.get, "/receivables/pending-certificates.csv", as: headSession)
        }
        // The manager's overdue invoices (a manager's teams, then the union of their own and their teams' pages,
        // migration 48) once the budget accounts' invoices and the one issued above are past due (the clock moves
        // last).
        world.clock.advance(by: 120 * 86_400)
        // Not counted: the token's "last used" touch, due again after the clock moved.
        _ = try await client.api(.get, "/api/v1/invoices?limit=1", token: token)
        try await count("GET /api/v1/invoices?status=overdue") {
            let response = try await client.api(.get, "/api/v1/invoices?limit=50&status=overdue", token: token)
            #expect((try response.json()["data"] as? [Any])?.count == rows + 1)
            return response
        }
        return counts
    }
}
