import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The duties in what the API offers and in the deal's lines (issue 13), on both engines: an invoice's
/// `allowed_actions` leaves out "issue" (and "credit") for a role without `issue_invoices`, in the document and in
/// the list, as the page hides the buttons; adding or removing a deal line is refused (403 `duty_required`) to a
/// role without `change_deals`, whose deal page offers no line editor, and the deal stays as it was.
@Suite(.timeLimit(.minutes(20))) struct DutyActionsWebTests {
    static func actions(_ json: [String: Any]) -> [String] { json["allowed_actions"] as? [String] ?? [] }

    @Test(arguments: TestEngine.available)
    func allowedActionsLeaveOutIssuingWithoutTheDuty(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var line = LineDraft()
            line.description = "Consulting"
            line.quantity = "1"
            line.unitPrice = "10000"
            line.taxCategory = "vatable"
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [line]
            let invoice = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let token = try await world.token(world.manager1)
            let path = "/api/v1/invoices/\(invoice.id)"
            #expect(
                Self.actions(try await client.api(.get, path, token: token).json()) == ["discard", "edit", "issue"])
            try await DutySettingsWebTests.set(
                world, [.manager: DutySettings.standard.manager.subtracting([.issueInvoices])])
            #expect(Self.actions(try await client.api(.get, path, token: token).json()) == ["discard", "edit"])
            let list = try await client.api(.get, "/api/v1/invoices", token: token).json()
            let item = try #require(
                (list["data"] as? [[String: Any]])?.first { $0["id"] as? String == "\(invoice.id)" })
            #expect(Self.actions(item) == ["discard", "edit"])
            let head = try await world.token(world.head)
            #expect(Self.actions(try await client.api(.get, path, token: head).json()) == ["discard", "edit", "issue"])
            // The page agrees: no issue button for the manager.
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(invoice.id)", as: session)
            #expect(page.status == .ok && !page.text.contains("?confirm=issue"))
        }
    }

    @Test(arguments: TestEngine.available)
    func dealLinesNeedTheDealEditDuty(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var line = LineDraft()
            line.description = "Setup"
            line.quantity = "2"
            line.unitPrice = "1500"
            var draft = DealDraft()
            draft.title = "Laptops and setup"
            draft.accountID = world.manager1Accounts[0].id.description
            draft.expectedClose = "2026-12-20"
            draft.lines = [line]
            let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
            let session = try await client.login("manager1@test.ph")
            let editable = try await client.browse(.get, "/deals/\(deal.id)", as: session)
            #expect(editable.text.contains("action=\"/deals/\(deal.id)/lines\""))

            try await DutySettingsWebTests.set(
                world, [.manager: DutySettings.standard.manager.subtracting([.changeDeals])])
            let page = try await client.browse(.get, "/deals/\(deal.id)", as: session)
            #expect(page.status == .ok)
            #expect(!page.text.contains("action=\"/deals/\(deal.id)/lines\""))
            #expect(!page.text.contains("/deals/\(deal.id)/lines/0/delete"))
            let added = try await client.browse(
                .post, "/deals/\(deal.id)/lines", as: session,
                form: [
                    ("version", "\(deal.version)"), ("description", "Training"), ("quantity", "1"),
                    ("unit_price", "500"),
                ])
            #expect(added.status == .forbidden)
            // Bad input is refused for the duty first, not for the input.
            let bad = try await client.browse(
                .post, "/deals/\(deal.id)/lines", as: session,
                form: [("version", "\(deal.version)"), ("quantity", "x")])
            #expect(bad.status == .forbidden)
            let removed = try await client.browse(
                .post, "/deals/\(deal.id)/lines/0/delete", as: session, form: [("version", "\(deal.version)")])
            #expect(removed.status == .forbidden)
            let after = try await world.services.deals.deal(deal.id, viewer: world.head.viewer)
            #expect(after.version == deal.version && after.fields.lines.count == 1)

            // The head still changes the lines.
            let head = try await client.login("head@test.ph")
            let byHead = try await client.browse(
                .post, "/deals/\(deal.id)/lines/0/delete", as: head, form: [("version", "\(deal.version)")])
            #expect(byHead.status == .seeOther)
            #expect(try await world.services.deals.deal(deal.id, viewer: world.head.viewer).fields.lines.isEmpty)
        }
    }
}
