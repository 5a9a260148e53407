import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Pickers of long lists (issue 9): a form offers a page of matches plus the chosen record, finds any record through
/// its search, keeps what was typed, and offers only what the viewer may see.
@Suite(.timeLimit(.minutes(20))) struct RecordPickerPagesTests {
    /// 260 accounts "Bulk Account 001"… for manager1, more than a picker page and more than the old 200.
    static func bulkAccounts(_ world: TestWorld, count: Int = 260) async throws -> [Account] {
        var accounts: [Account] = []
        for number in 1...count {
            var draft = AccountDraft()
            draft.name = String(format: "Bulk Account %03d", number)
            accounts.append(try await world.services.accounts.create(draft, viewer: world.manager1.viewer))
        }
        return accounts
    }

    @Test(arguments: TestEngine.available)
    func theDealFormFindsThe250thAccountByItsSearchAndSavesIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let accounts = try await Self.bulkAccounts(world)
            let target = accounts[249]
            let session = try await client.login("manager1@test.ph")

            // The new form offers one page of accounts by name, says there are more, and is not truncated silently.
            let new = try await client.browse(.get, "/deals/new", as: session)
            #expect(new.status == .ok)
            let first = PickerHTML.options(in: new.text, select: "account_id")
            #expect(first.count == RecordPicker.pageSize)
            #expect(first.first?.label == "Bituin Hardware" && first.last?.label == "Bulk Account 024")
            #expect(!new.text.contains("Bulk Account 250"))
            let more = try #require(PickerHTML.moreValue(in: new.text, field: "account_id"))

            // "More matches" goes on after the last one shown: none twice.
            let next = try await client.browse(
                .post, "/deals", as: session, form: [("title", "Printers"), ("pick", more)])
            #expect(next.status == .ok)
            let second = PickerHTML.options(in: next.text, select: "account_id")
            #expect(second.first?.label == "Bulk Account 025" && second.count == RecordPicker.pageSize)
            #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))

            // The search sends the whole form back: the typed values stay, nothing is saved, the 250th is offered.
            let found = try await client.browse(
                .post, "/deals", as: session,
                form: [
                    ("title", "Printers for the 250th"), ("amount", "125000.00"), ("expected_close", "2026-12-20"),
                    ("notes", "Two floors"), ("account_id", ""), ("pick_q_account_id", "account 250"),
                    ("pick", "account_id"),
                ])
            #expect(found.status == .ok)
            #expect(PickerHTML.options(in: found.text, select: "account_id").map(\.label) == ["Bulk Account 250"])
            #expect(found.text.contains(#"value="Printers for the 250th""#))
            #expect(found.text.contains(#"value="125000.00""#) && found.text.contains(">Two floors</textarea>"))
            #expect(found.text.contains(#"name="pick_q_account_id" value="account 250""#))
            let none = try await world.services.deals.list(
                viewer: world.manager1.viewer, filter: DealFilter(status: nil), page: PageRequest())
            #expect(none.items.isEmpty)

            // A validation error keeps the chosen account shown and selected (it is not on the first page).
            let refused = try await client.browse(
                .post, "/deals", as: session,
                form: [
                    ("title", ""), ("amount", "125000.00"), ("expected_close", "2026-12-20"),
                    ("account_id", target.id.description),
                ])
            #expect(refused.status == .unprocessableContent)
            let kept = PickerHTML.options(in: refused.text, select: "account_id")
            #expect(kept.first { $0.isSelected }?.id == target.id.description)
            #expect(kept.first?.label == "Bulk Account 250")

            // Chosen and saved.
            let saved = try await client.browse(
                .post, "/deals", as: session,
                form: [
                    ("title", "Printers for the 250th"), ("amount", "125000.00"), ("expected_close", "2026-12-20"),
                    ("account_id", target.id.description),
                ])
            #expect(saved.status == .seeOther)
            let deals = try await world.services.deals.list(
                viewer: world.manager1.viewer, filter: DealFilter(status: nil), page: PageRequest())
            #expect(deals.items.map(\.fields.accountID) == [target.id])

            // "New deal" from the account preselects it without reading the list.
            let fromAccount = try await client.browse(.get, "/deals/new?account_id=\(target.id)", as: session)
            let offered = PickerHTML.options(in: fromAccount.text, select: "account_id")
            #expect(offered.map(\.label) == ["Bulk Account 250"] && offered.first?.isSelected == true)

            // The vCard import's picker searches through its own GET form (an upload cannot come back).
            let imports = try await client.browse(
                .get, "/imports?pick_q_account_id=Account+250&pick=account_id", as: session)
            #expect(PickerHTML.options(in: imports.text, select: "account_id").map(\.id) == [target.id.description])
            #expect(imports.text.contains(#"form="vcard-account-search""#))
        }
    }

    @Test(arguments: TestEngine.available)
    func theContactFormKeepsAChosenAccountBeyondTheFirstPageAfterAnError(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let accounts = try await Self.bulkAccounts(world, count: 40)
            let target = accounts[39]
            let session = try await client.login("manager1@test.ph")
            let refused = try await client.browse(
                .post, "/contacts", as: session,
                form: [("account_id", target.id.description), ("name", ""), ("emails", "not an email")])
            #expect(refused.status == .unprocessableContent)
            let options = PickerHTML.options(in: refused.text, select: "account_id")
            #expect(options.filter(\.isSelected).map(\.label) == ["Bulk Account 040"])
            // Searching from the form again keeps the choice offered beside the matches.
            let searched = try await client.browse(
                .post, "/contacts", as: session,
                form: [
                    ("account_id", target.id.description), ("name", "Ana Cruz"), ("pick_q_account_id", "tala"),
                    ("pick", "account_id"),
                ])
            #expect(searched.status == .ok)
            let both = PickerHTML.options(in: searched.text, select: "account_id")
            #expect(both.map(\.label) == ["Bulk Account 040", "Tala Foods"])
            #expect(both.first?.isSelected == true && searched.text.contains(#"value="Ana Cruz""#))
            let contacts = try await world.services.contacts.list(
                viewer: world.manager1.viewer, filter: ContactFilter(accountID: target.id), page: PageRequest())
            #expect(contacts.items.isEmpty)
        }
    }

    /// A search sent from an edit form shows it again with the version it was loaded with, so a change saved by
    /// someone else in between is still refused when the form is saved.
    @Test(arguments: TestEngine.available)
    func aSearchFromAnEditFormKeepsTheVersionItWasLoadedWith(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let accounts = try await Self.bulkAccounts(world, count: 30)
            var draft = DealDraft()
            draft.title = "Copiers"
            draft.accountID = world.manager1Accounts[0].id.description
            draft.expectedClose = "2026-12-20"
            let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
            _ = try await world.services.deals.update(deal.id, viewer: world.manager1.viewer, expectedVersion: 1) {
                $0.notes = "Changed by someone else"
            }
            let session = try await client.login("manager1@test.ph")
            let form: [(String, String)] = [
                ("version", "1"), ("title", "Copiers for the 30th"), ("expected_close", "2026-12-20"),
                ("account_id", accounts[29].id.description),
            ]
            let searched = try await client.browse(
                .post, "/deals/\(deal.id)", as: session,
                form: form + [("pick_q_account_id", "bulk account 03"), ("pick", "account_id")])
            #expect(searched.status == .ok)
            #expect(searched.text.contains(#"name="version" value="1""#))
            #expect(PickerHTML.options(in: searched.text, select: "account_id").map(\.label) == ["Bulk Account 030"])
            let saved = try await client.browse(.post, "/deals/\(deal.id)", as: session, form: form)
            #expect(saved.status == .preconditionFailed)
            let stored = try await world.services.deals.deal(deal.id, viewer: world.manager1.viewer)
            #expect(stored.fields.title == "Copiers" && stored.version == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func theLineEditorFindsAProductBeyondThePageAndAddsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var products: [Product] = []
            for number in 1...30 {
                var draft = ProductDraft()
                draft.code = String(format: "SKU-%03d", number)
                draft.name = String(format: "Toner %03d", number)
                draft.unit = "pc"
                draft.unitPrice = "100.00"
                draft.taxCategory = "vatable"
                products.append(try await world.services.products.create(draft, viewer: world.admin.viewer))
            }
            var deal = DealDraft()
            deal.title = "Toner supply"
            deal.accountID = world.manager1Accounts[0].id.description
            deal.expectedClose = "2026-12-20"
            let created = try await world.services.deals.create(deal, viewer: world.manager1.viewer)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/deals/\(created.id)", as: session)
            #expect(PickerHTML.options(in: page.text, select: "product_id").count == RecordPicker.pageSize)
            #expect(!page.text.contains("Toner 030"))

            let found = try await client.browse(
                .post, "/deals/\(created.id)/lines", as: session,
                form: [
                    ("version", "\(created.version)"), ("quantity", "3"), ("pick_q_product_id", "sku-030"),
                    ("pick", "product_id"),
                ])
            #expect(found.status == .ok)
            let offered = PickerHTML.options(in: found.text, select: "product_id")
            #expect(offered.map(\.id) == [products[29].id.description])
            #expect(found.text.contains(#"name="quantity" value="3""#))
            #expect(try await world.services.deals.deal(created.id, viewer: world.manager1.viewer).fields.lines.isEmpty)

            let added = try await client.browse(
                .post, "/deals/\(created.id)/lines", as: session,
                form: [
                    ("version", "\(created.version)"), ("quantity", "3"), ("product_id", products[29].id.description),
                ])
            #expect(added.status == .seeOther)
            let lines = try await world.services.deals.deal(created.id, viewer: world.manager1.viewer).fields.lines
            #expect(lines.map(\.line.description) == ["Toner 030"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aManagersPickerNeverOffersAnotherManagersAccounts(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await Self.bulkAccounts(world, count: 30)
            let hidden = world.manager1Accounts[1]
            let session = try await client.login("manager2@test.ph")
            let new = try await client.browse(.get, "/deals/new", as: session)
            #expect(
                PickerHTML.options(in: new.text, select: "account_id").map(\.label) == [
                    "Dagat Logistics", "Perlas Pharmacy",
                ])
            #expect(PickerHTML.moreValue(in: new.text, field: "account_id") == nil)
            let searched = try await client.browse(
                .post, "/deals", as: session,
                form: [("title", "Anything"), ("pick_q_account_id", "bulk"), ("pick", "account_id")])
            #expect(PickerHTML.options(in: searched.text, select: "account_id").isEmpty)
            #expect(!searched.text.contains("Bulk Account"))
            // A hidden account's ID in the address or the form is neither named nor offered.
            let linked = try await client.browse(.get, "/deals/new?account_id=\(hidden.id)", as: session)
            #expect(!linked.text.contains("Bituin Hardware"))
            #expect(
                PickerHTML.options(in: linked.text, select: "account_id").map(\.label) == [
                    "Dagat Logistics", "Perlas Pharmacy",
                ])
            let contact = try await client.browse(
                .post, "/contacts", as: session,
                form: [("account_id", hidden.id.description), ("name", "Sneaky"), ("pick", "account_id")])
            #expect(!contact.text.contains("Bituin Hardware"))
            let imports = try await client.browse(.get, "/imports?pick_q_account_id=bulk&pick=account_id", as: session)
            #expect(PickerHTML.options(in: imports.text, select: "account_id").isEmpty)
            for form in ["/invoices/new", "/contracts/new", "/meetings/new"] {
                let page = try await client.browse(.get, form, as: session)
                #expect(
                    PickerHTML.options(in: page.text, select: "account_id").map(\.label) == [
                        "Dagat Logistics", "Perlas Pharmacy",
                    ], "\(form)")
            }
            // The contract's signatory picker, with no account chosen, offers only manager2's contacts ("ex" starts
            // a word of both contacts' emails, …@example.ph: Maria Santos matches too but is manager1's).
            let contract = try await client.browse(
                .post, "/contracts", as: session,
                form: [("title", "Anything"), ("pick_q_signatory_contact_id", "ex"), ("pick", "signatory_contact_id")])
            #expect(
                PickerHTML.options(in: contract.text, select: "signatory_contact_id").map(\.label) == [
                    "Jose Reyes — Dagat Logistics"
                ])
        }
    }

    /// Converting a lead starts with the accounts named like its company and can reach any account by search.
    @Test(arguments: TestEngine.available)
    func aLeadConvertsIntoAnAccountFoundByThePickersSearch(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let accounts = try await Self.bulkAccounts(world, count: 30)
            var draft = LeadDraft()
            draft.personName = "Nora Bautista"
            draft.companyName = "Tala Foods"
            draft.source = LeadSource.walkIn.rawValue
            draft.ownerID = world.manager1.id.description
            let lead = try await world.services.leads.create(
                draft, viewer: world.manager1.viewer, companyID: world.company.id
            ).lead
            _ = try await world.services.leads.setStatus(
                .qualified, reason: nil, of: lead.id, viewer: world.manager1.viewer, expectedVersion: nil)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/leads/\(lead.id)", as: session)
            #expect(PickerHTML.options(in: page.text, select: "account_id").map(\.label) == ["Tala Foods"])
            let found = try await client.browse(
                .post, "/leads/\(lead.id)/convert", as: session,
                form: [
                    ("account_id", ""), ("deal_title", "Ovens"), ("pick_q_account_id", "account 030"),
                    ("pick", "account_id"),
                ])
            #expect(found.status == .ok)
            #expect(PickerHTML.options(in: found.text, select: "account_id").map(\.label) == ["Bulk Account 030"])
            #expect(found.text.contains(#"name="deal_title" value="Ovens""#))
            #expect(try await world.services.leads.lead(lead.id, viewer: world.manager1.viewer).status == .qualified)
            let converted = try await client.browse(
                .post, "/leads/\(lead.id)/convert", as: session,
                form: [("account_id", accounts[29].id.description), ("deal_title", "Ovens")])
            #expect(converted.status == .seeOther)
            #expect(converted.headers[.location] == Paths.account(accounts[29].id))
        }
    }

    @Test(arguments: TestEngine.available)
    func theAccountPageLinksToAllItsContactsWhenItShowsOnlyTheFirst(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let account = world.manager1Accounts[1]
            for number in 1...(PageRequest.defaultLimit + 1) {
                var draft = ContactDraft()
                draft.accountID = account.id.description
                draft.name = String(format: "Staff %02d", number)
                _ = try await world.services.contacts.create(draft, viewer: world.manager1.viewer)
            }
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/accounts/\(account.id)", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Staff 50") && !page.text.contains("Staff 51"))
            #expect(page.text.contains("/contacts?account_id=\(account.id)&amp;status=all"))
            #expect(page.text.contains(#"id="call-contact-hint""#))
            let all = try await client.browse(.get, "/contacts?account_id=\(account.id)&status=all", as: session)
            #expect(all.text.contains("Staff 01") && all.text.contains("Next page"))
            // An account whose contacts all fit says nothing more.
            let small = try await client.browse(.get, "/accounts/\(world.manager1Accounts[0].id)", as: session)
            #expect(!small.text.contains("status=all") && !small.text.contains("call-contact-hint"))
        }
    }
}

/// Reads pickers out of rendered pages.
enum PickerHTML {
    struct Option: Equatable {
        var id: String
        var label: String
        var isSelected: Bool
    }

    /// The non-empty options of the select with this id, in page order.
    static func options(in html: String, select id: String) -> [Option] {
        if let start = html.range(of: "<select id=\"\(id)\""),
            let end = html.range(of: "</select>", range: start.upperBound..<html.endIndex)
        {
            let body = String(html[start.upperBound..<end.lowerBound])
            return body.matches(of: #/<option value="([^"]+)"( selected)?>([^<]*)</option>/#).map {
                Option(id: String($0.1), label: decode(String($0.3)), isSelected: $0.2 != nil)
            }
        }
        return []
    }

    /// The value of the picker's "more matches" button, if it has one.
    static func moreValue(in html: String, field: String) -> String? {
        let pattern = try? Regex(#"name="pick" value="(\#(field):[^"]+)""#, as: (Substring, Substring).self)
        return pattern.flatMap { html.firstMatch(of: $0) }.map { decode(String($0.1)) }
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
    }
}
