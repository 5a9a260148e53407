import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The collection calls part of the documented walk (issue 12): calls to make, logging an outcome with a promise and
// a dispute, promises, disputes and the late-payment report, each answer held against the OpenAPI document.

extension OpenAPIWireTests {
    /// Runs after `payments`. The clock moves 45 days on (so the walk's invoice is overdue) and back at the end.
    static func collections(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "payment_terms": "net_30", "prices_include_tax": false,
                 "lines": [{"description": "Support, December", "quantity": "1", "unit_price": "5000.00"}]}
                """, expect: .created)
        let invoice = try draft.id()
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/issue", token: t.manager, json: #"{"version": 1}"#, expect: .ok)
        let shift: TimeInterval = 45 * 86_400
        world.clock.advance(by: shift)
        defer { world.clock.advance(by: -shift) }

        let call = try await api.call(
            .post, "/api/v1/collection-calls", token: t.manager,
            json: #"{"account_id": "\#(tala)", "due_on": "2027-01-15"}"#, expect: .created)
        try await api.call(
            .post, "/api/v1/collection-calls", token: t.head,
            json: #"{"account_id": "\#(tala)", "due_on": "2027-01-16", "assignee_id": "\#(world.manager1.id)"}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/collection-calls", token: t.manager, json: #"{"account_id": "x", "due_on": "soon"}"#,
            expect: .unprocessableContent)
        let open = try await api.call(.get, "/api/v1/collection-calls", token: t.manager, expect: .ok)
        #expect(open["data"]?.arrayValue?.first?["overdue_invoices"]?.arrayValue?.isEmpty == false)
        try await api.call(
            .get, "/api/v1/collection-calls?status=open&assignee_id=\(world.manager1.id)", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/collection-calls?status=later", token: t.head, expect: .unprocessableContent)

        let id = try call.id()
        let outcome = """
            {"version": 1, "reason": "cash_flow_problem", "note": "Pays after their collections",
             "promise": {"promised_on": "2027-01-30", "amount": "2000.00", "invoice_ids": ["\(invoice)"],
                "grace_days": 2, "contact_name": "Maria Santos", "note": "First half"},
             "disputed_invoice_ids": ["\(invoice)"], "dispute_note": "Line 1 quantity"}
            """
        let logged = try await api.call(
            .post, "/api/v1/collection-calls/\(id)/outcome", token: t.manager, json: outcome, expect: .ok)
        try await api.call(
            .post, "/api/v1/collection-calls/\(id)/outcome", token: t.manager, json: outcome,
            expect: .preconditionFailed)
        try await api.call(.get, "/api/v1/collection-calls?status=done", token: t.head, expect: .ok)

        let promise = try #require(logged["promise"]?["id"]?.stringValue)
        try await api.call(
            .post, "/api/v1/promises", token: t.manager,
            json: """
                {"account_id": "\(tala)", "promised_on": "2027-02-05", "amount": "1000.00", "invoice_ids": ["\(invoice)"]}
                """, expect: .created)
        try await api.call(
            .post, "/api/v1/promises", token: t.manager,
            json: #"{"account_id": "\#(tala)", "promised_on": "2027-02-05", "amount": "0"}"#,
            expect: .unprocessableContent)
        let today = try await world.services.invoices.today(companyID: world.company.id)
        try await world.services.database.transaction { db in
            _ = try await DunningStore(db).insertOutcome(
                promiseID: promise, companyID: world.company.id, status: .broken, decidedOn: today,
                paid: .zero(.php), now: Date())
        }
        try await api.call(.get, "/api/v1/promises?status=broken&account_id=\(tala)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/promises", token: t.head, expect: .ok)

        let dispute = try #require(logged["disputes"]?.arrayValue?.first?["id"]?.stringValue)
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/disputes", token: t.manager, json: #"{"note": "Again"}"#,
            expect: .conflict)
        try await api.call(
            .post, "/api/v1/invoice-disputes/\(dispute)/resolution", token: t.head,
            json: #"{"version": 1, "resolution": "Credit note issued for line 1"}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/invoice-disputes/\(dispute)/resolution", token: t.head,
            json: #"{"version": 2, "resolution": "Again"}"#, expect: .conflict)
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/disputes", token: t.manager, json: #"{"note": "Wrong price"}"#,
            expect: .created)

        let report = try await api.call(.get, "/api/v1/reports/late-payments", token: t.head, expect: .ok)
        #expect(report["broken_promises"]?.arrayValue?.isEmpty == false)
        try await api.call(
            .get,
            "/api/v1/reports/late-payments?from=\(today.adding(days: -7))&to=\(today)&owner_id=\(world.manager1.id)",
            token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/reports/late-payments?from=someday", token: t.head, expect: .unprocessableContent)
    }
}
