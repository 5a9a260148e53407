import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 14's language items: texts Benta writes itself read in the reader's language, a new quote's default terms
/// come in its author's, and `?lang=` switches any page, not only the login page.
@Suite(.timeLimit(.minutes(20))) struct ReaderLanguageTests {
    /// An invoice of PHP 100,000 to manager1's Tala Foods (no country profile), issued, with the dunning ladder run
    /// every day from five days before its due date to 70 days after, email not set up: the ladder's tasks are made
    /// and the account is on credit hold.
    static func invoiceDunnedForSeventyDays(_ world: TestWorld) async throws -> Invoice {
        let invoice = try await world.issuedInvoiceWithoutCountryProfile()
        let due = try #require(invoice.dueDate)
        for offset in -5...70 {
            _ = try await world.services.dunning.run(companyID: world.company.id, today: due.adding(days: offset))
        }
        return invoice
    }

    /// The dunning ladder over 75 days with no email set up: the tasks it makes (the three letters to send another
    /// way, the demand letter, the head's credit-hold task) read in Filipino on a Filipino page and in English on an
    /// English one, from the same rows; the English they store is exactly `en.json`'s text filled.
    @Test(arguments: TestEngine.available)
    func theDunningRunsTasksReadInTheReadersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoiceDunnedForSeventyDays(world)
            let managerTasks = try await world.services.tasks.list(
                viewer: world.manager1.viewer, filter: TaskFilter(assigneeID: world.manager1.id))
            let headTasks = try await world.services.tasks.list(
                viewer: world.head.viewer, filter: TaskFilter(assigneeID: world.head.id))
            let system = managerTasks + headTasks
            #expect(
                Set(system.compactMap(\.systemText?.key)) == [
                    "task_dunning_unsent_courtesy_reminder", "task_dunning_unsent_reminder",
                    "task_dunning_unsent_final_notice", "task_dunning_demand_letter", "task_dunning_credit_hold",
                ])
            let translations = try Translations.bundled()
            for language in LanguageCode.allCases {
                let strings = translations.table(language)
                for task in system {
                    let text = try #require(task.systemText)
                    #expect(translations.keys(language).contains(text.key + "_title"), "\(text.key) in \(language)")
                    #expect(translations.keys(language).contains(text.key + "_notes"), "\(text.key) in \(language)")
                    let shown = task.shown(in: strings)
                    #expect(!shown.title.contains("{") && !shown.notes.contains("{"), "\(shown)")
                    if language == .english {
                        #expect(shown.title == task.title)
                        #expect(shown.notes == task.notes)
                    } else {
                        #expect(shown.title != task.title)
                    }
                }
            }
            let demand = try #require(managerTasks.first { $0.systemText?.key == "task_dunning_demand_letter" })
            let number = try #require(invoice.number)
            let session = try await client.login("manager1@test.ph")
            let english = try await client.browse(.get, Paths.account(tala.id), as: session)
            #expect(english.status == .ok && english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains(demand.title.htmlEscaped))
            #expect(english.text.contains("Send the formal demand letter to Tala Foods for invoice \(number)"))
            #expect(english.text.contains("Account Tala Foods on credit hold: invoice \(number)"))
            // The same page in Filipino: through `?lang=`, then as the user's saved language.
            let asked = try await client.browse(.get, Paths.account(tala.id) + "?lang=fil", as: session)
            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let saved = try await client.browse(.get, Paths.account(tala.id), as: session)
            for filipino in [asked, saved] {
                #expect(filipino.status == .ok && filipino.text.contains("<html lang=\"fil\">"))
                #expect(
                    filipino.text.contains(
                        "Ipadala sa Tala Foods ang pormal na demand letter para sa invoice \(number)"))
                #expect(filipino.text.contains("araw nang huli"))
                #expect(filipino.text.contains("Naka-credit hold ang account na Tala Foods: invoice \(number)"))
                #expect(!filipino.text.contains("on credit hold"))
                #expect(!filipino.text.contains("Send the formal demand letter"))
            }
        }
    }

    /// A quote drawn up by a user whose language is Filipino starts with the Filipino default terms, and its PDF
    /// prints them; an English user's starts with the English ones; terms the user types stay as typed.
    @Test(arguments: TestEngine.available)
    func aNewQuoteTakesTheDefaultTermsOfItsAuthorsLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let dealID = try await QuotesAPITests.dealWithLines(client, world: world, token: token)
            let deal = try #require(Deal.ID(string: dealID))
            let english = try await world.services.quotes.create(fromDeal: deal, viewer: world.manager1.viewer)
            #expect(english.fields.terms == QuoteService.defaultTerms(.english))
            #expect(english.fields.terms?.hasPrefix("Payment: 30 days") == true)
            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let session = try await client.login("manager1@test.ph")
            let made = try await client.browse(.post, Paths.dealQuotes(deal), as: session, form: [])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            let quote = try await client.api(.get, "/api/v1" + location, token: token).json()
            let terms = try #require(quote["terms"] as? String)
            #expect(terms == QuoteService.defaultTerms(.filipino))
            #expect(terms.hasPrefix("Bayad: 30 araw mula sa petsa ng invoice"))
            let pdf = try await client.browse(.get, location + "/quote.pdf", as: session)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            if let text = try await PDFText.extract(Array(pdf.body.readableBytesView)) {
                let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(flat.contains("Bayad: 30 araw mula sa petsa ng invoice"), "\(flat)")
                #expect(!flat.contains("Payment: 30 days"))
            }
            // Typed terms stay as typed, whatever the language.
            let version = try #require(quote["version"] as? Int)
            let typed = try await client.api(
                .patch, "/api/v1" + location, token: token, json: #"{"version": \#(version), "terms": "Net 15"}"#)
            #expect(typed.status == .ok)
            #expect(try typed.json()["terms"] as? String == "Net 15")
        }
    }

    /// `?lang=fil` on three signed-in pages: each answers in Filipino and offers to keep it, the profile stays
    /// English until the offer is taken, and taking it returns to the page and keeps Filipino from then on.
    /// Without a session, `?lang=` works on any page too and is kept in the language cookie.
    @Test(arguments: TestEngine.available)
    func theLanguageSwitchWorksOnEveryPage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let account = world.manager1Accounts[0].id
            for path in [Paths.myDay(), Paths.accounts() + "?q=Tala", Paths.account(account)] {
                let separator = path.contains("?") ? "&" : "?"
                let page = try await client.browse(.get, path + separator + "lang=fil", as: session)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("<html lang=\"fil\">"), "\(path)")
                #expect(page.text.contains("Gawing Filipino ang aking wika"), "\(path)")
                #expect(page.text.contains("name=\"next\" value=\"\(path.htmlEscaped)\""), "\(path)")
                #expect(!page.text.contains(">Log out<"), "\(path)")
                // Asking for the language already shown offers nothing.
                let same = try await client.browse(.get, path + separator + "lang=en", as: session)
                #expect(same.text.contains("<html lang=\"en\">") && !same.text.contains("language-offer"))
                let unknown = try await client.browse(.get, path + separator + "lang=xx", as: session)
                #expect(unknown.status == .ok && unknown.text.contains("<html lang=\"en\">"))
            }
            // The profile was not changed by a GET.
            let after = try await client.browse(.get, Paths.myDay(), as: session)
            #expect(after.text.contains("<html lang=\"en\">"))
            #expect(try await world.services.users.user(world.manager1.id)?.language == .english)
            // Taking the offer saves it and returns to the page it was made on.
            let taken = try await client.browse(
                .post, Paths.profileLanguage(), as: session,
                form: [("language", "fil"), ("next", Paths.account(account))])
            #expect(taken.status == .seeOther && taken.headers[.location] == Paths.account(account))
            let kept = try await client.browse(.get, Paths.accounts(), as: session)
            #expect(kept.text.contains("<html lang=\"fil\">") && !kept.text.contains("language-offer"))
            // A next that leaves Benta is not followed.
            let away = try await client.browse(
                .post, Paths.profileLanguage(), as: session, form: [("language", "en"), ("next", "//evil.example")])
            #expect(away.headers[.location] == Paths.profile())

            // Without a session: the login page and an error page, and the cookie keeps the choice.
            let login = try await client.execute(uri: "/login?lang=fil", method: .get, headers: [:], body: nil)
            #expect(login.text.contains("<html lang=\"fil\">"))
            #expect(try client.cookie(named: "benta_lang", in: login) == "fil")
            let missing = try await client.execute(uri: "/no-such-page?lang=fil", method: .get, headers: [:], body: nil)
            #expect(missing.status == .notFound && missing.text.contains("<html lang=\"fil\">"))
            let remembered = try await client.execute(
                uri: "/login", method: .get, headers: [.cookie: "benta_lang=fil"], body: nil)
            #expect(remembered.text.contains("<html lang=\"fil\">"))
        }
    }
}

extension String {
    /// The text as Mustache writes it into a page.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
