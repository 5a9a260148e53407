import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The duties part of the documented walk (issue 13): the company's duties by role, read and changed, refusals
// included, then the standard duties again for the walks after it.

extension OpenAPIWireTests {
    static func duties(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let version = try await api.call(.get, "/api/v1/settings/duties", token: t.manager, expect: .ok).version()
        try await api.call(
            .put, "/api/v1/settings/duties", token: t.manager, json: #"{"manager": []}"#, expect: .forbidden)
        // Like every update, a change names the version read (400 `version_required` without one).
        try await api.call(
            .put, "/api/v1/settings/duties", token: t.admin, json: #"{"manager": []}"#, expect: .badRequest)
        try await api.call(
            .put, "/api/v1/settings/duties", token: t.admin,
            json: #"{"manager": ["fly"], "discount_limit_percent": "101", "version": \#(version)}"#,
            expect: .unprocessableContent)
        try await api.call(
            .put, "/api/v1/settings/duties", token: t.admin, json: #"{"version": 999}"#,
            expect: .preconditionFailed)
        let changed = try await api.call(
            .put, "/api/v1/settings/duties", token: t.admin,
            json: """
                {"head": ["issue_invoices", "record_payments", "make_collection_calls", "discounts_above_limit",
                 "see_commission_estimate", "change_deals"],
                 "manager": ["issue_invoices", "make_collection_calls", "see_commission_estimate", "change_deals"],
                 "accountant": ["issue_invoices", "record_payments"],
                 "discount_limit_percent": "12.5", "collector_id": "\(world.accountant.id)", "version": \(version)}
                """, expect: .ok)
        try await api.call(.get, "/api/v1/settings/duties", token: t.head, expect: .ok)
        // Back to the standard duties for the walks after this one.
        try await api.call(
            .put, "/api/v1/settings/duties", token: t.admin,
            json: """
                {"manager": ["issue_invoices", "make_collection_calls", "discounts_above_limit",
                 "see_commission_estimate", "change_deals"],
                 "accountant": ["issue_invoices", "record_payments", "discounts_above_limit"],
                 "discount_limit_percent": null, "collector_id": null, "version": \(try changed.version())}
                """, expect: .ok)
    }
}
