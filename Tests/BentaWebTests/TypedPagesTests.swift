import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The pages rendered from typed models (issue 9) that other suites do not open: each answers its page, not the
/// 500 the template check gives when the template reads a name its model lacks.
@Suite(.timeLimit(.minutes(20))) struct TypedPagesTests {
    @Test(arguments: TestEngine.available)
    func theContactAndMeetingPagesRenderFromTheirModels(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let tala = world.manager1Accounts[0]

            // The contact page: its details, the shared record panels, its history.
            let maria = try await client.browse(.get, "/contacts/\(world.manager1Contact.id)", as: session)
            #expect(maria.status == .ok)
            #expect(maria.text.contains(#"<a href="/accounts/\#(tala.id)">Tala Foods</a>"#))
            #expect(maria.text.contains(#"name="contact_id" value="\#(world.manager1Contact.id)""#))
            #expect(maria.text.contains("Contact created"))

            // A new contact from the account page starts with the account chosen in its picker.
            let new = try await client.browse(.get, "/contacts/new?account_id=\(tala.id)", as: session)
            #expect(new.status == .ok)
            #expect(new.text.contains(#"<option value="\#(tala.id)" selected>Tala Foods</option>"#))

            // The account filter is kept as a hidden field only when there is one.
            let filtered = try await client.browse(.get, "/contacts?account_id=\(tala.id)", as: session)
            #expect(filtered.status == .ok)
            #expect(filtered.text.contains(#"<input type="hidden" name="account_id" value="\#(tala.id)">"#))
            #expect(filtered.text.contains("Maria Santos"))
            let all = try await client.browse(.get, "/contacts", as: session)
            #expect(all.status == .ok)
            #expect(!all.text.contains(#"name="account_id""#))

            // A meeting planned with the account's contact shows in the list and in its own form.
            let planned = try await client.browse(
                .post, "/meetings", as: session,
                form: [
                    ("title", "Tasting session"), ("starts_at", "2026-12-04T09:00"), ("duration_minutes", "30"),
                    ("account_id", tala.id.description), ("contact_ids", world.manager1Contact.id.description),
                ])
            #expect(planned.status == .seeOther)
            let list = try await client.browse(.get, "/meetings", as: session)
            #expect(list.status == .ok)
            #expect(list.text.contains("Tasting session"))
            let meeting = try await client.browse(.get, try #require(planned.headers[.location]), as: session)
            #expect(meeting.status == .ok)
            #expect(meeting.text.contains(#"value="Tasting session""#))
            #expect(meeting.text.contains(#"value="\#(world.manager1Contact.id)" checked"#))
        }
    }

    @Test(arguments: TestEngine.available)
    func quickFormProblemsSearchAndErrorsRenderFromTheirModels(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let page = "/accounts/\(world.manager1Accounts[0].id)"

            // A task without a title is explained on its own page, with the way back to the record.
            let problem = try await client.browse(
                .post, "/tasks", as: session,
                form: [
                    ("title", ""), ("due_date", "2026-12-01"), ("account_id", world.manager1Accounts[0].id.description),
                    ("return_to", page),
                ])
            #expect(problem.status == .unprocessableContent)
            #expect(problem.text.contains(#"href="\#(page)""#))

            let search = try await client.browse(.get, "/search?q=Tala", as: session)
            #expect(search.status == .ok)
            #expect(search.text.contains(#"<a href="\#(page)">Tala Foods</a>"#))

            // A record that is not there: the error page with the request's id, not the template check's 500.
            let missing = try await client.browse(.get, "/contacts/\(UUID())", as: session)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(missing.text.contains("<code>"))

            let login = try await client.execute(uri: "/login?next=/my-day", method: .get)
            #expect(login.status == .ok)
            #expect(login.text.contains(#"name="next" value="/my-day""#))
        }
    }
}
