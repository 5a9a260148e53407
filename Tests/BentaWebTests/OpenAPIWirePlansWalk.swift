import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The plans part of the documented walk (issue 13): every plan operation answered and held against the OpenAPI
// document, refusals included. It plans January 2027 (the commission walk plans November 2026), copies it to
// February and leaves the credit basis at `invoiced`, as it found it.

extension OpenAPIWireTests {
    static func plans(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let path = "/api/v1/plans/2027-01"
        let (m1, m2, m3) = (world.manager1.id, world.manager2.id, world.manager3.id)
        let body = """
            {"cost_lines": [
                {"kind": "rent", "label": "Office rent", "amount": "500000", "is_recurring_monthly": true},
                {"kind": "salaries", "label": "Office salaries", "amount": 600000, "is_recurring_monthly": true},
                {"kind": "other", "label": "Year-end party", "amount": "100000"}],
             "target_profit": "300000", "gross_margin": 30, "split_method": "weights", "weight_scale": "percent",
             "weights": [{"manager_id": "\(m1)", "weight": 40}, {"manager_id": "\(m2)", "weight": "35"},
                {"manager_id": "\(m3)", "weight": 25}]}
            """

        try await api.call(.get, path, token: t.head, expect: .notFound)
        try await api.call(.get, "/api/v1/plans/2026-13", token: t.head, expect: .notFound)
        try await api.call(.put, path, token: t.manager, json: body, expect: .forbidden)
        let refused = try await api.call(
            .put, path, token: t.head,
            json: body.replacingOccurrences(of: #""gross_margin": 30"#, with: #""gross_margin": 0"#),
            expect: .unprocessableContent)
        #expect(refused["errors"]?.arrayValue?.first?["field"]?.stringValue == "gross_margin")
        try await api.call(
            .put, path, token: t.head, json: body.replacingOccurrences(of: "\(m3)", with: "\(world.accountant.id)"),
            expect: .unprocessableContent)
        let first = try await api.call(.put, path, token: t.head, json: body, expect: .ok)
        #expect(first["target_revenue"]?.stringValue == "5000000.00")
        #expect(first["break_even_revenue"]?.stringValue == "4000000.00")
        #expect(
            first["shares"]?.arrayValue?.map { $0["amount"]?.stringValue } == [
                "2000000.00", "1750000.00", "1250000.00",
            ])

        let byHand = """
            {"cost_lines": [{"kind": "rent", "label": "Office rent", "amount": "1200000", "is_recurring_monthly": true}],
             "target_profit": "300000", "gross_margin": "30", "split_method": "amounts",
             "amounts": [{"manager_id": "\(m1)", "amount": "2500000"}, {"manager_id": "\(m2)", "amount": 2000000}]
            """
        // The month has a plan now: a save names the version it read (400 `version_required` without one).
        let unnamed = try await api.call(
            .put, path, token: t.admin, json: byHand + #", "reason": "No version"}"#, expect: .badRequest)
        #expect(unnamed["code"]?.stringValue == "version_required")
        try await api.call(
            .put, path, token: t.admin, json: byHand + #", "version": 1}"#, expect: .unprocessableContent)
        let second = try await api.call(
            .put, path, token: t.admin,
            json: byHand + #", "version": 1, "reason": "Manager 3 moved to key accounts"}"#, expect: .ok)
        #expect(second["version"] == .integer(2))
        #expect(second["split_difference"]?.stringValue == "500000.00")
        let asOf = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_900_000_000))
        try await api.call(.get, path + "?as_of=" + asOf, token: t.head, expect: .ok)
        try await api.call(.get, path + "?as_of=yesterday", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, path, token: t.manager, expect: .forbidden)
        let current = try await api.call(.get, path, token: t.head, expect: .ok)
        #expect(current["version"] == .integer(2))
        let versions = try await api.call(.get, path + "/versions", token: t.admin, expect: .ok)
        #expect(versions["data"]?.arrayValue?.map { $0["version"] } == [.integer(2), .integer(1)])

        try await api.call(.post, path + "/copy-forward", token: t.manager, expect: .forbidden)
        try await api.call(.post, "/api/v1/plans/2030-01/copy-forward", token: t.head, expect: .notFound)
        let february = try await api.call(.post, path + "/copy-forward", token: t.head, expect: .created)
        #expect(february["month"]?.stringValue == "2027-02")

        let report = try await api.call(.get, path + "/attainment", token: t.head, expect: .ok)
        #expect(report["rows"]?.arrayValue?.count == 3)
        let own = try await api.call(.get, path + "/attainment", token: t.manager, expect: .ok)
        #expect(own["rows"]?.arrayValue?.map { $0["manager_id"]?.stringValue } == [m1.description])
        try await api.call(.get, "/api/v1/plans/2031-05/attainment", token: t.head, expect: .ok)
        #expect(report["teams"]?.arrayValue?.first?["team_name"]?.stringValue == "North")
        #expect(own["teams"]?.arrayValue?.isEmpty == true)
        let asOfReport = try await api.call(.get, path + "/attainment?as_of=2027-01-15", token: t.head, expect: .ok)
        #expect(asOfReport["as_of"]?.stringValue == "2027-01-15")
        try await api.call(.get, path + "/attainment?as_of=15.01.2027", token: t.head, expect: .unprocessableContent)
        let credits = try await api.call(.get, path + "/credits/\(m1)", token: t.manager, expect: .ok)
        #expect(credits["manager_id"]?.stringValue == m1.description && credits["data"]?.arrayValue != nil)
        try await api.call(.get, path + "/credits/\(m1)?as_of=2027-01-15", token: t.head, expect: .ok)
        try await api.call(.get, path + "/credits/\(m1)?as_of=soon", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, path + "/credits/not-a-user", token: t.head, expect: .notFound)
        try await api.call(.get, path + "/leaderboard?as_of=2027-01-15", token: t.manager, expect: .ok)
        try await api.call(.get, path + "/leaderboard?as_of=soon", token: t.head, expect: .unprocessableContent)

        let basis = "/api/v1/settings/credit-basis"
        try await api.call(.get, basis, token: t.manager, expect: .ok)
        try await api.call(
            .put, basis, token: t.manager, json: #"{"credit_basis": "collected", "version": 0}"#, expect: .forbidden)
        try await api.call(
            .put, basis, token: t.head, json: #"{"credit_basis": "sold", "version": 0}"#,
            expect: .unprocessableContent)
        try await api.call(
            .put, basis, token: t.head, json: #"{"credit_basis": "collected", "version": 0}"#, expect: .ok)
        try await api.call(
            .put, basis, token: t.head, json: #"{"credit_basis": "booked", "version": 0}"#,
            expect: .preconditionFailed)
        try await api.call(
            .put, basis, token: t.admin, json: #"{"credit_basis": "invoiced"}"#, headers: [.ifMatch: "\"1\""],
            expect: .ok)
        try await creditSplit(api, world, t)
        try await quotaTypes(api, world, t)
    }

    /// A deal's credit split: read, refused (a manager, percentages off 100, the accountant), set 60/40 and removed.
    static func creditSplit(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        var draft = DealDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.title = "Shared walk deal"
        draft.amount = "1000000"
        draft.expectedClose = "2026-12-15"
        let deal = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
        let path = "/api/v1/deals/\(deal.id)/credit-split"
        let (m1, m2) = (world.manager1.id, world.manager2.id)
        let none = try await api.call(.get, path, token: t.manager, expect: .ok)
        #expect(none["shares"]?.arrayValue?.isEmpty == true)
        let unknown = "/api/v1/deals/\(UUID().uuidString.lowercased())/credit-split"
        try await api.call(.get, unknown, token: t.head, expect: .notFound)
        guard case .integer(let version)? = none["version"] else { throw TestSetupError("no version in \(none)") }
        let shares = """
            "shares": [{"manager_id": "\(m1)", "percent": 60}, {"manager_id": "\(m2)", "percent": "40"}]
            """
        let body = "{\(shares), \"version\": \(version)}"
        // Every save names the version read: 400 `version_required` without one, nothing changed.
        let unnamed = try await api.call(.put, path, token: t.head, json: "{\(shares)}", expect: .badRequest)
        #expect(unnamed["code"]?.stringValue == "version_required")
        try await api.call(.put, path, token: t.manager, json: body, expect: .forbidden)
        try await api.call(
            .put, path, token: t.head, json: body.replacingOccurrences(of: "\"40\"", with: "\"30\""),
            expect: .unprocessableContent)
        try await api.call(
            .put, path, token: t.head, json: body.replacingOccurrences(of: "\(m2)", with: "\(world.accountant.id)"),
            expect: .unprocessableContent)
        let saved = try await api.call(.put, path, token: t.head, json: body, expect: .ok)
        #expect(saved["shares"]?.arrayValue?.map { $0["percent"]?.stringValue } == ["60", "40"])
        let read = try await api.call(.get, path, token: t.manager, expect: .ok)
        #expect(read["deal_id"]?.stringValue == deal.id.description)
        try await api.call(
            .put, path, token: t.admin, json: #"{"shares": [], "version": \#(version + 1)}"#, expect: .ok)
    }
}
