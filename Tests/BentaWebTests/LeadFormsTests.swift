import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct LeadFormsTests {
    @Test(arguments: TestEngine.available)
    func aWebFormTurnsVisitorsIntoRoutedLeadsAndKeepsBotsOut(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let made = try await client.browse(
                .post, "/settings/forms", as: admin,
                form: [
                    ("name", "Contact us"), ("fields", "person_name"), ("fields", "email"), ("fields", "phone"),
                    ("fields", "interest"), ("required", "person_name"), ("thank_you", "Salamat! We will call you."),
                ])
            #expect(made.status == .seeOther)
            let form = try #require(try await world.services.leadForms.forms(viewer: world.admin.viewer).first)
            let page = try await client.execute(uri: "/forms/lead/\(form.key)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"website_url\""))
            func post(
                _ body: String, ip: String = "203.0.113.5", origin: String = "https://www.bituin.ph"
            ) async throws
                -> TestResponse
            {
                try await client.execute(
                    uri: "/forms/lead/\(form.key)", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .origin: origin],
                    body: ByteBuffer(string: body))
            }
            let missing = try await post("person_name=&email=")
            #expect(missing.status == .unprocessableContent)
            let thanks = try await post("person_name=Ana+Cruz&email=ana%40example.ph&interest=20+laptops")
            #expect(thanks.status == .ok)
            #expect(thanks.text.contains("Salamat! We will call you."))
            let leads = try await world.services.leads.list(
                viewer: world.head.viewer, filter: LeadFilter(source: .webForm), page: PageRequest())
            #expect(leads.items.map(\.displayName) == ["Ana Cruz"])
            #expect([world.manager1.id, world.manager2.id, world.manager3.id].contains(leads.items[0].fields.ownerID))
            // A bot fills the honeypot: thanked, but nothing is stored.
            let bot = try await post("person_name=Bot&email=bot%40spam.example&website_url=http%3A%2F%2Fspam")
            #expect(bot.status == .ok)
            #expect(
                try await world.services.leads.list(
                    viewer: world.head.viewer, filter: LeadFilter(source: .webForm), page: PageRequest()
                ).items.count == 1)
            // The same address is slowed down after a few submissions.
            var last = thanks
            for index in 0..<6 { last = try await post("person_name=Flood\(index)&email=f\(index)%40x.ph") }
            #expect(last.status == .tooManyRequests)
            #expect(last.headers[.retryAfter] != nil)
            // Unknown or switched-off forms are not found.
            #expect(try await client.execute(uri: "/forms/lead/nope", method: .get).status == .notFound)
            _ = try await client.browse(.post, "/settings/forms/\(form.id)/active", as: admin, form: [("active", "0")])
            #expect(try await client.execute(uri: "/forms/lead/\(form.key)", method: .get).status == .notFound)
        }
    }
}
