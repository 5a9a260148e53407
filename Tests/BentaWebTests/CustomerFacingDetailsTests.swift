import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import BentaWeb

/// Issue 14, item 8: what a customer and a manager read on the invoice, deal and register pages.
@Suite(.timeLimit(.minutes(20))) struct CustomerFacingDetailsTests {
    /// A unit price stored with six decimals (a VAT-inclusive price turned exclusive) reads with four on the page
    /// and on the PDF, before and after issue; the stored price and the line amount do not change.
    @Test(arguments: TestEngine.available)
    func aLongUnitPriceIsShownWithFourDecimalsOnThePageAndThePDF(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let made = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: """
                    {"account_id": "\(world.manager1Accounts[0].id)", "currency": "PHP", "payment_terms": "net_30",
                     "lines": [{"description": "Laptop", "quantity": "1", "unit": "pc",
                                "unit_price": "16955.357143"}]}
                    """)
            #expect(made.status == .created)
            let id = try #require(try made.json()["id"] as? String)
            let session = try await client.login("manager1@test.ph")
            for step in ["draft", "issued"] {
                if step == "issued" {
                    _ = try await world.services.invoices.issue(
                        try #require(Invoice.ID(string: id)), viewer: world.manager1.viewer, expectedVersion: nil)
                }
                let page = try await client.browse(.get, "/invoices/\(id)", as: session)
                #expect(page.text.contains(">16,955.3571<"), "\(step)")
                #expect(!page.text.contains("16955.357143") && !page.text.contains("16,955.357143"), "\(step)")
                #expect(page.text.contains("16,955.36"), "\(step)")
                let pdf = try await client.browse(.get, "/invoices/\(id)/invoice.pdf", as: session)
                if let text = try await PDFText.extract(Array(pdf.body.readableBytesView)) {
                    #expect(text.contains("16,955.3571") && !text.contains("16955.357143"), "\(step)")
                }
            }
            let stored = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            let line = try #require((stored["lines"] as? [[String: Any]])?.first)
            #expect(line["unit_price"] as? String == "16955.357143")
        }
    }

    /// The draft's "Issue invoice" button asks first: it leads to a confirmation naming the buyer and the total,
    /// whose button issues; the draft page itself has no form that issues.
    @Test(arguments: TestEngine.available)
    func issuingAnInvoiceAsksForConfirmationFirst(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let draft = try await Self.draft(world)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(draft.id)", as: session)
            #expect(!page.text.contains("action=\"/invoices/\(draft.id)/issue\""))
            #expect(page.text.contains("href=\"/invoices/\(draft.id)?confirm=issue#issue-confirm\""))
            #expect(!page.text.contains("id=\"issue-confirm\""))

            let confirm = try await client.browse(.get, "/invoices/\(draft.id)?confirm=issue", as: session)
            #expect(confirm.status == .ok && confirm.text.contains("id=\"issue-confirm\""))
            #expect(confirm.text.contains("Issue this invoice?") && confirm.text.contains("Tala Foods"))
            #expect(confirm.text.contains("₱1,120.00") && confirm.text.contains("Yes, issue the invoice"))
            #expect(confirm.text.contains("action=\"/invoices/\(draft.id)/issue\""))
            // Nothing is issued by looking at the confirmation.
            #expect(try await world.services.invoices.invoice(draft.id, viewer: world.manager1.viewer).number == nil)

            let issued = try await client.browse(
                .post, "/invoices/\(draft.id)/issue", as: session, form: [("version", "\(draft.version)")])
            #expect(issued.status == .seeOther)
            #expect(try await world.services.invoices.invoice(draft.id, viewer: world.manager1.viewer).number != nil)
            // An issued invoice offers no confirmation any more.
            let after = try await client.browse(.get, "/invoices/\(draft.id)?confirm=issue", as: session)
            #expect(!after.text.contains("id=\"issue-confirm\""))
        }
    }

    /// The credit-note form starts on "an amount"; the whole invoice is cancelled only when chosen, and a form
    /// posted without a choice cancels nothing.
    @Test(arguments: TestEngine.available)
    func theCreditNoteFormCancelsTheWholeInvoiceOnlyWhenChosen(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let invoice = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "1000.00")
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(invoice.id)", as: session)
            #expect(page.text.contains("id=\"credit-amount-mode\" name=\"mode\" value=\"amount\" checked"))
            #expect(page.text.contains("id=\"credit-full\" name=\"mode\" value=\"full\">"))

            let unchosen = try await client.browse(
                .post, "/invoices/\(invoice.id)/credit-notes", as: session, form: [("reason", "Wrong customer")])
            #expect(unchosen.status == .unprocessableContent)
            let balance = { () async throws -> InvoiceBalance? in
                try await world.services.invoices.document(invoice.id, viewer: world.manager1.viewer).balance
            }
            #expect(try await balance()?.credited.isZero == true)

            let full = try await client.browse(
                .post, "/invoices/\(invoice.id)/credit-notes", as: session,
                form: [("reason", "Wrong customer"), ("mode", "full")])
            #expect(full.status == .seeOther)
            #expect(try await balance()?.credited.minorUnits == 112_000)
        }
    }

    /// The register's "until" date is included, on the page and in its CSV: a one-day period shows that day's
    /// invoice.
    @Test(arguments: TestEngine.available)
    func theRegisterIncludesItsUntilDate(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let invoice = try await world.issuedInvoice(account: world.manager1Accounts[0], net: "1000.00")
            let number = try #require(invoice.number)
            let day = try #require(invoice.issueDate).iso8601String
            let accountant = try await client.login("accountant@test.ph")
            let page = try await client.browse(.get, "/invoices/register?from=\(day)&to=\(day)", as: accountant)
            #expect(page.status == .ok && page.text.contains(number))
            #expect(page.text.contains("value=\"\(day)\" required aria-describedby=\"to-hint\""))
            #expect(page.text.contains("This date is included."))
            let csv = try await client.browse(.get, "/invoices/register.csv?from=\(day)&to=\(day)", as: accountant)
            #expect(csv.status == .ok && csv.text.contains(number))
            // The day before ends before it.
            let before = CalendarDate(iso8601: day).map { $0.adding(days: -1).iso8601String } ?? ""
            let earlier = try await client.browse(
                .get, "/invoices/register?from=\(before)&to=\(before)", as: accountant)
            #expect(earlier.status == .ok && !earlier.text.contains(number))
            // The page's default is this month, first to last day.
            let month = try await client.browse(.get, "/invoices/register", as: accountant)
            let last = try #require(CalendarDate(iso8601: day)).lastOfMonth.iso8601String
            #expect(month.text.contains(number) && month.text.contains("value=\"\(last)\""))
        }
    }

    /// The board's cards show no controls: a card links to its deal and folds its move form away under "Move"
    /// (closed); that form wins the deal from the board and comes back to it. Won and Lost are summaries linking
    /// to their deals; one deal won on the day it was opened reads as too few to tell, not 100% and 0 days; the
    /// deal page shows its status as a word, not a code.
    @Test(arguments: TestEngine.available)
    func theBoardIsCompactAndASameDayWinIsTooFewToTell(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.manager1.viewer).first)
            let won = try #require(pipeline.stages.first { $0.outcome == .won })
            var open = DealDraft()
            open.title = "Printers for the branch"
            open.accountID = world.manager1Accounts[0].id.description
            open.amount = "50000.00"
            // The board's figures are the company's month (November 2026 on the test clock).
            open.expectedClose = "2026-11-30"
            let openDeal = try await world.services.deals.create(open, viewer: world.manager1.viewer)
            var quick = open
            quick.title = "Toner, won today"
            let quickDeal = try await world.services.deals.create(quick, viewer: world.manager1.viewer)
            _ = try await world.services.deals.move(
                quickDeal.id, to: won.id, lostReason: nil, viewer: world.manager1.viewer, expectedVersion: nil)

            let session = try await client.login("manager1@test.ph")
            let board = try await client.browse(.get, "/deals", as: session)
            #expect(board.status == .ok && board.text.contains("Printers for the branch"))
            let cards = board.text.components(separatedBy: "<article class=\"deal-card\">").dropFirst().map {
                $0.components(separatedBy: "</article>")[0]
            }
            #expect(!cards.isEmpty)
            for card in cards {
                let parts = card.components(separatedBy: "<details class=\"card-move\">")
                #expect(parts.count == 2, "each card folds one move form")
                let shown = parts[0]
                #expect(!shown.contains("<form") && !shown.contains("<select") && !shown.contains("<input"))
                #expect(shown.contains("href=\"/deals/"))
                #expect(!card.contains("<details open"))
            }
            // The won deal is counted in the Won summary, not shown as a card there.
            let wonColumn = try #require(BoardHTML.column("Won", in: board.text))
            #expect(wonColumn.cards.isEmpty && !board.text.contains(">Toner, won today<"))
            #expect(board.text.contains("board-closed\" aria-label=\"Won\""))
            #expect(board.text.contains("href=\"/deals/list?status=won\""))
            #expect(board.text.contains("Win rate: too few closed deals to tell (1)"))
            #expect(board.text.contains("Average days to win: too few won deals to tell (1)"))
            #expect(!board.text.contains("100%<") && !board.text.contains("Win rate: 100%"))

            let deal = try await client.browse(.get, "/deals/\(openDeal.id)", as: session)
            #expect(deal.text.contains("<span class=\"badge badge-open\">Open</span>"))
            try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let filipino = try await client.browse(.get, "/deals/\(openDeal.id)", as: session)
            #expect(filipino.text.contains("<span class=\"badge badge-open\">Bukas</span>"))
            // A role without the deal-change duty (the accountant) sees the card without a move form.
            let accountant = try await client.login("accountant@test.ph")
            let accountantBoard = try await client.browse(.get, "/deals", as: accountant)
            #expect(accountantBoard.text.contains("Printers for the branch"))
            #expect(!accountantBoard.text.contains("card-move"))
            // The card's folded form wins the deal and brings the manager back to the board.
            let printers = try #require(cards.first { $0.contains("Printers for the branch") })
            #expect(printers.contains("action=\"/deals/\(openDeal.id)/stage\""))
            #expect(printers.contains("<option value=\"\(won.id)\">Won</option>"))
            let moved = try await client.browse(
                .post, "/deals/\(openDeal.id)/stage", as: session,
                form: [("stage_id", won.id.description), ("return_to", "/deals")])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/deals")
            #expect(try await world.services.deals.deal(openDeal.id, viewer: world.manager1.viewer).status == .won)
        }
    }

    /// The shown win rate and days to win from the month's figures: too few closed deals say so; enough read as
    /// a rate with its counts, and wins on the day they were opened as under a day.
    @Test func theBoardFiguresNeedASample() throws {
        let strings = try Translations.bundled().table(.english)
        var metrics = try PipelineMetrics.compute(
            open: [], closed: [(Money(minorUnits: 100, currency: .php), .won, 0)], currency: .php)
        #expect(DealBoardPage.winRate(metrics, strings: strings) == "too few closed deals to tell (1)")
        #expect(DealBoardPage.cycle(metrics, strings: strings) == "too few won deals to tell (1)")
        metrics = try PipelineMetrics.compute(
            open: [],
            closed: Array(repeating: (Money(minorUnits: 100, currency: .php), DealStatus.won, 0), count: 5)
                + [(Money(minorUnits: 100, currency: .php), .lost, 3)],
            currency: .php)
        #expect(DealBoardPage.winRate(metrics, strings: strings).hasSuffix("% (5 of 6)"))
        #expect(DealBoardPage.cycle(metrics, strings: strings) == "under a day")
    }

    /// A draft of one vatable ₱1,000.00 line for Tala Foods, by manager1.
    static func draft(_ world: TestWorld) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = "1000.00"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        return try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
    }
}
