import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct DunningPolicyTests {
    static let due = CalendarDate(year: 2026, month: 3, day: 31)!
    static let total = Money(minorUnits: 11_200_000, currency: .php)
    let policy = DunningPolicy.standard

    func day(_ offset: Int) -> CalendarDate { Self.due.adding(days: offset) }

    /// A daily job over an invoice: each day it evaluates the promise (if any) and the payments known by then,
    /// asks for the next step and records a step it takes, as storage would.
    struct Simulation {
        var item = DunningItem(dueDate: DunningPolicyTests.due, openAmount: DunningPolicyTests.total)
        var payments: [PromisePayment] = []
        var promise: PaymentPromise?
        /// The day (offset from due) the promise was logged.
        var promiseLoggedOn = 0
        /// Steps a second run on the same day would have taken (must stay 0).
        var repeatedTakes = 0
        var taken: [(day: Int, level: Int)] = []
        var decisions: [Int: DunningDecision] = [:]

        mutating func run(_ policy: DunningPolicy, days: ClosedRange<Int>) throws {
            for offset in days {
                let date = DunningPolicyTests.due.adding(days: offset)
                let known = payments.filter { $0.date <= date }
                let paid = try Money.sum(known.map(\.amount), currency: .php)
                item.openAmount = try DunningPolicyTests.total.subtracting(paid)
                if let promise, offset >= promiseLoggedOn {
                    let evaluation = try promise.evaluate(payments: payments, asOf: date)
                    item.promiseOpenUntil = evaluation.isOpen ? evaluation.deadline : nil
                    item.promiseBrokenSince = evaluation.unkeptSince
                }
                let decision = policy.nextStep(for: item, on: date)
                decisions[offset] = decision
                if case .take(let step) = decision {
                    taken.append((offset, step.level))
                    item.currentLevel = step.level
                    item.lastStepDate = date
                }
                if case .take = policy.nextStep(for: item, on: date) { repeatedTakes += 1 }
            }
        }

        var steps: [[Int]] { taken.map { [$0.day, $0.level] } }
    }

    @Test func theDefaultLadderMatchesTheDomain() {
        let steps = policy.steps
        #expect(steps.map(\.level) == [0, 1, 2, 3, 4, 5])
        #expect(steps.map(\.daysFromDue) == [-3, 1, 15, 30, 45, 60])
        #expect(steps.map(\.action) == [.courtesyReminder, .reminder, .call, .finalNotice, .creditHold, .demandLetter])
        #expect(steps[0].attachesInvoice && steps[0].channel == .email)
        #expect(steps[2].channel == .phone)
        #expect(steps[4].escalatesToHead && steps.filter(\.escalatesToHead).count == 1)
        #expect(steps[5].channel == .letter)
        #expect(DunningPolicy.validate(steps).isEmpty)
    }

    @Test func anUnpaidInvoiceClimbsTheLadderOverTwoMonths() throws {
        var simulation = Simulation()
        try simulation.run(policy, days: -10...75)
        #expect(simulation.steps == [[-3, 0], [1, 1], [15, 2], [30, 3], [45, 4], [60, 5]])
        #expect(simulation.decisions[-4] == .none(.notYetDue(nextStepOn: day(-3))))
        #expect(simulation.decisions[0] == .none(.notYetDue(nextStepOn: day(1))))
        #expect(simulation.decisions[75] == .none(.ladderComplete))
        #expect(simulation.repeatedTakes == 0)
    }

    @Test func aKeptPromisePausesDunningUntilThePaymentEndsIt() throws {
        var simulation = Simulation()
        // On the call at due + 15 the customer promises to pay everything by due + 20; the money comes on + 22,
        // inside the 3 grace days.
        simulation.promise = try PaymentPromise(
            promisedDate: day(20), amount: Self.total, invoiceIDs: ["inv-1"], loggedBy: "user-1", channel: .phone,
            reason: .awaitingApproval)
        simulation.promiseLoggedOn = 16
        simulation.payments = [PromisePayment(date: day(22), amount: Self.total)]
        try simulation.run(policy, days: -5...35)
        #expect(simulation.steps == [[-3, 0], [1, 1], [15, 2]])
        #expect(simulation.decisions[16] == .blocked(.promiseOpen(until: day(23))))
        #expect(simulation.decisions[21] == .blocked(.promiseOpen(until: day(23))))
        #expect(simulation.decisions[22] == .none(.nothingOpen))
        #expect(simulation.decisions[35] == .none(.nothingOpen))
    }

    @Test func aBrokenPromiseEscalatesAtOnceToAtLeastTheCall() throws {
        var simulation = Simulation()
        // After the reminder the customer promises payment by due + 10; nothing comes. Broken on + 14 (after the
        // grace), so the call comes that day instead of on + 15 — and the next steps keep their grace.
        simulation.promise = try PaymentPromise(
            promisedDate: day(10), amount: Self.total, invoiceIDs: ["inv-1"], loggedBy: "user-1")
        simulation.promiseLoggedOn = 3
        try simulation.run(policy, days: -5...50)
        #expect(simulation.decisions[5] == .blocked(.promiseOpen(until: day(13))))
        #expect(simulation.decisions[13] == .blocked(.promiseOpen(until: day(13))))
        #expect(simulation.steps == [[-3, 0], [1, 1], [14, 2], [30, 3], [45, 4]])
        #expect(simulation.repeatedTakes == 0)
    }

    @Test func aPromiseBrokenAfterTheCallJumpsToTheNextLevelRegardlessOfItsDay() throws {
        var simulation = Simulation()
        simulation.promise = try PaymentPromise(
            promisedDate: day(20), amount: Self.total, invoiceIDs: ["inv-1"], loggedBy: "user-1")
        simulation.promiseLoggedOn = 16
        // Half paid on time: partly kept, which escalates like a broken promise (the rest did not come).
        simulation.payments = [PromisePayment(date: day(18), amount: Money(minorUnits: 5_600_000, currency: .php))]
        try simulation.run(policy, days: -5...50)
        #expect(simulation.steps == [[-3, 0], [1, 1], [15, 2], [24, 3], [45, 4]])
    }

    @Test func aDisputeBlocksUntilLiftedAndThenOnlyTheHighestDueStepIsTaken() {
        var item = DunningItem(
            dueDate: Self.due, openAmount: Self.total, currentLevel: 1, lastStepDate: day(1), isDisputed: true)
        #expect(policy.nextStep(for: item, on: day(20)) == .blocked(.disputed))
        #expect(policy.nextStep(for: item, on: day(50)) == .blocked(.disputed))
        item.isDisputed = false
        // Calls at 15 and final notice at 30 were both missed: only the final notice is taken.
        #expect(policy.nextStep(for: item, on: day(40)) == .take(policy.steps[3]))
    }

    @Test func aPending2307BlocksWhileOnlyTheWithheldTaxIsOpen() {
        let withheld = Money(minorUnits: 200_000, currency: .php)
        var item = DunningItem(
            dueDate: Self.due, openAmount: withheld, currentLevel: 1, lastStepDate: day(1),
            isAwaitingWithholdingCertificate: true)
        #expect(policy.nextStep(for: item, on: day(40)) == .blocked(.withholdingCertificatePending))
        item.isAwaitingWithholdingCertificate = false
        #expect(policy.nextStep(for: item, on: day(40)) == .take(policy.steps[3]))
    }

    @Test func missedDaysTakeOnlyTheHighestDueStepAndTheNextWaitsForItsGrace() throws {
        var simulation = Simulation()
        // The job did not run until due + 40, then runs daily.
        try simulation.run(policy, days: 40...70)
        #expect(simulation.steps == [[40, 3], [47, 4], [60, 5]])
        #expect(simulation.decisions[41] == .none(.notYetDue(nextStepOn: day(47))))
        #expect(simulation.decisions[46] == .none(.inGracePeriod(nextStepFrom: day(47))))
    }

    @Test func aLateStepMakesTheNextOneWaitForItsGrace() {
        // The reminder went out late, on + 14; the call is due on + 15 but waits for the reminder's 7 grace days.
        let item = DunningItem(dueDate: Self.due, openAmount: Self.total, currentLevel: 1, lastStepDate: day(14))
        #expect(policy.nextStep(for: item, on: day(15)) == .none(.inGracePeriod(nextStepFrom: day(21))))
        #expect(policy.nextStep(for: item, on: day(21)) == .take(policy.steps[2]))
    }

    @Test func runningTwiceGivesTheSameAnswerAndNeverTwoStepsADay() throws {
        var item = DunningItem(dueDate: Self.due, openAmount: Self.total, promiseBrokenSince: day(10))
        for offset in -10...80 {
            #expect(policy.nextStep(for: item, on: day(offset)) == policy.nextStep(for: item, on: day(offset)))
        }
        // With a zero-grace ladder, a step recorded today still blocks a second one today.
        let eager = try DunningPolicy(steps: [
            DunningStep(level: 0, daysFromDue: 0, action: .reminder, channel: .email, graceDays: 0),
            DunningStep(level: 1, daysFromDue: 1, action: .call, channel: .phone, graceDays: 0),
        ])
        item.currentLevel = 0
        item.lastStepDate = day(12)
        // The broken promise was answered before today's run: no new escalation today, tomorrow the call.
        #expect(eager.nextStep(for: item, on: day(12)) == .none(.inGracePeriod(nextStepFrom: day(13))))
        #expect(eager.nextStep(for: item, on: day(13)) == .take(eager.steps[1]))
    }

    @Test func nothingOpenMeansNoStepWhateverTheFlags() {
        let item = DunningItem(
            dueDate: Self.due, openAmount: .zero(.php), isDisputed: true, promiseBrokenSince: day(3))
        #expect(policy.nextStep(for: item, on: day(90)) == .none(.nothingOpen))
    }

    @Test func ladderRulesAreValidatedByField() {
        let steps = [
            DunningStep(level: 0, daysFromDue: 5, action: .reminder, channel: .email, graceDays: 3),
            DunningStep(level: 0, daysFromDue: 5, action: .call, channel: .phone, graceDays: -1),
            DunningStep(level: 3, daysFromDue: 400, action: .demandLetter, channel: .letter, graceDays: 0),
        ]
        let codes = DunningPolicy.validate(steps).errors.map { "\($0.field):\($0.code)" }
        #expect(
            codes == [
                "steps[1].grace_days:out_of_range", "steps[1].level:not_ascending",
                "steps[1].days_from_due:not_ascending", "steps[2].days_from_due:out_of_range",
            ])
        #expect(throws: ValidationErrors.self) { try DunningPolicy(steps: []) }
    }

    @Test func storedJSONUsesSnakeCaseKeysAndIsValidatedWhenRead() throws {
        let data = try JSONEncoder().encode(policy)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""days_from_due":-3"#) && text.contains(#""action":"courtesy_reminder""#))
        #expect(text.contains(#""grace_days":"#) && text.contains(#""escalates_to_head":true"#))
        #expect(try JSONDecoder().decode(DunningPolicy.self, from: data) == policy)
        let descending = Data(
            (#"{"steps":[{"level":1,"days_from_due":5,"action":"reminder","channel":"email","grace_days":0,"#
                + #""attaches_invoice":false,"escalates_to_head":false},{"level":0,"days_from_due":9,"#
                + #""action":"call","channel":"phone","grace_days":0,"attaches_invoice":false,"#
                + #""escalates_to_head":false}]}"#).utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DunningPolicy.self, from: descending) }
    }
}
