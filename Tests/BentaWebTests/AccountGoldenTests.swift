import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The account page compared whole with `Fixtures/Golden/account_detail.html` (issue 9): the fixed ``TestWorld``'s
/// "Tala Foods" at its fixed clock, with a logged call, the task it left, a meeting, a note and a likely duplicate,
/// so every card of the page (details, contacts, merge box, the shared record panels, history) is in the file.
/// `BENTA_UPDATE_GOLDEN=1` rewrites the file instead of comparing (``Golden``).
@Suite(.timeLimit(.minutes(20))) struct AccountGoldenTests {
    @Test(arguments: TestEngine.available)
    func theAccountPageRendersAsKept(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            var twin = AccountDraft()
            twin.name = "Tala Foods Trading"
            twin.tin = "111222333"
            twin.phones = ["0917 111 0001"]
            _ = try await world.services.accounts.create(twin, viewer: world.manager1.viewer)
            let manager = try await client.login("manager1@test.ph")
            let page = "/accounts/\(tala.id)"
            let call = try await client.browse(
                .post, "/activities", as: manager,
                form: [
                    ("kind", "call"), ("direction", "outbound"), ("account_id", tala.id.description),
                    ("phone", "0917 111 0001"), ("contact_id", world.manager1Contact.id.description),
                    ("outcome", "reached"), ("duration_minutes", "6"), ("body", "Wants a quote for 20 printers"),
                    ("next_step", "Send the quote"), ("next_step_due", "2026-12-03T10:00"), ("return_to", page),
                ])
            #expect(call.status == .seeOther)
            let note = try await client.browse(
                .post, "/activities", as: manager,
                form: [
                    ("kind", "note"), ("account_id", tala.id.description), ("subject", "Delivery <b>dock</b>"),
                    ("body", "Use the side gate & ring twice"), ("return_to", page),
                ])
            #expect(note.status == .seeOther)
            let meeting = try await client.browse(
                .post, "/meetings", as: manager,
                form: [
                    ("title", "Site visit"), ("starts_at", "2026-12-10T14:30"), ("duration_minutes", "45"),
                    ("place", "Tala Foods, Makati"), ("account_id", tala.id.description),
                    ("contact_ids", world.manager1Contact.id.description), ("agenda", "Walk the warehouse"),
                ])
            #expect(meeting.status == .seeOther)

            // The head sees the merge box (a manager does not); the page is otherwise the same.
            let head = try await client.login("head@test.ph")
            let shown = try await client.browse(.get, page, as: head)
            #expect(shown.status == .ok)
            #expect(shown.text.contains("Tala Foods Trading"))
            try Golden.check(shown.text, named: "account_detail.html", session: head)
        }
    }
}
