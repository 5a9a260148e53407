import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PaymentPromiseTests {
    static let promised = CalendarDate(year: 2026, month: 4, day: 30)!
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    func day(_ offset: Int) -> CalendarDate { Self.promised.adding(days: offset) }

    func promise(amount: Int64 = 50_000, graceDays: Int = PaymentPromise.defaultGraceDays) throws -> PaymentPromise {
        try PaymentPromise(
            promisedDate: Self.promised, amount: pesos(amount), invoiceIDs: ["inv-1", "inv-2"], loggedBy: "user-7",
            contactName: "Ana Cruz", channel: .phone, reason: .cashFlowProblem, note: "Pays after their collection run",
            graceDays: graceDays)
    }

    @Test func theDeadlineIsThePromisedDatePlusThreeGraceDaysByDefault() throws {
        #expect(try promise().deadline == day(3))
        #expect(try promise(graceDays: 0).deadline == Self.promised)
    }

    @Test func statusFollowsWhatWasPaidByTheDeadline() throws {
        let promise = try promise()
        func status(_ payments: [(Int, Int64)], asOf offset: Int) throws -> PaymentPromiseStatus {
            try promise.evaluate(
                payments: payments.map { PromisePayment(date: day($0.0), amount: pesos($0.1)) }, asOf: day(offset)
            ).status
        }
        #expect(try status([], asOf: -5) == .open)
        #expect(try status([], asOf: 3) == .open)
        #expect(try status([], asOf: 4) == .broken)
        #expect(try status([(-10, 50_000)], asOf: -5) == .kept)
        #expect(try status([(2, 20_000), (3, 30_000)], asOf: 10) == .kept)
        #expect(try status([(1, 20_000)], asOf: 2) == .open)
        #expect(try status([(1, 20_000)], asOf: 4) == .partlyKept)
        // Paid a day after the grace: the balance is settled, but the promise was not kept.
        #expect(try status([(4, 50_000)], asOf: 10) == .broken)
        #expect(try status([(1, 20_000), (4, 30_000)], asOf: 10) == .partlyKept)
        // A payment the evaluation date does not know yet does not count.
        #expect(try status([(2, 50_000)], asOf: 1) == .open)
        // Paying more than promised keeps it.
        #expect(try status([(0, 60_000)], asOf: 0) == .kept)
    }

    @Test func brokenAndPartlyKeptPromisesEscalateFromTheDayAfterTheDeadline() throws {
        let promise = try promise()
        let broken = try promise.evaluate(payments: [], asOf: day(9))
        #expect(broken.unkeptSince == day(4))
        #expect(broken.paidByDeadline == .zero(.php))
        let partly = try promise.evaluate(payments: [PromisePayment(date: day(0), amount: pesos(1))], asOf: day(9))
        #expect(partly.status == .partlyKept && partly.unkeptSince == day(4) && partly.paidByDeadline == pesos(1))
        let open = try promise.evaluate(payments: [], asOf: day(0))
        #expect(open.isOpen && open.unkeptSince == nil)
        let kept = try promise.evaluate(payments: [PromisePayment(date: day(0), amount: pesos(50_000))], asOf: day(9))
        #expect(!kept.isOpen && kept.unkeptSince == nil)
    }

    @Test func aPaymentInAnotherCurrencyThrows() throws {
        let payment = PromisePayment(date: day(0), amount: Money(minorUnits: 100, currency: .usd))
        #expect(throws: MoneyError.self) { try promise().evaluate(payments: [payment], asOf: day(0)) }
    }

    @Test func invalidPromisesAreRefusedByField() {
        do {
            _ = try PaymentPromise(
                promisedDate: Self.promised, amount: .zero(.php), invoiceIDs: ["a", " a "], loggedBy: " ",
                note: String(repeating: "x", count: PaymentPromise.maximumNoteLength + 1), graceDays: 31)
            Issue.record("an invalid promise was accepted")
        } catch {
            #expect(
                error.errors.map { "\($0.field):\($0.code)" } == [
                    "amount:not_positive", "invoice_ids:duplicate", "logged_by:required", "note:too_long",
                    "grace_days:out_of_range",
                ])
        }
        #expect(throws: ValidationErrors.self) {
            try PaymentPromise(promisedDate: Self.promised, amount: pesos(1), invoiceIDs: [], loggedBy: "u")
        }
    }

    @Test func storedJSONUsesSnakeCaseKeysAndIsValidatedWhenRead() throws {
        let promise = try promise()
        let data = try JSONEncoder().encode(promise)
        let text = try #require(String(data: data, encoding: .utf8))
        for key in ["promised_date", "invoice_ids", "logged_by", "contact_name", "grace_days"] {
            #expect(text.contains("\"\(key)\""))
        }
        #expect(text.contains(#""reason":"cash_flow_problem""#))
        #expect(try JSONDecoder().decode(PaymentPromise.self, from: data) == promise)
        let negative = Data(
            (#"{"promised_date":"2026-04-30","amount":{"minorUnits":-5,"currency":"PHP"},"#
                + #""invoice_ids":["x"],"logged_by":"u"}"#).utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PaymentPromise.self, from: negative) }
    }

    @Test func lateReasonsHaveSnakeCaseCodesAndTranslationKeys() {
        #expect(
            LatePaymentReason.allCases.map(\.rawValue) == [
                "cash_flow_problem", "disputes_invoice", "did_not_receive", "wrong_amount", "awaiting_approval",
                "already_paid", "other",
            ])
        #expect(LatePaymentReason.didNotReceive.labelKey == "late_payment_reason.did_not_receive")
        #expect(PaymentPromiseStatus.partlyKept.labelKey == "promise_status.partly_kept")
    }
}
