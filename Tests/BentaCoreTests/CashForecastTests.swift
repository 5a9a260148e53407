import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct CashForecastTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }
    func month(_ text: String) throws -> PlanMonth { try #require(PlanMonth(parsing: text)) }

    @Test func habitsAverageToWholeDaysHalfUp() {
        let habit = PaymentHabit(paidInvoices: 4, totalDaysLate: 42, totalDaysToPay: 130)
        #expect(habit.averageDaysLate == 11)  // 10.5 → 11
        #expect(habit.averageDaysToPay == 33)  // 32.5 → 33
        #expect(PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0).averageDaysLate == nil)
        let company = PaymentHabit.combined([
            habit, PaymentHabit(paidInvoices: 1, totalDaysLate: 8, totalDaysToPay: 20),
        ])
        #expect(company == PaymentHabit(paidInvoices: 5, totalDaysLate: 50, totalDaysToPay: 150))
        #expect(company.averageDaysLate == 10)
    }

    @Test func anInvoiceTenDaysLateOnAverageIsExpectedTenDaysAfterItsDueDate() throws {
        let forecast = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(1_000), collected: pesos(0), start: try date("2026-03-02"),
            invoices: [
                .init(invoiceID: "late", accountID: "slow", dueDate: try date("2026-03-05"), openAmount: pesos(400)),
                .init(invoiceID: "new", accountID: "unknown", dueDate: try date("2026-03-05"), openAmount: pesos(100)),
            ],
            deals: [],
            habits: ["slow": PaymentHabit(paidInvoices: 2, totalDaysLate: 20, totalDaysToPay: 60)],
            company: PaymentHabit(paidInvoices: 3, totalDaysLate: 6, totalDaysToPay: 90))
        let expected = Dictionary(uniqueKeysWithValues: forecast.inflows.map { ($0.sourceID, $0.expectedOn) })
        #expect(expected["late"] == (try date("2026-03-15")))
        // A customer without a paid invoice pays at the company's pace: 6 ÷ 3 = 2 days late.
        #expect(expected["new"] == (try date("2026-03-07")))
        #expect(forecast.weeks.first?.start == (try date("2026-03-02")))
        #expect(forecast.weeks.first?.end == (try date("2026-03-08")))
        #expect(forecast.weeks[0].invoices == pesos(100))
        #expect(forecast.weeks[1].invoices == pesos(400))
        #expect(forecast.weeks[1].cumulative == pesos(500))
    }

    @Test func overdueInvoicesAndPastCloseDatesAreExpectedFromTheFirstDayOn() throws {
        let forecast = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(1_000), collected: pesos(0), start: try date("2026-03-20"),
            invoices: [.init(invoiceID: "old", accountID: "a", dueDate: try date("2026-01-10"), openAmount: pesos(50))],
            deals: [
                .init(
                    dealID: "d", accountID: "a", expectedClose: try date("2026-03-01"), amount: pesos(100),
                    probabilityPercent: 100)
            ],
            habits: [:], company: PaymentHabit(paidInvoices: 1, totalDaysLate: 5, totalDaysToPay: 10))
        let expected = Dictionary(uniqueKeysWithValues: forecast.inflows.map { ($0.sourceID, $0.expectedOn) })
        #expect(expected["old"] == (try date("2026-03-20")))
        #expect(expected["d"] == (try date("2026-03-30")))
    }

    @Test func dealsAreWeightedByProbabilityAndTimedByTheCustomersDaysToPay() throws {
        // DOMAIN.md §5: A ₱500k at 40% = 200k; B ₱300k at 70% = 210k; C ₱1.0M at 20% = 200k; D ₱200k at 90% = 180k.
        let close = try date("2026-03-10")
        let forecast = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(10_000_000), collected: pesos(0), start: try date("2026-03-02"),
            invoices: [],
            deals: [
                .init(
                    dealID: "A", accountID: "x", expectedClose: close, amount: pesos(500_000), probabilityPercent: 40),
                .init(
                    dealID: "B", accountID: "x", expectedClose: close, amount: pesos(300_000), probabilityPercent: 70),
                .init(
                    dealID: "C", accountID: "y", expectedClose: close, amount: pesos(1_000_000), probabilityPercent: 20),
                .init(
                    dealID: "D", accountID: "y", expectedClose: close, amount: pesos(200_000), probabilityPercent: 90),
                .init(
                    dealID: "lost", accountID: "y", expectedClose: close, amount: pesos(9_000), probabilityPercent: 0),
            ],
            habits: ["x": PaymentHabit(paidInvoices: 1, totalDaysLate: 0, totalDaysToPay: 30)],
            company: PaymentHabit(paidInvoices: 2, totalDaysLate: 0, totalDaysToPay: 14))
        #expect(try Money.sum(forecast.inflows.map(\.amount), currency: .php) == pesos(790_000))
        let byDeal = Dictionary(uniqueKeysWithValues: forecast.inflows.map { ($0.sourceID, $0) })
        #expect(byDeal["A"]?.amount == pesos(200_000))
        #expect(byDeal["A"]?.expectedOn == (try date("2026-04-09")))  // x pays in 30 days
        #expect(byDeal["C"]?.expectedOn == (try date("2026-03-17")))  // y has no habit: the company's 7 days
        #expect(byDeal["lost"] == nil)
        #expect(forecast.weeks.last?.cumulative == pesos(790_000))
        #expect(forecast.coveredOn == nil)
    }

    @Test func thePlanIsCoveredOnTheDayTheRunningTotalReachesIt() throws {
        let forecast = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(1_000), collected: pesos(300), start: try date("2026-03-02"),
            invoices: [
                .init(invoiceID: "1", accountID: "a", dueDate: try date("2026-03-04"), openAmount: pesos(500)),
                .init(invoiceID: "2", accountID: "a", dueDate: try date("2026-03-18"), openAmount: pesos(200)),
                .init(invoiceID: "3", accountID: "a", dueDate: try date("2026-04-20"), openAmount: pesos(900)),
            ],
            deals: [], habits: [:], company: PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0))
        #expect(forecast.coveredOn == (try date("2026-03-18")))
        #expect(forecast.horizonEnd == (try date("2026-05-31")))
        #expect(forecast.weeks.map(\.coversPlan).prefix(3) == [false, false, true])
        #expect(forecast.weeks.last?.end == (try date("2026-05-31")))
        #expect(forecast.weeks.last?.cumulative == pesos(1_900))

        let already = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(100), collected: pesos(300), start: try date("2026-03-02"),
            invoices: [], deals: [], habits: [:],
            company: PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0))
        #expect(already.coveredOn == (try date("2026-03-02")))
    }

    @Test func inflowsBeyondTheHorizonAreLeftOutAndCurrenciesMustMatch() throws {
        let forecast = try CashForecast.make(
            month: try month("2026-03"), plan: pesos(100), collected: pesos(0), start: try date("2026-03-02"),
            invoices: [
                .init(invoiceID: "far", accountID: "a", dueDate: try date("2026-06-01"), openAmount: pesos(500))
            ],
            deals: [], habits: [:], company: PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0))
        #expect(forecast.inflows.isEmpty)
        #expect(forecast.coveredOn == nil)
        #expect(throws: MoneyError.self) {
            try CashForecast.make(
                month: try month("2026-03"), plan: pesos(100), collected: pesos(0), start: try date("2026-03-02"),
                invoices: [
                    .init(
                        invoiceID: "usd", accountID: "a", dueDate: try date("2026-03-05"),
                        openAmount: Money(minorUnits: 100, currency: .usd))
                ],
                deals: [], habits: [:], company: PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0))
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct CashForecastDoubtfulTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }

    /// On 2026-04-10 an invoice due 2026-01-09 (91 days past due) is doubtful and not expected; one due 01-10 (90
    /// days) is still expected on the first day; a zero one is neither.
    @Test func moreThanNinetyDaysPastDueIsDoubtfulNotExpected() throws {
        let forecast = try CashForecast.make(
            month: try #require(PlanMonth(parsing: "2026-04")), plan: pesos(1_000), collected: pesos(0),
            start: try date("2026-04-10"),
            invoices: [
                .init(invoiceID: "91", accountID: "a", dueDate: try date("2026-01-09"), openAmount: pesos(700)),
                .init(invoiceID: "90", accountID: "a", dueDate: try date("2026-01-10"), openAmount: pesos(200)),
                .init(invoiceID: "0", accountID: "a", dueDate: try date("2025-01-10"), openAmount: pesos(0)),
            ],
            deals: [], habits: [:], company: PaymentHabit(paidInvoices: 0, totalDaysLate: 0, totalDaysToPay: 0))
        #expect(forecast.doubtful == pesos(700))
        #expect(forecast.doubtfulInvoices == 1)
        #expect(forecast.inflows.map(\.sourceID) == ["90"])
        #expect(forecast.inflows.first?.expectedOn == (try date("2026-04-10")))
        #expect(forecast.weeks.last?.cumulative == pesos(200))
        #expect(forecast.coveredOn == nil)
    }
}
