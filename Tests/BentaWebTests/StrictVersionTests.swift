import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 15: a month's plan, a commission plan and a deal's credit split take a version like every other update.
/// Without one the answer is 400 `version_required` and nothing changes; only the first save of a plan (the month,
/// or the manager or default, has none yet) may leave it out. A caller the route refuses is refused (403) first.
@Suite(.timeLimit(.minutes(20))) struct StrictVersionTests {
    static let planBody = """
        {"cost_lines": [{"kind": "rent", "label": "Office rent", "amount": "500000", "is_recurring_monthly": true}],
         "target_profit": "300000", "gross_margin": 30, "split_method": "amounts",
         "amounts": [{"manager_id": "<m1>", "amount": "2000000"}], "reason": "<reason>"
        """

    static func plan(_ world: TestWorld, reason: String, version: Int64? = nil) -> String {
        planBody.replacingOccurrences(of: "<m1>", with: world.manager1.id.description)
            .replacingOccurrences(of: "<reason>", with: reason) + (version.map { #", "version": \#($0)}"# } ?? "}")
    }

    /// Sends `body` and expects `status`; when it is a refusal, not one row changed.
    static func send(
        _ method: HTTPRequest.Method, _ path: String, token: String, json: String, expect status: HTTPResponse.Status,
        code: String? = nil, world: TestWorld, client: some TestClientProtocol
    ) async throws {
        let before = try await DatabaseFingerprint.read(world.services.database)
        let answer = try await client.api(method, path, token: token, json: json)
        #expect(answer.status == status, "\(method) \(path): \(answer.text.prefix(300))")
        if let code { #expect(try answer.json()["code"] as? String == code, "\(answer.text.prefix(300))") }
        if !(200..<300).contains(status.code) {
            let changed = try await DatabaseFingerprint.read(world.services.database).changes(since: before)
            #expect(changed == [], "\(method) \(path) changed \(changed)")
        }
    }

    @Test(arguments: TestEngine.available)
    func aMonthsPlanNeedsTheVersionOnceItExists(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let accountant = try await world.token(world.accountant)
            let path = "/api/v1/plans/2027-02"
            func send(_ token: String, _ json: String, _ status: HTTPResponse.Status, code: String? = nil) async throws
            {
                try await Self.send(
                    .put, path, token: token, json: json, expect: status, code: code, world: world, client: client)
            }
            // The first plan of the month: nothing to name yet.
            try await send(head, Self.plan(world, reason: "First"), .ok)
            try await send(head, Self.plan(world, reason: "No version"), .badRequest, code: "version_required")
            try await send(accountant, Self.plan(world, reason: "Not mine"), .forbidden, code: "forbidden")
            try await send(head, Self.plan(world, reason: "Stale", version: 0), .preconditionFailed)
            try await send(head, Self.plan(world, reason: "Second", version: 1), .ok)
            let answer = try await client.api(
                .put, path, token: head, json: Self.plan(world, reason: "Third"), headers: [.ifMatch: "\"2\""])
            #expect(answer.status == .ok && answer.headers[.eTag] == "\"3\"")
            let versions = try await world.services.plans.versions(
                month: try #require(PlanMonth(parsing: "2027-02")), viewer: world.head.viewer)
            #expect(versions.map(\.version.reason) == ["Third", "Second", "First"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aCommissionPlanNeedsTheVersionOnceItExists(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let path = "/api/v1/commission/plans/\(world.manager2.id)"
            func body(_ rate: Int, version: Int64? = nil) -> String {
                #"{"structure": "flat", "rate_percent": "\#(rate)", "effective_from": "2027-01", "reason": "r\#(rate)""#
                    + (version.map { #", "version": \#($0)}"# } ?? "}")
            }
            func send(_ token: String, _ json: String, _ status: HTTPResponse.Status, code: String? = nil) async throws
            {
                try await Self.send(
                    .put, path, token: token, json: json, expect: status, code: code, world: world, client: client)
            }
            try await send(head, body(3), .ok)
            try await send(head, body(4), .badRequest, code: "version_required")
            try await send(manager, body(5), .forbidden)
            try await send(head, body(6, version: 0), .preconditionFailed, code: "stale_version")
            try await send(head, body(7, version: 1), .ok)
            let read = try await client.api(.get, path, token: head)
            #expect(read.headers[.eTag] == "\"2\"")
        }
    }

    @Test(arguments: TestEngine.available)
    func aCreditSplitAlwaysNamesItsVersion(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            var draft = DealDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.title = "Shared"
            draft.amount = "100000"
            draft.expectedClose = "2026-12-20"
            let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
            let path = "/api/v1/deals/\(deal.id)/credit-split"
            let read = try await client.api(.get, path, token: head).json()
            let version = try #require(read["version"] as? Int)
            let shares = """
                "shares": [{"manager_id": "\(world.manager1.id)", "percent": 50},
                 {"manager_id": "\(world.manager2.id)", "percent": 50}]
                """
            func send(_ json: String, _ status: HTTPResponse.Status, code: String? = nil) async throws {
                try await Self.send(
                    .put, path, token: head, json: json, expect: status, code: code, world: world, client: client)
            }
            try await send("{\(shares)}", .badRequest, code: "version_required")
            try await send(#"{"shares": []}"#, .badRequest, code: "version_required")
            try await send("{\(shares), \"version\": \(version + 1)}", .preconditionFailed, code: "stale_version")
            try await send("{\(shares), \"version\": \(version)}", .ok)
            #expect(try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer) != nil)
        }
    }
}
