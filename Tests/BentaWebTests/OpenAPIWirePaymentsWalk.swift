import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The payments part of the documented walk (issue 12): every payments operation answered and held against the
// OpenAPI document, refusals included.

extension OpenAPIWireTests {
    /// Runs after `invoices` (the account has its billing address and the PH profile is on).
    static func payments(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "payment_terms": "net_30", "prices_include_tax": false,
                 "lines": [{"description": "Consulting, November", "quantity": "1", "unit_price": "100000.00"}]}
                """, expect: .created)
        let invoice = try draft.id()
        try await api.call(
            .post, "/api/v1/invoices/\(invoice)/issue", token: t.manager, json: #"{"version": 1}"#, expect: .ok)

        try await api.call(.get, "/api/v1/accounts/\(tala)/withholding", token: t.manager, expect: .ok)
        try await api.call(
            .put, "/api/v1/accounts/\(tala)/withholding", token: t.admin,
            json: #"{"preset": "services", "version": 0}"#, expect: .ok)
        try await api.call(
            .put, "/api/v1/accounts/\(tala)/withholding", token: t.admin,
            json: #"{"rates": [{"kind": "ewt", "tax_code": "WC160", "rate_percent": "2"}], "version": 0}"#,
            expect: .preconditionFailed)

        let bank = try await api.call(
            .post, "/api/v1/bank-accounts", token: t.admin,
            json:
                #"{"name": "BDO peso current", "bank": "BDO Unibank", "number": "0012-3456-7890", "currency": "PHP"}"#,
            expect: .created)
        try await api.call(
            .post, "/api/v1/bank-accounts", token: t.admin,
            json: #"{"name": "Euro", "bank": "ING", "iban": "NL00 INGB 0000 0000 00", "currency": "EUR"}"#,
            expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/bank-accounts", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/bank-accounts", token: t.manager, expect: .forbidden)

        var key = HTTPFields()
        key[HTTPField.Name("Idempotency-Key")!] = "pay-\(invoice)"
        let body = """
            {"account_id": "\(tala)", "received_on": "2026-12-01", "amount": "120000.00", "method": "bank_transfer",
             "reference": "BDO-778812", "bank_account_id": "\(try bank.id())", "notes": "Net of 2% EWT",
             "allocations": [{"invoice_id": "\(invoice)", "amount": "110000.00"}]}
            """
        let payment = try await api.call(
            .post, "/api/v1/payments", token: t.admin, json: body, headers: key, expect: .created)
        let again = try await api.call(
            .post, "/api/v1/payments", token: t.admin, json: body, headers: key, expect: .created)
        #expect(try payment.id() == again.id())
        let id = try payment.id()
        try await api.call(
            .post, "/api/v1/payments", token: t.admin,
            json: #"{"account_id": "\#(tala)", "received_on": "2026-12-01", "amount": "1.00", "method": "cash"}"#,
            headers: key, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/payments/\(id)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/payments", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/payments?account_id=\(tala)", token: t.head, expect: .ok)
        try await api.call(
            .post, "/api/v1/payments", token: t.manager,
            json: #"{"account_id": "\#(tala)", "received_on": "2026-12-01", "amount": "1.00", "method": "cash"}"#,
            expect: .forbidden)

        // The first allocation settled the invoice; undo it and apply the payment's credit with explicit withholding.
        let detail = try await api.call(.get, "/api/v1/payments/\(id)", token: t.admin, expect: .ok)
        let allocation = try #require(detail["allocations"]?.arrayValue?.first?["id"]?.stringValue)
        try await api.call(.post, "/api/v1/allocations/\(allocation)/reversal", token: t.admin, expect: .created)
        try await api.call(.post, "/api/v1/allocations/\(allocation)/reversal", token: t.admin, expect: .conflict)
        try await api.call(
            .post, "/api/v1/payments/\(id)/allocations", token: t.admin,
            json: """
                {"allocations": [{"invoice_id": "\(invoice)", "amount": "110000.00",
                  "withholdings": [{"kind": "ewt", "tax_code": "WC160", "rate_percent": "2", "base": "100000.00",
                                    "amount": "2000.00"}]}]}
                """, expect: .ok)
        try await api.call(
            .post, "/api/v1/payments/\(id)/allocations", token: t.admin,
            json: #"{"allocations": [{"invoice_id": "\#(invoice)", "amount": "1.00", "withholdings": []}]}"#,
            expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/receivables/aging", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/receivables/aging?group=manager&as_of=2027-03-01", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/receivables/aging?group=currency", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/receivables/aging?group=team", token: t.head, expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/ledger/balances", token: t.head, expect: .ok)
        try await api.call(.get, "/api/v1/ledger/balances?as_of=2026-11-30", token: t.admin, expect: .ok)
        try await api.call(
            .get, "/api/v1/ledger/balances?as_of=yesterday", token: t.admin, expect: .unprocessableContent)
        try await Self.bankStatements(api, world, t)
    }

    static func bankFixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BentaFormatsTests/Fixtures/bank").appendingPathComponent(name)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Statements into the review queue (the MT940 names the bank account `payments` added), a line confirmed as
    /// Tala's payment and one set aside.
    static func bankStatements(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let tala = world.manager1Accounts[0].id
        let mt940 = try Self.bankFixture("mt940/ph-balanced.sta")
        try await api.send(
            .post, "/api/v1/bank-statements?file_name=march.sta", token: t.admin, type: "text/plain", text: mt940,
            expect: .created)
        let again = try await api.send(
            .post, "/api/v1/bank-statements?file_name=march.sta", token: t.admin, type: "text/plain", text: mt940,
            expect: .created)
        #expect(again["statements"]?.arrayValue?.first?["duplicate_count"]?.sameJSON(as: .integer(3)) == true)
        try await api.send(
            .post, "/api/v1/bank-statements?profile=ph.bdo.legacy", token: t.admin, type: "text/csv",
            text: try Self.bankFixture("csv/bdo-legacy.csv"), expect: .created)
        try await api.send(
            .post, "/api/v1/bank-statements", token: t.admin, type: "application/xml",
            text: try Self.bankFixture("camt/xxe-external-entity.xml"), expect: .unprocessableContent)
        try await api.send(
            .post, "/api/v1/bank-statements", token: t.manager, type: "text/plain", text: mt940, expect: .forbidden)
        try await api.call(.get, "/api/v1/bank-statements", token: t.admin, expect: .ok)
        let queue = try await api.call(
            .get, "/api/v1/bank-statement-lines?status=unmatched", token: t.admin, expect: .ok)
        let lines = queue["data"]?.arrayValue ?? []
        let big = try #require(lines.first { $0["amount"]?.stringValue == "112000.00" }?["id"]?.stringValue)
        let small = try #require(lines.first { $0["amount"]?.stringValue == "12.34" }?["id"]?.stringValue)
        try await api.call(
            .post, "/api/v1/bank-statement-lines/\(big)/confirm", token: t.admin,
            json: #"{"account_id": "\#(tala)", "allocations": []}"#, expect: .created)
        try await api.call(
            .post, "/api/v1/bank-statement-lines/\(big)/confirm", token: t.admin,
            json: #"{"account_id": "\#(tala)"}"#, expect: .conflict)
        try await api.call(.post, "/api/v1/bank-statement-lines/\(small)/ignore", token: t.admin, expect: .ok)
        try await api.call(
            .get, "/api/v1/bank-statement-lines?status=bogus", token: t.admin, expect: .unprocessableContent)
    }
}
