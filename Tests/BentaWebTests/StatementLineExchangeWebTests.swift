import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A dollar bank statement line in the review queue (issue 12, exchange differences): the queue says it needs its
/// rate, the confirm form asks for it and refuses without it, the API's confirm refuses it without `exchange_rate`
/// (422 `required_for_foreign_currency`, nothing recorded) and with it records the payment carrying the rate, whose
/// allocation posts the gain against the invoice's rate.
@Suite(.timeLimit(.minutes(20))) struct StatementLineExchangeWebTests {
    @Test(arguments: TestEngine.available)
    func aDollarLineIsConfirmedWithItsRate(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let viewer = world.accountant.viewer
            _ = try await world.services.payments.createBankAccount(
                BankAccountDraft(
                    name: "BDO dollar", bank: "BDO Unibank", number: "0098765432", iban: nil, currency: "USD"),
                viewer: viewer)
            let tala = world.manager1Accounts[0]
            let invoice = try await world.issuedInvoice(account: tala, net: "1000", currency: "USD")
            let day = try #require(invoice.issueDate).iso8601String
            let camt = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                <GrpHdr><MsgId>M-USD-1</MsgId><CreDtTm>\(day)T18:00:00+08:00</CreDtTm></GrpHdr>
                <Stmt><Id>S-USD-1</Id><CreDtTm>\(day)T18:00:00+08:00</CreDtTm>
                <Acct><Id><Othr><Id>0098765432</Id></Othr></Id><Ccy>USD</Ccy></Acct>
                <Ntry><Amt Ccy="USD">1120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>\(day)</Dt></BookgDt><AcctSvcrRef>USD-1</AcctSvcrRef>
                <NtryDtls><TxDtls><Amt Ccy="USD">1120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <RltdPties><Dbtr><Pty><Nm>Tala Foods</Nm></Pty></Dbtr></RltdPties>
                <RmtInf><Ustrd>Payment \(invoice.number ?? "")</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                </Stmt></BkToCstmrStmt></Document>

                """
            let imported = try await world.services.payments.importStatement(
                Data(camt.utf8), fileName: "usd.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
            #expect(imported.autoMatched == 0)
            let waiting = try await world.services.payments.statementLines(
                viewer: viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 10))
            let statementLine = try #require(waiting.items.first)

            let session = try await client.login("accountant@test.ph")
            let queue = try await client.browse(.get, "/bank-statements/queue", as: session)
            #expect(queue.text.contains("Foreign currency: enter the rate when you confirm"))
            let form = try await client.browse(
                .get, "/bank-statements/lines/\(statementLine.id)/confirm", as: session)
            #expect(form.status == .ok && form.text.contains("name=\"exchange_rate\""))
            let refusedPage = try await client.browse(
                .post, "/bank-statements/lines/\(statementLine.id)/confirm", as: session,
                form: [
                    ("account_id", tala.id.description), ("allocations[0][invoice_id]", invoice.id.description),
                    ("allocations[0][amount]", "1120.00"), ("allocations[0][withholding]", "none"),
                    ("exchange_rate", ""),
                ])
            #expect(refusedPage.status == .unprocessableContent)
            #expect(refusedPage.text.contains("A USD payment needs the rate it was converted at, in PHP."))

            let token = try await world.token(world.accountant)
            let uri = "/api/v1/bank-statement-lines/\(statementLine.id)/confirm"
            let body = """
                {"account_id": "\(tala.id)", "allocations": [{"invoice_id": "\(invoice.id)", "amount": "1120.00",
                "withholdings": []}]
                """
            let refused = try await client.api(.post, uri, token: token, json: body + "}")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("required_for_foreign_currency"))
            let none = try await world.services.payments.list(
                viewer: viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(none.items.isEmpty)

            let confirmed = try await client.api(
                .post, uri, token: token, json: body + ", \"exchange_rate\": \"57.25\"}")
            #expect(confirmed.status == .created)
            #expect(confirmed.text.contains("\"exchange_rate\":\"57.25\""))
            let listed = try await world.services.payments.list(
                viewer: viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(listed.items.map(\.payment.exchangeRate) == [Decimal(string: "57.25")])
            let base = try await world.services.payments.ledgerBaseBalances(viewer: viewer, asOf: nil)
            #expect(
                base.first { $0.account == .exchangeDifference }?.balance
                    == (try Money(decimalString: "-1400", currency: .php)))
        }
    }
}
