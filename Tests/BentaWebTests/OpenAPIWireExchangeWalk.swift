import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The exchange-difference part of the documented walk (issue 12): a dollar invoice paid in dollars at another
// rate, the payment's `exchange_rate` sent and answered, and the refusal without it.

extension OpenAPIWireTests {
    /// Runs after `payments` (the account has its billing address and the PH profile is on).
    static func exchange(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "currency": "USD", "exchange_rate": "56.00",
                 "exchange_rate_date": "2026-11-27", "payment_terms": "net_30", "prices_include_tax": false,
                 "lines": [{"description": "Export consulting", "quantity": "1", "unit_price": "1000.00"}]}
                """, expect: .created)
        let invoice = try draft.id()
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/issue", token: t.manager, json: #"{"version": 1}"#, expect: .ok)
        func body(rate: String?) -> String {
            """
            {"account_id": "\(tala)", "received_on": "2026-12-01", "amount": "1120.00", "currency": "USD",
             "method": "bank_transfer", "reference": "BPI-USD-0042"\(rate.map { #", "exchange_rate": "\#($0)""# } ?? ""),
             "allocations": [{"invoice_id": "\(invoice)", "amount": "1120.00", "withholdings": []}]}
            """
        }
        try await api.call(
            .post, "/api/v1/payments", token: t.admin, json: body(rate: nil), expect: .unprocessableContent)
        let payment = try await api.call(
            .post, "/api/v1/payments", token: t.admin, json: body(rate: "57.25"), expect: .created)
        #expect(payment["exchange_rate"]?.stringValue == "57.25")
        try await api.call(.get, "/api/v1/payments/\(try payment.id())", token: t.head, expect: .ok)
    }
}
