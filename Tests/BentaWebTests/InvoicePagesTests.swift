import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct InvoicePagesTests {
    /// A draft made from the account page, priced line by line, refused at issue with each missing field named,
    /// issued once the fields exist, then partly credited; another manager sees none of it.
    @Test(arguments: TestEngine.available)
    func aManagerDraftsIssuesAndCreditsAnInvoiceFromThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let session = try await client.login("manager1@test.ph")
            let accountPage = try await client.browse(.get, "/accounts/\(account)", as: session)
            #expect(accountPage.text.contains("/invoices/new?account_id=\(account)"))
            let form = try await client.browse(.get, "/invoices/new?account_id=\(account)", as: session)
            #expect(form.status == .ok && form.text.contains("value=\"PHP\""))
            #expect(form.text.contains("<option value=\"\(account)\" selected>"))

            let badTerms = try await client.browse(
                .post, "/invoices", as: session,
                form: [("account_id", account.description), ("currency", "PHP"), ("payment_terms", "someday")])
            #expect(badTerms.status == .unprocessableContent && badTerms.text.contains("field-error"))
            let made = try await client.browse(
                .post, "/invoices", as: session,
                form: [("account_id", account.description), ("currency", "PHP"), ("payment_terms", "net_30")])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.hasPrefix("/invoices/"))
            let id = String(location.dropFirst("/invoices/".count))
            var page = try await client.browse(.get, location, as: session)
            #expect(page.status == .ok && page.text.contains("action=\"/invoices/\(id)/lines\""))
            #expect(page.text.contains("href=\"/invoices/\(id)?confirm=issue#issue-confirm\""))

            let badLine = try await client.browse(
                .post, "/invoices/\(id)/lines", as: session,
                form: [
                    ("version", "1"), ("description", "Laser printer"), ("quantity", "two"), ("unit_price", "1000"),
                ])
            #expect(badLine.status == .unprocessableContent && badLine.text.contains("value=\"two\""))
            let line = try await client.browse(
                .post, "/invoices/\(id)/lines", as: session,
                form: [
                    ("version", "1"), ("description", "Laser printer"), ("quantity", "2"), ("unit", "pc"),
                    ("unit_price", "1000"), ("tax_category", "vatable"),
                ])
            #expect(line.status == .seeOther)
            let header = try await client.browse(
                .post, "/invoices/\(id)", as: session,
                form: [
                    ("version", "2"), ("contact_id", world.manager1Contact.id.description), ("currency", "PHP"),
                    ("payment_terms", "net_30"), ("notes", "Salamat po!"), ("discount", ""),
                ])
            #expect(header.status == .seeOther)

            // Tala Foods has no billing address and the company no BIR acknowledgement yet: each is named, with
            // where to add it.
            let refused = try await client.browse(.post, "/invoices/\(id)/issue", as: session, form: [("version", "3")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"issue-problems\""))
            #expect(refused.text.contains("billing address") && refused.text.contains("acknowledgement certificate"))
            #expect(refused.text.contains("href=\"/accounts/\(account)/edit\""))
            #expect(refused.text.contains("href=\"/settings/invoicing\""))
            #expect(!refused.text.contains("TIN ng mamimili") && !refused.text.contains("buyer.tin"))

            try await InvoicesAPITests.prepare(client, world: world)
            let issued = try await client.browse(.post, "/invoices/\(id)/issue", as: session, form: [("version", "3")])
            #expect(issued.status == .seeOther)
            let invoice = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            let number = try #require(invoice["number"] as? String)
            let reference = try #require(invoice["payment_reference"] as? String)
            page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains(number) && page.text.contains("₱2,240.00"))
            #expect(page.text.contains(CreditorReference.printed(reference)))
            #expect(!page.text.contains("/invoices/\(id)/lines\"") && !page.text.contains("/invoices/\(id)/issue\""))
            #expect(!page.text.contains("action=\"/invoices/\(id)\""))
            #expect(page.text.contains("Draft created") && page.text.contains("Issued as"))
            let twice = try await client.browse(.post, "/invoices/\(id)/issue", as: session, form: [("version", "4")])
            #expect(twice.status == .conflict && twice.text.contains("alert-error"))

            let noReason = try await client.browse(
                .post, "/invoices/\(id)/credit-notes", as: session,
                form: [("reason", ""), ("mode", "amount"), ("amount", "abc"), ("tax_category", "vatable")])
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("value=\"abc\""))
            let tooMuch = try await client.browse(
                .post, "/invoices/\(id)/credit-notes", as: session,
                form: [("reason", "Damaged unit"), ("mode", "amount"), ("amount", "9000"), ("tax_category", "vatable")])
            #expect(tooMuch.status == .unprocessableContent && tooMuch.text.contains("still open"))
            let credited = try await client.browse(
                .post, "/invoices/\(id)/credit-notes", as: session,
                form: [
                    ("reason", "Damaged unit"), ("mode", "amount"), ("amount", "500.00"), ("tax_category", "vatable"),
                ])
            #expect(credited.status == .seeOther)
            page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains("Damaged unit") && page.text.contains("₱1,740.00"))
            #expect(page.text.contains("Credit note issued:"))
            let notes = try await client.api(.get, "/api/v1/invoices?kind=credit_note", token: token).json()
            let note = try #require((notes["data"] as? [[String: Any]])?.first)
            let noteNumber = try #require(note["number"] as? String)
            let noteID = try #require(note["id"] as? String)
            #expect(page.text.contains(noteNumber) && page.text.contains("/invoices/\(noteID)"))
            let notePage = try await client.browse(.get, "/invoices/\(noteID)", as: session)
            #expect(notePage.status == .ok && notePage.text.contains("Credit note \(noteNumber)"))
            #expect(notePage.text.contains(number) && !notePage.text.contains("/credit-notes\""))
            let pdf = try await client.browse(.get, "/invoices/\(id)/invoice.pdf", as: session)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")

            let other = try await client.login("manager2@test.ph")
            for (method, uri) in [
                (HTTPRequest.Method.get, "/invoices/\(id)"), (.get, "/invoices/\(id)/invoice.pdf"),
                (.post, "/invoices/\(id)"), (.post, "/invoices/\(id)/lines"), (.post, "/invoices/\(id)/lines/0/delete"),
                (.post, "/invoices/\(id)/issue"), (.post, "/invoices/\(id)/discard"),
                (.post, "/invoices/\(id)/credit-notes"), (.get, "/invoices/\(noteID)"),
            ] {
                let response = try await client.browse(
                    method, uri, as: other,
                    form: method == .post ? [("version", "4"), ("reason", "x"), ("mode", "full")] : nil)
                #expect(response.status == .notFound, "\(method) \(uri)")
            }
            let otherList = try await client.browse(.get, "/invoices", as: other)
            #expect(otherList.status == .ok && !otherList.text.contains(number))
        }
    }

    /// Drafts, issued and overdue invoices each under their filter; a draft discarded from its page is gone.
    @Test(arguments: TestEngine.available)
    func theListFiltersByDerivedStatusAndADraftCanBeDiscarded(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            try await InvoicesAPITests.prepare(client, world: world)
            let account = world.manager1Accounts[0].id
            let body = #"{"account_id": "\#(account)", "lines": \#(InvoicesAPITests.mixedLines)}"#
            let first = try await client.api(.post, "/api/v1/invoices", token: token, json: body).json()
            let second = try await client.api(.post, "/api/v1/invoices", token: token, json: body).json()
            let issuedID = try #require(first["id"] as? String)
            let draftID = try #require(second["id"] as? String)
            let issued = try await client.api(.post, "/api/v1/invoices/\(issuedID)/issue", token: token).json()
            let number = try #require(issued["number"] as? String)
            var session = try await client.login("manager1@test.ph")

            let drafts = try await client.browse(.get, "/invoices?status=draft", as: session)
            #expect(drafts.text.contains("/invoices/\(draftID)") && !drafts.text.contains(number))
            let open = try await client.browse(.get, "/invoices?status=issued", as: session)
            #expect(open.text.contains(number) && !open.text.contains("/invoices/\(draftID)\""))
            var overdue = try await client.browse(.get, "/invoices?status=overdue", as: session)
            #expect(!overdue.text.contains(number))
            world.clock.advance(by: 32 * 86_400)
            // A month later the browser session has expired: log in again.
            session = try await client.login("manager1@test.ph")
            overdue = try await client.browse(.get, "/invoices?status=overdue", as: session)
            #expect(overdue.text.contains(number) && overdue.text.contains("Overdue"))
            let notes = try await client.browse(.get, "/invoices?kind=credit_note", as: session)
            #expect(notes.status == .ok && !notes.text.contains(number) && notes.text.contains("empty-state"))
            let all = try await client.browse(.get, "/invoices", as: session)
            #expect(all.text.contains(number) && all.text.contains("/invoices/\(draftID)"))
            // The list reads only the drafts' lines: the draft's total is computed from them, the issued invoice's
            // total and open amount are its frozen figures (2,000 + 240 VAT + 450 exempt + 2,500 zero-rated).
            #expect(all.text.components(separatedBy: "5,190.00").count - 1 == 3, "\(all.text)")
            #expect(!all.text.contains("/invoices/register\""))

            let discarded = try await client.browse(
                .post, "/invoices/\(draftID)/discard", as: session, form: [("version", "1")])
            #expect(discarded.status == .seeOther && discarded.headers[.location] == "/invoices")
            #expect(try await client.browse(.get, "/invoices/\(draftID)", as: session).status == .notFound)
            let cannot = try await client.browse(
                .post, "/invoices/\(issuedID)/discard", as: session, form: [("version", "2")])
            #expect(cannot.status == .conflict && cannot.text.contains("credit note"))
        }
    }

    /// A won deal's page offers an invoice; the draft starts from the deal's lines.
    @Test(arguments: TestEngine.available)
    func anInvoiceStartsFromADeal(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let dealID = try await QuotesAPITests.dealWithLines(client, world: world, token: token)
            let session = try await client.login("manager1@test.ph")
            var dealPage = try await client.browse(.get, "/deals/\(dealID)", as: session)
            #expect(!dealPage.text.contains("/invoices/new?deal_id=\(dealID)"))
            let pipelines = try await client.api(.get, "/api/v1/pipelines", token: token).json()
            let stages = try #require((pipelines["data"] as? [[String: Any]])?.first?["stages"] as? [[String: Any]])
            let won = try #require(stages.first { $0["outcome"] as? String == "won" }?["id"] as? String)
            let moved = try await client.api(
                .post, "/api/v1/deals/\(dealID)/stage", token: token, json: #"{"stage_id": "\#(won)"}"#)
            #expect(moved.status == .ok)
            dealPage = try await client.browse(.get, "/deals/\(dealID)", as: session)
            #expect(dealPage.text.contains("/invoices/new?deal_id=\(dealID)"))
            let form = try await client.browse(.get, "/invoices/new?deal_id=\(dealID)", as: session)
            #expect(form.status == .ok && form.text.contains("name=\"deal_id\" value=\"\(dealID)\""))
            let made = try await client.browse(
                .post, "/invoices", as: session,
                form: [
                    ("deal_id", dealID), ("account_id", world.manager1Accounts[0].id.description),
                    ("currency", "PHP"), ("payment_terms", "net_30"),
                ])
            #expect(made.status == .seeOther)
            let page = try await client.browse(.get, try #require(made.headers[.location]), as: session)
            #expect(page.text.contains("Piñata display stand") && page.text.contains("/deals/\(dealID)"))
            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/invoices/new?deal_id=\(dealID)", as: other).status == .notFound)
        }
    }

    /// The register with its totals and CSV for the accountant; a manager is refused.
    @Test(arguments: TestEngine.available)
    func theRegisterIsForTheAccountantNotForAManager(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            try await InvoicesAPITests.prepare(client, world: world)
            let account = world.manager1Accounts[0].id
            let body = #"{"account_id": "\#(account)", "lines": \#(InvoicesAPITests.mixedLines)}"#
            var numbers: [String] = []
            for _ in 0..<2 {
                let id = try #require(
                    try await client.api(.post, "/api/v1/invoices", token: token, json: body).json()["id"] as? String)
                let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).json()
                numbers.append(try #require(issued["number"] as? String))
            }
            let accountant = try await client.login("accountant@test.ph")
            let register = try await client.browse(.get, "/invoices/register", as: accountant)
            #expect(register.status == .ok)
            #expect(numbers.allSatisfy { register.text.contains($0) })
            #expect(register.text.contains("Totals (PHP)") && register.text.contains("/invoices/register.csv?from="))
            let list = try await client.browse(.get, "/invoices", as: accountant)
            #expect(list.text.contains("href=\"/invoices/register\""))
            let csvURL = try #require(
                register.text.components(separatedBy: "href=\"/invoices/register.csv").dropFirst().first?.split(
                    separator: "\""
                ).first)
            let csv = try await client.browse(
                .get, "/invoices/register.csv" + csvURL.replacingOccurrences(of: "&amp;", with: "&"), as: accountant)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("number,issue_date") && numbers.allSatisfy { csv.text.contains($0) })
            let empty = try await client.browse(
                .get, "/invoices/register?from=2020-01-01&to=2020-02-01&kind=credit_note", as: accountant)
            #expect(empty.status == .ok && empty.text.contains("empty-state"))

            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/invoices/register", as: manager).status == .forbidden)
            #expect(try await client.browse(.get, "/invoices/register.csv", as: manager).status == .forbidden)
        }
    }

    /// An admin saves the invoicing settings from the page; a manager reads them and cannot save.
    @Test(arguments: TestEngine.available)
    func theInvoicingSettingsAreEditedByAnAdminOnly(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let company = try await client.browse(.get, "/settings/company", as: admin)
            #expect(company.text.contains("href=\"/settings/invoicing\""))
            let page = try await client.browse(.get, "/settings/invoicing", as: admin)
            #expect(page.status == .ok && page.text.contains("value=\"Sales Invoice\""))
            let settings: [(String, String)] = [
                ("version", "0"), ("profile", "ph"), ("prices_include_tax", "true"),
                ("default_payment_terms", "net_15"), ("title", "Service Invoice"),
                ("acknowledgement_number", "AC-123-456789-2024"),
            ]
            let bad = try await client.browse(
                .post, "/settings/invoicing", as: admin, form: settings + [("acknowledgement_date", "May 2")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("value=\"May 2\""))
            let saved = try await client.browse(
                .post, "/settings/invoicing", as: admin, form: settings + [("acknowledgement_date", "2024-05-02")])
            #expect(saved.status == .seeOther)
            let stored = try await world.services.invoices.settings(companyID: world.company.id)
            #expect(stored.title == "Service Invoice" && stored.pricesIncludeTax)
            #expect(
                stored.defaultPaymentTerms == .net(days: 15)
                    && stored.acknowledgementDate?.iso8601String == "2024-05-02")
            let stale = try await client.browse(
                .post, "/settings/invoicing", as: admin, form: settings + [("acknowledgement_date", "2024-05-02")])
            #expect(stale.status == .preconditionFailed)

            let manager = try await client.login("manager1@test.ph")
            let readOnly = try await client.browse(.get, "/settings/invoicing", as: manager)
            #expect(readOnly.status == .ok && readOnly.text.contains("value=\"Service Invoice\""))
            #expect(readOnly.text.contains("<fieldset disabled>") && !readOnly.text.contains(">Save</button>"))
            let refused = try await client.browse(
                .post, "/settings/invoicing", as: manager,
                form: [("version", "1"), ("profile", "none"), ("title", "Invoice")])
            #expect(refused.status == .forbidden)
            #expect(try await world.services.invoices.settings(companyID: world.company.id).profile == .ph)
        }
    }
}
