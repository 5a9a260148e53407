import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The matching part of the documented walk (issue 12, "Matching"): a line's candidates and undoing a match, held
// against the OpenAPI document, refusals included.

extension OpenAPIWireTests {
    /// Runs after `payments` (Tala withholds 2% for services, the MT940's ₱112,000 line is confirmed as Tala's
    /// payment without allocations, and the BDO account 0012-3456-7890 exists).
    static func statementMatching(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
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
        // ₱56,000 gross and ₱55,000 net of Tala's 2% EWT, neither naming the invoice: proposed, not confirmed.
        let camt = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>WALK-MATCH</MsgId><CreDtTm>2026-12-02T18:00:00+08:00</CreDtTm></GrpHdr>
            <Stmt><Id>WALK-MATCH-1</Id><CreDtTm>2026-12-02T18:00:00+08:00</CreDtTm>
            <Acct><Id><Othr><Id>0012-3456-7890</Id></Othr></Id><Ccy>PHP</Ccy></Acct>
            <Ntry><Amt Ccy="PHP">55000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>WALK-NET</AcctSvcrRef>
            <NtryDtls><TxDtls><RmtInf><Ustrd>Salamat po</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            <Ntry><Amt Ccy="PHP">56000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>WALK-GROSS</AcctSvcrRef>
            <NtryDtls><TxDtls><RmtInf><Ustrd>Bayad</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            </Stmt></BkToCstmrStmt></Document>
            """
        let imported = try await api.send(
            .post, "/api/v1/bank-statements", token: t.admin, type: "application/xml", text: camt, expect: .created)
        #expect(imported["auto_matched"]?.sameJSON(as: .integer(0)) == true)
        let queue = try await api.call(
            .get, "/api/v1/bank-statement-lines?status=unmatched", token: t.admin, expect: .ok)
        let lines = queue["data"]?.arrayValue ?? []
        let net = try #require(lines.first { $0["amount"]?.stringValue == "55000.00" }?["id"]?.stringValue)
        let gross = try #require(lines.first { $0["amount"]?.stringValue == "56000.00" }?["id"]?.stringValue)
        let proposed = try await api.call(
            .get, "/api/v1/bank-statement-lines/\(net)/candidates", token: t.admin, expect: .ok)
        let best = try #require(proposed["proposals"]?.arrayValue?.first)
        #expect(best["allocations"]?.arrayValue?.first?["invoice_id"]?.stringValue == invoice)
        #expect(best["withholding"]?["amount"]?.stringValue == "1000.00")
        try await api.call(.get, "/api/v1/bank-statement-lines/\(gross)/candidates", token: t.head, expect: .ok)
        try await api.call(
            .get, "/api/v1/bank-statement-lines/\(gross)/candidates", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/bank-statement-lines/\(UUID().uuidString.lowercased())/candidates", token: t.admin,
            expect: .notFound)

        // The ₱112,000 line `bankStatements` confirmed: undone, then refused a second time.
        let matched = try await api.call(
            .get, "/api/v1/bank-statement-lines?status=matched", token: t.admin, expect: .ok)
        let line = try #require(matched["data"]?.arrayValue?.first)
        let id = try #require(line["id"]?.stringValue)
        let payment = try #require(line["payment_id"]?.stringValue)
        try await api.call(
            .post, "/api/v1/bank-statement-lines/\(id)/unmatch", token: t.manager, json: "{}", expect: .forbidden)
        try await api.call(
            .post, "/api/v1/bank-statement-lines/\(id)/unmatch", token: t.admin, json: #"{"why": "x"}"#,
            expect: .badRequest)
        let reopened = try await api.call(
            .post, "/api/v1/bank-statement-lines/\(id)/unmatch", token: t.admin,
            json: #"{"reason": "Not Tala's money"}"#, expect: .ok)
        #expect(reopened["status"]?.stringValue == "unmatched")
        try await api.call(.post, "/api/v1/bank-statement-lines/\(id)/unmatch", token: t.admin, expect: .conflict)
        let voided = try await api.call(.get, "/api/v1/payments/\(payment)", token: t.admin, expect: .ok)
        #expect(voided["is_void"]?.sameJSON(as: .bool(true)) == true)
        try await api.call(
            .post, "/api/v1/payments/\(payment)/allocations", token: t.admin,
            json: #"{"allocations": [{"invoice_id": "\#(invoice)", "amount": "1.00", "withholdings": []}]}"#,
            expect: .conflict)
    }
}
