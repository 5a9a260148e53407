import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The dunning ladder and runs over HTTP (issue 12): the standard ladder at version 0, a head's save at the version
/// read, an unsound ladder refused as problem+json with its field errors and nothing changed, a manager refused, and
/// a run on demand that takes a step once and shows it on the invoice.
@Suite(.timeLimit(.minutes(20))) struct DunningAPITests {
    static let ladder = """
        {"version": 0, "steps": [
          {"level": 0, "days_from_due": 2, "action": "reminder", "channel": "email", "grace_days": 5},
          {"level": 1, "days_from_due": 20, "action": "call", "channel": "phone", "grace_days": 5},
          {"level": 2, "days_from_due": 40, "action": "credit_hold", "channel": "task", "grace_days": 0,
           "escalates_to_head": true}]}
        """

    @Test(arguments: TestEngine.available)
    func policyIsSavedByTheHeadAndAnUnsoundOneIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let standard = try await client.api(.get, "/api/v1/dunning/policy", token: manager)
            #expect(standard.status == .ok)
            #expect(try standard.json()["version"] as? Int == 0)
            #expect((try standard.json()["steps"] as? [Any])?.count == 6)

            let refused = try await client.api(.put, "/api/v1/dunning/policy", token: manager, json: Self.ladder)
            #expect(refused.status == .forbidden)

            let bad = try await client.api(
                .put, "/api/v1/dunning/policy", token: head,
                json: """
                    {"version": 0, "steps": [
                      {"level": 0, "days_from_due": 10, "action": "reminder", "channel": "email", "grace_days": 3},
                      {"level": 0, "days_from_due": 5, "action": "call", "channel": "phone", "grace_days": 120}]}
                    """)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let fields = Set(
                ((try bad.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["steps[1].level", "steps[1].days_from_due", "steps[1].grace_days"])
            let unknown = try await client.api(
                .put, "/api/v1/dunning/policy", token: head,
                json:
                    #"{"version": 0, "steps": [{"level": 0, "days_from_due": 1, "action": "sue", "channel": "email", "grace_days": 1}]}"#
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(try await world.services.dunning.policy(viewer: world.head.viewer).version == 0)

            let saved = try await client.api(.put, "/api/v1/dunning/policy", token: head, json: Self.ladder)
            #expect(saved.status == .ok)
            #expect(saved.headers[.eTag] == "\"1\"")
            let policy = try await world.services.dunning.policy(viewer: world.head.viewer)
            #expect(policy.version == 1 && policy.policy.steps.map(\.action) == [.reminder, .call, .creditHold])
            let stale = try await client.api(.put, "/api/v1/dunning/policy", token: head, json: Self.ladder)
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test(arguments: TestEngine.available)
    func aRunTakesTheStepOnceAndTheInvoiceShowsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let invoice = try await world.issuedInvoiceWithoutCountryProfile()
            let day = try #require(invoice.dueDate).adding(days: 15)
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let body = #"{"date": "\#(day.iso8601String)"}"#
            #expect(
                try await client.api(.post, "/api/v1/dunning/runs", token: manager, json: body).status == .forbidden)
            let run = try await client.api(.post, "/api/v1/dunning/runs", token: head, json: body)
            #expect(run.status == .ok)
            let summary = try run.json()
            #expect(summary["date"] as? String == day.iso8601String)
            #expect((summary["steps_taken"] as? [String: Int])?["call"] == 1)
            #expect(summary["calls_opened"] as? Int == 1)
            let again = try await client.api(.post, "/api/v1/dunning/runs", token: head, json: body)
            #expect((try again.json()["steps_taken"] as? [String: Int])?.values.reduce(0, +) == 0)
            let bad = try await client.api(.post, "/api/v1/dunning/runs", token: head, json: #"{"date": "15/01"}"#)
            #expect(bad.status == .unprocessableContent)

            let shown = try await client.api(.get, "/api/v1/invoices/\(invoice.id)/dunning", token: manager)
            #expect(shown.status == .ok)
            let steps = try #require(try shown.json()["steps"] as? [[String: Any]])
            #expect(steps.count == 1 && steps.first?["action"] as? String == "call")
            #expect(steps.first?["days_late"] as? Int == 15)
            // The invoice page's Collections card shows the step and what comes next.
            let session = try await client.login(world.manager1.email.value)
            let page = try await client.browse(.get, Paths.invoice(invoice.id), as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"collections\"") && page.text.contains("<td>Call</td>"))
            #expect(page.text.contains("Next step on"))
            let stranger = try await world.token(world.manager2)
            #expect(
                try await client.api(.get, "/api/v1/invoices/\(invoice.id)/dunning", token: stranger).status
                    == .notFound)
        }
    }
}
