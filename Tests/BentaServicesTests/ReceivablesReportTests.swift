import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// The receivables reports (issue 12) on both engines, each against figures worked by hand: a customer's statement
/// of account (opening and closing balances, a payment after the period not counted, the open invoices), DOMAIN.md
/// §3's DSO and CEI example built from real invoices and payments, and the quarterly list of invoices unpaid past
/// their term (RR 3-2024).
@Suite(.timeLimit(.minutes(20))) struct ReceivablesReportTests {
    static func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }

    /// A world without a legal profile; the test clock starts on 2026-11-30 (Manila).
    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        return world
    }

    /// Moves the test clock to `text` (the company's date).
    static func move(_ world: TestWorld, to text: String) async throws {
        let today = try await world.services.invoices.today(companyID: world.company.id)
        world.clock.advance(by: TimeInterval(today.days(until: try date(text))) * 86_400)
        #expect(try await world.services.invoices.today(companyID: world.company.id) == (try date(text)))
    }

    /// An invoice issued today by the account's manager: one line of `price` (VAT-inclusive when `inclusive`), net
    /// 30 days.
    static func invoice(
        _ world: TestWorld, _ account: Account, price: String, inclusive: Bool = false, category: String = "vatable",
        owner: User? = nil
    ) async throws -> Invoice {
        let owner = owner ?? world.manager1
        var line = LineDraft()
        line.description = "Office supplies"
        line.quantity = "1"
        line.unitPrice = price
        line.taxCategory = category
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = inclusive
        draft.paymentTerms = "net_30"
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        return try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    @discardableResult
    static func pay(
        _ world: TestWorld, _ account: Account, on day: String, amount: String,
        to invoices: [(Invoice, String, [WithholdingDraft])] = []
    ) async throws -> PaymentDetail {
        try await world.services.payments.record(
            PaymentDraft(
                accountID: account.id.description, receivedOn: day, amount: amount, currency: "",
                method: "bank_transfer",
                reference: "REF-\(day)",
                allocations: invoices.map {
                    AllocationDraft(invoiceID: $0.0.id.description, amount: $0.1, withholdings: $0.2)
                }), viewer: world.accountant.viewer)
    }

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    /// Worked by hand for Tala, period 2026-12-10…2026-12-31:
    /// before it, invoice A ₱11,200 (30 Nov, due 30 Dec) and ₱5,000 paid on it (5 Dec) → opening ₱6,200.
    /// In it: invoice B ₱5,600 (12 Dec) → 11,800; ₱2,900 received (20 Dec) → 8,900, applied to B with ₱100 EWT →
    /// 8,800; ₱800 received and not applied (28 Dec) → 8,000 = closing, with ₱800 unapplied credit. After it: ₱1,000
    /// received on 5 Jan, not counted. Open on 31 Dec: A ₱6,200 (1 day late), B ₱2,600 (not due) = 8,000 + 800.
    @Test(arguments: TestEngine.available)
    func statementOfAccountRunsTheBalanceFromTheLedger(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let a = try await Self.invoice(world, tala, price: "10000")
            try await Self.pay(world, tala, on: "2026-12-05", amount: "5000", to: [(a, "5000", [])])
            try await Self.move(world, to: "2026-12-12")
            let b = try await Self.invoice(world, tala, price: "5000")
            try await Self.pay(
                world, tala, on: "2026-12-20", amount: "2900",
                to: [(b, "2900", [WithholdingDraft(kind: "ewt", taxCode: "WC160", ratePercent: "2", base: "5000")])])
            try await Self.pay(world, tala, on: "2026-12-28", amount: "800")
            try await Self.pay(world, tala, on: "2027-01-05", amount: "1000")
            // Another customer's money does not appear.
            _ = try await Self.invoice(world, world.manager1Accounts[1], price: "999")

            let reports = world.services.receivables
            let statement = try await reports.statement(
                accountID: tala.id, from: try Self.date("2026-12-10"), to: try Self.date("2026-12-31"), currency: nil,
                viewer: world.manager1.viewer)
            #expect(statement.opening == (try Self.php("6200")))
            #expect(statement.lines.map(\.kind) == [.invoice, .payment, .allocation, .payment])
            #expect(
                statement.lines.map(\.amount)
                    == [try Self.php("5600"), try Self.php("-2900"), try Self.php("-100"), try Self.php("-800")])
            #expect(
                statement.lines.map(\.balance)
                    == [try Self.php("11800"), try Self.php("8900"), try Self.php("8800"), try Self.php("8000")])
            #expect(statement.lines[0].reference == b.number)
            #expect(
                try statement.lines[2].invoiceNumber == b.number && statement.lines[2].applied == (try Self.php("3000"))
            )
            #expect(statement.lines[1].reference == "REF-2026-12-20")
            #expect(statement.closing == (try Self.php("8000")))
            #expect(statement.unappliedCredit == (try Self.php("800")))
            #expect(statement.openInvoices.map(\.number) == [a.number ?? "", b.number ?? ""])
            #expect(statement.openInvoices.map(\.open) == [try Self.php("6200"), try Self.php("2600")])
            #expect(statement.openInvoices.map(\.bucketLabelKey) == ["aging.1_30", "aging.not_due"])
            #expect(statement.openInvoices.map(\.daysPastDue) == [1, -11])
            #expect(statement.openTotal == (try statement.closing + statement.unappliedCredit))

            // Through 5 January the later payment counts: 8,000 − 1,000.
            let later = try await reports.statement(
                accountID: tala.id, from: try Self.date("2026-12-10"), to: try Self.date("2027-01-05"), currency: nil,
                viewer: world.head.viewer)
            #expect(later.closing == (try Self.php("7000")))
            // The PDF reads back.
            if let text = try await Poppler.text(of: reports.statementPDF(statement)) {
                #expect(text.contains("STATEMENT OF ACCOUNT"))
                #expect(text.contains("Tala Foods Corp."))
                #expect(text.contains("6,200.00") && text.contains("8,000.00") && text.contains("11,800.00"))
                #expect(text.contains(b.number ?? "?") && text.contains("1-30 days past due"))
            }

            // Another manager's customer is not found; bounds are refused.
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await reports.statement(
                    accountID: tala.id, from: nil, to: nil, currency: nil, viewer: world.manager2.viewer)
            }
            let tooLong = await #expect(throws: ValidationErrors.self) {
                _ = try await reports.statement(
                    accountID: tala.id, from: try Self.date("2025-01-01"), to: try Self.date("2026-12-31"),
                    currency: nil, viewer: world.head.viewer)
            }
            #expect(tooLong?.errors.map(\.code) == ["period_too_long"])
            // The default period is the 90 days up to today (12 Dec).
            let recent = try await reports.statement(
                accountID: tala.id, from: nil, to: nil, currency: nil, viewer: world.manager1.viewer)
            #expect(try recent.from == (try Self.date("2026-09-14")) && recent.to == (try Self.date("2026-12-12")))
            #expect(recent.opening == .zero(.php) && recent.lines.first?.kind == .invoice)
        }
    }

    /// DOMAIN.md §3 from real invoices (VAT-inclusive prices, so totals are exact), 2026-12-01…2027-02-28 (90 days):
    /// A ₱2.8M issued on 30 Nov (beginning AR), B ₱6.9M and C ₱2.1M issued in the period (credit sales ₱9.0M);
    /// ₱1.9M paid on A and B paid in full → ending AR ₱0.9M (A, overdue) + ₱2.1M (C, due 22 Mar) = ₱3.0M, current
    /// ₱2.1M. DSO 3.0/9.0 × 90 = 30.0, best 21.0, delinquent 9.0; CEI over 3 months (2.8 + 3.0 − 3.0) / (2.8 + 3.0 −
    /// 2.1) = 75.7%.
    @Test(arguments: TestEngine.available)
    func dsoAndCEIReproduceTheDomainExample(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let a = try await Self.invoice(world, tala, price: "2800000", inclusive: true)
            try await Self.move(world, to: "2026-12-05")
            let b = try await Self.invoice(world, tala, price: "6900000", inclusive: true)
            try await Self.move(world, to: "2027-02-20")
            _ = try await Self.invoice(world, tala, price: "2100000", inclusive: true)
            try await Self.pay(world, tala, on: "2027-01-10", amount: "1900000", to: [(a, "1900000", [])])
            try await Self.pay(world, tala, on: "2027-01-15", amount: "6900000", to: [(b, "6900000", [])])
            // After the period: not counted.
            try await Self.pay(world, tala, on: "2027-03-02", amount: "900000", to: [(a, "900000", [])])

            let reports = world.services.receivables
            let (from, to) = (try Self.date("2026-12-01"), try Self.date("2027-02-28"))
            for viewer in [world.head.viewer, world.manager1.viewer] {
                let m = try await reports.metrics(from: from, to: to, currency: nil, ownerID: nil, viewer: viewer)
                #expect(m.periodDays == 90 && m.months == 3)
                #expect(m.beginningReceivables == (try Self.php("2800000")))
                #expect(m.creditSales == (try Self.php("9000000")))
                #expect(m.endingReceivables == (try Self.php("3000000")))
                #expect(m.endingCurrentReceivables == (try Self.php("2100000")))
                #expect(m.dso == 30 && m.bestPossibleDSO == 21 && m.averageDaysDelinquent == 9)
                #expect(m.cei == Decimal(string: "75.7"))
            }
            let mine = try await reports.metrics(
                from: from, to: to, currency: nil, ownerID: world.manager1.id, viewer: world.head.viewer)
            #expect(mine.cei == Decimal(string: "75.7") && mine.ownerID == world.manager1.id)
            // Another manager's figures hold none of it; a manager cannot ask for someone else's.
            let other = try await reports.metrics(
                from: from, to: to, currency: nil, ownerID: nil, viewer: world.manager2.viewer)
            #expect(other.endingReceivables == .zero(.php) && other.dso == nil && other.cei == nil)
            let theirs = try await reports.metrics(
                from: from, to: to, currency: nil, ownerID: world.manager2.id, viewer: world.head.viewer)
            #expect(theirs.creditSales == .zero(.php))
            await #expect(throws: RecordError.self) {
                _ = try await reports.metrics(
                    from: from, to: to, currency: nil, ownerID: world.manager2.id, viewer: world.manager1.viewer)
            }
        }
    }

    /// The report for 2027-Q1 lists VAT invoices due in 2026-Q4 still open on 31 Mar 2027: unpaid V1 (whole VAT),
    /// partly paid V2 (₱3,333.33 of ₱11,200 open → VAT 1,200 × 3,333.33 / 11,200 = 357.142… → ₱357.14); not V3 (paid
    /// in time), V4 (paid late, within the quarter), V5 (exempt: no VAT shown), V6 (credited in full). The report for
    /// 2024-Q3 shows that sales before 27 Apr 2024 are outside the relief.
    @Test(arguments: TestEngine.available)
    func unpaidPastTermListsTheRightInvoices(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let bituin = world.manager1Accounts[1]
            let reports = world.services.receivables
            // 2024 first (numbers are taken in date order): due 20 May (before the relief) and 29 May 2024.
            try await Self.move(world, to: "2024-04-20")
            _ = try await Self.invoice(world, tala, price: "1000")
            try await Self.move(world, to: "2024-04-29")
            let early = try await Self.invoice(world, tala, price: "2000")
            try await Self.move(world, to: "2026-11-30")
            let v1 = try await Self.invoice(world, tala, price: "10000")
            let v2 = try await Self.invoice(world, bituin, price: "10000")
            let v3 = try await Self.invoice(world, tala, price: "10000")
            let v4 = try await Self.invoice(world, tala, price: "10000")
            _ = try await Self.invoice(world, tala, price: "10000", category: "exempt")
            let v6 = try await Self.invoice(world, tala, price: "10000")
            _ = try await world.services.invoices.creditNote(
                for: v6.id, request: .full, reason: "Returned", viewer: world.manager1.viewer)
            // Due in 2027-Q1: outside this report.
            try await Self.move(world, to: "2027-01-05")
            _ = try await Self.invoice(world, tala, price: "10000")
            try await Self.pay(world, tala, on: "2026-12-15", amount: "11200", to: [(v3, "11200", [])])
            try await Self.pay(world, tala, on: "2027-02-01", amount: "11200", to: [(v4, "11200", [])])
            try await Self.pay(world, bituin, on: "2027-01-10", amount: "7866.67", to: [(v2, "7866.67", [])])
            // Paid after the quarter: still listed, open as of 31 March.
            try await Self.pay(world, tala, on: "2027-04-02", amount: "11200", to: [(v1, "11200", [])])

            let quarter = try #require(TaxQuarter(text: "2027-Q1"))
            let page = try await reports.unpaidPastTerm(
                quarter: quarter, page: PageRequest(limit: 1), viewer: world.accountant.viewer)
            #expect(page.items.count == 1 && page.nextCursor != nil)
            let rest = try await reports.unpaidPastTerm(
                quarter: quarter, page: PageRequest(limit: 10, cursor: page.nextCursor),
                viewer: world.accountant.viewer)
            #expect(rest.nextCursor == nil)
            let rows = page.items + rest.items
            #expect(Set(rows.map(\.invoiceID)) == [v1.id, v2.id])
            let first = try #require(rows.first { $0.invoiceID == v1.id })
            #expect(try first.open == (try Self.php("11200")) && first.openVAT == (try Self.php("1200")))
            #expect(first.dueDate == (try Self.date("2026-12-30")) && first.buyerName == "Tala Foods Corp.")
            #expect(first.buyerTIN == "111-222-333-00000")
            let second = try #require(rows.first { $0.invoiceID == v2.id })
            #expect(try second.open == (try Self.php("3333.33")) && second.vat == (try Self.php("1200")))
            #expect(second.openVAT == (try Self.php("357.14")))
            // A manager sees their own customers only.
            let none = try await reports.unpaidPastTerm(
                quarter: quarter, page: PageRequest(), viewer: world.manager2.viewer)
            #expect(none.items.isEmpty)
            let csv = try await reports.unpaidPastTermCSV(quarter: quarter, viewer: world.head.viewer)
            #expect(
                csv.contains("invoice_number,issue_date,due_date,buyer_name,buyer_tin,currency,total,vat,open,open_vat")
            )
            #expect(
                csv.contains(
                    "\(v2.number ?? "?"),2026-11-30,2026-12-30,Bituin Hardware Corp.,111-222-444-00000,PHP,11200.00,1200.00,3333.33,357.14"
                ))
            // Before 27 April 2024 a sale is outside the relief.
            let old = try await reports.unpaidPastTerm(
                quarter: try #require(TaxQuarter(text: "2024-Q3")), page: PageRequest(), viewer: world.head.viewer)
            #expect(old.items.map(\.invoiceID) == [early.id])
        }
    }

    /// The statement reaches the customer's address through the outbox with its PDF attached; a bad address or no
    /// SMTP settings queue nothing.
    @Test(.smtpSink, arguments: TestEngine.available)
    func theStatementIsEmailedWithItsPDF(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let tala = world.manager1Accounts[0]
            let reports = world.services.receivables
            _ = try await Self.invoice(world, tala, price: "10000")
            await #expect(throws: RecordError.self) {
                _ = try await reports.emailStatement(
                    accountID: tala.id, from: nil, to: nil, currency: nil, recipients: nil,
                    viewer: world.manager1.viewer)
            }
            let outbox = try await OutboxTests().configure(world, port: sink.port)
            await #expect(throws: ValidationErrors.self) {
                _ = try await reports.emailStatement(
                    accountID: tala.id, from: nil, to: nil, currency: nil, recipients: ["not an address"],
                    viewer: world.manager1.viewer)
            }
            await #expect(throws: RecordError.notFound(entity: "account")) {
                _ = try await reports.emailStatement(
                    accountID: tala.id, from: nil, to: nil, currency: nil, recipients: nil,
                    viewer: world.manager2.viewer)
            }
            let message = try await reports.emailStatement(
                accountID: tala.id, from: nil, to: nil, currency: nil, recipients: nil, viewer: world.manager1.viewer)
            #expect(message.to == ["info@talafoods.ph"] && message.kind == "statement")
            #expect(try await outbox.processDue().sent == [message.id])
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.message.subject.contains("Statement of account"))
            #expect(mail.message.attachments.map(\.filename) == ["statement-2026-11-30.pdf"])
            let pdf = try #require(mail.message.attachments.first).data
            if let text = try await Poppler.text(of: pdf) {
                #expect(text.contains("STATEMENT OF ACCOUNT") && text.contains("11,200.00"))
            }
        }
    }
}
