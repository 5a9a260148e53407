import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@testable import BentaWeb

/// Issue 14's last English-only texts: the timeline entry of a completed system-made task, the "Quote/Contract …
/// sent to …" entries and the dunning ladder's credit-hold reason read in the reader's language (a message key on
/// the row, `SystemText`), and rows written before the keys read as they were written.
@Suite(.timeLimit(.minutes(20))) struct TimelineLanguageTests {
    /// The account page's timeline section (so a task row with the same text elsewhere on the page does not count).
    static func timeline(of html: String) throws -> Substring {
        let start = try #require(html.range(of: "<h2 id=\"timeline-heading\">"))
        let rest = html[start.upperBound...]
        return rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    }

    /// Every entry of the account's timeline Benta wrote itself stores exactly `en.json`'s text filled, and has its
    /// key in both languages.
    static func expectStoredEnglishMatches(_ world: TestWorld, account: Account.ID) async throws -> [Activity] {
        let entries = try await world.services.database.read { db in
            try await ActivityStore(db).timeline(
                .account(account), companyID: world.company.id, limit: 100, cursor: nil)
        }.items
        let translations = try Translations.bundled()
        let english = translations.table(.english)
        for entry in entries {
            guard let text = entry.systemText else { continue }
            #expect(entry.shown(in: english).subject == entry.subject, "\(text.key)")
            #expect(entry.shown(in: english).body == entry.body ?? "", "\(text.key)")
            for language in LanguageCode.allCases {
                #expect(translations.keys(language).contains(text.key + "_title"), "\(text.key) in \(language)")
            }
        }
        return entries
    }

    /// Completing the dunning ladder's demand-letter task logs it on the timeline in each reader's language, and the
    /// hold the ladder placed gives its reason in Filipino on the Filipino account page and in English on the
    /// English one; an entry and a hold written before keys existed read as written in either language.
    @Test(arguments: TestEngine.available)
    func aCompletedSystemTaskAndTheLaddersCreditHoldReadInTheReadersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let invoice = try await ReaderLanguageTests.invoiceDunnedForSeventyDays(world)
            let number = try #require(invoice.number)
            let tasks = try await world.services.tasks.list(
                viewer: world.manager1.viewer, filter: TaskFilter(assigneeID: world.manager1.id))
            let demand = try #require(tasks.first { $0.systemText?.key == "task_dunning_demand_letter" })
            let session = try await client.login("manager1@test.ph")
            let done = try await client.browse(
                .post, Paths.completeTask(demand.id), as: session, form: [("return_to", Paths.account(tala.id))])
            #expect(done.status == .seeOther)
            // The hold: stored English is `en.json`'s reason filled, with its key.
            let due = try #require(invoice.dueDate)
            let state = try await world.services.creditHolds.state(
                accountID: tala.id, viewer: world.manager1.viewer, today: due.adding(days: 70))
            let hold = try #require(state.hold)
            let translations = try Translations.bundled()
            #expect(hold.systemText?.key == "credit_hold_dunning")
            #expect(hold.shownReason(in: translations.table(.english)) == hold.reason)
            #expect(hold.reason.hasPrefix("Dunning: invoice \(number) "))
            let entries = try await Self.expectStoredEnglishMatches(world, account: tala.id)
            let completed = try #require(entries.first { $0.kind == .task })
            #expect(completed.systemText == demand.systemText && completed.subject == demand.title)

            let english = try await client.browse(.get, Paths.account(tala.id) + "?lang=en", as: session)
            #expect(english.status == .ok)
            let englishTimeline = try Self.timeline(of: english.text)
            #expect(englishTimeline.contains("Send the formal demand letter to Tala Foods for invoice \(number)"))
            #expect(englishTimeline.contains("Send the demand letter (Civil Code Art. 1169)"))
            #expect(english.text.contains(hold.reason))

            let filipino = try await client.browse(.get, Paths.account(tala.id) + "?lang=fil", as: session)
            #expect(filipino.status == .ok && filipino.text.contains("<html lang=\"fil\">"))
            let filipinoTimeline = try Self.timeline(of: filipino.text)
            #expect(
                filipinoTimeline.contains(
                    "Ipadala sa Tala Foods ang pormal na demand letter para sa invoice \(number)"))
            #expect(filipinoTimeline.contains("Ipadala ang demand letter (Civil Code Art. 1169)"))
            #expect(!filipinoTimeline.contains("Send the formal demand letter"))
            #expect(filipino.text.contains("Paniningil: invoice \(number), "))
            #expect(filipino.text.contains("araw nang huli"))
            #expect(!filipino.text.contains("Dunning: invoice"))

            // Rows written before the keys: no key, so the stored English shows in either language.
            try await world.services.database.transaction { db in
                try await ActivityStore(db).insert(
                    Activity(
                        id: world.services.clock.newID(), companyID: world.company.id, kind: .task,
                        subject: "Send the final notice for invoice OLD-1 to Tala Foods", occurredAt: world.clock.now,
                        accountID: tala.id, createdAt: world.clock.now))
                try await db.raw("UPDATE credit_holds SET system_text = NULL WHERE id = \(bind: hold.id.description)")
                    .run()
            }
            let old = try await client.browse(.get, Paths.account(tala.id) + "?lang=fil", as: session)
            #expect(try Self.timeline(of: old.text).contains("Send the final notice for invoice OLD-1 to Tala Foods"))
            #expect(old.text.contains(hold.reason))
        }
    }

    /// The renewal sweep's task reads in each reader's language on the account page, and once completed its
    /// timeline entry does too (the renewal texts were untested in Filipino).
    @Test(arguments: TestEngine.available)
    func theRenewalTaskAndItsCompletionReadInTheReadersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            // The clock's today is 2026-11-30; the contract ends in 20 days.
            let created = try await ContractsAPITests.create(
                client, world, token: token,
                body: ContractsAPITests.body(world, title: "Soon", start: "2026-01-01", end: "2026-12-20"))
            let id = try #require(created["id"] as? String)
            for step in ["send", "sign", "activate"] {
                #expect(try await client.api(.post, "/api/v1/contracts/\(id)/\(step)", token: token).status == .ok)
            }
            let number = try #require(
                try await client.api(.get, "/api/v1/contracts/\(id)", token: token).json()["number"] as? String)
            let today = try #require(CalendarDate(iso8601: "2026-11-30"))
            #expect(try await world.services.contracts.runRenewalSweep(today: today).tasksCreated == 1)
            let tasks = try await world.services.tasks.list(viewer: world.manager1.viewer, filter: TaskFilter())
            let renewal = try #require(tasks.first { $0.systemText?.key == "task_contract_renewal" })
            #expect(renewal.title == "Renew contract \(number) Soon (ends 2026-12-20)")
            let tala = world.manager1Accounts[0].id
            let session = try await client.login("manager1@test.ph")
            let english = try await client.browse(.get, Paths.account(tala) + "?lang=en", as: session)
            #expect(english.text.contains("Renew contract \(number) Soon (ends 2026-12-20)"))
            let filipino = try await client.browse(.get, Paths.account(tala) + "?lang=fil", as: session)
            let filipinoTitle = "I-renew ang kontratang \(number) Soon (magtatapos sa 2026-12-20)"
            #expect(filipino.text.contains(filipinoTitle))
            #expect(filipino.text.contains("Magtatapos ang kontrata sa 2026-12-20. Magkasundo sa renewal o amendment."))
            #expect(!filipino.text.contains("Renew contract"))

            let done = try await client.browse(
                .post, Paths.completeTask(renewal.id), as: session, form: [("return_to", Paths.account(tala))])
            #expect(done.status == .seeOther)
            _ = try await Self.expectStoredEnglishMatches(world, account: tala)
            let after = try await client.browse(.get, Paths.account(tala) + "?lang=fil", as: session)
            #expect(try Self.timeline(of: after.text).contains(filipinoTitle))
            let afterEnglish = try await client.browse(.get, Paths.account(tala) + "?lang=en", as: session)
            #expect(
                try Self.timeline(of: afterEnglish.text).contains("Renew contract \(number) Soon (ends 2026-12-20)"))
        }
    }

    /// A quote and a contract emailed from the API log "… sent to …" on the account's timeline: English on the
    /// English page, Filipino on the Filipino one (the user's saved language), from the same rows; the email's
    /// subject (the body of the entry) stays as it was sent.
    @Test(arguments: TestEngine.available)
    func quoteAndContractSentEntriesReadInTheReadersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            let dealID = try await QuotesAPITests.dealWithLines(client, world: world, token: token)
            let made = try await client.api(.post, "/api/v1/quotes", token: token, json: #"{"deal_id": "\#(dealID)"}"#)
            let quoteID = try #require(try made.json()["id"] as? String)
            let to = #"{"to": "Maria Santos <maria@example.ph>"}"#
            let quote = try await client.api(.post, "/api/v1/quotes/\(quoteID)/send", token: token, json: to)
            #expect(quote.status == .ok, "\(quote.text)")
            let quoteNumber = try #require(try quote.json()["number"] as? String)
            let contract = try await ContractsAPITests.create(client, world, token: token)
            let contractID = try #require(contract["id"] as? String)
            let sent = try await client.api(.post, "/api/v1/contracts/\(contractID)/send", token: token, json: to)
            #expect(sent.status == .ok, "\(sent.text)")
            let contractNumber = try #require(try sent.json()["number"] as? String)
            let tala = world.manager1Accounts[0].id
            let entries = try await Self.expectStoredEnglishMatches(world, account: tala)
            #expect(
                Set(entries.compactMap(\.systemText?.key)) == ["activity_quote_sent", "activity_contract_sent"])
            let recipient = "Maria Santos &lt;maria@example.ph&gt;"

            let session = try await client.login("manager1@test.ph")
            let english = try Self.timeline(of: try await client.browse(.get, Paths.account(tala), as: session).text)
            #expect(english.contains("Quote \(quoteNumber) sent to \(recipient)"))
            #expect(english.contains("Contract \(contractNumber) sent to \(recipient)"))

            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let page = try await client.browse(.get, Paths.account(tala), as: session)
            #expect(page.text.contains("<html lang=\"fil\">"))
            let filipino = try Self.timeline(of: page.text)
            #expect(filipino.contains("Naipadala ang quote \(quoteNumber) kay \(recipient)"))
            #expect(filipino.contains("Naipadala ang kontrata \(contractNumber) kay \(recipient)"))
            #expect(!filipino.contains(" sent to "))
            // The entry's body is the email's subject as it was sent.
            let subjects = entries.compactMap(\.body)
            #expect(subjects.count == 2)
            for subject in subjects { #expect(filipino.contains(subject.htmlEscaped)) }
        }
    }
}
