import Foundation
import Testing

@testable import BentaCore

/// Properties of the commission engine over seeded random plans and credits.
///
/// Amounts are whole pesos, targets whole hundreds of pesos and rates whole percents, so every band boundary and
/// every line is exact to the centavo and the engine can be compared with a closed formula on the month's total.
@Suite(.timeLimit(.minutes(20))) struct CommissionPropertyTests {
    let march = PlanMonth(year: 2026, month: 3)!

    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }

    /// Random contiguous bands from 0%; with `rising`, rates never fall (no decelerator).
    func randomBands(rising: Bool, using generator: inout SplitMix64) -> [CommissionBand] {
        let count = Int.random(in: 1...5, using: &generator)
        var bands: [CommissionBand] = []
        var start = 0
        var rate = Int.random(in: 0...5, using: &generator)
        for index in 0..<count {
            let end = index == count - 1 ? nil : start + Int.random(in: 10...60, using: &generator)
            bands.append(CommissionBand(from: Decimal(start), to: end.map { Decimal($0) }, ratePercent: Decimal(rate)))
            start = end ?? start
            rate = rising ? rate + Int.random(in: 0...5, using: &generator) : Int.random(in: 0...15, using: &generator)
        }
        return bands
    }

    func randomCredits(count: Int, allowCreditNotes: Bool, using generator: inout SplitMix64) -> [CreditEvent] {
        (0..<count).map { index in
            let isCreditNote = allowCreditNotes && Int.random(in: 0..<5, using: &generator) == 0
            let amount = Int64.random(in: 1...900_000, using: &generator)
            return CreditEvent(
                sourceKind: isCreditNote ? .creditNote : .invoice, sourceID: "S\(index)",
                date: CalendarDate(year: 2026, month: 3, day: Int.random(in: 1...31, using: &generator))!,
                amount: pesos(isCreditNote ? -amount / 4 : amount))
        }
    }

    func randomTarget(using generator: inout SplitMix64) -> Money {
        pesos(Int64.random(in: 0...40_000, using: &generator) * 100)
    }

    /// The marginal commission of a month's total, from the bands alone: Σ rate × (the part of [0, total] in the band).
    func reference(total: Int64, bands: [CommissionBand], target: Money) -> Int64 {
        var result = Decimal(0)
        let sales = Decimal(total)
        for band in bands {
            let low = Decimal(target.minorUnits) * band.from / 100
            let high = band.to.map { Decimal(target.minorUnits) * $0 / 100 }
            let top = high.map { min($0, sales) } ?? sales
            if top > low { result += (top - low) * band.ratePercent / 100 }
        }
        return Int64(result.description) ?? -1
    }

    @Test func commissionNeverFallsWhenSalesRiseWithoutDeceleratorsOrCliffs() throws {
        var generator = SplitMix64(seed: 2026)
        for round in 0..<200 {
            let structure: CommissionStructure =
                switch round % 3 {
                case 0: .tiered(bands: randomBands(rising: true, using: &generator))
                case 1:
                    .overPlan(ratePercent: Decimal(Int.random(in: 0...30, using: &generator)), grossMarginPercent: nil)
                default: .flat(ratePercent: Decimal(Int.random(in: 0...10, using: &generator)))
                }
            let cap = Bool.random(using: &generator) ? pesos(Int64.random(in: 1...200_000, using: &generator)) : nil
            let plan = try CommissionPlan(currency: .php, baseSalary: pesos(0), structure: structure, cap: cap)
            let target = randomTarget(using: &generator)
            var credits = randomCredits(
                count: Int.random(in: 0...8, using: &generator), allowCreditNotes: false, using: &generator)
            var previous = try CommissionCalculator.statement(
                month: march, plan: plan, target: target, credits: credits)
            for step in 0..<4 {
                credits.append(
                    CreditEvent(
                        sourceKind: .deal, sourceID: "extra\(step)", date: CalendarDate(year: 2026, month: 3, day: 31)!,
                        amount: pesos(Int64.random(in: 0...500_000, using: &generator))))
                let next = try CommissionCalculator.statement(
                    month: march, plan: plan, target: target, credits: credits)
                #expect(previous.earned.minorUnits <= next.earned.minorUnits, "round \(round) step \(step)")
                previous = next
            }
        }
    }

    @Test func linesAlwaysAddUpToEarnedAndTieredMatchesTheFormulaOnTheTotal() throws {
        var generator = SplitMix64(seed: 77)
        for round in 0..<300 {
            let bands = randomBands(rising: false, using: &generator)
            let target = randomTarget(using: &generator)
            let credits = randomCredits(
                count: Int.random(in: 1...10, using: &generator), allowCreditNotes: true, using: &generator)
            let tiered = try CommissionPlan(currency: .php, baseSalary: pesos(0), structure: .tiered(bands: bands))
            let statement = try CommissionCalculator.statement(
                month: march, plan: tiered, target: target, credits: credits)
            let lineSum = try Money.sum(statement.lines.map(\.amount), currency: .php)
            #expect(lineSum == statement.earned, "round \(round)")
            let total = credits.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            #expect(statement.creditedSales.minorUnits == total)
            if total >= 0 {
                #expect(
                    statement.earned.minorUnits == reference(total: total, bands: bands, target: target),
                    "round \(round)")
            }
            // Every credit's lines carry exactly its amount between them.
            for credit in credits {
                let basis = statement.lines.filter { $0.source == .credit(credit) }.reduce(Int64(0)) {
                    $0 + $1.basis.minorUnits
                }
                #expect(basis == credit.amount.minorUnits)
            }
            // The same holds with overrides, a cap and the retroactive structure.
            let busy = try CommissionPlan(
                currency: .php, baseSalary: pesos(0), structure: .retroactive(bands: bands),
                productRates: [.init(productID: "P", ratePercent: 7)], newCustomerRatePercent: 2,
                cap: pesos(Int64.random(in: 1...100_000, using: &generator)))
            let marked = credits.map { credit in
                var copy = credit
                copy.productID = Bool.random(using: &generator) ? "P" : nil
                copy.isNewCustomer = Bool.random(using: &generator)
                return copy
            }
            let other = try CommissionCalculator.statement(month: march, plan: busy, target: target, credits: marked)
            #expect(try Money.sum(other.lines.map(\.amount), currency: .php) == other.earned, "round \(round)")
        }
    }

    @Test func aLateCreditNoteAdjustsByExactlyTheDifferenceItMakes() throws {
        var generator = SplitMix64(seed: 9)
        for round in 0..<200 {
            let bands = randomBands(rising: Bool.random(using: &generator), using: &generator)
            let target = randomTarget(using: &generator)
            let plan = try CommissionPlan(currency: .php, baseSalary: pesos(0), structure: .tiered(bands: bands))
            let credits = randomCredits(
                count: Int.random(in: 1...8, using: &generator), allowCreditNotes: false, using: &generator)
            var approved = try CommissionCalculator.statement(
                month: march, plan: plan, target: target, credits: credits)
            try approved.approve(by: "head", at: Date(timeIntervalSince1970: 0))
            let total = credits.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            let refund = Int64.random(in: 0...(total / 100), using: &generator)
            let creditNote = CreditEvent(
                sourceKind: .creditNote, sourceID: "CN", date: CalendarDate(year: 2026, month: 4, day: 2)!,
                amount: pesos(-refund))
            let adjustment = try CommissionCalculator.adjustment(
                correcting: approved, lateCredits: [creditNote], reason: "late credit note")
            let expected =
                reference(total: total - refund * 100, bands: bands, target: target)
                - reference(total: total, bands: bands, target: target)
            #expect(adjustment.amount.minorUnits == expected, "round \(round)")
            #expect(adjustment.amount.minorUnits <= 0)
        }
    }
}
