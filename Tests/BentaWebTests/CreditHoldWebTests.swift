import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Credit holds over HTTP (issue 12, collections): the account page's banner and forms per role, and the refusal
/// of issuing an invoice and winning a deal for a held account, as problem+json and on the invoice page.
@Suite(.timeLimit(.minutes(20))) struct CreditHoldWebTests {
    /// Saves the invoice settings with no country profile (the first save), then ``tonerInvoice(_:account:)``.
    static func draftInvoice(_ world: TestWorld, account: Account) async throws -> Invoice {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        return try await tonerInvoice(world, account: account)
    }

    /// manager1's draft invoice of PHP 10,000 net of toner cartridges to `account`: issuing it is what a hold refuses.
    static func tonerInvoice(_ world: TestWorld, account: Account) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Toner cartridges"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        return try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
    }

    /// manager1's open deal for 20 laptops with `account`, and the won stage of its pipeline: winning it is what a
    /// hold refuses.
    static func dealToWin(_ world: TestWorld, account: Account) async throws -> (deal: Deal, won: Pipeline.Stage.ID) {
        var deal = DealDraft()
        deal.accountID = account.id.description
        deal.title = "20 laptops"
        deal.amount = "1200000.00"
        deal.expectedClose = "2026-12-15"
        let made = try await world.services.deals.create(deal, viewer: world.manager1.viewer)
        let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.head.viewer).first)
        return (made, try #require(pipeline.stages.first { $0.outcome == .won }).id)
    }

    /// The accountant places a hold through the account page's form; the page then shows the banner with since
    /// when and why to everyone, the release and override forms only to the head, and the override in force
    /// once the head records one; the head's release through the form lifts it. An empty reason is the problem
    /// page (422), a manager's post is refused (403).
    @Test(arguments: TestEngine.available)
    func accountPageShowsTheHoldAndItsFormsByRole(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let page = "/accounts/\(tala.id)"
            let today = world.company.settings.today(at: world.clock.now).iso8601String
            let accountant = try await client.login("accountant@test.ph")
            let head = try await client.login("head@test.ph")
            let manager = try await client.login("manager1@test.ph")

            var shown = try await client.browse(.get, page, as: accountant)
            #expect(shown.status == .ok)
            #expect(shown.text.contains("action=\"\(page)/credit-hold\"") && !shown.text.contains("On credit hold"))
            #expect(!(try await client.browse(.get, page, as: manager)).text.contains("action=\"\(page)/credit-hold\""))
            let empty = try await client.browse(.post, "\(page)/credit-hold", as: accountant, form: [("reason", " ")])
            #expect(empty.status == .unprocessableContent)
            let refused = try await client.browse(.post, "\(page)/credit-hold", as: manager, form: [("reason", "x")])
            #expect(refused.status == .forbidden)
            let placed = try await client.browse(
                .post, "\(page)/credit-hold", as: accountant, form: [("reason", "Three invoices over 60 days")])
            #expect(placed.status == .seeOther || placed.status == .found)
            #expect(placed.headers[.location] == page)

            shown = try await client.browse(.get, page, as: accountant)
            #expect(shown.text.contains("On credit hold since \(today)</strong> (Three invoices over 60 days)"))
            #expect(!shown.text.contains("\(page)/credit-hold/release"))
            let forManager = try await client.browse(.get, page, as: manager)
            #expect(forManager.text.contains("On credit hold since \(today)"))
            #expect(!forManager.text.contains("\(page)/credit-hold/overrides"))
            shown = try await client.browse(.get, page, as: head)
            #expect(shown.text.contains("action=\"\(page)/credit-hold/release\""))
            #expect(shown.text.contains("action=\"\(page)/credit-hold/overrides\""))

            let until = world.company.settings.today(at: world.clock.now).adding(days: 3).iso8601String
            let overridden = try await client.browse(
                .post, "\(page)/credit-hold/overrides", as: head,
                form: [("reason", "Government tender"), ("valid_until", until)])
            #expect(overridden.headers[.location] == page)
            #expect(
                (try await client.browse(.get, page, as: manager)).text.contains(
                    "Override valid until \(until): Government tender (Ramon Head)"))

            let released = try await client.browse(
                .post, "\(page)/credit-hold/release", as: head, form: [("version", "1"), ("note", "Paid in full")])
            #expect(released.headers[.location] == page)
            shown = try await client.browse(.get, page, as: head)
            #expect(!shown.text.contains("On credit hold") && shown.text.contains("action=\"\(page)/credit-hold\""))
        }
    }

    /// Issuing a held account's invoice answers 409 `credit_hold` as problem+json with since when and why, and
    /// the invoice page's issue form shows the same sentence; winning its deal is 409 through the API and the
    /// deal's stage form (the error page says since when and why), and the deal stays open.
    @Test(arguments: TestEngine.available)
    func issuingAndWinningAreRefusedOnHold(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.draftInvoice(world, account: tala)
            let token = try await world.token(world.manager1)
            let headToken = try await world.token(world.head)
            let held = try await client.api(
                .post, "/api/v1/accounts/\(tala.id)/credit-hold", token: headToken, json: #"{"reason": "Overdue"}"#)
            #expect(held.status == .created)
            let since = world.company.settings.today(at: world.clock.now).iso8601String

            let issue = try await client.api(
                .post, "/api/v1/invoices/\(invoice.id)/issue", token: token, json: #"{"version": 1}"#)
            #expect(issue.status == .conflict)
            let problem = try issue.json()
            #expect(problem["code"] as? String == "credit_hold")
            #expect((problem["detail"] as? String)?.contains("on credit hold since \(since) (Overdue)") == true)

            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(
                .post, "/invoices/\(invoice.id)/issue", as: session, form: [("version", "1")])
            #expect(page.status == .conflict)
            #expect(page.text.contains("on credit hold since \(since) (Overdue)"))
            let still = try await world.services.invoices.invoice(invoice.id, viewer: world.manager1.viewer)
            #expect(still.status == .draft && still.number == nil)

            let (made, won) = try await Self.dealToWin(world, account: tala)
            let move = try await client.api(
                .post, "/api/v1/deals/\(made.id)/stage", token: token, json: #"{"stage_id": "\#(won)"}"#)
            #expect(move.status == .conflict)
            #expect(try move.json()["code"] as? String == "credit_hold")
            let board = try await client.browse(
                .post, "/deals/\(made.id)/stage", as: session, form: [("stage_id", won.description)])
            #expect(board.status == .conflict)
            #expect(board.text.contains("on credit hold since \(since) (Overdue)"))
            #expect(try await world.services.deals.deal(made.id, viewer: world.manager1.viewer).status == .open)
        }
    }
}
