import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The commission pages and downloads (issue 13): the head runs November from the page and approves a statement;
/// the manager sees their statement line by line with a link to the invoice behind each line, the estimate for
/// the month, the CSV and the PDF; another manager's statement is a 404 on the page and in the API.
@Suite(.timeLimit(.minutes(20))) struct CommissionWebTests {
    static let november = PlanMonth(year: 2026, month: 11)!

    /// The default plan (10% over plan), November's plan shares (₱2.0M each for manager1 and manager2) and a
    /// ₱2.3M (net) invoice of manager1's.
    static func seed(_ world: TestWorld) async throws -> Invoice {
        let php = { (text: String) in try Money(decimalString: text, currency: .php) }
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        _ = try await world.services.commission.savePlan(
            try .overPlan(ratePercent: 10, baseSalary: try php("25000")), for: .companyDefault, effectiveFrom: november,
            reason: "The article's model", viewer: world.head.viewer)
        _ = try await world.services.plans.save(
            MonthPlanDraft(
                costLines: [.init(kind: "rent", label: "Office", amount: "1200000", isRecurringMonthly: true)],
                targetProfit: "0", grossMargin: "30", splitMethod: "amounts",
                amounts: [
                    .init(managerID: world.manager1.id.description, value: "2000000"),
                    .init(managerID: world.manager2.id.description, value: "2000000"),
                ], reason: "November"),
            month: november, viewer: world.head.viewer)
        var line = LineDraft()
        line.description = "Office fit-out"
        line.quantity = "1"
        line.unitPrice = "2300000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        return try await world.services.invoices.issue(made.id, viewer: world.manager1.viewer, expectedVersion: nil)
    }

    @Test(arguments: TestEngine.available)
    func headRunsAndApprovesManagerReadsTheExplanation(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let invoice = try await Self.seed(world)
            let head = try await client.login("head@test.ph")
            let manager = try await client.login("manager1@test.ph")
            let other = try await client.login("manager2@test.ph")

            let refused = try await client.browse(.post, "/commission/runs", as: manager, form: [("month", "2026-11")])
            #expect(refused.status == .forbidden)
            let ran = try await client.browse(.post, "/commission/runs", as: head, form: [("month", "2026-11")])
            #expect(ran.status == .seeOther || ran.status == .found)
            let list = try await client.browse(.get, "/commission?month=2026-11", as: head)
            #expect(list.status == .ok)
            #expect(list.text.contains(world.manager1.name) && list.text.contains(world.manager2.name))
            #expect(list.text.contains("30,000.00"))
            #expect(list.text.contains("id=\"commission-run\""))

            let stored = try #require(
                try await world.services.commission.statements(
                    month: Self.november, userID: world.manager1.id, viewer: world.head.viewer
                ).first)
            let page = try await client.browse(.get, "/commission/statements/\(stored.id)", as: manager)
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/invoices/\(invoice.id)\""))
            #expect(page.text.contains("PHP 300000.00") && page.text.contains("PHP 30000.00"))
            #expect(page.text.contains("href=\"/commission/statements/\(stored.id)/pdf\""))
            #expect(!page.text.contains("id=\"commission-approve\""))
            let mine = try await client.browse(.get, "/commission?month=2026-11", as: manager)
            #expect(mine.text.contains("id=\"estimate-earned\"") && !mine.text.contains(world.manager2.name))
            #expect(!mine.text.contains("id=\"commission-run\""))

            // "Close these deals and you earn …": a ₱40,000 deal closing in November, above plan at 10%.
            let token1 = try await world.token(world.manager1)
            let deal = try await client.api(
                .post, "/api/v1/deals", token: token1,
                json: """
                    {"title": "Chairs", "account_id": "\(world.manager1Accounts[0].id)", "amount": "40000.00",
                     "expected_close": "2026-11-30"}
                    """)
            #expect(deal.status == .created)
            let estimate = try await client.api(.get, "/api/v1/commission/estimate?month=2026-11", token: token1)
            #expect(estimate.status == .ok)
            #expect(estimate.text.contains("\"earned\":\"30000.00\""))
            #expect(estimate.text.contains("\"earned_with_deals\":\"34000.00\""))
            #expect(estimate.text.contains("\"additional\":\"4000.00\""))
            let withDeal = try await client.browse(.get, "/commission?month=2026-11", as: manager)
            #expect(withDeal.text.contains("Chairs"))

            let hidden = try await client.browse(.get, "/commission/statements/\(stored.id)", as: other)
            #expect(hidden.status == .notFound)
            let token = try await world.token(world.manager2)
            let api = try await client.api(.get, "/api/v1/commission/statements/\(stored.id)", token: token)
            #expect(api.status == .notFound)
            let csvHidden = try await client.browse(.get, "/commission/statements/\(stored.id)/csv", as: other)
            #expect(csvHidden.status == .notFound)

            let csv = try await client.browse(.get, "/commission/statements/\(stored.id)/csv", as: manager)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains(invoice.id.description))
            #expect(csv.text.split(separator: "\r\n").count == stored.statement.lines.count + 1)
            let pdf = try await client.browse(.get, "/commission/statements/\(stored.id)/pdf", as: manager)
            #expect(pdf.status == .ok)
            if let text = try await PDFText.extract(Array(pdf.body.readableBytesView)) {
                #expect(text.contains("COMMISSION STATEMENT"))
                #expect(text.contains("PHP 30000.00"))
                #expect(text.contains(invoice.id.description.prefix(12)))
            }

            let approved = try await client.browse(
                .post, "/commission/statements/\(stored.id)/approval", as: head, form: [])
            #expect(approved.status == .seeOther || approved.status == .found)
            let after = try await client.browse(.get, "/commission/statements/\(stored.id)", as: head)
            #expect(after.text.contains("id=\"commission-status\">Approved<"))
            #expect(!after.text.contains("id=\"commission-approve\""))
            let again = try await client.browse(.post, "/commission/runs", as: head, form: [("month", "2026-11")])
            #expect(again.status == .seeOther || again.status == .found)
            #expect(
                try await world.services.commission.statement(stored.id, viewer: world.head.viewer).statement
                    == (try await world.services.commission.statement(stored.id, viewer: world.manager1.viewer))
                    .statement)
        }
    }
}
