import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing

@testable import BentaServices

/// A statement import's progress on the wire and the page (issue 12, "progress for large files"): between two
/// batches of a running import, `GET /api/v1/bank-statements/{id}` answers `importing` with the lines read so far
/// and the statements page shows it and refreshes itself (`<meta http-equiv="refresh">`); once done, `imported`
/// and no refresh; an import stopped half-way shows `failed` with its reason, on the page too.
@Suite(.timeLimit(.minutes(20))) struct StatementImportProgressWebTests {
    struct Fault: Error, CustomStringConvertible {
        var description: String { "the connection was lost" }
    }

    /// Three deposits without a reference on the company's BDO account.
    static func camt(_ prefix: String, day: String) -> Data {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>M-\(prefix)</MsgId><CreDtTm>\(day)T18:00:00+08:00</CreDtTm></GrpHdr>
            <Stmt><Id>S-\(prefix)</Id><CreDtTm>\(day)T18:00:00+08:00</CreDtTm>
            <Acct><Id><Othr><Id>0012345678</Id></Othr></Id><Ccy>PHP</Ccy></Acct>

            """
        for index in 1...3 {
            xml += """
                <Ntry><Amt Ccy="PHP">\(index)00.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>\(day)</Dt></BookgDt><AcctSvcrRef>\(prefix)-\(index)</AcctSvcrRef>
                <NtryDtls><TxDtls><Amt Ccy="PHP">\(index)00.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <RmtInf><Ustrd>Deposit</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>

                """
        }
        return Data((xml + "</Stmt></BkToCstmrStmt></Document>\n").utf8)
    }

    @Test(arguments: TestEngine.available)
    func theAPIAndThePageShowARunningImport(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let viewer = world.accountant.viewer
            _ = try await world.services.payments.createBankAccount(
                BankAccountDraft(
                    name: "BDO peso", bank: "BDO Unibank", number: "0012345678", iban: nil, currency: "PHP"),
                viewer: viewer)
            let token = try await world.token(world.accountant)
            let session = try await client.login("accountant@test.ph")
            let seen = NIOLockedValueBox<[(api: String, page: String)]>([])
            let result = try await world.services.payments.importStatement(
                Self.camt("A", day: "2026-06-01"), fileName: "june.xml", bankAccountID: nil, profileID: nil,
                viewer: viewer, writes: .batched, linesPerBatch: 1,
                afterBatch: { id, batch in
                    guard batch == 1 else { return }
                    let api = try await client.api(.get, "/api/v1/bank-statements/\(id)", token: token)
                    let page = try await client.browse(.get, "/bank-statements", as: session)
                    seen.withLockedValue { $0.append((api.text, page.text)) }
                })
            let running = try #require(seen.withLockedValue { $0 }.first)
            #expect(running.api.contains(#""import_status":"importing""#))
            #expect(running.api.contains(#""lines_read":1"#) && running.api.contains(#""lines_total":3"#))
            #expect(running.api.contains(#""line_count":1"#) && running.api.contains(#""import_error":null"#))
            #expect(running.page.contains(#"<meta http-equiv="refresh" content="3">"#))
            #expect(running.page.contains("Importing…"))
            #expect(running.page.contains("1 / 3"))
            #expect(running.page.contains("this page refreshes itself"))

            let id = try #require(result.statements.first?.id)
            let done = try await client.api(.get, "/api/v1/bank-statements/\(id)", token: token)
            #expect(done.status == .ok)
            #expect(done.text.contains(#""import_status":"imported""#) && done.text.contains(#""lines_read":3"#))
            let page = try await client.browse(.get, "/bank-statements", as: session)
            #expect(!page.text.contains("http-equiv=\"refresh\""))
            #expect(page.text.contains("3 / 3"))

            // Stopped after its first line: failed, with the reason, on the wire and the page; no refresh.
            await #expect(throws: Fault.self) {
                _ = try await world.services.payments.importStatement(
                    Self.camt("B", day: "2026-06-02"), fileName: "june-2.xml", bankAccountID: nil, profileID: nil,
                    viewer: viewer, writes: .batched, linesPerBatch: 1,
                    afterBatch: { _, batch in if batch == 1 { throw Fault() } })
            }
            let list = try await client.api(.get, "/api/v1/bank-statements", token: token)
            #expect(list.text.contains(#""import_status":"failed""#))
            #expect(list.text.contains("The import stopped after 1 of 3 lines: the connection was lost."))
            let stopped = try await client.browse(.get, "/bank-statements", as: session)
            #expect(stopped.text.contains("Stopped"))
            #expect(stopped.text.contains("The import stopped after 1 of 3 lines: the connection was lost."))
            #expect(!stopped.text.contains("http-equiv=\"refresh\""))
            // A manager reads no statement; an unknown one is 404.
            let manager = try await world.token(world.manager1)
            #expect(try await client.api(.get, "/api/v1/bank-statements/\(id)", token: manager).status == .forbidden)
            let unknown = try await client.api(
                .get, "/api/v1/bank-statements/\(UUID().uuidString.lowercased())", token: token)
            #expect(unknown.status == .notFound)
        }
    }
}
