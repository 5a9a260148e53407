import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct CollectionMetricsTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }

    /// DOMAIN.md §3: AR ₱3.0M, 90-day credit sales ₱9.0M → DSO 30; current ₱2.1M → best 21; delinquent 9.
    @Test func theDomainDSOExample() throws {
        let ending = pesos(3_000_000)
        let current = pesos(2_100_000)
        let sales = pesos(9_000_000)
        let dso = try CollectionMetrics.daysSalesOutstanding(
            endingReceivables: ending, creditSales: sales, periodDays: 90)
        let best = try CollectionMetrics.bestPossibleDaysSalesOutstanding(
            currentReceivables: current, creditSales: sales, periodDays: 90)
        let delinquent = try CollectionMetrics.averageDaysDelinquent(
            endingReceivables: ending, currentReceivables: current, creditSales: sales, periodDays: 90)
        #expect(dso == Decimal(30))
        #expect(best == Decimal(21))
        #expect(delinquent == Decimal(9))
    }

    /// DOMAIN.md §3: (2.8M + 3.0M − 3.0M) / (2.8M + 3.0M − 2.1M) = 2.8 / 3.7 → CEI 75.7%.
    @Test func theDomainCEIExample() throws {
        let cei = try CollectionMetrics.collectionEffectivenessIndex(
            beginningReceivables: pesos(2_800_000), creditSales: pesos(3_000_000),
            endingReceivables: pesos(3_000_000), endingCurrentReceivables: pesos(2_100_000))
        #expect(cei == Decimal(string: "75.7"))
    }

    @Test func aQuarterSpreadsItsSalesOverItsMonths() throws {
        // Sales 9.0M over 3 months count 3.0M a month: the same figures as the monthly example.
        let cei = try CollectionMetrics.collectionEffectivenessIndex(
            beginningReceivables: pesos(2_800_000), creditSales: pesos(9_000_000),
            endingReceivables: pesos(3_000_000), endingCurrentReceivables: pesos(2_100_000), months: 3)
        #expect(cei == Decimal(string: "75.7"))
    }

    @Test func resultsAreRoundedOnceHalfUpToOneDecimal() throws {
        // 1,000.00 × 30 / 3,000.00 is exactly 10; 1,000.00 × 31 / 3,000.00 = 10.333… → 10.3; × 29 → 9.666… → 9.7.
        let sales = pesos(3_000)
        #expect(
            try CollectionMetrics.daysSalesOutstanding(
                endingReceivables: pesos(1_000), creditSales: sales, periodDays: 31)
                == Decimal(string: "10.3"))
        #expect(
            try CollectionMetrics.daysSalesOutstanding(
                endingReceivables: pesos(1_000), creditSales: sales, periodDays: 29)
                == Decimal(string: "9.7"))
        // ₱0.05 of ₱0.20 over 1 day = 0.25 days → 0.3: a half goes up.
        let small = Money(minorUnits: 20, currency: .php)
        #expect(
            try CollectionMetrics.daysSalesOutstanding(
                endingReceivables: Money(minorUnits: 5, currency: .php), creditSales: small, periodDays: 1)
                == Decimal(string: "0.3"))
        let delinquent = try CollectionMetrics.averageDaysDelinquent(
            endingReceivables: pesos(1_000), currentReceivables: Money(minorUnits: 2_500, currency: .php),
            creditSales: sales, periodDays: 31)
        // DSO 10.333…, best ₱25.00 × 31 / ₱3,000.00 = 0.258333…: the difference 10.075 rounds to 10.1, where the
        // rounded figures would give 10.3 − 0.3 = 10.0.
        #expect(delinquent == Decimal(string: "10.1"))
    }

    @Test func divisionByZeroGivesNil() throws {
        #expect(
            try CollectionMetrics.daysSalesOutstanding(
                endingReceivables: pesos(1), creditSales: .zero(.php), periodDays: 90) == nil)
        #expect(
            try CollectionMetrics.bestPossibleDaysSalesOutstanding(
                currentReceivables: pesos(1), creditSales: pesos(1), periodDays: 0) == nil)
        #expect(
            try CollectionMetrics.averageDaysDelinquent(
                endingReceivables: pesos(1), currentReceivables: pesos(1), creditSales: .zero(.php), periodDays: 30)
                == nil)
        #expect(
            try CollectionMetrics.collectionEffectivenessIndex(
                beginningReceivables: .zero(.php), creditSales: .zero(.php), endingReceivables: .zero(.php),
                endingCurrentReceivables: .zero(.php)) == nil)
        #expect(
            try CollectionMetrics.collectionEffectivenessIndex(
                beginningReceivables: pesos(1), creditSales: pesos(1), endingReceivables: pesos(1),
                endingCurrentReceivables: pesos(1), months: 0) == nil)
    }

    @Test func mixingCurrenciesThrows() {
        let dollars = Money(minorUnits: 100, currency: .usd)
        #expect(throws: MoneyError.self) {
            try CollectionMetrics.daysSalesOutstanding(
                endingReceivables: dollars, creditSales: pesos(1), periodDays: 30)
        }
        #expect(throws: MoneyError.self) {
            try CollectionMetrics.collectionEffectivenessIndex(
                beginningReceivables: pesos(1), creditSales: pesos(1), endingReceivables: dollars,
                endingCurrentReceivables: pesos(1))
        }
    }
}
