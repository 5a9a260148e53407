import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

extension TestWorld {
    /// Outgoing email set up to a server nobody listens on: sending a document queues its email in the outbox,
    /// where it waits; nothing leaves the test.
    func setUpOutgoingEmail() async throws {
        var draft = SMTPSettingsDraft()
        draft.host = "127.0.0.1"
        draft.port = "2525"
        draft.security = SMTPSecurity.none.rawValue
        draft.fromAddress = "sales@bituin.ph"
        draft.fromName = "Bituin Office Solutions"
        _ = try await services.outbox.saveSMTPSettings(draft, viewer: admin.viewer, expectedVersion: nil)
    }
}

/// Sending quotes and contracts from their pages and the API (issue 14, item 6), and the contract form's details
/// (item 7): payment terms by label, milestones as rows, a one-off billing of the whole value, the text in
/// paragraphs.
@Suite(.timeLimit(.minutes(20))) struct DocumentSendingWebTests {
    /// The value of the first `name="<name>" value="…"` on the page.
    static func value(of name: String, in html: String) throws -> String {
        let range = try #require(html.range(of: "name=\"\(name)\" value=\""))
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func occurrences(of text: String, in html: String) -> Int {
        html.components(separatedBy: text).count - 1
    }

    @Test(arguments: TestEngine.available)
    func theQuotePageEmailsTheQuoteToTheChosenContactAndSaysSo(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await QuotesAPITests.dealWithLines(client, world: world, token: token)
            let made = try await client.api(.post, "/api/v1/quotes", token: token, json: #"{"deal_id": "\#(dealID)"}"#)
            let id = try #require(try made.json()["id"] as? String)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/quotes/\(id)", as: session)
            // The form: the recipient picked from the contacts (the quote's contact chosen), subject and message
            // prefilled, send by email or only mark as sent.
            #expect(page.text.contains("<select id=\"send-to\" name=\"to\">"))
            #expect(
                page.text.contains("<option value=\"maria@example.ph\" selected>Maria Santos &lt;maria@example.ph&gt;"))
            #expect(page.text.contains("value=\"Quotation {number} – "))
            #expect(page.text.contains("Dear Maria Santos,"))
            #expect(page.text.contains("Send by email") && page.text.contains("Mark as sent without email"))
            let version = try Self.value(of: "version", in: page.text)

            // A typed address that is not one is refused beside the field; nothing is numbered.
            let bad = try await client.browse(
                .post, "/quotes/\(id)/send", as: session,
                form: [
                    ("version", version), ("delivery", "email"), ("to", "maria at example"),
                    ("subject", "Quotation {number}"), ("message", "Kindly see attached."),
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("has-error") && bad.text.contains("Enter a valid email address"))
            #expect(bad.text.contains("Kindly see attached."))
            #expect(try await client.api(.get, "/api/v1/quotes/\(id)", token: token).json()["number"] is NSNull)

            let sent = try await client.browse(
                .post, "/quotes/\(id)/send", as: session,
                form: [
                    ("version", version), ("delivery", "email"), ("to", "maria@example.ph"),
                    ("subject", "Quotation {number}"), ("message", "Kindly see attached."),
                ])
            #expect(sent.status == .seeOther)
            let quote = try await client.api(.get, "/api/v1/quotes/\(id)", token: token).json()
            let number = try #require(quote["number"] as? String)
            let after = try await client.browse(.get, "/quotes/\(id)", as: session)
            #expect(after.text.contains("Emailed to maria@example.ph on "))
            #expect(!after.text.contains("name=\"delivery\""))
            let outbox = try await client.api(.get, "/api/v1/outbox", token: token).json()
            let messages = try #require(outbox["data"] as? [[String: Any]])
            #expect(messages.count == 1)
            #expect(messages.first?["kind"] as? String == "quote")
            #expect(messages.first?["subject"] as? String == "Quotation \(number)")
            let account = try await client.browse(.get, "/accounts/\(world.manager1Accounts[0].id)", as: session)
            #expect(account.text.contains("Quote \(number) sent to Maria Santos"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aQuoteOfAnAccountWithoutAnyEmailAddressIsRefusedBesideTheRecipient(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let viewer = world.manager1.viewer
            var accountDraft = AccountDraft()
            accountDraft.name = "Walang Email Trading"
            accountDraft.phones = ["0917 333 0003"]
            let account = try await world.services.accounts.create(accountDraft, viewer: viewer)
            var dealDraft = DealDraft()
            dealDraft.accountID = account.id.description
            dealDraft.title = "Shelves"
            dealDraft.amount = "1000.00"
            dealDraft.expectedClose = "2027-01-31"
            let deal = try await world.services.deals.create(dealDraft, viewer: viewer)
            let quote = try await world.services.quotes.create(fromDeal: deal.id, viewer: viewer)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/quotes/\(quote.id)", as: session)
            #expect(page.text.contains("<input type=\"email\" id=\"send-to\" name=\"to\" value=\"\""))
            #expect(page.text.contains("No contact of this account has an email address"))
            let refused = try await client.browse(
                .post, "/quotes/\(quote.id)/send", as: session,
                form: [
                    ("version", String(quote.version)), ("delivery", "email"), ("to", ""), ("subject", ""),
                    ("message", ""),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("field has-error"))
            #expect(refused.text.contains("<p class=\"field-error\">No contact of this account has an email address"))
            let stored = try await world.services.quotes.quote(quote.id, viewer: viewer)
            #expect(stored.status == .draft && stored.number == nil)
            // Marked as sent without email: numbered (the first number: the refusal used none), nothing queued.
            let marked = try await client.browse(
                .post, "/quotes/\(quote.id)/send", as: session,
                form: [("version", String(quote.version)), ("delivery", "none")])
            #expect(marked.status == .seeOther)
            let numbered = try await world.services.quotes.quote(quote.id, viewer: viewer)
            #expect(numbered.status == .sent && numbered.number?.hasSuffix("-00001") == true)
            let outbox = try await world.services.outbox.list(
                viewer: viewer, filter: OutboxFilter(), page: PageRequest())
            #expect(outbox.items.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func theContractPageEmailsTheContractOrMarksItSentAndShowsTheTextInParagraphs(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            var form = ContractPagesTests.form(world)
            form.removeAll { $0.0 == "body" }
            form.append(
                ("body", "AGREEMENT {{contract_number}}\n\nFirst part <b>bold</b>\nstill first.\n \n\nSecond part."))
            let created = try await client.browse(.post, "/contracts", as: session, form: form)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let detail = try await client.browse(.get, location, as: session)
            #expect(
                detail.text.contains(
                    "<p class=\"prewrap\">First part &lt;b&gt;bold&lt;/b&gt;\nstill first.</p><p class=\"prewrap\">"
                        + "Second part.</p>"))
            #expect(detail.text.contains("<option value=\"maria@example.ph\" selected>"))
            #expect(detail.text.contains("value=\"Contract {number}: Printer fleet service – "))
            let version = try Self.value(of: "version", in: detail.text)

            // Email not set up yet: the page says so, the contract stays a draft.
            let notSetUp = try await client.browse(
                .post, location + "/send", as: session,
                form: [("version", version), ("delivery", "email"), ("to", "maria@example.ph")])
            #expect(notSetUp.status == .conflict)
            #expect(notSetUp.text.contains("Outgoing email is not set up yet"))
            try await world.setUpOutgoingEmail()
            let sent = try await client.browse(
                .post, location + "/send", as: session,
                form: [("version", version), ("delivery", "email"), ("to", "maria@example.ph"), ("subject", "")])
            #expect(sent.status == .seeOther)
            let after = try await client.browse(.get, location, as: session)
            let company = try await world.services.companies.company(world.company.id).settings
            let sellerName = company.registeredName.isEmpty ? company.name : company.registeredName
            #expect(after.text.contains("CTR-2026-00001"))
            #expect(after.text.contains("Emailed to maria@example.ph on "))
            let outbox = try await world.services.outbox.list(
                viewer: world.manager1.viewer, filter: OutboxFilter(), page: PageRequest())
            #expect(outbox.items.map(\.subject) == ["Contract CTR-2026-00001: Printer fleet service – \(sellerName)"])

            // Another contract only marked as sent: numbered, no email.
            let other = try await client.browse(.post, "/contracts", as: session, form: ContractPagesTests.form(world))
            let otherLocation = try #require(other.headers[.location])
            let otherPage = try await client.browse(.get, otherLocation, as: session)
            let marked = try await client.browse(
                .post, otherLocation + "/send", as: session,
                form: [("version", try Self.value(of: "version", in: otherPage.text)), ("delivery", "none")])
            #expect(marked.status == .seeOther)
            let markedPage = try await client.browse(.get, otherLocation, as: session)
            #expect(markedPage.text.contains("CTR-2026-00002") && !markedPage.text.contains("Emailed to"))
            let still = try await world.services.outbox.list(
                viewer: world.manager1.viewer, filter: OutboxFilter(), page: PageRequest())
            #expect(still.items.count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func theAPISendTakesTheRecipientSubjectAndMessageOrNoEmail(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let first = try await ContractsAPITests.create(
                client, world, token: token, body: ContractsAPITests.body(world))
            let id = try #require(first["id"] as? String)
            let bad = try await client.api(
                .post, "/api/v1/contracts/\(id)/send", token: token, json: #"{"to": "nobody"}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("invalid_email"))
            let mixed = try await client.api(
                .post, "/api/v1/contracts/\(id)/send", token: token, json: #"{"email": false, "subject": "x"}"#)
            #expect(mixed.status == .unprocessableContent && mixed.text.contains("not_emailed"))
            let sent = try await client.api(
                .post, "/api/v1/contracts/\(id)/send", token: token,
                json: #"{"to": "Maria Santos <maria@example.ph>", "message": "Please sign contract {number}."}"#)
            #expect(sent.status == .ok, "\(sent.text)")
            let number = try #require(try sent.json()["number"] as? String)
            let messages = try #require(
                try await client.api(.get, "/api/v1/outbox", token: token).json()["data"] as? [[String: Any]])
            #expect(messages.count == 1 && messages.first?["kind"] as? String == "contract")
            #expect(messages.first?["to"] as? [String] == ["maria@example.ph"])
            #expect((messages.first?["subject"] as? String)?.hasPrefix("Contract \(number): ") == true)
        }
    }

    /// Item 7: the terms by their labels with a hint naming no code, the milestones as rows with "add more rows"
    /// that works without JavaScript, and a one-off billing that bills the value without retyping it.
    @Test(arguments: TestEngine.available)
    func theContractFormOffersTermsByLabelMilestoneRowsAndBillsAOneOffAtTheValue(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let session = try await client.login("manager1@test.ph")
            let new = try await client.browse(.get, "/contracts/new", as: session)
            #expect(new.text.contains("<option value=\"net_30\" selected>Net 30</option>"))
            #expect(new.text.contains("<option value=\"eom_15\">End of month + 15</option>"))
            #expect(new.text.contains("<option value=\"due_on_receipt\">Due on receipt</option>"))
            let hint = try #require(new.text.range(of: "id=\"terms-hint\">")).upperBound
            let hintText = String(new.text[hint...].prefix { $0 != "<" })
            for code in ["net_", "eom_", "due_on_receipt"] { #expect(!hintText.contains(code), "\(hintText)") }
            #expect(Self.occurrences(of: "name=\"milestone_name\"", in: new.text) == 3)
            #expect(!new.text.contains("YYYY-MM-DD | amount"))

            // "Add more rows" keeps what was typed, adds three empty rows and saves nothing.
            var typed = ContractPagesTests.form(world)
            typed.append(contentsOf: [("milestone_row_count", "3"), ("more_milestones", "1")])
            let more = try await client.browse(.post, "/contracts", as: session, form: typed)
            #expect(more.status == .ok)
            #expect(Self.occurrences(of: "name=\"milestone_name\"", in: more.text) == 6)
            #expect(more.text.contains("value=\"Year-end review\"") && more.text.contains("value=\"40000.00\""))
            let none = try await client.api(.get, "/api/v1/contracts?status=all", token: token).json()
            #expect((none["data"] as? [Any])?.isEmpty == true)

            // The rows are the milestones.
            let rows = try await client.browse(.post, "/contracts", as: session, form: ContractPagesTests.form(world))
            #expect(rows.status == .seeOther)
            let rowsID = String(try #require(rows.headers[.location]).dropFirst("/contracts/".count))
            let saved = try await client.api(.get, "/api/v1/contracts/\(rowsID)", token: token).json()
            let schedule = try #require(saved["billing_schedule"] as? [String: Any])
            let milestones = try #require(schedule["milestones"] as? [[String: Any]])
            #expect(milestones.map { $0["name"] as? String } == ["Installation", "Year-end review"])

            // A one-off billing with no amount bills the contract's value.
            var oneOff = ContractPagesTests.form(world).filter {
                !$0.0.hasPrefix("milestone_") && $0.0 != "schedule_kind"
            }
            oneOff.append(contentsOf: [
                ("schedule_kind", "one_off"), ("schedule_date", "2027-01-15"), ("schedule_amount", ""),
            ])
            let billed = try await client.browse(.post, "/contracts", as: session, form: oneOff)
            #expect(billed.status == .seeOther, "\(billed.text.prefix(2000))")
            let billedID = String(try #require(billed.headers[.location]).dropFirst("/contracts/".count))
            let billedContract = try await client.api(.get, "/api/v1/contracts/\(billedID)", token: token).json()
            let billing = try #require(billedContract["billing_schedule"] as? [String: Any])
            #expect(billing["kind"] as? String == "one_off" && billing["amount"] as? String == "60000.00")
            // The API gets the same rule.
            let api = try await client.api(
                .post, "/api/v1/contracts", token: token,
                json: """
                    {"title": "Setup", "account_id": "\(world.manager1Accounts[0].id)",
                     "signatory_contact_id": "\(world.manager1Contact.id)", "start_date": "2027-01-01",
                     "end_date": "2027-12-31", "value": "120000.00",
                     "billing_schedule": {"kind": "one_off", "date": "2027-02-01"}}
                    """)
            #expect(api.status == .created, "\(api.text)")
            #expect((try api.json()["billing_schedule"] as? [String: Any])?["amount"] as? String == "120000.00")
        }
    }
}
