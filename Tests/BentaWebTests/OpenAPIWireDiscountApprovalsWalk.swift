import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The discount approval part of the documented walk (issue 13): a manager's quote line above the company's limit
// waits in the queue; the head reads the queue, rejects one request and approves another; the quote lists both.

extension OpenAPIWireTests {
    static func discountApprovals(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let quote = try await Self.quoteAwaitingDiscounts(world)
        let queue = try await api.call(.get, "/api/v1/discount-approvals", token: t.head, expect: .ok)
        let items = try #require(queue["data"]?.arrayValue)
        #expect(items.count == 2)
        let ids = items.compactMap { $0["id"]?.stringValue }
        try await api.call(.get, "/api/v1/discount-approvals", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/discount-approvals?status=maybe", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/discount-approvals?status=approved", token: t.head, expect: .ok)
        try await api.call(
            .post, "/api/v1/discount-approvals/\(ids[0])/reject", token: t.head, json: "{}",
            expect: .unprocessableContent)
        try await api.call(
            .post, "/api/v1/discount-approvals/\(ids[0])/approve", token: t.manager, json: "{}", expect: .forbidden)
        try await api.call(
            .post, "/api/v1/discount-approvals/\(ids[0])/reject", token: t.head,
            json: #"{"reason": "Too deep for a new customer", "version": 1}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/discount-approvals/\(ids[1])/approve", token: t.head, json: #"{"version": 1}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/discount-approvals/\(ids[1])/approve", token: t.head, json: "{}", expect: .conflict)
        let mine = try await api.call(
            .get, "/api/v1/quotes/\(quote.id)/discount-approvals", token: t.manager, expect: .ok)
        #expect(
            Set(mine["data"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []) == ["approved", "rejected"])
        try await api.call(
            .get, "/api/v1/quotes/\(UUID().uuidString.lowercased())/discount-approvals", token: t.manager,
            expect: .notFound)
        // Back to the standard duties for the walks after this one.
        try await Self.setDiscountLimit(world, nil)
    }

    /// Sets the standard duties, less `discounts_above_limit` for the manager when `limit` is given.
    static func setDiscountLimit(_ world: TestWorld, _ limit: String?) async throws {
        var draft = DutySettingsDraft(duties: [:], discountLimitPercent: limit ?? "", collectorID: "")
        for role in DutySettings.configurableRoles {
            var duties = DutySettings.standard.duties(of: role)
            if limit != nil, role == .manager { duties.remove(.discountsAboveLimit) }
            draft.duties[role] = duties.map(\.rawValue)
        }
        _ = try await world.services.companies.updateDuties(draft, expectedVersion: nil, viewer: world.admin.viewer)
    }

    /// With a 10% limit for managers, manager1's draft quote for Tala with a 20% and a 15% line: two requests.
    static func quoteAwaitingDiscounts(_ world: TestWorld) async throws -> Quote {
        try await setDiscountLimit(world, "10")
        var deal = DealDraft()
        deal.accountID = world.manager1Accounts[0].id.description
        deal.title = "Office fit-out"
        deal.amount = "50000"
        deal.expectedClose = "2026-12-20"
        let made = try await world.services.deals.create(deal, viewer: world.manager1.viewer)
        let quote = try await world.services.quotes.create(fromDeal: made.id, viewer: world.manager1.viewer)
        var draft = QuoteDraft()
        draft.lines = [("Consulting", "20"), ("Installation", "15")].map { description, percent in
            var line = LineDraft()
            line.description = description
            line.quantity = "1"
            line.unitPrice = "10000"
            line.taxCategory = "vatable"
            line.discountPercent = percent
            return line
        }
        return try await world.services.quotes.update(
            quote.id, draft: draft, viewer: world.manager1.viewer, expectedVersion: nil)
    }
}
