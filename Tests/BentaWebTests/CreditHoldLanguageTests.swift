import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 14/15: refusing an invoice or a won deal on credit hold reads `error_credit_hold` in the reader's language,
/// with the date and the reason; the dunning ladder's reason reads in that language too, a reason a person typed
/// stays as typed. The API keeps its English `detail`.
@Suite(.timeLimit(.minutes(20))) struct CreditHoldLanguageTests {
    @Test(arguments: TestEngine.available)
    func aHandPlacedHoldsRefusalReadsInTheReadersLanguage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let invoice = try await CreditHoldWebTests.draftInvoice(world, account: tala)
            let held = try await client.api(
                .post, "/api/v1/accounts/\(tala.id)/credit-hold", token: try await world.token(world.head),
                json: #"{"reason": "Tatlong invoice na huli"}"#)
            #expect(held.status == .created)
            let since = world.company.settings.today(at: world.clock.now).iso8601String
            let session = try await client.login("manager1@test.ph")
            let issue = "/invoices/\(invoice.id)/issue"

            let english = try await client.browse(.post, issue, as: session, form: [("version", "1")])
            #expect(english.status == .conflict)
            #expect(
                english.text.contains("The customer is on credit hold since \(since) (Tatlong invoice na huli)."))

            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let filipino = try await client.browse(.post, issue, as: session, form: [("version", "1")])
            #expect(filipino.status == .conflict)
            #expect(
                filipino.text.contains("Naka-credit hold ang customer mula \(since) (Tatlong invoice na huli)."),
                "\(filipino.text)")
            #expect(!filipino.text.contains("The customer is on credit hold"))

            // Winning a deal of the account from the board: the error page in Filipino too.
            let (made, won) = try await CreditHoldWebTests.dealToWin(world, account: tala)
            let board = try await client.browse(
                .post, "/deals/\(made.id)/stage", as: session, form: [("stage_id", won.description)])
            #expect(board.status == .conflict)
            #expect(board.text.contains("Naka-credit hold ang customer mula \(since) (Tatlong invoice na huli)."))
            #expect(try await world.services.deals.deal(made.id, viewer: world.manager1.viewer).status == .open)
            let still = try await world.services.invoices.invoice(invoice.id, viewer: world.manager1.viewer)
            #expect(still.status == .draft && still.number == nil)

            // The API answers the same refusal in English, whatever the user's language.
            let api = try await client.api(
                .post, "/api/v1/invoices/\(invoice.id)/issue", token: try await world.token(world.manager1),
                json: #"{"version": 1}"#)
            #expect(api.status == .conflict)
            #expect(
                (try api.json()["detail"] as? String)?.hasPrefix("The customer is on credit hold since \(since)")
                    == true)
        }
    }

    /// The dunning ladder's hold: its reason is a message key, so the whole sentence reads in Filipino.
    @Test(arguments: TestEngine.available)
    func theDunningLaddersReasonReadsInTheReadersLanguageToo(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            let dunned = try await ReaderLanguageTests.invoiceDunnedForSeventyDays(world)
            let hold = try #require(
                try await world.services.creditHolds.state(accountID: tala.id, viewer: world.head.viewer).hold)
            #expect(hold.systemText?.key == "credit_hold_dunning")
            let number = try #require(dunned.number)
            let invoice = try await CreditHoldWebTests.tonerInvoice(world, account: tala)
            let session = try await client.login("manager1@test.ph")
            let issue = "/invoices/\(invoice.id)/issue"
            let since = hold.placedOn.iso8601String

            let english = try await client.browse(.post, issue, as: session, form: [("version", "1")])
            #expect(english.status == .conflict)
            #expect(english.text.contains("The customer is on credit hold since \(since) (Dunning: invoice \(number)"))

            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let filipino = try await client.browse(.post, issue, as: session, form: [("version", "1")])
            #expect(filipino.status == .conflict)
            #expect(
                filipino.text.contains("Naka-credit hold ang customer mula \(since) (Paniningil: invoice \(number),"),
                "\(filipino.text)")
            #expect(!filipino.text.contains("Dunning: invoice"))
        }
    }

    /// Every language has the key, with both arguments.
    @Test func theMessageKeyIsInEveryLanguage() throws {
        let translations = try Translations.bundled()
        for language in LanguageCode.allCases {
            let text = try #require(translations.table(language)["error_credit_hold"], "\(language)")
            #expect(text.contains("{since}") && text.contains("{reason}"), "\(language)")
        }
    }
}
