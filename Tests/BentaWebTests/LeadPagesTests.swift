import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct LeadPagesTests {
    @Test(arguments: TestEngine.available)
    func aLeadGoesFromWalkInToAccountThroughThePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/leads/new", as: session).status == .ok)
            let invalid = try await client.browse(
                .post, "/leads", as: session, form: [("phone", "12"), ("source", "walk_in")])
            #expect(invalid.status == .unprocessableContent)
            let created = try await client.browse(
                .post, "/leads", as: session,
                form: [
                    ("person_name", "Rowena Dimaculangan"), ("company_name", "Silangan Pharma"),
                    ("phone", "0919 222 3344"),
                    ("source", "walk_in"), ("interest", "POS terminals"),
                ])
            #expect(created.status == .seeOther)
            // The saved lead's page, with the success message (`?saved=1`).
            let saved = try #require(created.headers[.location])
            let leadURL = String(saved.prefix { $0 != "?" })
            #expect(saved == leadURL + "?saved=1")
            let detail = try await client.browse(.get, saved, as: session)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Rowena Dimaculangan") && detail.text.contains("Lead saved."))
            // Log a call from the lead page, with a next step.
            let logged = try await client.browse(
                .post, "/activities", as: session,
                form: [
                    ("kind", "call"), ("direction", "outbound"), ("lead_id", String(leadURL.dropFirst(7))),
                    ("outcome", "reached"), ("duration_minutes", "6"), ("body", "Wants a demo next week"),
                    ("next_step", "Send brochure"), ("next_step_due", "2026-12-03T10:00"), ("return_to", leadURL),
                ])
            #expect(logged.status == .seeOther)
            #expect(logged.headers[.location] == leadURL)
            let afterCall = try await client.browse(.get, leadURL, as: session)
            #expect(afterCall.text.contains("Wants a demo next week"))
            #expect(afterCall.text.contains("Send brochure"))
            let qualify = try await client.browse(
                .post, "\(leadURL)/status", as: session, form: [("status", "qualified")])
            #expect(qualify.status == .seeOther)
            let converted = try await client.browse(
                .post, "\(leadURL)/convert", as: session, form: [("account_name", "")])
            #expect(converted.status == .seeOther)
            let accountURL = try #require(converted.headers[.location])
            let account = try await client.browse(.get, accountURL, as: session)
            #expect(account.text.contains("Silangan Pharma"))
            #expect(account.text.contains("Wants a demo next week"))
            #expect(account.text.contains("Rowena Dimaculangan"))
            // Another manager cannot open the lead.
            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, leadURL, as: other).status == .notFound)
            let list = try await client.browse(.get, "/leads?status=all", as: other)
            #expect(!list.text.contains("Rowena"))
        }
    }

    @Test(arguments: TestEngine.available)
    func myDayShowsOverdueAndTodaysTasksMeetingsAndNewLeads(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let viewer = world.manager1.viewer
            var overdue = TaskDraft()
            overdue.title = "Overdue follow-up"
            overdue.dueAt = world.clock.now.addingTimeInterval(-2 * 86400)
            _ = try await world.services.tasks.create(overdue, viewer: viewer)
            var later = TaskDraft()
            later.title = "Next month's task"
            later.dueAt = world.clock.now.addingTimeInterval(30 * 86400)
            _ = try await world.services.tasks.create(later, viewer: viewer)
            var meeting = MeetingDraft()
            meeting.title = "Lunch with Maria"
            meeting.startsAt = world.clock.now.addingTimeInterval(60)
            meeting.contactIDs = [world.manager1Contact.id.description]
            _ = try await world.services.meetings.create(meeting, viewer: viewer)
            var lead = LeadDraft()
            lead.personName = "Fresh Lead"
            _ = try await world.services.leads.create(lead, viewer: viewer, companyID: world.company.id)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/my-day", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Overdue follow-up"))
            #expect(page.text.contains("Lunch with Maria"))
            #expect(page.text.contains("Fresh Lead"))
            #expect(!page.text.contains("Next month's task"))
            let add = try await client.browse(
                .post, "/tasks", as: session,
                form: [
                    ("title", "Call Jose"), ("due_date", "2026-01-01"), ("priority", "high"), ("return_to", "/my-day"),
                ])
            #expect(add.status == .seeOther)
            let tasks = try await world.services.tasks.list(
                viewer: viewer, filter: TaskFilter(assigneeID: world.manager1.id))
            let callJose = try #require(tasks.first { $0.title == "Call Jose" })
            #expect(callJose.isAllDay && callJose.priority == .high)
            let done = try await client.browse(
                .post, "/tasks/\(callJose.id)/complete", as: session, form: [("return_to", "/my-day")])
            #expect(done.status == .seeOther)
            #expect(try await world.services.tasks.task(callJose.id, viewer: viewer).isDone)
        }
    }

    @Test(arguments: TestEngine.available)
    func meetingsRoutingAndTheCalendarAddressHavePages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let form = try await client.browse(
                .get, "/meetings/new?account_id=\(world.manager1Accounts[0].id)", as: session)
            #expect(form.status == .ok)
            #expect(form.text.contains("Maria Santos"))
            let created = try await client.browse(
                .post, "/meetings", as: session,
                form: [
                    ("title", "Site visit"), ("starts_at", "2026-12-10T14:30"), ("duration_minutes", "45"),
                    ("place", "Tala Foods, Makati"), ("account_id", world.manager1Accounts[0].id.description),
                    ("contact_ids", world.manager1Contact.id.description), ("agenda", "Walk the warehouse"),
                ])
            #expect(created.status == .seeOther)
            let meetingURL = try #require(created.headers[.location])
            let shown = try await client.browse(.get, meetingURL, as: session)
            #expect(shown.text.contains("Site visit"))
            #expect(shown.text.contains("2026-12-10T14:30"))
            let bad = try await client.browse(
                .post, "/meetings", as: session, form: [("title", ""), ("duration_minutes", "0")])
            #expect(bad.status == .unprocessableContent)
            #expect(try await client.browse(.get, "/settings/routing", as: session).status == .forbidden)
            let admin = try await client.login("admin@test.ph")
            let added = try await client.browse(
                .post, "/settings/routing", as: admin,
                form: [("field", "industry"), ("value", "BPO"), ("assignee_id", world.manager3.id.description)])
            #expect(added.status == .seeOther)
            #expect(try await world.services.routing.rules(companyID: world.company.id).map(\.value) == ["BPO"])
            let profile = try await client.browse(.get, "/profile", as: session)
            #expect(profile.text.contains("/calendar/"))
            let regenerate = try await client.browse(.post, "/profile/calendar", as: session, form: [])
            #expect(regenerate.status == .seeOther)
        }
    }
}
