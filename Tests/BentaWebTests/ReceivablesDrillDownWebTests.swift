import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The aging drills down to the invoices (issue 12, "drill-down to the invoices"): a customer's invoice count links
/// to the customer's statement of account up to the as-of date, which lists the invoices open on that day — a
/// payment received after it does not count there either.
@Suite(.timeLimit(.minutes(20))) struct ReceivablesDrillDownWebTests {
    @Test(arguments: TestEngine.available)
    func aCustomersInvoiceCountOpensTheInvoicesOpenOnTheDay(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let tala = world.manager1Accounts[0]
            let invoice = try await world.issuedInvoice(account: tala, net: "100000")
            let number = try #require(invoice.number)
            let day = try #require(invoice.issueDate)
            _ = try await world.services.payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: day.adding(days: 5).iso8601String,
                    amount: "112000", currency: "", method: "bank_transfer", reference: "BDO-9",
                    allocations: [
                        AllocationDraft(invoiceID: invoice.id.description, amount: "112000", withholdings: [])
                    ]),
                viewer: world.accountant.viewer)
            let session = try await client.login("accountant@test.ph")
            let aging = try await client.browse(
                .get, "/receivables?as_of=\(day.iso8601String)&group=customer", as: session)
            let link = "/accounts/\(tala.id)/statement?to=\(day.iso8601String)&amp;currency=PHP"
            #expect(aging.text.contains("<a href=\"\(link)\">1</a>"))
            let statement = try await client.browse(
                .get, link.replacingOccurrences(of: "&amp;", with: "&"), as: session)
            #expect(statement.status == .ok)
            let open = try #require(statement.text.range(of: "id=\"statement-open\""))
            let listed = statement.text[open.upperBound...]
            #expect(listed.contains(number) && listed.contains("₱112,000.00"))
            // After the payment the customer owes nothing: no row, no link.
            let later = try await client.browse(
                .get, "/receivables?as_of=\(day.adding(days: 6).iso8601String)&group=customer", as: session)
            #expect(!later.text.contains("/accounts/\(tala.id)/statement?"))
        }
    }
}
