import BentaCore
import Foundation
import Testing

/// The instalments an invoice is issued with, how settled money covers them oldest first, and the status facts that
/// hold at once (issue 12).
@Suite(.timeLimit(.minutes(20))) struct InstalmentScheduleTests {
    static let date = CalendarDate(iso8601: "2026-11-30")!

    static func php(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .php) }

    @Test func simpleTermsAreOneInstalmentOnTheDueDateForTheWholeTotal() throws {
        for terms in [PaymentTerms.net(days: 30), .dueOnReceipt, .endOfMonthPlus(days: 15)] {
            let parts = InstalmentSchedule.split(total: Self.php(112_000), terms: terms, invoiceDate: Self.date)
            #expect(
                parts == [
                    InvoiceInstalment(sequence: 1, dueDate: terms.dueDate(for: Self.date), amount: Self.php(112_000))
                ])
        }
    }

    @Test func halfAndHalfAtThirtyAndSixtyDays() throws {
        let terms = try #require(PaymentTerms.parse("inst_30:50,60:50"))
        let parts = InstalmentSchedule.split(total: Self.php(100_001), terms: terms, invoiceDate: Self.date)
        #expect(parts.map(\.sequence) == [1, 2])
        #expect(parts.map(\.dueDate.iso8601String) == ["2026-12-30", "2027-01-29"])
        // 500.005 each: the centavo left over goes to the first (largest remainder, lower index on a tie).
        #expect(parts.map(\.amount.minorUnits) == [50_001, 50_000])
        // The last date is the invoice's due date.
        #expect(parts.last?.dueDate == terms.dueDate(for: Self.date))
    }

    /// Every plan of 2…12 parts adds up to the total exactly, each part within one minor unit of total × percent,
    /// and the split is the one the invoice prints (`PaymentTerms.schedule`).
    @Test(arguments: 2...12)
    func everyPlanAddsUpToTheTotalExactly(count: Int) throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            // Percents with two decimals adding up to exactly 100.
            var hundredths = (0..<count).map { _ in Int.random(in: 1...500, using: &generator) }
            let sum = hundredths.reduce(0, +)
            hundredths = hundredths.map { max(1, $0 * 10_000 / sum) }
            hundredths[count - 1] += 10_000 - hundredths.reduce(0, +)
            guard hundredths[count - 1] > 0 else { continue }
            let plan = hundredths.enumerated().map { "\(($0.offset + 1) * 30):\(Decimal($0.element) / 100)" }
            let terms = try #require(PaymentTerms.parse("inst_" + plan.joined(separator: ",")), "\(plan)")
            let total = Self.php(Int64.random(in: 1...10_000_000_00, using: &generator))
            let parts = InstalmentSchedule.split(total: total, terms: terms, invoiceDate: Self.date)
            #expect(parts.count == count)
            #expect(parts.map(\.amount.minorUnits).reduce(0, +) == total.minorUnits)
            #expect(parts.map(\.sequence) == Array(1...count))
            guard case .instalments(let instalments) = terms else { continue }
            for (part, instalment) in zip(parts, instalments) {
                let exact = Decimal(total.minorUnits) * instalment.percent / 100
                let difference = Decimal(part.amount.minorUnits) - exact
                #expect(difference > -1 && difference < 1, "\(part.amount.minorUnits) vs \(exact)")
            }
            #expect(
                parts.map(\.amount) == terms.schedule(total: total, invoiceDate: Self.date).map(\.amount))
        }
    }

    @Test func thirdsRoundThroughTheRoundingModule() throws {
        let terms = try #require(PaymentTerms.parse("inst_30:33.33,60:33.33,90:33.34"))
        let parts = InstalmentSchedule.split(total: Self.php(100_001), terms: terms, invoiceDate: Self.date)
        #expect(parts.map(\.amount.minorUnits) == [33_330, 33_330, 33_341])
        #expect(
            parts.map(\.amount)
                == Rounding.allocate(
                    Self.php(100_001),
                    weights: [Decimal(string: "33.33")!, Decimal(string: "33.33")!, Decimal(string: "33.34")!]))
    }

    @Test func settledMoneyCoversTheOldestInstalmentFirst() {
        let parts = [
            InvoiceInstalment(sequence: 1, dueDate: Self.date, amount: Self.php(5_000)),
            InvoiceInstalment(sequence: 2, dueDate: Self.date.adding(days: 30), amount: Self.php(3_000)),
            InvoiceInstalment(sequence: 3, dueDate: Self.date.adding(days: 60), amount: Self.php(2_000)),
        ]
        #expect(InstalmentSchedule.openParts(of: parts, settled: 0) == [5_000, 3_000, 2_000])
        #expect(InstalmentSchedule.openParts(of: parts, settled: 4_000) == [1_000, 3_000, 2_000])
        #expect(InstalmentSchedule.openParts(of: parts, settled: 5_000) == [0, 3_000, 2_000])
        #expect(InstalmentSchedule.openParts(of: parts, settled: 6_500) == [0, 1_500, 2_000])
        #expect(InstalmentSchedule.openParts(of: parts, settled: 10_000) == [0, 0, 0])
        // Never in a consistent ledger, but the parts still add up to what is open.
        #expect(InstalmentSchedule.openParts(of: parts, settled: 10_500) == [0, 0, -500])
        #expect(InstalmentSchedule.openParts(of: parts, settled: -100) == [5_100, 3_000, 2_000])
        #expect(InstalmentSchedule.nextOpenDueDate(of: parts, settled: 0) == Self.date)
        #expect(InstalmentSchedule.nextOpenDueDate(of: parts, settled: 5_000) == Self.date.adding(days: 30))
        #expect(InstalmentSchedule.nextOpenDueDate(of: parts, settled: 9_999) == Self.date.adding(days: 60))
        #expect(InstalmentSchedule.nextOpenDueDate(of: parts, settled: 10_000) == nil)
        for settled in stride(from: Int64(-200), through: 10_200, by: 7) {
            #expect(InstalmentSchedule.openParts(of: parts, settled: settled).reduce(0, +) == 10_000 - settled)
        }
    }

    static func issued(terms: PaymentTerms) -> Invoice {
        var invoice = InvoiceRulesTests.invoice()
        invoice.status = .issued
        invoice.issueDate = date
        invoice.fields.paymentTerms = terms
        invoice.dueDate = terms.dueDate(for: date)
        return invoice
    }

    static func balance(
        total: Int64 = 10_000, credited: Int64 = 0, paid: Int64 = 0, pending: Bool = false,
        instalments: [InvoiceInstalment] = []
    ) throws -> InvoiceBalance {
        try InvoiceBalance(
            total: php(total), credited: php(credited), paid: php(paid), withheld: php(pending ? 100 : 0),
            certificatePending: pending, instalments: instalments)
    }

    /// A part-paid invoice past its due date is both: overdue and partly paid (not only "overdue").
    @Test func aPartPaidOverdueInvoiceShowsBothFacts() throws {
        let invoice = Self.issued(terms: .net(days: 30))
        let late = Self.date.adding(days: 31)
        let balance = try Self.balance(paid: 4_000)
        #expect(balance.status(of: invoice, today: late) == .overdue)
        #expect(balance.flags(of: invoice, today: late) == [.overdue, .partiallyPaid])
        #expect(balance.flags(of: invoice, today: Self.date.adding(days: 30)) == [.partiallyPaid])
        #expect(try Self.balance().flags(of: invoice, today: late) == [.overdue])
        #expect(try Self.balance().flags(of: invoice, today: Self.date) == [])
        // Partly credited, with a 2307 pending, overdue: every fact, in order.
        #expect(
            try Self.balance(credited: 1_000, paid: 4_000, pending: true).flags(of: invoice, today: late)
                == [.overdue, .partiallyPaid, .credited, .withholdingPending])
        // Paid in full: neither overdue nor partly paid; the 2307 may still be pending.
        #expect(try Self.balance(paid: 10_000, pending: true).flags(of: invoice, today: late) == [.withholdingPending])
        // Fully credited: cancelled, no "credited" flag.
        #expect(try Self.balance(credited: 10_000).flags(of: invoice, today: late) == [])
        // A draft and a credit note carry none.
        var draft = invoice
        draft.status = .draft
        #expect(try Self.balance(paid: 4_000).flags(of: draft, today: late) == [])
        var note = invoice
        note.kind = .creditNote
        #expect(try Self.balance(paid: 4_000).flags(of: note, today: late) == [])
        #expect(InvoiceStatusFlag.allCases.sorted() == [.overdue, .partiallyPaid, .credited, .withholdingPending])
    }

    /// Overdue is decided by the oldest instalment still open, not by the invoice's last due date.
    @Test func anInstalmentInvoiceIsOverdueByItsOldestOpenInstalment() throws {
        let terms = try #require(PaymentTerms.parse("inst_30:50,60:50"))
        let invoice = Self.issued(terms: terms)
        let parts = InstalmentSchedule.split(total: Self.php(10_000), terms: terms, invoiceDate: Self.date)
        let day45 = Self.date.adding(days: 45)
        let unpaid = try Self.balance(instalments: parts)
        #expect(unpaid.flags(of: invoice, today: day45) == [.overdue])
        #expect(unpaid.status(of: invoice, today: day45) == .overdue)
        #expect(unpaid.nextDueDate(of: invoice) == Self.date.adding(days: 30))
        #expect(unpaid.instalmentOpenParts == [Self.php(5_000), Self.php(5_000)])
        // The first half paid: nothing is overdue on day 45, the invoice is partly paid.
        let halfPaid = try Self.balance(paid: 5_000, instalments: parts)
        #expect(halfPaid.flags(of: invoice, today: day45) == [.partiallyPaid])
        #expect(halfPaid.status(of: invoice, today: day45) == .partiallyPaid)
        #expect(halfPaid.instalmentOpenParts == [Self.php(0), Self.php(5_000)])
        // Without the instalments the invoice's own due date (day 60) decides: not overdue on day 45.
        #expect(try Self.balance().flags(of: invoice, today: day45) == [])
        // A credit note covers the oldest instalment first too.
        let credited = try Self.balance(credited: 6_000, instalments: parts)
        #expect(credited.flags(of: invoice, today: day45) == [.credited])
        #expect(credited.instalmentOpenParts == [Self.php(0), Self.php(4_000)])
    }
}
