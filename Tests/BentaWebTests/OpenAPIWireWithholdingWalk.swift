import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The BIR Form 2307 and collection-receipt part of the documented walk (issue 12): every operation answered and held
// against the OpenAPI document, refusals included.

extension OpenAPIWireTests {
    /// Runs after `payments` (Tala withholds 2% EWT on services by default).
    static func withholding(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "payment_terms": "net_30", "prices_include_tax": false,
                 "lines": [{"description": "Consulting, December", "quantity": "1", "unit_price": "50000.00"}]}
                """, expect: .created)
        let invoice = try draft.id()
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/issue", token: t.manager, json: #"{"version": 1}"#, expect: .ok)
        let payment = try await api.call(
            .post, "/api/v1/payments", token: t.admin,
            json: """
                {"account_id": "\(tala)", "received_on": "2026-11-20", "amount": "55000.00", "method": "cheque",
                 "allocations": [{"invoice_id": "\(invoice)", "amount": "55000.00"}]}
                """, expect: .created)
        let paymentID = try payment.id()
        let allocation = try #require(payment["allocations"]?.arrayValue?.first?["id"]?.stringValue)
        let pending = try await api.call(.get, "/api/v1/invoices/\(invoice)", token: t.manager, expect: .ok)
        #expect(pending["withholding_pending"]?.sameJSON(as: .bool(true)) == true)

        try await api.call(
            .get, "/api/v1/withholding-certificates/pending?quarter=2026-Q4", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/withholding-certificates/pending?limit=1", token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/withholding-certificates/pending?quarter=2026-13", token: t.head,
            expect: .unprocessableContent)

        let certificate = """
            {"account_id": "\(tala)", "number": "2307-2026-Q4-0017", "period": "2026-Q4",
             "received_on": "2027-01-15", "notes": "Scanned copy on file", "allocation_ids": ["\(allocation)"]}
            """
        try await api.call(
            .post, "/api/v1/withholding-certificates", token: t.manager, json: certificate, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/withholding-certificates", token: t.admin, json: certificate, expect: .created)
        try await api.call(
            .post, "/api/v1/withholding-certificates", token: t.admin,
            json: """
                {"account_id": "\(tala)", "number": "2307-B", "period_from": "2026-10-01", "period_to": "2026-12-31",
                 "received_on": "2027-01-15", "allocation_ids": ["\(allocation)"]}
                """, expect: .unprocessableContent)
        let cleared = try await api.call(.get, "/api/v1/invoices/\(invoice)", token: t.manager, expect: .ok)
        #expect(cleared["withholding_pending"]?.sameJSON(as: .bool(false)) == true)

        var key = HTTPFields()
        key[HTTPField.Name("Idempotency-Key")!] = "receipt-\(paymentID)"
        let receipt = try await api.call(
            .post, "/api/v1/payments/\(paymentID)/collection-receipt", token: t.admin, headers: key,
            expect: .created)
        let replay = try await api.call(
            .post, "/api/v1/payments/\(paymentID)/collection-receipt", token: t.admin, headers: key,
            expect: .created)
        let again = try await api.call(
            .post, "/api/v1/payments/\(paymentID)/collection-receipt", token: t.head, expect: .ok)
        #expect(receipt["number"]?.stringValue == again["number"]?.stringValue)
        #expect(receipt["number"]?.stringValue == replay["number"]?.stringValue)
        try await api.call(
            .post, "/api/v1/payments/\(paymentID)/collection-receipt", token: t.manager, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/payments/\(UUID().uuidString.lowercased())/collection-receipt", token: t.admin,
            expect: .notFound)
    }
}
