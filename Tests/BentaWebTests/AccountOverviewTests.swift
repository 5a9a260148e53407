import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BentaWeb

/// The account page as a 360° view (issue 14, item 2): the account's deals, quotes, invoices and contracts as short
/// lists with status badges, links and "see all" links, what the customer owes and how much of it is overdue,
/// "New deal" / "New quote" / "New invoice" for the account, contacts' phones and emails as links, "Log a call"
/// at the top, emails and letters on the timeline as what they are; a fixed number of statements however much the
/// account holds.
@Suite(.timeLimit(.minutes(20))) struct AccountOverviewTests {
    /// What the page's business is built from: an open deal with a quote, a contract, and an invoice in two
    /// instalments part paid, read 45 days after issue (first instalment overdue).
    struct Business {
        var deal: Deal
        var quote: Quote
        var contract: Contract
        var invoice: Invoice
    }

    /// Invoices without the ATP profile's extra lines (once per company).
    static func invoiceSettings(_ world: TestWorld) async throws {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
    }

    static func business(_ world: TestWorld, on account: Account) async throws -> Business {
        let services = world.services
        let manager = world.manager1.viewer
        var dealDraft = DealDraft()
        dealDraft.title = "Espresso machines"
        dealDraft.accountID = account.id.description
        dealDraft.amount = "90000.00"
        dealDraft.expectedClose = "2026-12-20"
        let deal = try await services.deals.create(dealDraft, viewer: manager)
        let quote = try await services.quotes.create(fromDeal: deal.id, viewer: manager)
        var contractDraft = ContractDraft()
        contractDraft.accountID = account.id.description
        contractDraft.signatoryContactID = world.manager1Contact.id.description
        contractDraft.title = "Machine servicing"
        contractDraft.startDate = "2026-07-01"
        contractDraft.endDate = "2027-06-30"
        contractDraft.value = "120000.00"
        let contract = try await services.contracts.create(contractDraft, viewer: manager)
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        draft.paymentTerms = "inst_30:50,60:50"
        let made = try await services.invoices.create(draft, viewer: manager)
        let invoice = try await services.invoices.issue(made.id, viewer: manager, expectedVersion: nil)
        let issued = try #require(invoice.issueDate)
        _ = try await services.payments.record(
            PaymentDraft(
                accountID: account.id.description, receivedOn: issued.iso8601String, amount: "1000",
                method: "bank_transfer",
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1000", withholdings: [])]),
            viewer: world.accountant.viewer)
        world.clock.advance(by: 45 * 86_400)
        return Business(deal: deal, quote: quote, contract: contract, invoice: invoice)
    }

    @Test(arguments: TestEngine.available)
    func theAccountPageShowsItsBusinessWhatIsOwedAndTheWaysToAct(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            try await Self.invoiceSettings(world)
            let business = try await Self.business(world, on: tala)
            // An email and a letter received, a call made: each shown as what it is.
            for (kind, subject) in [("email", "Price list request"), ("letter", "Signed order form")] {
                var activity = ActivityDraft()
                activity.kind = kind
                activity.direction = "inbound"
                activity.subject = subject
                activity.accountID = tala.id.description
                _ = try await world.services.activities.log(activity, viewer: world.manager1.viewer)
            }
            var call = ActivityDraft()
            call.kind = "call"
            call.direction = "inbound"
            call.accountID = tala.id.description
            _ = try await world.services.activities.log(call, viewer: world.manager1.viewer)

            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/accounts/\(tala.id)", as: session)
            #expect(page.status == .ok)
            let text = page.text
            let account = tala.id.description
            // Each kind: its newest records with badges and links, and the full list filtered to the account.
            #expect(text.contains("<a href=\"/deals/\(business.deal.id)\">Espresso machines</a>"))
            #expect(text.contains("badge badge-open\">Open<"))
            #expect(text.contains("href=\"/deals?account_id=\(account)&amp;status=all\""))
            #expect(text.contains("<a href=\"/quotes/\(business.quote.id)\">Draft</a>"))
            #expect(text.contains("href=\"/quotes?account_id=\(account)\""))
            let number = try #require(business.invoice.number)
            #expect(text.contains("<a href=\"/invoices/\(business.invoice.id)\">\(number)</a>"))
            #expect(text.contains("badge badge-overdue\">Overdue<"))
            #expect(text.contains("href=\"/invoices?account_id=\(account)\""))
            #expect(text.contains("<a href=\"/contracts/\(business.contract.id)\">Machine servicing</a>"))
            #expect(text.contains("href=\"/contracts?account_id=\(account)\""))
            // Owed: 11,200.00 − 1,000.00 paid; overdue: the first instalment's 5,600.00 − 1,000.00.
            #expect(text.contains("Open balance</dt>\n      <dd class=\"amount\">₱10,200.00</dd>"))
            #expect(text.contains("<span class=\"badge badge-overdue\">₱4,600.00</span>"))
            #expect(text.contains("1 invoices past due"))
            // The ways to act, for this account: a new deal or invoice prefilled, a quote from the open deal.
            #expect(text.contains("href=\"/deals/new?account_id=\(account)\""))
            #expect(text.contains("href=\"/invoices/new?account_id=\(account)\""))
            #expect(text.contains("action=\"/deals/\(business.deal.id)/quotes\""))
            // "Log a call" is the first action at the top, a jump to the call form further down.
            let top = try #require(text.range(of: "class=\"actions\""))
            let jump = try #require(text.range(of: "href=\"#log-call-heading\""))
            #expect(jump.lowerBound > top.lowerBound)
            #expect(!text[top.upperBound..<jump.lowerBound].contains("</a>"))
            #expect(text.contains("id=\"log-call-heading\""))
            // The contacts' phones and emails are links.
            #expect(text.contains("<a href=\"tel:+639175550101\">"))
            #expect(text.contains("<a href=\"mailto:maria@example.ph\">maria@example.ph</a>"))
            // The timeline: the email and the letter were received; only the call says who called.
            #expect(text.components(separatedBy: " · Received").count - 1 == 2)
            #expect(text.components(separatedBy: " · They called").count - 1 == 1)
            // The invoices list behind "see all" is the account's only.
            let all = try await client.browse(.get, "/invoices?account_id=\(account)", as: session)
            #expect(all.text.contains(number))
            let bituin = world.manager1Accounts[1]
            let others = try await client.browse(.get, "/invoices?account_id=\(bituin.id)", as: session)
            #expect(!others.text.contains(number))
            // Another account's page shows none of it.
            let empty = try await client.browse(.get, "/accounts/\(bituin.id)", as: session)
            #expect(!empty.text.contains("Espresso machines"))
            #expect(empty.text.contains("Nothing is owed."))
        }
    }

    @Test(arguments: TestEngine.available)
    func theFilipinoAccountPageHasEveryNewLabel(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            try await Self.invoiceSettings(world)
            _ = try await Self.business(world, on: tala)
            let session = try await client.login("manager1@test.ph")
            _ = try await client.browse(.post, "/profile/language", as: session, form: [("language", "fil")])
            let page = try await client.browse(.get, "/accounts/\(tala.id)", as: session)
            #expect(page.status == .ok)
            for english in ["Open balance", "See all invoices", "invoices past due", "New quote", "Log a call"] {
                #expect(!page.text.contains(english), "\(english) in Filipino")
            }
            #expect(page.text.contains("Natitirang balanse"))
        }
    }

    /// The account page sends a fixed number of statements however many deals, quotes, invoices, contracts and
    /// payments the account has, the same on both engines.
    @Test(arguments: TestEngine.available)
    func theAccountPageSendsAFixedNumberOfStatements(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { base in
            let database = RecordingAppDatabase(base)
            let world = try await TestWorld.make(database: database)
            let app = try await buildApplication(
                config: AppConfig(logLevel: .critical), services: world.services, runsDatabaseServices: false)
            try await app.test(.router) { client in
                let tala = world.manager1Accounts[0]
                func count() async throws -> Int {
                    // A fresh session: the set-up moves the clock on by months.
                    let session = try await client.login("manager1@test.ph")
                    database.reset()
                    let page = try await client.browse(.get, "/accounts/\(tala.id)", as: session)
                    #expect(page.status == .ok)
                    return database.queries.count
                }
                try await Self.invoiceSettings(world)
                let empty = try await count()
                for _ in 0..<3 { _ = try await Self.business(world, on: tala) }
                let full = try await count()
                #expect(full == empty, "the account page sent \(empty) statements empty, \(full) full")
                #expect(full <= Self.budget, "the account page sent \(full) statements")
            }
        }
    }

    /// The most statements the account page may send (authentication, the account, contacts, history, the record
    /// panels, the credit hold, the 360° view's two): equal on both engines.
    static let budget = 16
}
