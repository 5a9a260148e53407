import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// An invoice shows every fact that holds at once (issue 12): partly paid and overdue, in the API (`status_flags`,
/// the single invoice's `instalments`) and as badges on the invoice list and the invoice page.
@Suite(.timeLimit(.minutes(20))) struct InvoiceStatusFlagsWebTests {
    @Test(arguments: TestEngine.available)
    func aPartPaidOverdueInvoiceShowsBothFactsInTheAPIAndThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            var line = LineDraft()
            line.description = "Consulting"
            line.quantity = "1"
            line.unitPrice = "10000"
            line.taxCategory = "vatable"
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [line]
            draft.pricesIncludeTax = false
            draft.paymentTerms = "inst_30:50,60:50"
            let made = try await services.invoices.create(draft, viewer: world.manager1.viewer)
            let invoice = try await services.invoices.issue(
                made.id, viewer: world.manager1.viewer, expectedVersion: nil)
            let issued = try #require(invoice.issueDate)
            _ = try await services.payments.record(
                PaymentDraft(
                    accountID: invoice.accountID.description, receivedOn: issued.iso8601String, amount: "1000",
                    method: "bank_transfer",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1000", withholdings: [])]),
                viewer: world.accountant.viewer)
            var token = try await world.token(world.manager1)
            // On the day of issue: partly paid, nothing due yet.
            var single = try await client.api(.get, "/api/v1/invoices/\(invoice.id)", token: token).json()
            #expect(single["status"] as? String == "partially_paid")
            #expect(single["status_flags"] as? [String] == ["partially_paid"])
            // Day 45: the first instalment (due on day 30) is still partly open: overdue and partly paid at once.
            world.clock.advance(by: 45 * 86_400)
            token = try await world.token(world.manager1)
            single = try await client.api(.get, "/api/v1/invoices/\(invoice.id)", token: token).json()
            #expect(single["status"] as? String == "overdue")
            #expect(single["status_flags"] as? [String] == ["overdue", "partially_paid"])
            let instalments = try #require(single["instalments"] as? [[String: Any]])
            #expect(instalments.map { $0["seq"] as? Int } == [1, 2])
            #expect(
                instalments.map { $0["due_date"] as? String }
                    == [issued.adding(days: 30).iso8601String, issued.adding(days: 60).iso8601String])
            #expect(instalments.map { $0["amount"] as? String } == ["5600.00", "5600.00"])
            #expect(instalments.map { $0["open"] as? String } == ["4600.00", "5600.00"])
            let list = try await client.api(.get, "/api/v1/invoices", token: token).json()
            let item = try #require(
                (list["data"] as? [[String: Any]])?.first { $0["id"] as? String == "\(invoice.id)" })
            #expect(item["status_flags"] as? [String] == ["overdue", "partially_paid"])
            #expect(item["instalments"] == nil)

            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(invoice.id)", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("badge badge-overdue\">Overdue<"))
            #expect(page.text.contains("badge badge-partially_paid\">Partly paid<"))
            #expect(page.text.contains("id=\"instalments\"") && page.text.contains("4,600.00"))
            let listPage = try await client.browse(.get, "/invoices", as: session)
            #expect(listPage.text.contains("badge badge-overdue\">Overdue<"))
            #expect(listPage.text.contains("badge badge-partially_paid\">Partly paid<"))
        }
    }
}
