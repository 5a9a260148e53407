import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// Payments, allocations net of withholding, reversals and the receivables ledger (issue 12), through the payment
/// service on both engines: DOMAIN.md §1's withholding table, the refusals that change nothing, and the ledger's
/// invariants over a random sequence of operations.
@Suite(.timeLimit(.minutes(20))) struct PaymentServiceTests {
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// A world without a legal profile (drafts with lines issue as they are).
    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        return world
    }

    /// An issued invoice of `net` + 12% VAT for `account`, by its owner.
    static func invoice(_ world: TestWorld, account: Account, net: String, owner: User? = nil) async throws -> Invoice {
        try await world.issuedInvoice(account: account, net: net, owner: owner)
    }

    static func payment(
        _ account: Account, amount: String, allocations: [AllocationDraft] = [], currency: String = ""
    ) -> PaymentDraft {
        PaymentDraft(
            accountID: account.id.description, receivedOn: "2026-12-01", amount: amount, currency: currency,
            method: "bank_transfer", reference: "BDO-778812", allocations: allocations)
    }

    static func open(_ world: TestWorld, _ invoice: Invoice) async throws -> InvoiceBalance {
        let balances = try await world.services.invoices.balances(of: [invoice])
        return try #require(balances[invoice.id])
    }

    static func ledger(_ world: TestWorld) async throws -> [LedgerAccount: Int64] {
        let balances = try await world.services.payments.ledgerBalances(viewer: world.accountant.viewer, asOf: nil)
        var result: [LedgerAccount: Int64] = [:]
        for balance in balances { result[balance.account, default: 0] += balance.balance.minorUnits }
        return result
    }

    /// ₱100,000 + ₱12,000 VAT to a top withholding agent buying services: ₱110,000 in cash settles it with a
    /// ₱2,000 EWT line computed from the customer's default; the ledger holds cash, creditable withholding and no
    /// receivable.
    @Test(arguments: TestEngine.available)
    func cashNetOfTwoPercentSettlesTheInvoice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            _ = try await payments.saveWithholdingProfile(
                .services, accountID: tala.id, viewer: world.accountant.viewer, expectedVersion: 0)
            let invoice = try await Self.invoice(world, account: tala, net: "100000")
            #expect(try await Self.open(world, invoice).open == Self.php("112000"))
            let detail = try await payments.record(
                Self.payment(
                    tala, amount: "110000",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "110000")]),
                viewer: world.accountant.viewer)
            #expect(detail.unallocated == .zero(.php))
            let allocation = try #require(detail.allocations.first)
            #expect(allocation.withholdings.map(\.amount) == [try Self.php("2000")])
            #expect(allocation.withholdings.first?.base == (try Self.php("100000")))
            #expect(allocation.withholdings.first?.taxCode == "WC160")
            let balance = try await Self.open(world, invoice)
            #expect(balance.open == .zero(.php))
            #expect(balance.withheld == (try Self.php("2000")))
            let ledger = try await Self.ledger(world)
            #expect(ledger[.receivables] == 0)
            #expect(ledger[.cash] == 11_000_000)
            #expect(ledger[.creditableWithholding] == 200_000)
            #expect(ledger[.sales] == -10_000_000)
            #expect(ledger[.outputTax] == -1_200_000)
            #expect(ledger[.customerCredit] == 0)
        }
    }

    /// A government buyer of goods keeps 5% VAT and 1% EWT of ₱100,000: ₱106,000 in cash settles ₱112,000, with two
    /// withholding lines (DOMAIN.md §1's last row).
    @Test(arguments: TestEngine.available)
    func governmentBuyerWithholdsVATAndEWT(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            _ = try await world.services.payments.saveWithholdingProfile(
                .governmentGoods, accountID: tala.id, viewer: world.accountant.viewer, expectedVersion: 0)
            let invoice = try await Self.invoice(world, account: tala, net: "100000")
            let detail = try await world.services.payments.record(
                Self.payment(
                    tala, amount: "106000",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "106000")]),
                viewer: world.accountant.viewer)
            let lines = try #require(detail.allocations.first).withholdings
            #expect(lines.map(\.kind) == [.vat, .expanded])
            #expect(lines.map(\.amount) == [try Self.php("5000"), try Self.php("1000")])
            #expect(try await Self.open(world, invoice).open == .zero(.php))
            let ledger = try await Self.ledger(world)
            #expect(ledger[.vatWithheld] == 500_000)
            #expect(ledger[.creditableWithholding] == 100_000)
            #expect(ledger[.receivables] == 0)
        }
    }

    /// Paying more than is open keeps the rest as the customer's credit (the invoice is paid, never below zero);
    /// a part payment leaves the rest open; reversing an allocation opens the invoice again, once.
    @Test(arguments: TestEngine.available)
    func overpaymentIsCreditAndReversalReopens(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            let first = try await Self.invoice(world, account: tala, net: "10000")
            let second = try await Self.invoice(world, account: tala, net: "5000")
            let detail = try await payments.record(
                Self.payment(
                    tala, amount: "15000",
                    allocations: [
                        AllocationDraft(invoiceID: first.id.description, amount: "11200"),
                        AllocationDraft(invoiceID: second.id.description, amount: "3000"),
                    ]), viewer: world.accountant.viewer)
            #expect(detail.unallocated == (try Self.php("800")))
            #expect(try await Self.open(world, first).open == .zero(.php))
            #expect(try await Self.open(world, second).open == (try Self.php("2600")))
            #expect(try await Self.ledger(world)[.customerCredit] == -80_000)
            // The credit is applied later.
            let applied = try await payments.allocate(
                [AllocationDraft(invoiceID: second.id.description, amount: "800")], paymentID: detail.payment.id,
                viewer: world.accountant.viewer)
            #expect(applied.unallocated == .zero(.php))
            #expect(try await Self.open(world, second).open == (try Self.php("1800")))
            // Undo the first allocation: the invoice is open again and the cash is credit again.
            let original = try #require(detail.allocations.first)
            let reversal = try await payments.reverse(original.id, viewer: world.accountant.viewer)
            #expect(reversal.reversesID == original.id)
            #expect(reversal.cash == (try Self.php("-11200")))
            #expect(try await Self.open(world, first).open == (try Self.php("11200")))
            let after = try await payments.payment(detail.payment.id, viewer: world.accountant.viewer)
            #expect(after.unallocated == (try Self.php("11200")))
            #expect(after.reversedIDs == [original.id])
            await #expect(throws: RecordError.self) {
                _ = try await payments.reverse(original.id, viewer: world.accountant.viewer)
            }
            await #expect(throws: RecordError.self) {
                _ = try await payments.reverse(reversal.id, viewer: world.accountant.viewer)
            }
        }
    }

    /// Each refused payment names its field and writes nothing: above the open amount, another customer's invoice,
    /// another currency, a draft, a manager recording money, a hidden customer.
    @Test(arguments: TestEngine.available)
    func refusedPaymentsChangeNothing(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let bituin = world.manager1Accounts[1]
            let payments = world.services.payments
            let invoice = try await Self.invoice(world, account: tala, net: "1000")
            let other = try await Self.invoice(world, account: bituin, net: "1000")
            func refused(_ draft: PaymentDraft, field: String, code: String) async throws {
                do {
                    _ = try await payments.record(draft, viewer: world.accountant.viewer)
                    Issue.record("\(code) was accepted")
                } catch let errors as ValidationErrors {
                    #expect(errors[field].map(\.code) == [code], "\(errors)")
                }
            }
            try await refused(
                Self.payment(
                    tala, amount: "2000",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1121", withholdings: [])]
                ), field: "allocations[0].amount", code: "exceeds_open_amount")
            try await refused(
                Self.payment(
                    tala, amount: "2000",
                    allocations: [AllocationDraft(invoiceID: other.id.description, amount: "100", withholdings: [])]),
                field: "allocations[0].invoice_id", code: "other_customer")
            var dollars = Self.payment(
                tala, amount: "2000", allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "10")],
                currency: "USD")
            dollars.exchangeRate = "57.25"
            try await refused(dollars, field: "allocations[0].invoice_id", code: "currency_mismatch")
            try await refused(
                Self.payment(
                    tala, amount: "100",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "200", withholdings: [])]),
                field: "allocations[0].amount", code: "exceeds_unallocated")
            try await refused(Self.payment(tala, amount: "-5"), field: "amount", code: "not_positive")
            try await refused(Self.payment(tala, amount: "1,000.00"), field: "amount", code: "invalid_amount")
            // Recording payments is a duty the standard settings give the accountant and the head, not managers.
            await #expect(throws: DutyError(duty: .recordPayments, role: .manager)) {
                _ = try await payments.record(Self.payment(tala, amount: "100"), viewer: world.manager1.viewer)
            }
            let dagat = world.manager2Accounts[0]
            let hidden = try await payments.record(Self.payment(dagat, amount: "100"), viewer: world.accountant.viewer)
            await #expect(throws: RecordError.notFound(entity: "payment")) {
                _ = try await payments.payment(hidden.payment.id, viewer: world.manager1.viewer)
            }
            let listed = try await payments.list(
                viewer: world.accountant.viewer, accountID: nil, page: PageRequest(limit: 50))
            #expect(listed.items.map(\.payment.id) == [hidden.payment.id])
            let mine = try await payments.list(
                viewer: world.manager1.viewer, accountID: nil, page: PageRequest(limit: 50))
            #expect(mine.items.isEmpty)
            #expect(try await Self.open(world, invoice).open == (try Self.php("1120")))
        }
    }

    /// A credit note counts in the aging from its own issue date: as of a day before it the invoice is open in full,
    /// as of its day and after only what it left open.
    @Test(arguments: TestEngine.available)
    func agingAsOfADateIgnoresLaterCreditNotes(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "10000")
            let issued = try #require(invoice.issueDate)
            world.clock.advance(by: 20 * 86_400)
            let note = try await world.services.invoices.creditNote(
                for: invoice.id, request: .amount(try Self.php("1120"), taxCategory: .vatable), reason: "Goodwill",
                viewer: world.manager1.viewer)
            let noted = try #require(note.issueDate)
            #expect(noted > issued.adding(days: 10))
            func total(_ asOf: CalendarDate) async throws -> Money? {
                try await world.services.payments.aging(
                    viewer: world.head.viewer, asOf: asOf, grouping: .customer, cursor: nil, limit: 50
                ).rows.first { $0.key == tala.id.description }?.total
            }
            #expect(try await total(noted.adding(days: -1)) == (try Self.php("11200")))
            #expect(try await total(noted) == (try Self.php("10080")))
            #expect(try await total(noted.adding(days: 30)) == (try Self.php("10080")))
        }
    }

    /// Aging as of past dates: an invoice sits in the bucket of its days past due on that date, a payment received
    /// after the date does not count, and the buckets sum exactly to what is open; a manager sees only their
    /// customers.
    @Test(arguments: TestEngine.available)
    func agingAsOfADateIgnoresLaterPayments(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let dagat = world.manager2Accounts[0]
            let payments = world.services.payments
            let first = try await Self.invoice(world, account: tala, net: "10000")
            let second = try await Self.invoice(world, account: tala, net: "5000")
            _ = try await Self.invoice(world, account: dagat, net: "1000", owner: world.manager2)
            let due = try #require(first.dueDate)
            let issued = try #require(first.issueDate)
            // Paid in part 45 days after the due date.
            var draft = Self.payment(
                tala, amount: "5000", allocations: [AllocationDraft(invoiceID: first.id.description, amount: "5000")])
            draft.receivedOn = due.adding(days: 45).iso8601String
            _ = try await payments.record(draft, viewer: world.accountant.viewer)
            func aging(_ asOf: CalendarDate, _ viewer: Viewer, _ grouping: AgingGrouping) async throws -> [AgingRow] {
                try await payments.aging(viewer: viewer, asOf: asOf, grouping: grouping, cursor: nil, limit: 50).rows
            }
            // Before the invoices existed: nothing.
            #expect(try await aging(issued.adding(days: -1), world.head.viewer, .currency).isEmpty)
            // Ten days late, before the payment: both invoices in 1–30, in full.
            let late = try await aging(due.adding(days: 10), world.head.viewer, .customer)
            let talaRow = try #require(late.first { $0.key == tala.id.description })
            #expect(talaRow.amounts.map(\.minorUnits) == [0, 1_680_000, 0, 0, 0])
            #expect(talaRow.invoiceCount == 2)
            // Forty days late, still before the payment: 31–60.
            let later = try await aging(due.adding(days: 40), world.head.viewer, .currency)
            #expect(later.map(\.total) == [try Self.php("17920")])
            #expect(later.first?.amounts[2] == (try Self.php("17920")))
            // After the payment: the first invoice's rest and the second.
            let after = try await aging(due.adding(days: 50), world.head.viewer, .customer)
            let talaAfter = try #require(after.first { $0.key == tala.id.description })
            #expect(talaAfter.total == (try Self.php("11800")))
            #expect(talaAfter.amounts[2] == (try Self.php("11800")))
            // The manager's report holds only their customers; by manager, one row each.
            let mine = try await aging(due.adding(days: 50), world.manager1.viewer, .customer)
            #expect(mine.map(\.key) == [tala.id.description])
            let byManager = try await aging(due.adding(days: 50), world.head.viewer, .manager)
            #expect(Set(byManager.map(\.key)) == [world.manager1.id.description, world.manager2.id.description])
            _ = second
        }
    }

    /// A seeded random sequence of invoices, credit notes, payments, allocations and reversals keeps the ledger's
    /// invariants after every step: every entry balances; each customer's receivable in the ledger equals the sum
    /// of their invoices' open amounts; each open amount is the total − credit notes − the cash and withholding of
    /// the payments' allocations (reversals included) and never negative; no payment is allocated beyond its
    /// amount; every row posted before (payments, allocations, withholding lines, journal entries and lines) is
    /// still there, unchanged.
    @Test(arguments: TestEngine.available)
    func ledgerInvariantsHoldOverRandomOperations(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let accounts = Array(world.manager1Accounts.prefix(2))
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            _ = try await payments.saveWithholdingProfile(
                .goods, accountID: accounts[0].id, viewer: viewer, expectedVersion: 0)
            var random = SeededGenerator(seed: 20_261_206)
            var invoices: [Invoice] = []
            var paymentIDs: [Payment.ID] = []
            var posted = try await Self.postedRows(database)
            for _ in 0..<36 {
                let account = accounts[Int.random(in: 0..<accounts.count, using: &random)]
                switch Int.random(in: 0..<10, using: &random) {
                case 0...2:
                    invoices.append(
                        try await Self.invoice(
                            world, account: account, net: "\(Int.random(in: 1...500, using: &random) * 100)"))
                case 3:
                    guard let invoice = invoices.randomElement(using: &random) else { continue }
                    let open = try await Self.open(world, invoice).open
                    guard open.isPositive else { continue }
                    _ = try? await world.services.invoices.creditNote(
                        for: invoice.id,
                        request: .amount(
                            Money(minorUnits: open.minorUnits / 2 + 1, currency: .php), taxCategory: .vatable),
                        reason: "Price correction", viewer: world.manager1.viewer)
                case 4...6:
                    let mine = invoices.filter { $0.accountID == account.id }
                    var allocations: [AllocationDraft] = []
                    for invoice in mine.shuffled(using: &random).prefix(2) {
                        let open = try await Self.open(world, invoice).open
                        guard open.isPositive else { continue }
                        let cash = Money(
                            minorUnits: Int64.random(in: 1...open.minorUnits, using: &random), currency: .php)
                        allocations.append(
                            AllocationDraft(invoiceID: invoice.id.description, amount: cash.decimalString))
                    }
                    let amount = Int64.random(in: 1...20_000_000, using: &random)
                    if let detail = try? await payments.record(
                        Self.payment(
                            account, amount: Money(minorUnits: amount, currency: .php).decimalString,
                            allocations: allocations), viewer: viewer)
                    {
                        paymentIDs.append(detail.payment.id)
                    }
                case 7...8:
                    guard let id = paymentIDs.randomElement(using: &random),
                        let invoice = invoices.randomElement(using: &random)
                    else { continue }
                    _ = try? await payments.allocate(
                        [AllocationDraft(invoiceID: invoice.id.description, amount: "1")], paymentID: id, viewer: viewer
                    )
                default:
                    guard let id = paymentIDs.randomElement(using: &random) else { continue }
                    let detail = try await payments.payment(id, viewer: viewer)
                    if let live = detail.allocations.first(where: {
                        $0.reversesID == nil && !detail.reversedIDs.contains($0.id)
                    }) {
                        _ = try await payments.reverse(live.id, viewer: viewer)
                    }
                }
                try await Self.checkInvariants(world, invoices: invoices, payments: paymentIDs)
                let now = try await Self.postedRows(database)
                for (table, rows) in posted {
                    #expect(rows.isSubset(of: now[table] ?? []), "\(table): a posted row changed or disappeared")
                }
                posted = now
            }
            #expect(posted.values.allSatisfy { !$0.isEmpty })
            #expect(invoices.count >= 5)
            #expect(paymentIDs.count >= 3)
        }
    }

    static func checkInvariants(_ world: TestWorld, invoices: [Invoice], payments: [Payment.ID]) async throws {
        let viewer = world.accountant.viewer
        let balances = try await world.services.invoices.balances(of: invoices)
        var openByCustomer: [Account.ID: Int64] = [:]
        for invoice in invoices {
            let open = try #require(balances[invoice.id]).open
            #expect(open.minorUnits >= 0)
            openByCustomer[invoice.accountID, default: 0] += open.minorUnits
        }
        let ledger = try await world.services.payments.receivablesByCustomer(viewer: viewer)
        for (customer, open) in openByCustomer {
            #expect(ledger[customer] ?? 0 == open, "customer \(customer)")
        }
        #expect(try await world.services.payments.unbalancedEntries(viewer: viewer).isEmpty)
        let total = try await Self.ledger(world).values.reduce(0, +)
        #expect(total == 0)
        // Cash + withholding settled on each invoice, from the payments' own allocations (reversals negative).
        var settled: [Invoice.ID: Int64] = [:]
        for id in payments {
            let detail = try await world.services.payments.payment(id, viewer: viewer)
            #expect(detail.unallocated.minorUnits >= 0)
            #expect(detail.unallocated.minorUnits <= detail.payment.amount.minorUnits)
            for allocation in detail.allocations {
                settled[allocation.invoiceID, default: 0] +=
                    allocation.cash.minorUnits + allocation.withheld.minorUnits
            }
        }
        for invoice in invoices {
            let balance = try #require(balances[invoice.id])
            #expect(
                balance.open.minorUnits
                    == balance.total.minorUnits - balance.credited.minorUnits - (settled[invoice.id] ?? 0),
                "invoice \(invoice.number ?? "")")
        }
    }

    /// Every row of the append-only money tables, each as the text of all its columns.
    static func postedRows(_ database: any AppDatabase) async throws -> [String: Set<String>] {
        try await database.read { db in
            var result: [String: Set<String>] = [:]
            let tables = [
                "payments", "payment_allocations", "allocation_withholdings", "journal_entries", "journal_lines",
            ]
            for table in tables {
                let columns = try await BankStatementBatchTests.columns(of: table, on: db)
                let select = columns.map { "COALESCE(CAST(\($0) AS TEXT), '∅') AS \($0)" }.joined(separator: ", ")
                var rows = Set<String>()
                for row in try await db.raw(SQLQueryString("SELECT \(select) FROM \(table)")).all() {
                    rows.insert(try columns.map { try row.decode(column: $0, as: String.self) }.joined(separator: "|"))
                }
                result[table] = rows
            }
            return result
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
