import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// The dunning ladder over an instalment invoice (issue 12), on both engines: the invoice is dunned from the due date
/// of its oldest unpaid instalment (the first whose running total exceeds what is settled), not from its final due
/// date; days late restart from the next instalment once one is paid; an ordinary invoice is dunned as before.
@Suite(.timeLimit(.minutes(20))) struct DunningInstalmentTests {
    /// Three monthly instalments (a third each, the last taking the rounding).
    static let monthly = "inst_30:33.33,60:33.33,90:33.34"

    /// An issued invoice of 100,000 + 12% VAT on `terms` to `account`, billed to `contact` when given.
    static func invoice(
        _ world: TestWorld, account: Account, contact: Contact? = nil, terms: String
    ) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = "100000"
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.contactID = contact?.id.description ?? ""
        draft.lines = [line]
        draft.pricesIncludeTax = false
        draft.paymentTerms = terms
        let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
        return try await world.services.invoices.issue(made.id, viewer: world.manager1.viewer, expectedVersion: nil)
    }

    static func instalments(_ database: any AppDatabase, _ invoice: Invoice) async throws -> [InvoiceInstalment] {
        let parts = try await database.read { db in try await InvoiceStore(db).instalments(of: invoice.id) }
        #expect(parts.count == 3)
        return parts
    }

    /// Runs the ladder twice on each day from `start` + `days.lowerBound` to `start` + `days.upperBound`; the second
    /// run of a day does nothing.
    static func simulate(_ world: TestWorld, from start: CalendarDate, days: ClosedRange<Int>) async throws {
        let dunning = world.services.dunning
        for offset in days {
            let day = start.adding(days: offset)
            _ = try await dunning.run(companyID: world.company.id, today: day)
            #expect(
                try await dunning.run(companyID: world.company.id, today: day) == DunningRunSummary(),
                "the second run on \(day) did something")
        }
    }

    /// The steps taken for `invoice` as (level, day taken, days late).
    static func taken(_ world: TestWorld, _ invoice: Invoice) async throws -> [String] {
        try await DunningTests.steps(world, invoice).map { "\($0.level) \($0.takenOn) \($0.daysLate)" }
    }

    /// Three monthly instalments, nothing paid: the courtesy reminder, the reminder and the call come at −3, +1 and
    /// +15 days from the FIRST instalment's due date (the final due date is two months later), the courtesy email
    /// names that date. Once the first instalment is paid (on first due + 16), nothing happens until the second
    /// instalment is 30 days late: the final notice, counted from the second's due date, with the rest open.
    @Test(arguments: TestEngine.available)
    func anInstalmentInvoiceIsDunnedFromItsOldestUnpaidInstalment(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            let invoice = try await Self.invoice(
                world, account: world.manager1Accounts[0], contact: world.manager1Contact, terms: Self.monthly)
            let parts = try await Self.instalments(database, invoice)
            let (first, second) = (parts[0].dueDate, parts[1].dueDate)
            #expect(invoice.dueDate == parts[2].dueDate && first < second && second < parts[2].dueDate)
            try await Self.simulate(world, from: first, days: -10...16)
            #expect(
                try await Self.taken(world, invoice) == [
                    "0 \(first.adding(days: -3)) -3", "1 \(first.adding(days: 1)) 1", "2 \(first.adding(days: 15)) 15",
                ])
            let steps = try await DunningTests.steps(world, invoice)
            #expect(steps.allSatisfy { $0.open == (try? PaymentServiceTests.php("112000")) })
            let messages = try await DunningTests.dunningMessages(world)
            let courtesy = messages.first { $0.kind == "dunning_courtesy_reminder" }
            #expect(courtesy?.subject.hasSuffix(DateFormatting.display(first, language: .english)) == true)
            // The first instalment is paid on first due + 16: the second is not due yet, so no step.
            _ = try await InvoiceInstalmentTests.pay(
                world, invoice, amount: parts[0].amount.decimalString, on: first.adding(days: 16))
            let paidUp = try await world.services.dunning.invoiceDunning(invoice.id, viewer: world.head.viewer)
            #expect(paidUp.decision == .none(.notYetDue(nextStepOn: second.adding(days: 30))))
            let paidDay = first.adding(days: 16)
            try await Self.simulate(world, from: paidDay, days: 0...paidDay.days(until: second.adding(days: 29)))
            #expect(try await DunningTests.steps(world, invoice).count == 3)
            try await Self.simulate(world, from: second, days: 30...31)
            let after = try await DunningTests.steps(world, invoice)
            #expect(after.map(\.level) == [0, 1, 2, 3])
            #expect(after.last?.takenOn == second.adding(days: 30) && after.last?.daysLate == 30)
            let rest = try PaymentServiceTests.php("112000") - parts[0].amount
            #expect(after.last?.open == rest)
        }
    }

    /// The first instalment paid early: no courtesy reminder for it; the ladder starts three days before the second
    /// instalment is due. An ordinary invoice issued the same day keeps the steps of its own due date, the days late
    /// as before.
    @Test(arguments: TestEngine.available)
    func aPaidUpPartWaitsAndAnOrdinaryInvoiceIsUnchanged(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let instalment = try await Self.invoice(
                world, account: tala, contact: world.manager1Contact, terms: Self.monthly)
            let ordinary = try await Self.invoice(world, account: bituin, terms: "net_30")
            let parts = try await Self.instalments(database, instalment)
            let issued = try #require(instalment.issueDate)
            let due = try #require(ordinary.dueDate)
            #expect(due == parts[0].dueDate)
            _ = try await InvoiceInstalmentTests.pay(
                world, instalment, amount: parts[0].amount.decimalString, on: issued)
            try await Self.simulate(world, from: issued, days: 0...issued.days(until: parts[1].dueDate) + 1)
            let second = parts[1].dueDate
            #expect(
                try await Self.taken(world, instalment) == [
                    "0 \(second.adding(days: -3)) -3", "1 \(second.adding(days: 1)) 1",
                ])
            #expect(
                try await Self.taken(world, ordinary) == [
                    "0 \(due.adding(days: -3)) -3", "1 \(due.adding(days: 1)) 1", "2 \(due.adding(days: 15)) 15",
                    "3 \(due.adding(days: 30)) 30",
                ])
        }
    }

    /// Two runs at once over an instalment invoice and an ordinary one (courtesy reminders, then the call step) take
    /// each step once: one row per invoice and level.
    @Test(arguments: TestEngine.available)
    func twoRunsAtOnceTakeEachInstalmentStepOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let instalment = try await Self.invoice(
                world, account: tala, contact: world.manager1Contact, terms: Self.monthly)
            let ordinary = try await Self.invoice(world, account: bituin, terms: "net_30")
            let first = try await Self.instalments(database, instalment)[0].dueDate
            #expect(ordinary.dueDate == first)
            let dunning = world.services.dunning
            for offset in [-3, 15] {
                let day = first.adding(days: offset)
                async let one = dunning.run(companyID: world.company.id, today: day)
                async let other = dunning.run(companyID: world.company.id, today: day)
                var both = try await one
                both.add(try await other)
                #expect(both.totalSteps == 2)
            }
            for invoice in [instalment, ordinary] {
                #expect(try await DunningTests.steps(world, invoice).map(\.level) == [0, 2])
            }
            let messages = try await DunningTests.dunningMessages(world)
            #expect(messages.filter { $0.relatedID == instalment.id.description }.count == 1)
            #expect(Set(messages.map(\.relatedID)).count == messages.count)
        }
    }

    /// The run reads a batch in two statements whatever its size and however many instalments its invoices have
    /// (no statement per invoice, every table through an index on SQLite): each candidate carries its oldest unpaid
    /// instalment's due date, and an invoice whose oldest unpaid instalment is not due by the cut-off is not read.
    @Test(arguments: TestEngine.available)
    func aBatchIsReadInTwoStatementsWithEachOldestUnpaidDueDate(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            var made: [Invoice] = []
            for _ in 0..<3 { made.append(try await Self.invoice(world, account: tala, terms: Self.monthly)) }
            made.append(try await Self.invoice(world, account: bituin, terms: "net_30"))
            let invoices = made
            let parts = try await Self.instalments(database, invoices[0])
            // The second instalment invoice has its first part paid: it is dunned from its second part.
            _ = try await InvoiceInstalmentTests.pay(
                world, invoices[1], amount: parts[0].amount.decimalString, on: try #require(invoices[1].issueDate))
            let first = parts[0].dueDate
            try await database.read { db in
                let store = DunningStore(db)
                let small = RecordingDatabase(db)
                let one = try await DunningStore(small).candidates(
                    companyID: world.company.id, dueOnOrBefore: first, after: nil, limit: 1)
                #expect(one.count == 1)
                let large = RecordingDatabase(db)
                let all = try await DunningStore(large).candidates(
                    companyID: world.company.id, dueOnOrBefore: parts[1].dueDate, after: nil, limit: 500)
                #expect(small.statements.count == 2 && large.statements.count == 2)
                // Every table, the instalments too, is read through an index (no scan).
                if engine == .sqlite, let read = large.statements.first {
                    let plan = try await RecordingDatabase.sqlitePlan(of: read, on: db)
                    #expect(plan.contains { $0.contains("SEARCH c USING INDEX") })
                    #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
                }
                let due = Dictionary(uniqueKeysWithValues: all.map { ($0.invoiceID, $0.dueDate) })
                #expect(
                    due == [
                        invoices[0].id: first, invoices[1].id: parts[1].dueDate, invoices[2].id: first,
                        invoices[3].id: try #require(invoices[3].dueDate),
                    ])
                // On the first part's due date the invoice paid up to its second part is not a candidate.
                let early = try await store.candidates(
                    companyID: world.company.id, dueOnOrBefore: first, after: nil, limit: 500)
                #expect(Set(early.map(\.invoiceID)) == [invoices[0].id, invoices[2].id, invoices[3].id])
                #expect(early.allSatisfy { $0.dueDate == first })
            }
        }
    }
}
