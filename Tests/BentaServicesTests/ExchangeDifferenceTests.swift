import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Exchange differences (issue 12, DOMAIN.md §2 "Multi-currency") on both engines: a USD invoice of a PHP company is
/// booked in the ledger at its rate as well, a USD payment keeps the rate it was converted at, and each allocation
/// clears the receivable at the invoice's rate with the difference on the exchange-difference account, in the
/// allocation's own entry; a reversal undoes it. Document-currency figures (open amounts, aging, the receivables
/// ledger per currency) do not change.
@Suite(.timeLimit(.minutes(20))) struct ExchangeDifferenceTests {
    static func usd(_ text: String) throws -> Money { try Money(decimalString: text, currency: .usd) }
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// An issued invoice of `net` + 12% VAT in `currency` at `rate` (rate date 2026-11-27).
    static func invoice(
        _ world: TestWorld, account: Account, net: String, currency: String = "USD", rate: String = "56.00"
    ) async throws -> Invoice {
        try await world.issuedInvoice(
            account: account, net: net, currency: currency == "PHP" ? nil : currency, rate: rate)
    }

    static func payment(
        _ account: Account, amount: String, currency: String = "USD", rate: String = "",
        allocations: [AllocationDraft] = []
    ) -> PaymentDraft {
        PaymentDraft(
            accountID: account.id.description, receivedOn: "2026-12-01", amount: amount, currency: currency,
            method: "bank_transfer", reference: "BPI-USD-0042", allocations: allocations, exchangeRate: rate)
    }

    /// The ledger's base-currency balance per account (minor units of PHP).
    static func inBase(_ world: TestWorld) async throws -> [LedgerAccount: Int64] {
        let balances = try await world.services.payments.ledgerBaseBalances(
            viewer: world.accountant.viewer, asOf: nil)
        var result: [LedgerAccount: Int64] = [:]
        for balance in balances {
            #expect(balance.balance.currency == .php)
            result[balance.account, default: 0] += balance.balance.minorUnits
        }
        return result
    }

    /// The outcome of paying the US$1,120 invoice booked at 56.00 in full with US$1,120 at 57.25, however the payment
    /// was made (recorded by hand or confirmed from a statement line): the invoice is paid, nothing is left on
    /// receivables or customer credit in pesos, ₱64,120.00 is cash and the allocation's own entry holds the
    /// difference — zero in dollars, −₱1,400.00 in pesos.
    static func expectPaidInFullAt5725(
        _ detail: PaymentDetail, invoice: Invoice, world: TestWorld, database: any AppDatabase
    ) async throws {
        #expect(detail.payment.exchangeRate == Decimal(string: "57.25"))
        #expect(detail.unallocated == .zero(.usd))
        #expect(try await PaymentServiceTests.open(world, invoice).open == .zero(.usd))
        let base = try await Self.inBase(world)
        #expect(base[.exchangeDifference] == -140_000)
        #expect(base[.receivables] == 0)
        #expect(base[.customerCredit] == 0)
        #expect(base[.cash] == 6_412_000)
        let allocation = try #require(detail.allocations.first)
        let lines = try await database.read { db in
            try await LedgerStore(db).lines(entryID: allocation.id.description, companyID: world.company.id)
        }
        #expect(
            lines.map { [$0.account.rawValue, $0.amount.decimalString, $0.base?.decimalString ?? "-"] } == [
                ["customer_credit", "1120.00", "64120.00"], ["receivables", "-1120.00", "-62720.00"],
                ["exchange_difference", "0.00", "-1400.00"],
            ])
    }

    /// The document-currency invariants still hold: every entry balances (per currency and in the base currency),
    /// each customer's open amounts add up to their receivable in the ledger.
    static func checkInvariants(_ world: TestWorld, _ invoices: [Invoice]) async throws {
        let viewer = world.accountant.viewer
        #expect(try await world.services.payments.unbalancedEntries(viewer: viewer).isEmpty)
        let balances = try await world.services.invoices.balances(of: invoices)
        var open: [Account.ID: Int64] = [:]
        for invoice in invoices {
            open[invoice.accountID, default: 0] += try #require(balances[invoice.id]).open.minorUnits
        }
        let ledger = try await world.services.payments.receivablesByCustomer(viewer: viewer)
        for (customer, amount) in open { #expect(ledger[customer] ?? 0 == amount) }
        #expect(try await Self.inBase(world).values.reduce(0, +) == 0)
    }

    /// US$1,000 + US$120 VAT booked at 56.00 (₱62,720.00), paid in full with US$1,120 converted at 57.25
    /// (₱64,120.00): the receivable is cleared at ₱62,720.00 and ₱1,400.00 is a gain (a credit) on the exchange
    /// difference; the invoice is paid and nothing is left on receivables or customer credit in either currency.
    @Test(arguments: TestEngine.available)
    func paidInFullAtAHigherRatePostsTheGain(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "1000")
            #expect(
                try await Self.inBase(world) == [.receivables: 6_272_000, .sales: -5_600_000, .outputTax: -672_000])
            let detail = try await world.services.payments.record(
                Self.payment(
                    tala, amount: "1120", rate: "57.25",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120")]),
                viewer: world.accountant.viewer)
            try await Self.expectPaidInFullAt5725(detail, invoice: invoice, world: world, database: database)
            // Per currency in the document currency the ledger is what it was without rates.
            let usd = try await world.services.payments.ledgerBalances(viewer: world.accountant.viewer, asOf: nil)
                .filter { $0.balance.currency == .usd }
            #expect(usd.first { $0.account == .receivables }?.balance == .zero(.usd))
            #expect(usd.first { $0.account == .cash }?.balance == (try Self.usd("1120")))
            try await Self.checkInvariants(world, [invoice])
        }
    }

    /// A payment converted at 55.50 (a loss) applied in two halves: each half clears ₱31,360.00 of the receivable
    /// against ₱31,080.00 of credit (a ₱280.00 loss each); reversing the second half, then the first, takes each
    /// loss back, the receivable returns to ₱62,720.00 and the payment's credit to ₱62,160.00. Aging per currency
    /// sees only dollars, as before.
    @Test(arguments: TestEngine.available)
    func partialAllocationsAndReversalsUndoTheDifference(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            let invoice = try await Self.invoice(world, account: tala, net: "1000")
            let peso = try await PaymentServiceTests.invoice(world, account: tala, net: "1000")
            let detail = try await payments.record(
                Self.payment(
                    tala, amount: "1120", rate: "55.50",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "560")]),
                viewer: world.accountant.viewer)
            #expect(try await PaymentServiceTests.open(world, invoice).open == (try Self.usd("560")))
            var base = try await Self.inBase(world)
            #expect(base[.exchangeDifference] == 28_000)
            #expect(base[.receivables] == 3_136_000)
            #expect(base[.customerCredit] == -3_108_000)
            try await Self.checkInvariants(world, [invoice, peso])
            let aging = try await payments.aging(
                viewer: world.accountant.viewer, asOf: CalendarDate(iso8601: "2026-12-01")!, grouping: .currency,
                cursor: nil, limit: 50
            ).rows
            #expect(aging.first { $0.currency == .usd }?.total == (try Self.usd("560")))
            #expect(aging.first { $0.currency == .php }?.total == (try Self.php("1120")))

            let second = try await payments.allocate(
                [AllocationDraft(invoiceID: invoice.id.description, amount: "560")], paymentID: detail.payment.id,
                viewer: world.accountant.viewer)
            #expect(second.unallocated == .zero(.usd))
            base = try await Self.inBase(world)
            #expect(base[.exchangeDifference] == 56_000)
            #expect(base[.receivables] == 0)
            #expect(base[.customerCredit] == 0)
            try await Self.checkInvariants(world, [invoice, peso])

            let live = second.allocations.filter { $0.reversesID == nil }
            #expect(live.count == 2)
            _ = try await payments.reverse(live[1].id, viewer: world.accountant.viewer)
            base = try await Self.inBase(world)
            #expect(base[.exchangeDifference] == 28_000)
            #expect(base[.receivables] == 3_136_000)
            _ = try await payments.reverse(live[0].id, viewer: world.accountant.viewer)
            base = try await Self.inBase(world)
            #expect(base[.exchangeDifference] == 0)
            #expect(base[.receivables] == 6_272_000)
            #expect(base[.customerCredit] == -6_216_000)
            #expect(try await PaymentServiceTests.open(world, invoice).open == (try Self.usd("1120")))
            try await Self.checkInvariants(world, [invoice, peso])
        }
    }

    /// At an odd rate (56.1234) and the same rate on the payment, three parts whose values each round on their
    /// own leave neither a receivable nor a difference once the invoice is settled: the last part clears what is
    /// left in pesos.
    @Test(arguments: TestEngine.available)
    func partsAtTheBookedRateLeaveNoResidue(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "1000.01", rate: "56.1234")
            // 1,000.01 × 56.1234 = 56,123.96; VAT 120.00 × 56.1234 = 6,734.81.
            #expect(try await Self.inBase(world)[.receivables] == 6_285_877)
            _ = try await world.services.payments.record(
                Self.payment(
                    tala, amount: "1120.01", rate: "56.1234",
                    allocations: ["373.33", "373.33", "373.35"].map {
                        AllocationDraft(invoiceID: invoice.id.description, amount: $0)
                    }), viewer: world.accountant.viewer)
            let base = try await Self.inBase(world)
            #expect(base[.receivables] == 0)
            #expect(base[.customerCredit] == 0)
            #expect(base[.exchangeDifference] ?? 0 == 0)
            try await Self.checkInvariants(world, [invoice])
        }
    }

    /// A peso invoice paid in pesos is posted as before: no line carries a base value, nothing is on the exchange
    /// difference; a rate sent with a peso payment is dropped.
    @Test(arguments: TestEngine.available)
    func pesoDocumentsAreUnaffected(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await PaymentServiceTests.invoice(world, account: tala, net: "1000")
            let detail = try await world.services.payments.record(
                Self.payment(
                    tala, amount: "1120", currency: "PHP", rate: "57.25",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120")]),
                viewer: world.accountant.viewer)
            #expect(detail.payment.exchangeRate == nil)
            let allocation = try #require(detail.allocations.first)
            let lines = try await database.read { db in
                try await LedgerStore(db).lines(entryID: allocation.id.description, companyID: world.company.id)
            }
            #expect(lines.map(\.account) == [.customerCredit, .receivables])
            #expect(lines.allSatisfy { $0.base == nil })
            #expect(try await Self.inBase(world).isEmpty)
            try await Self.checkInvariants(world, [invoice])
        }
    }

    /// A dollar payment a person records needs its rate (`exchange_rate`), and nothing is written without it.
    @Test(arguments: TestEngine.available)
    func aForeignPaymentWithoutItsRateIsRefused(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "1000")
            for (rate, code) in [
                ("", "required_for_foreign_currency"), ("-1", "invalid_number"), ("abc", "invalid_number"),
            ] {
                do {
                    _ = try await world.services.payments.record(
                        Self.payment(
                            tala, amount: "1120", rate: rate,
                            allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "1120")]),
                        viewer: world.accountant.viewer)
                    Issue.record("a payment without a usable rate was recorded")
                } catch let errors as ValidationErrors {
                    #expect(errors["exchange_rate"].map(\.code) == [code])
                }
            }
            let listed = try await world.services.payments.list(
                viewer: world.accountant.viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(listed.items.isEmpty)
            #expect(try await Self.inBase(world)[.cash] == nil)
        }
    }
}
