import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Collection calls over HTTP (issue 12): "My calls to make" with the `tel:` link and the overdue invoices, logging
/// a call through the form (a promise and a ticked dispute), the call leaving the list with a success message, My
/// day's "Calls to make", and the API kept to the manager's own calls.
@Suite(.timeLimit(.minutes(20))) struct CollectionCallsWebTests {
    /// manager1's Tala Foods owes one invoice (₱11,200) 90 days after it was issued, with a call open on it.
    static func overdueCall(_ world: TestWorld) async throws -> (Invoice, CollectionCall) {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        var line = LineDraft()
        line.description = "Toner cartridges"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        let invoice = try await world.services.invoices.issue(
            made.id, viewer: world.manager1.viewer, expectedVersion: nil)
        world.clock.advance(by: 90 * 86_400)
        let today = world.company.settings.today(at: world.clock.now)
        let call = try await world.services.collections.createCall(
            accountID: world.manager1Accounts[0].id.description, dueOn: today.iso8601String, assigneeID: nil,
            viewer: world.manager1.viewer
        ).call
        return (invoice, call)
    }

    /// The manager's list shows the account, the contact's phone as a `tel:` link and the invoice with its days
    /// late; My day lists the call. Logging it through the form records the reason, a promise and the dispute,
    /// and the list then says so and no longer shows the call. Another manager sees no call and gets 404 posting.
    @Test(arguments: TestEngine.available)
    func logACallThroughTheForm(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let (invoice, call) = try await Self.overdueCall(world)
            let manager = try await client.login("manager1@test.ph")
            let other = try await client.login("manager2@test.ph")
            let page = try await client.browse(.get, "/collections/calls", as: manager)
            #expect(page.status == .ok)
            #expect(page.text.contains("Tala Foods"))
            #expect(page.text.contains("href=\"tel:+639175550101\""))
            #expect(page.text.contains(invoice.number ?? "?"))
            #expect(page.text.contains("action=\"/collections/calls/\(call.id)/outcome\""))
            #expect(page.text.contains("value=\"\(invoice.id)\""))
            let myDay = try await client.browse(.get, "/my-day", as: manager)
            #expect(myDay.text.contains("Calls to make") && myDay.text.contains("href=\"/collections/calls\""))
            #expect(!(try await client.browse(.get, "/collections/calls", as: other)).text.contains("Tala Foods"))
            let refused = try await client.browse(
                .post, "/collections/calls/\(call.id)/outcome", as: other,
                form: [("version", "1"), ("reason", "other")])
            #expect(refused.status == .notFound)
            let bad = try await client.browse(
                .post, "/collections/calls/\(call.id)/outcome", as: manager,
                form: [("version", "1"), ("reason", "other"), ("promised_on", "2027-03-30"), ("promised_amount", "0")])
            #expect(bad.status == .unprocessableContent)

            let logged = try await client.browse(
                .post, "/collections/calls/\(call.id)/outcome", as: manager,
                form: [
                    ("version", "1"), ("reason", "cash_flow_problem"), ("note", "Will pay after their collections"),
                    ("promised_on", "2027-03-30"), ("promised_amount", "11200"),
                    ("disputed_invoice_ids", invoice.id.description),
                ])
            #expect(logged.status == .seeOther || logged.status == .found)
            let location = try #require(logged.headers[.location])
            let after = try await client.browse(.get, location, as: manager)
            #expect(after.text.contains("Call logged."))
            #expect(!after.text.contains("Tala Foods"))
            let promises = try await world.services.collections.promises(
                viewer: world.head.viewer, accountID: nil, status: .open, page: PageRequest())
            #expect(promises.items.map(\.promise.amount) == [try Money(decimalString: "11200", currency: .php)])
            await #expect(throws: RecordError.self) {
                _ = try await world.services.collections.openDispute(invoice.id, note: nil, viewer: world.head.viewer)
            }
        }
    }

    /// The API lists the calls with the contact and the overdue invoices for their manager only, and a head logs
    /// an outcome; a stale version is 412.
    @Test(arguments: TestEngine.available)
    func theAPIListsAndLogsCalls(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let (invoice, call) = try await Self.overdueCall(world)
            let manager = try await world.token(world.manager1)
            let other = try await world.token(world.manager2)
            let head = try await world.token(world.head)
            let listed = try await client.api(.get, "/api/v1/collection-calls", token: manager)
            #expect(listed.status == .ok)
            #expect(listed.text.contains("\"phone\":\"+639175550101\""))
            #expect(listed.text.contains("\"id\":\"\(invoice.id)\""))
            let none = try await client.api(.get, "/api/v1/collection-calls", token: other)
            #expect(none.text.contains("\"data\":[]"))
            let stale = try await client.api(
                .post, "/api/v1/collection-calls/\(call.id)/outcome", token: head,
                json: #"{"version": 7, "reason": "other"}"#)
            #expect(stale.status == .preconditionFailed)
            let done = try await client.api(
                .post, "/api/v1/collection-calls/\(call.id)/outcome", token: head,
                json: #"{"version": 1, "reason": "already_paid"}"#)
            #expect(done.status == .ok)
            #expect(done.text.contains("\"status\":\"done\""))
        }
    }
}
