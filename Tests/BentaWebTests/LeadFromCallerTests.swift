import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// An unknown caller becomes a lead in one step (issue 14, item 4): a phone number alone is a lead (page and API),
/// a lead with a customer's or an open lead's number is warned about first, a save says so, and the reason for
/// disqualifying is asked only when disqualifying.
@Suite(.timeLimit(.minutes(20))) struct LeadFromCallerTests {
    @Test(arguments: TestEngine.available)
    func aPhoneNumberAloneIsALeadThroughTheAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let made = try await client.api(
                .post, "/api/v1/leads", token: token, json: #"{"phone": "0999 000 1111", "source": "inbound_call"}"#)
            #expect(made.status == .created)
            let lead = try made.json()
            #expect(lead["display_name"] as? String == "0999 000 1111")
            #expect(lead["person_name"] is NSNull && lead["company_name"] is NSNull)
            let email = try await client.api(
                .post, "/api/v1/leads", token: token, json: #"{"email": "caller@example.ph"}"#)
            #expect(email.status == .created)
            // Nothing to reach the lead by and no name: refused, naming what is missing.
            let nothing = try await client.api(.post, "/api/v1/leads", token: token, json: #"{"source": "walk_in"}"#)
            #expect(nothing.status == .unprocessableContent)
            #expect(nothing.text.contains("person_name") && nothing.text.contains("phone number"))
        }
    }

    @Test(arguments: TestEngine.available)
    func aLeadWithACustomersOrAnOpenLeadsNumberIsWarnedAboutFirst(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            // Maria Santos (a contact of Tala Foods) has 0917 555 0101.
            let warned = try await client.browse(
                .post, "/leads", as: session, form: [("phone", "+63 917 555 0101"), ("source", "inbound_call")])
            #expect(warned.status == .unprocessableContent)
            #expect(warned.text.contains("Possible duplicates"))
            #expect(
                warned.text.contains("<a href=\"/contacts/\(world.manager1Contact.id)\">Maria Santos</a> — same phone"))
            #expect(warned.text.contains("name=\"confirm_duplicates\""))
            #expect(warned.text.contains("value=\"+63 917 555 0101\""))
            #expect(
                try await world.services.leads.list(
                    viewer: world.manager1.viewer, filter: LeadFilter(), page: PageRequest(limit: 10)
                ).items.isEmpty)
            let confirmed = try await client.browse(
                .post, "/leads", as: session,
                form: [("phone", "+63 917 555 0101"), ("source", "inbound_call"), ("confirm_duplicates", "1")])
            #expect(confirmed.status == .seeOther)
            let first = try #require(confirmed.headers[.location]?.split(separator: "?").first)
            // A second lead with that number: the open lead is named too, and an account's own number warns.
            let again = try await client.browse(
                .post, "/leads", as: session,
                form: [("phone", "0917 555 0101"), ("person_name", "Ana"), ("source", "inbound_call")])
            #expect(again.text.contains("<a href=\"\(first)\">+63 917 555 0101 (lead)</a> — same phone"))
            let account = try await client.browse(
                .post, "/leads", as: session, form: [("phone", "02 8111 0002"), ("source", "inbound_call")])
            #expect(account.text.contains("<a href=\"/accounts/\(world.manager1Accounts[1].id)\">Bituin Hardware</a>"))
            // Another manager does not see Maria Santos: no warning names her, the lead saves.
            let other = try await client.login("manager2@test.ph")
            let theirs = try await client.browse(
                .post, "/leads", as: other,
                form: [("phone", "0917 555 0101"), ("company_name", "Kape Co."), ("source", "inbound_call")])
            #expect(theirs.status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.available)
    func savingALeadAnAccountOrAContactSaysSo(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let lead = try await client.browse(
                .post, "/leads", as: session, form: [("person_name", "Ana Cruz"), ("source", "walk_in")])
            let leadURL = try #require(lead.headers[.location])
            #expect(try await client.browse(.get, leadURL, as: session).text.contains("Lead saved."))
            let plain = String(leadURL.split(separator: "?")[0])
            #expect(!(try await client.browse(.get, plain, as: session).text.contains("Lead saved.")))
            let edited = try await client.browse(
                .post, plain, as: session, form: [("person_name", "Ana M. Cruz"), ("source", "walk_in")])
            #expect(edited.headers[.location] == plain + "?saved=1")

            let account = try await client.browse(
                .post, "/accounts", as: session, form: [("name", "Kape ni Juan"), ("phones", "0917 800 1234")])
            let accountURL = try #require(account.headers[.location])
            #expect(accountURL.hasSuffix("?saved=1"))
            #expect(try await client.browse(.get, accountURL, as: session).text.contains("Account saved."))

            let contact = world.manager1Contact
            let edit = try await client.browse(
                .post, "/contacts/\(contact.id)", as: session,
                form: [
                    ("account_id", contact.fields.accountID.description), ("name", "Maria L. Santos"),
                    ("phones", "0917 555 0101"), ("version", String(contact.version)),
                ])
            let contactURL = try #require(edit.headers[.location])
            #expect(contactURL == "/contacts/\(contact.id)?saved=1")
            #expect(try await client.browse(.get, contactURL, as: session).text.contains("Contact saved."))
        }
    }

    @Test(arguments: TestEngine.available)
    func theReasonForDisqualifyingIsAskedOnlyWhenDisqualifying(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var draft = LeadDraft()
            draft.phone = "0999 000 2222"
            let made = try await world.services.leads.create(
                draft, viewer: world.manager1.viewer, companyID: world.company.id)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/leads/\(made.lead.id)", as: session).text
            // The reason's field sits inside a closed disclosure opened by "Disqualify…", not on the page itself.
            let disclosure = try #require(page.range(of: "<details class=\"disclosure disqualify-more\">"))
            let field = try #require(page.range(of: "id=\"disqualify-reason\""))
            let closing = try #require(page.range(of: "</details>", range: disclosure.upperBound..<page.endIndex))
            #expect(disclosure.upperBound < field.lowerBound && field.upperBound < closing.lowerBound)
            #expect(page.contains("<summary class=\"disclosure-button\">Disqualify…</summary>"))
            // Disqualifying still takes the reason.
            let done = try await client.browse(
                .post, "/leads/\(made.lead.id)/status", as: session,
                form: [("status", "disqualified"), ("reason", "Wrong number")])
            #expect(done.status == .seeOther)
            let after = try await client.browse(.get, "/leads/\(made.lead.id)", as: session).text
            #expect(after.contains("Wrong number") && !after.contains("id=\"disqualify-reason\""))
        }
    }
}
