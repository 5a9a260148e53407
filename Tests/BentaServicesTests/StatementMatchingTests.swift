import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Matching imported bank lines to invoices (issue 12, "Matching") on both engines: a camt.053 statement written
/// here lands in the queue, and the lines the matcher is sure of are recorded as payments at import (by invoice
/// number and amount, net of the customer's usual EWT, over two invoices); an ambiguous line waits with both
/// candidates; a confirmed payer account ranks its customer first later; a wrong match is undone; a manager sees
/// none of it.
@Suite(.timeLimit(.minutes(20))) struct StatementMatchingTests {
    /// One credit on the statement.
    struct Entry {
        var amount: String
        var reference: String
        var text: String
        var payer = "Juan Dela Cruz"
        var account = ""
    }

    /// The company bank account every statement here is for.
    static let companyAccount = "0012345678"

    /// A camt.053.001.08 statement of `entries` (all booked credits in PHP on `date`) for the company account.
    static func camt(_ entries: [Entry], date: CalendarDate) -> Data {
        let day = date.iso8601String
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>M-\(entries.first?.reference ?? "")</MsgId><CreDtTm>\(day)T18:00:00+08:00</CreDtTm></GrpHdr>
            <Stmt><Id>S-\(entries.first?.reference ?? "")</Id><CreDtTm>\(day)T18:00:00+08:00</CreDtTm>
            <Acct><Id><Othr><Id>\(companyAccount)</Id></Othr></Id><Ccy>PHP</Ccy></Acct>

            """
        for entry in entries {
            let debtorAccount =
                entry.account.isEmpty ? "" : "<DbtrAcct><Id><Othr><Id>\(entry.account)</Id></Othr></Id></DbtrAcct>"
            xml += """
                <Ntry><Amt Ccy="PHP">\(entry.amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>\(day)</Dt></BookgDt><AcctSvcrRef>\(entry.reference)</AcctSvcrRef>
                <NtryDtls><TxDtls><Amt Ccy="PHP">\(entry.amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <RltdPties><Dbtr><Pty><Nm>\(entry.payer)</Nm></Pty></Dbtr>\(debtorAccount)</RltdPties>
                <RmtInf><Ustrd>\(entry.text)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>

                """
        }
        xml += "</Stmt></BkToCstmrStmt></Document>\n"
        return Data(xml.utf8)
    }

    static func bankAccount(_ world: TestWorld) async throws -> BankAccount {
        try await world.services.payments.createBankAccount(
            BankAccountDraft(name: "BDO peso", bank: "BDO Unibank", number: companyAccount, iban: nil, currency: "PHP"),
            viewer: world.accountant.viewer)
    }

    static func importing(
        _ world: TestWorld, _ entries: [Entry], on date: CalendarDate
    ) async throws -> PaymentService.StatementImport {
        try await world.services.payments.importStatement(
            camt(entries, date: date), fileName: "statement.xml", bankAccountID: nil, profileID: nil,
            viewer: world.accountant.viewer)
    }

    static func line(_ world: TestWorld, reference: String) async throws -> StatementLineRecord {
        let all = try await world.services.payments.statementLines(
            viewer: world.accountant.viewer, status: nil, statementID: nil, page: PageRequest(limit: 200))
        return try #require(all.items.first { $0.bankReference == reference }, "line \(reference)")
    }

    /// Σ of each customer's open invoices must be what the ledger says they owe.
    static func expectReceivables(_ world: TestWorld, _ invoices: [Invoice]) async throws {
        let balances = try await world.services.invoices.balances(of: invoices)
        var open: [Account.ID: Int64] = [:]
        for invoice in invoices { open[invoice.accountID, default: 0] += balances[invoice.id]?.open.minorUnits ?? 0 }
        let ledger = try await world.services.payments.receivablesByCustomer(viewer: world.accountant.viewer)
        for (customer, amount) in open { #expect(ledger[customer] ?? 0 == amount, "customer \(customer)") }
        #expect(try await world.services.payments.unbalancedEntries(viewer: world.accountant.viewer).isEmpty)
    }

    /// (a) the invoice number with the exact amount, (b) net of the customer's 2% EWT, (c) one payment naming two
    /// invoices of one customer that add up to it: all three recorded and allocated at import; (d) two customers'
    /// invoices of the same amount and no reference: the line waits, and its candidates name both.
    @Test(arguments: TestEngine.available)
    func sureLinesAreConfirmedAtImportAndAmbiguousOnesWait(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let other = world.manager2Accounts[0]
            _ = try await Self.bankAccount(world)
            _ = try await payments.saveWithholdingProfile(
                .services, accountID: bituin.id, viewer: viewer, expectedVersion: 0)
            let exact = try await PaymentServiceTests.invoice(world, account: tala, net: "100000")
            let net = try await PaymentServiceTests.invoice(world, account: bituin, net: "50000")
            let first = try await PaymentServiceTests.invoice(world, account: tala, net: "1000")
            let second = try await PaymentServiceTests.invoice(world, account: tala, net: "2000")
            let twinA = try await PaymentServiceTests.invoice(world, account: tala, net: "30000")
            let twinB = try await PaymentServiceTests.invoice(
                world, account: other, net: "30000", owner: world.manager2)
            let all = [exact, net, first, second, twinA, twinB]
            let day = try #require(exact.issueDate)
            let result = try await Self.importing(
                world,
                [
                    Entry(amount: "112000.00", reference: "A-1", text: "Bayad sa \(exact.number ?? "")"),
                    // 56,000 less 2% of the 50,000 base.
                    Entry(amount: "55000.00", reference: "B-1", text: "Payment \(net.number ?? "") less EWT"),
                    // 1,120 + 2,240.
                    Entry(amount: "3360.00", reference: "C-1", text: "\(first.number ?? "") \(second.number ?? "")"),
                    Entry(amount: "33600.00", reference: "D-1", text: "Salamat po"),
                ], on: day)
            #expect(result.autoMatched == 3)
            #expect(result.statements.map(\.lineCount) == [4])

            let lineA = try await Self.line(world, reference: "A-1")
            #expect(lineA.status == .matched)
            let paymentA = try await payments.payment(try #require(lineA.paymentID), viewer: viewer)
            #expect(paymentA.payment.accountID == tala.id)
            #expect(paymentA.payment.amount == (try PaymentServiceTests.php("112000")))
            #expect(paymentA.allocations.map(\.invoiceID) == [exact.id])
            #expect(try await PaymentServiceTests.open(world, exact).open == .zero(.php))

            let lineB = try await Self.line(world, reference: "B-1")
            let paymentB = try await payments.payment(try #require(lineB.paymentID), viewer: viewer)
            #expect(paymentB.payment.accountID == bituin.id)
            let allocationB = try #require(paymentB.allocations.first)
            #expect(allocationB.cash == (try PaymentServiceTests.php("55000")))
            #expect(allocationB.withholdings.map(\.amount) == [try PaymentServiceTests.php("1000")])
            #expect(allocationB.withholdings.map(\.taxCode) == ["WC160"])
            #expect(try await PaymentServiceTests.open(world, net).open == .zero(.php))

            let lineC = try await Self.line(world, reference: "C-1")
            let paymentC = try await payments.payment(try #require(lineC.paymentID), viewer: viewer)
            #expect(Set(paymentC.allocations.map(\.invoiceID)) == [first.id, second.id])
            #expect(paymentC.unallocated == .zero(.php))
            #expect(try await PaymentServiceTests.open(world, first).open == .zero(.php))
            #expect(try await PaymentServiceTests.open(world, second).open == .zero(.php))

            let lineD = try await Self.line(world, reference: "D-1")
            #expect(lineD.status == .unmatched)
            #expect(lineD.paymentID == nil)
            let candidates = try await payments.candidates(for: lineD.id, viewer: viewer)
            #expect(Set(candidates.proposals.flatMap(\.invoiceIDs)) == [twinA.id.description, twinB.id.description])
            #expect(Set(candidates.proposals.map(\.customerID)) == [tala.id.description, other.id.description])
            #expect(candidates.proposals.allSatisfy { $0.reasons.contains(.exactOpenAmount) })
            #expect(candidates.invoiceNumbers[twinA.id.description] == twinA.number)
            try await Self.expectReceivables(world, all)
            let ledger = try await PaymentServiceTests.ledger(world)
            #expect(ledger[.cash] ?? 0 == Int64(112_000_00 + 55_000_00 + 3_360_00))
            #expect(ledger[.creditableWithholding] == 1_000_00)
        }
    }

    /// (e) Confirming a line remembers the payer's account: a later line from it, with no reference and an amount
    /// two customers' invoices share, ranks that customer first. (f) Undoing the first match reverses its allocation,
    /// voids the payment (which then takes no allocation), reopens the invoice and puts the line back in the queue;
    /// the ledger's receivables still equal the open invoices. (g) A manager can neither read nor change any of it.
    @Test(arguments: TestEngine.available)
    func payerAccountsAreRememberedAndAWrongMatchIsUndone(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            let other = world.manager2Accounts[0]
            _ = try await Self.bankAccount(world)
            let paid = try await PaymentServiceTests.invoice(world, account: tala, net: "100000")
            let twinA = try await PaymentServiceTests.invoice(world, account: tala, net: "30000")
            let twinB = try await PaymentServiceTests.invoice(
                world, account: other, net: "30000", owner: world.manager2)
            let all = [paid, twinA, twinB]
            let day = try #require(paid.issueDate)
            let first = try await Self.importing(
                world,
                [Entry(amount: "112000.00", reference: "E-1", text: paid.number ?? "", account: "3005-551-234")],
                on: day)
            #expect(first.autoMatched == 1)
            let later = try await Self.importing(
                world, [Entry(amount: "33600.00", reference: "E-2", text: "Salamat", account: "3005551234")], on: day)
            #expect(later.autoMatched == 0)
            let lineE = try await Self.line(world, reference: "E-2")
            let ranked = try await payments.candidates(for: lineE.id, viewer: viewer).proposals
            #expect(ranked.first?.customerID == tala.id.description)
            #expect(ranked.first?.invoiceIDs == [twinA.id.description])
            #expect(ranked.first?.reasons.contains(.knownPayerAccount) == true)
            #expect(ranked.contains { $0.customerID == other.id.description })

            // (g) before the undo: the manager is refused everything.
            let matched = try await Self.line(world, reference: "E-1")
            let manager = world.manager1.viewer
            await #expect(throws: RecordError.self) {
                _ = try await payments.candidates(for: lineE.id, viewer: manager)
            }
            await #expect(throws: DutyError.self) {
                _ = try await payments.unmatchLine(matched.id, reason: nil, viewer: manager)
            }
            await #expect(throws: DutyError.self) {
                _ = try await payments.confirmLine(
                    lineE.id, accountID: tala.id.description,
                    allocations: [AllocationDraft(invoiceID: twinA.id.description, amount: "33600")], viewer: manager)
            }
            #expect(try await Self.line(world, reference: "E-1").status == .matched)

            // (f) the undo.
            let paymentID = try #require(matched.paymentID)
            let reopened = try await payments.unmatchLine(matched.id, reason: "wrong customer", viewer: viewer)
            #expect(reopened.status == .unmatched)
            #expect(reopened.paymentID == nil)
            let stored = try await Self.line(world, reference: "E-1")
            #expect(stored.status == .unmatched)
            #expect(stored.version == matched.version + 1)
            #expect(try await PaymentServiceTests.open(world, paid).open == (try PaymentServiceTests.php("112000")))
            let voided = try await payments.payment(paymentID, viewer: viewer)
            #expect(voided.isVoid)
            #expect(voided.allocations.count == 2)
            #expect(voided.reversedIDs.count == 1)
            try await Self.expectReceivables(world, all)
            let ledger = try await PaymentServiceTests.ledger(world)
            #expect(ledger[.cash] ?? 0 == 0)
            #expect(ledger[.customerCredit] ?? 0 == 0)
            do {
                _ = try await payments.allocate(
                    [AllocationDraft(invoiceID: paid.id.description, amount: "112000")], paymentID: paymentID,
                    viewer: viewer)
                Issue.record("a voided payment took an allocation")
            } catch let error as RecordError {
                #expect(error.code == "payment_void")
            }
            await #expect(throws: RecordError.self) {
                _ = try await payments.unmatchLine(matched.id, reason: nil, viewer: viewer)
            }
            // The line can be confirmed again, to the right invoice.
            let again = try await payments.confirmLine(
                matched.id, accountID: tala.id.description,
                allocations: [AllocationDraft(invoiceID: paid.id.description, amount: "112000")], viewer: viewer)
            #expect(!again.isVoid)
            #expect(try await PaymentServiceTests.open(world, paid).open == .zero(.php))
            try await Self.expectReceivables(world, all)
        }
    }
}

/// The candidate look-ups of an import are batched: 3 lines and 60 lines send the same statements, and on SQLite
/// none of them scans the invoices.
@Suite(.timeLimit(.minutes(20))) struct MatchCandidateStoreTests {
    @Test(arguments: TestEngine.available)
    func aBatchOfLinesTakesAFixedNumberOfIndexedStatements(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            var made: [Invoice] = []
            for net in ["1000", "2000", "3000"] {
                made.append(try await PaymentServiceTests.invoice(world, account: tala, net: net))
            }
            let invoices = made
            let day = try #require(invoices[0].issueDate)
            func lines(_ count: Int) throws -> [MatchLine] {
                try (0..<count).map { index in
                    let invoice = invoices[index % invoices.count]
                    return MatchLine(
                        amount: try PaymentServiceTests.php("\(1000 + index).00"), date: day,
                        remittanceText: "Bayad \(invoice.number ?? "") ref \(index)",
                        counterpartyName: "Payer \(index)", counterpartyAccount: "0917-\(index)")
                }
            }
            let (few, many) = (try lines(3), try lines(60))
            try await database.read { db in
                let small = RecordingDatabase(db)
                let found = try await MatchCandidateStore(small).candidates(for: few, companyID: world.company.id)
                #expect(Set(found.map(\.invoiceID)) == Set(invoices.map(\.id.description)))
                let large = RecordingDatabase(db)
                _ = try await MatchCandidateStore(large).candidates(for: many, companyID: world.company.id)
                #expect(small.statements.count == large.statements.count)
                #expect(large.statements.count <= 7)
                guard engine == .sqlite else { return }
                for statement in large.statements {
                    let plan = try await RecordingDatabase.sqlitePlan(of: statement, on: db)
                    #expect(
                        !plan.contains {
                            $0.contains("SCAN i") || $0.contains("SCAN invoices") || $0.contains("invoices_list")
                        },
                        "\(statement.sql)\n\(plan)")
                }
            }
        }
    }
}
