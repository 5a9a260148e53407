import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The receivables reports over HTTP (issue 12): the statement of account as JSON, PDF and page with its email form,
/// DSO and CEI in the API and on /receivables, and the unpaid-past-term report as JSON and CSV — with what a manager
/// may see.
@Suite(.timeLimit(.minutes(20))) struct ReceivablesAPITests {
    /// Tala (manager1's): invoice ₱11,200 issued on 30 Nov 2026 (due 30 Dec), ₱5,000 received on 5 Dec and applied.
    static func prepare(_ world: TestWorld) async throws -> Invoice {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let tala = world.manager1Accounts[0]
        var line = LineDraft()
        line.description = "Office supplies"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = tala.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        draft.paymentTerms = "net_30"
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        let invoice = try await world.services.invoices.issue(
            made.id, viewer: world.manager1.viewer, expectedVersion: nil)
        _ = try await world.services.payments.record(
            PaymentDraft(
                accountID: tala.id.description, receivedOn: "2026-12-05", amount: "5000", method: "bank_transfer",
                reference: "BDO-1205",
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "5000", withholdings: [])]),
            viewer: world.accountant.viewer)
        return invoice
    }

    @Test(arguments: TestEngine.available)
    func statementAsJSONPDFAndPage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let invoice = try await Self.prepare(world)
            let number = try #require(invoice.number)
            let tala = world.manager1Accounts[0].id
            let manager = try await world.token(world.manager1)
            let other = try await world.token(world.manager2)
            let uri = "/api/v1/accounts/\(tala)/statement?from=2026-12-01&to=2026-12-31"
            let response = try await client.api(.get, uri, token: manager)
            #expect(response.status == .ok)
            let json = try response.json()
            #expect(json["opening_balance"] as? String == "11200.00")
            #expect(json["closing_balance"] as? String == "6200.00")
            #expect(json["open_total"] as? String == "6200.00")
            let lines = try #require(json["lines"] as? [[String: Any]])
            #expect(lines.map { $0["kind"] as? String } == ["payment", "allocation"])
            #expect(lines.map { $0["balance"] as? String } == ["6200.00", "6200.00"])
            #expect(lines.last?["invoice_number"] as? String == number)
            let open = try #require(json["open_invoices"] as? [[String: Any]])
            #expect(open.first?["bucket"] as? String == "aging.1_30" && open.first?["days_past_due"] as? Int == 1)

            #expect(try await client.api(.get, uri, token: other).status == .notFound)
            let long = try await client.api(
                .get, "/api/v1/accounts/\(tala)/statement?from=2025-01-01&to=2026-12-31", token: manager)
            #expect(long.status == .unprocessableContent && long.text.contains("period_too_long"))
            let bad = try await client.api(.get, "/api/v1/accounts/\(tala)/statement?from=yesterday", token: manager)
            #expect(bad.status == .unprocessableContent)

            let pdf = try await client.api(
                .get, "/api/v1/accounts/\(tala)/statement.pdf?from=2026-12-01&to=2026-12-31", token: manager)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
                #expect(text.contains("STATEMENT OF ACCOUNT") && text.contains("Tala Foods Corp."))
                #expect(text.contains("11,200.00") && text.contains("6,200.00") && text.contains(number))
            }
            // No SMTP settings yet: nothing is queued.
            let unsent = try await client.api(
                .post, "/api/v1/accounts/\(tala)/statement/email", token: manager, json: #"{"to": "2026-12-31"}"#)
            #expect(unsent.status == .conflict && unsent.text.contains("email_not_configured"))
            let unknown = try await client.api(
                .post, "/api/v1/accounts/\(tala)/statement/email", token: manager, json: #"{"cc": []}"#)
            #expect(unknown.status == .badRequest)

            // The account page links to the statement page, which shows the same lines, the PDF and the email form.
            let session = try await client.login("manager1@test.ph")
            let account = try await client.browse(.get, "/accounts/\(tala)", as: session)
            #expect(account.text.contains("href=\"/accounts/\(tala)/statement\""))
            let page = try await client.browse(
                .get, "/accounts/\(tala)/statement?from=2026-12-01&to=2026-12-31", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("<td class=\"num\" id=\"statement-opening\">₱11,200.00</td>"))
            #expect(page.text.contains("<strong id=\"statement-closing\">₱6,200.00</strong>"))
            #expect(page.text.contains("href=\"/invoices/\(invoice.id)\">\(number)</a>"))
            #expect(page.text.contains("href=\"/accounts/\(tala)/statement.pdf?from=2026-12-01&amp;to=2026-12-31"))
            #expect(page.text.contains("action=\"/accounts/\(tala)/statement/email\""))
            let printed = try await client.browse(
                .get, "/accounts/\(tala)/statement.pdf?from=2026-12-01&to=2026-12-31", as: session)
            #expect(printed.status == .ok && printed.headers[.contentType] == "application/pdf")
            let refused = try await client.browse(
                .post, "/accounts/\(tala)/statement/email", as: session,
                form: [("from", "2026-12-01"), ("to", "2026-12-31"), ("currency", "PHP"), ("recipient", "")])
            #expect(refused.status == .conflict && refused.text.contains("alert-error"))
            let theirs = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/accounts/\(tala)/statement", as: theirs).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func metricsAndUnpaidPastTerm(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let invoice = try await Self.prepare(world)
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            // Period 2026-11-01…2026-12-31: sales ₱11,200, AR at the end ₱6,200, all overdue (due 30 Dec).
            let metrics = try await client.api(
                .get, "/api/v1/receivables/metrics?from=2026-11-01&to=2026-12-31", token: head)
            #expect(metrics.status == .ok)
            let figures = try metrics.json()
            #expect(figures["credit_sales"] as? String == "11200.00")
            #expect(figures["ending_receivables"] as? String == "6200.00")
            #expect(figures["ending_current_receivables"] as? String == "0.00")
            #expect(figures["period_days"] as? Int == 61 && figures["months"] as? Int == 2)
            // DSO = 6,200 / 11,200 × 61 = 33.767… → 33.8; CEI = (0 + 5,600 − 6,200) / (0 + 5,600 − 0) → −10.7.
            #expect(figures["dso"] as? String == "33.8" && figures["best_possible_dso"] as? String == "0")
            #expect(figures["cei"] as? String == "-10.7")
            let forbidden = try await client.api(
                .get, "/api/v1/receivables/metrics?owner_id=\(world.manager2.id)", token: manager)
            #expect(forbidden.status == .forbidden)
            let long = try await client.api(
                .get, "/api/v1/receivables/metrics?from=2024-01-01&to=2026-12-31", token: head)
            #expect(long.status == .unprocessableContent)

            // The /receivables page shows the figures of the 90 days up to its date.
            let session = try await client.login("head@test.ph")
            let page = try await client.browse(.get, "/receivables?as_of=2026-12-31", as: session)
            #expect(page.status == .ok && page.text.contains("id=\"receivables-metrics\""))
            #expect(page.text.contains("<dd id=\"metric-credit_sales\">₱11,200.00</dd>"))

            // Due on 30 Dec 2026 and open on 31 Mar 2027: in the report for 2027-Q1.
            let report = try await client.api(
                .get, "/api/v1/receivables/unpaid-past-term?quarter=2027-Q1", token: head)
            #expect(report.status == .ok)
            let body = try report.json()
            #expect(body["due_from"] as? String == "2026-10-01" && body["as_of"] as? String == "2027-03-31")
            let rows = try #require(body["data"] as? [[String: Any]])
            #expect(rows.map { $0["invoice_id"] as? String } == [invoice.id.description])
            #expect(rows.first?["open"] as? String == "6200.00" && rows.first?["open_vat"] as? String == "664.29")
            let csv = try await client.api(
                .get, "/api/v1/receivables/unpaid-past-term.csv?quarter=2027-Q1", token: manager)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.contains(",6200.00,664.29"))
            let other = try await client.api(
                .get, "/api/v1/receivables/unpaid-past-term?quarter=2027-Q1",
                token: try await world.token(world.manager2))
            #expect(try other.json()["data"] as? [Any] != nil && (try other.json()["data"] as? [Any])?.isEmpty == true)
            let bad = try await client.api(.get, "/api/v1/receivables/unpaid-past-term?quarter=2027-Q5", token: head)
            #expect(bad.status == .unprocessableContent)
        }
    }
}
