import BentaCore
import BentaFormats
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaServices

/// The batched statement import (issue 12, "money reaching the bank") on both engines: the rows its multi-row
/// statements write are column for column the rows the one-at-a-time path writes for the same statement; the ledger
/// balances; a second import adds nothing; a sure line whose invoice another payment settled meanwhile waits in the
/// review queue while the others are recorded.
@Suite(.timeLimit(.minutes(20))) struct BankStatementBatchTests {
    /// The generated company both databases get (the same seed makes the same invoices, under the same ids).
    static let profile = ScaleProfile(
        managers: 2, accounts: 200, contacts: 0, activities: 0, deals: 0, invoices: 240, months: 12)
    static let asOf = Date(timeIntervalSince1970: 1_780_000_000)

    /// A company of `profile`, none of its invoices paid, and an MT940 statement of `lines` lines paying them in
    /// `StatementLineMaker`'s mix (exact, net of 2% EWT, two invoices, part payments, amount only, interest, charges).
    static func company(
        _ database: any AppDatabase, lines: Int
    ) async throws -> (services: Services, accountant: Viewer, file: Data) {
        let services = ScaleDataTests.services(database)
        let summary = try await ScaleLoader(
            services: services, profile: profile, seed: 7, batchSize: 100, asOf: asOf, paysInvoices: false
        ).load()
        let users = try await services.users.all(companyID: summary.companyID)
        let accountant = try #require(users.first { $0.role == .accountant }).viewer
        let unpaid = try await services.database.read { db in
            try await BulkInsert(db).unpaidInvoices(companyID: summary.companyID, limit: 1_000)
        }
        var maker = StatementLineMaker(
            invoices: unpaid.map {
                StatementInvoice(
                    number: $0.number, customerID: $0.accountID.description, customerName: $0.accountName,
                    open: $0.total, total: $0.total, tax: $0.tax, withholding: .services)
            }, referencePrefix: "BATCH-")
        let day = try #require(CalendarDate(iso8601: "2026-06-01"))
        let made = maker.lines(count: lines, from: day, to: day.adding(days: 20))
        let statement = BankStatement(
            identifier: "BATCH 00001/001", account: DemoLoader.statementAccount, currency: .php,
            fromDate: made.first?.bookingDate, toDate: made.last?.bookingDate, balances: [], lines: made)
        let file = try #require(BankStatementWriter.write(statement, as: .mt940, createdAt: asOf))
        return (services, accountant, file)
    }

    /// Every row an import writes, as text, with each record id replaced by what names the record in both
    /// databases (a line by its dedupe key, a payment by its line's, an allocation by its payment's and invoice,
    /// a user by email); timestamps and the ids of audit rows left out.
    static func importedRows(_ database: any AppDatabase) async throws -> [String: [String]] {
        try await database.read { db in
            var names: [String: String] = [:]
            for row in try await db.raw("SELECT id, email FROM users").all() {
                names[try row.decode(column: "id", as: String.self)] =
                    "user:" + (try row.decode(column: "email", as: String.self))
            }
            for row in try await db.raw("SELECT id FROM companies").all() {
                names[try row.decode(column: "id", as: String.self)] = "company"
            }
            for row in try await db.raw("SELECT id, number FROM company_bank_accounts").all() {
                names[try row.decode(column: "id", as: String.self)] =
                    "bank:" + (try row.decode(column: "number", as: String.self))
            }
            for row in try await db.raw("SELECT id, identifier FROM bank_statements").all() {
                names[try row.decode(column: "id", as: String.self)] =
                    "statement:" + (try row.decode(column: "identifier", as: String?.self) ?? "")
            }
            for row in try await db.raw("SELECT id, dedupe_key, payment_id FROM bank_statement_lines").all() {
                let key = try row.decode(column: "dedupe_key", as: String.self)
                names[try row.decode(column: "id", as: String.self)] = "line:" + key
                if let payment = try row.decode(column: "payment_id", as: String?.self) {
                    names[payment] = "payment:" + key
                }
            }
            for row in try await db.raw("SELECT id, payment_id, invoice_id FROM payment_allocations").all() {
                let payment = try row.decode(column: "payment_id", as: String.self)
                names[try row.decode(column: "id", as: String.self)] =
                    "allocation:" + (names[payment] ?? payment) + "/"
                    + (try row.decode(column: "invoice_id", as: String.self))
            }
            let money = "('payment', 'allocation')"
            let tables: [(table: String, condition: String, ignoring: Set<String>)] = [
                ("bank_statement_lines", "1 = 1", ["created_at"]),
                ("bank_statements", "1 = 1", ["imported_at"]),
                ("payments", "1 = 1", ["created_at"]),
                ("payment_allocations", "1 = 1", ["created_at"]),
                ("allocation_withholdings", "1 = 1", []),
                ("journal_entries", "source IN \(money)", ["created_at"]),
                (
                    "journal_lines", "entry_id IN (SELECT id FROM journal_entries WHERE source IN \(money))",
                    []
                ),
                (
                    "audit_events", "action LIKE 'payment.%' OR action LIKE 'bank_statement.%'",
                    ["id", "occurred_at"]
                ),
                ("payer_accounts", "1 = 1", ["confirmed_at"]),
            ]
            let uuid = try NSRegularExpression(
                pattern: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", options: [.caseInsensitive])
            var result: [String: [String]] = [:]
            for (table, condition, ignoring) in tables {
                let columns = try await Self.columns(of: table, on: db).filter { !ignoring.contains($0) }
                let select = columns.map { "CAST(\($0) AS TEXT) AS \($0)" }.joined(separator: ", ")
                let rows = try await db.raw(
                    "SELECT \(unsafeRaw: select) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)"
                ).all()
                result[table] = try rows.map { row in
                    try columns.map { column in
                        let text = try row.decode(column: column, as: String?.self) ?? "NULL"
                        var named = ""
                        var last = text.startIndex
                        for match in uuid.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                            guard let range = Range(match.range, in: text) else { continue }
                            named += text[last..<range.lowerBound]
                            named += names[text[range].lowercased()] ?? String(text[range])
                            last = range.upperBound
                        }
                        named += text[last...]
                        return "\(column)=\(named)"
                    }.joined(separator: "|")
                }.sorted()
            }
            return result
        }
    }

    static func columns(of table: String, on db: any SQLDatabase) async throws -> [String] {
        if db.dialect.name == "sqlite" {
            return try await db.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        return try await db.raw(
            """
            SELECT column_name AS name FROM information_schema.columns
            WHERE table_name = \(bind: table) AND table_schema = current_schema() ORDER BY ordinal_position
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// One database per way of writing: the same statement, the same batches of 40 lines.
    @Test(arguments: TestEngine.available)
    func batchedRowsAreTheRowsWrittenOneByOne(engine: TestEngine) async throws {
        var rows: [PaymentService.StatementWrites: [String: [String]]] = [:]
        var matched: [PaymentService.StatementWrites: Int] = [:]
        for writes in [PaymentService.StatementWrites.oneByOne, .batched] {
            let (written, count) = try await TestDatabases.withFresh(engine) { database in
                let (services, accountant, file) = try await Self.company(database, lines: 130)
                let first = try await services.payments.importStatement(
                    file, fileName: "batch.sta", bankAccountID: nil, profileID: nil, viewer: accountant,
                    writes: writes, linesPerBatch: 40)
                #expect(first.statements.map(\.lineCount) == [130], "\(writes)")
                #expect(!first.warnings.contains { $0.contains("review queue") }, "\(writes)")
                // The ledger holds: every entry balances, and Σ each customer's open amounts is what the
                // receivables ledger says they owe.
                #expect(try await services.payments.unbalancedEntries(viewer: accountant).isEmpty, "\(writes)")
                var invoices: [Invoice] = []
                var next: String?
                repeat {
                    let page = try await services.invoices.list(
                        viewer: accountant, filter: InvoiceFilter(kind: .invoice, status: .issued),
                        page: PageRequest(limit: 200, cursor: next))
                    invoices += page.items
                    next = page.nextCursor
                } while next != nil
                let balances = try await services.invoices.balances(of: invoices)
                #expect(balances.values.allSatisfy { !$0.open.isNegative }, "\(writes)")
                var open: [Account.ID: Int64] = [:]
                for invoice in invoices {
                    open[invoice.accountID, default: 0] += balances[invoice.id]?.open.minorUnits ?? 0
                }
                let ledger = try await services.payments.receivablesByCustomer(viewer: accountant)
                #expect(open.filter { $0.value != 0 } == ledger.filter { $0.value != 0 }, "\(writes)")
                let before = try await Self.importedRows(database)
                // The same file again adds no line, no payment and no audit row but the import's own.
                let again = try await services.payments.importStatement(
                    file, fileName: "batch.sta", bankAccountID: nil, profileID: nil, viewer: accountant,
                    writes: writes, linesPerBatch: 40)
                #expect(again.statements.map(\.lineCount) == [0], "\(writes)")
                #expect(again.statements.map(\.duplicateCount) == [130], "\(writes)")
                #expect(again.autoMatched == 0, "\(writes)")
                let after = try await Self.importedRows(database)
                for table in ["bank_statement_lines", "payments", "payment_allocations", "journal_lines"] {
                    #expect(after[table] == before[table], "\(writes) \(table)")
                }
                return (before, first.autoMatched)
            }
            rows[writes] = written
            matched[writes] = count
        }
        #expect((matched[.batched] ?? 0) > 20)
        #expect(matched[.batched] == matched[.oneByOne])
        let batched = try #require(rows[.batched])
        let oneByOne = try #require(rows[.oneByOne])
        #expect(batched.keys.sorted() == oneByOne.keys.sorted())
        for (table, expected) in oneByOne.sorted(by: { $0.key < $1.key }) {
            #expect(!expected.isEmpty, "\(table): nothing written")
            #expect(batched[table] == expected, "\(table)")
        }
    }

    /// Two sure lines are confirmed in one batch after another payment settled the first one's invoice: that line
    /// stays in the review queue (named in a warning), the other becomes its payment, and nothing is allocated
    /// twice.
    @Test(arguments: TestEngine.available)
    func aSureLineWhoseInvoiceWasSettledMeanwhileWaits(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let tala = world.manager1Accounts[0]
            let first = try await PaymentServiceTests.invoice(world, account: tala, net: "100000")
            let second = try await PaymentServiceTests.invoice(world, account: tala, net: "50000")
            _ = try await StatementMatchingTests.bankAccount(world)
            let day = try #require(CalendarDate(iso8601: "2026-06-01"))
            // Amounts without a reference: the matcher only proposes them, so both wait in the queue.
            _ = try await StatementMatchingTests.importing(
                world,
                [
                    .init(amount: "112000.00", reference: "R-1", text: "Payment"),
                    .init(amount: "56000.00", reference: "R-2", text: "Payment"),
                ], on: day)
            let one = try await StatementMatchingTests.line(world, reference: "R-1")
            let two = try await StatementMatchingTests.line(world, reference: "R-2")
            #expect([one.status, two.status] == [.unmatched, .unmatched])
            let sure = [
                PaymentService.SureMatch(
                    line: one, customerID: tala.id.description,
                    allocations: [AllocationDraft(invoiceID: first.id.description, amount: "112000", withholdings: [])],
                    score: 95),
                PaymentService.SureMatch(
                    line: two, customerID: tala.id.description,
                    allocations: [AllocationDraft(invoiceID: second.id.description, amount: "56000", withholdings: [])],
                    score: 95),
            ]
            // Another payment settles the first invoice after the matcher decided.
            let other = try await payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: "2026-06-01", amount: "112000", currency: "PHP",
                    method: "cash", reference: "OR-1",
                    allocations: [AllocationDraft(invoiceID: first.id.description, amount: "112000", withholdings: [])]),
                viewer: viewer)
            let services = world.services
            let outcome = try await services.database.transaction { db in
                try await PaymentService.confirmAll(
                    sure, viewer: viewer, db: db, clock: services.clock, audit: AuditWriter(clock: services.clock))
            }
            #expect(outcome.matched == 1)
            #expect(outcome.warnings.count == 1)
            #expect(outcome.warnings.first?.contains("R-1") == true)
            #expect(try await StatementMatchingTests.line(world, reference: "R-1").status == .unmatched)
            let matched = try await StatementMatchingTests.line(world, reference: "R-2")
            #expect(matched.status == .matched)
            let paymentID = try #require(matched.paymentID)
            let detail = try await payments.payment(paymentID, viewer: viewer)
            #expect(detail.allocations.map(\.invoiceID) == [second.id])
            #expect(detail.payment.amount == (try PaymentServiceTests.php("56000")))
            #expect(try await PaymentServiceTests.open(world, first).open == .zero(.php))
            #expect(try await PaymentServiceTests.open(world, second).open == .zero(.php))
            let listed = try await payments.list(viewer: viewer, accountID: tala.id, page: PageRequest(limit: 50))
            let recorded = Set(listed.items.map(\.payment.id.description))
            #expect(recorded == [other.payment.id.description, paymentID.description])
            try await StatementMatchingTests.expectReceivables(world, [first, second])
        }
    }
}
