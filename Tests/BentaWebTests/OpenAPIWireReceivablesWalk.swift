import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The receivables reports part of the documented walk (issue 12): the statement of account (JSON, PDF, email),
// DSO and CEI, and the unpaid-past-term report, answered and held against the OpenAPI document, refusals included.

extension OpenAPIWireTests {
    /// Runs after `payments` (Tala has an issued invoice, a payment with an allocation, a reversal and withholding)
    /// and `outbox` (SMTP is set up).
    static func receivables(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        // Due in 30 days and never paid: a row of the unpaid-past-term report for the quarter after its due date
        // (for a customer no later step uses).
        let perlas = world.manager2Accounts[1].id
        try await api.call(
            .patch, "/api/v1/accounts/\(perlas)", token: t.head,
            json: #"{"billing_address": "8 Osmeña Boulevard, Cebu City", "version": 1}"#, expect: .ok)
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.head,
            json: """
                {"account_id": "\(perlas)", "payment_terms": "net_30", "prices_include_tax": false,
                 "lines": [{"description": "Printer toner", "quantity": "2", "unit_price": "2500.00"}]}
                """, expect: .created)
        try await api.call(
            .post, "/api/v1/invoices/\(try draft.id())/issue", token: t.head, json: #"{"version": 1}"#, expect: .ok)
        let statement = try await api.call(
            .get, "/api/v1/accounts/\(tala)/statement?from=2026-07-01&to=2027-06-30", token: t.manager, expect: .ok)
        let kinds = Set((statement["lines"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue })
        #expect(kinds.isSuperset(of: ["invoice", "payment", "allocation", "allocation_reversal"]))
        try await api.call(.get, "/api/v1/accounts/\(tala)/statement", token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/accounts/\(tala)/statement?currency=USD&to=2026-12-31", token: t.admin, expect: .ok)
        try await api.call(
            .get, "/api/v1/accounts/\(tala)/statement?from=2025-01-01&to=2026-12-31", token: t.manager,
            expect: .unprocessableContent)
        try await api.call(
            .get, "/api/v1/accounts/\(world.manager2Accounts[0].id)/statement", token: t.manager, expect: .notFound)
        try await api.send(
            .get, "/api/v1/accounts/\(tala)/statement.pdf?from=2026-11-01&to=2026-12-31", token: t.manager,
            body: nil, expect: .ok)
        try await api.call(
            .post, "/api/v1/accounts/\(tala)/statement/email", token: t.manager,
            json: #"{"from": "2026-11-01", "to": "2026-12-31", "currency": "PHP", "recipients": ["ap@talafoods.ph"]}"#,
            expect: .accepted)
        try await api.call(.post, "/api/v1/accounts/\(tala)/statement/email", token: t.manager, expect: .accepted)
        try await api.call(
            .post, "/api/v1/accounts/\(tala)/statement/email", token: t.manager,
            json: #"{"recipients": ["not an address"]}"#, expect: .unprocessableContent)

        try await api.call(.get, "/api/v1/receivables/metrics", token: t.manager, expect: .ok)
        try await api.call(
            .get,
            "/api/v1/receivables/metrics?from=2026-10-01&to=2026-12-31&currency=PHP&owner_id=\(world.manager1.id)",
            token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/receivables/metrics?owner_id=\(world.manager2.id)", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/receivables/metrics?from=2027-01-01&to=2026-01-01", token: t.head,
            expect: .unprocessableContent)

        let unpaid = try await api.call(
            .get, "/api/v1/receivables/unpaid-past-term?quarter=2027-Q1&limit=1", token: t.head, expect: .ok)
        #expect(unpaid["data"]?.arrayValue?.count == 1)
        try await api.call(.get, "/api/v1/receivables/unpaid-past-term?quarter=2026-Q4", token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/receivables/unpaid-past-term?quarter=Q1", token: t.head, expect: .unprocessableContent)
        try await api.send(
            .get, "/api/v1/receivables/unpaid-past-term.csv?quarter=2027-Q1", token: t.head, body: nil, expect: .ok)
    }
}
