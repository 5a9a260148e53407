import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PlanTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    func centavos(_ value: Int64) -> Money { Money(minorUnits: value, currency: .php) }
    func month(_ text: String) throws -> PlanMonth { try #require(PlanMonth(parsing: text)) }
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }

    func inputs(
        costs: [Money], targetProfit: Int64 = 0, margin: Decimal = 30, recurring: [Bool]? = nil
    ) throws -> CompanyPlanInputs {
        let lines = costs.enumerated().map { index, amount in
            CostLine(
                kind: .other, label: "Cost \(index)", amount: amount,
                isRecurringMonthly: recurring?[index] ?? true)
        }
        return try CompanyPlanInputs(
            month: try month("2026-03"), currency: .php, costLines: lines, targetProfit: pesos(targetProfit),
            grossMarginPercent: margin)
    }

    func fieldCodes(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field):\($0.code)" }
        } catch {
            return ["unexpected:\(error)"]
        }
    }

    // MARK: Months

    @Test func monthsParseFormatAndStep() throws {
        let december = try month("2026-12")
        #expect(december.year == 2026 && december.month == 12)
        #expect(december.text == "2026-12")
        #expect(december.next.text == "2027-01")
        #expect(december.previous.text == "2026-11")
        #expect(try month("2026-01").previous.text == "2025-12")
        #expect(december.firstDay == (try date("2026-12-01")))
        #expect(december.lastDay == (try date("2026-12-31")))
        #expect(try month("2028-02").lastDay == (try date("2028-02-29")))
        #expect(december.contains(try date("2026-12-15")))
        #expect(!december.contains(try date("2027-12-15")))
        #expect(PlanMonth(containing: try date("2026-07-04")).text == "2026-07")
        #expect(try month("2026-02") < month("2026-03"))
        #expect(try month("2025-12") < month("2026-01"))
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-01", "", "0000-01", "２０２６-01"])
    func badMonthsDoNotParse(_ text: String) {
        #expect(PlanMonth(parsing: text) == nil)
    }

    @Test func monthsEncodeAsTheirText() throws {
        let data = try JSONEncoder().encode([try month("2026-03")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03"]"#)
        #expect(try JSONDecoder().decode([PlanMonth].self, from: data) == [try month("2026-03")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PlanMonth].self, from: Data(#"["2026-3"]"#.utf8))
        }
    }

    // MARK: Company plan

    /// DOMAIN.md §4: fixed ₱1.2M at 30% → break-even ₱4.0M; with ₱0.3M target profit → plan ₱5.0M.
    @Test func theDomainPlanExample() throws {
        let plan = try CompanyPlan.derive(
            inputs(costs: [pesos(500_000), pesos(600_000), pesos(100_000)], targetProfit: 300_000))
        #expect(plan.totalCosts == pesos(1_200_000))
        #expect(plan.breakEvenRevenue == pesos(4_000_000))
        #expect(plan.targetRevenue == pesos(5_000_000))
    }

    @Test func planFiguresRoundOnceHalfUpToTheCentavo() throws {
        // 1,000.00 / 0.3 = 3,333.333… → 3,333.33; 2,000.00 / 0.3 = 6,666.666… → 6,666.67; 0.01 / 0.4 = 0.025 → 0.03.
        let third = try CompanyPlan.derive(inputs(costs: [pesos(1_000)], targetProfit: 1_000))
        #expect(third.breakEvenRevenue == centavos(333_333))
        #expect(third.targetRevenue == centavos(666_667))
        let half = try CompanyPlan.derive(inputs(costs: [centavos(1)], margin: 40))
        #expect(half.breakEvenRevenue == centavos(3))
        // At 100% margin the plan is the costs plus the profit.
        let full = try CompanyPlan.derive(inputs(costs: [pesos(1_234)], targetProfit: 66, margin: 100))
        #expect(full.targetRevenue == pesos(1_300))
    }

    @Test(arguments: [Decimal(0), Decimal(-30), Decimal(string: "100.01")!, Decimal.nan])
    func aMarginOutsideZeroToHundredIsRefused(_ margin: Decimal) throws {
        let codes = fieldCodes { _ = try inputs(costs: [pesos(1)], margin: margin) }
        #expect(codes == ["gross_margin:out_of_range"])
    }

    @Test func badCostLinesAreEachReported() throws {
        let lines = [
            CostLine(kind: .rent, label: "Rent", amount: pesos(100), isRecurringMonthly: true),
            CostLine(kind: .taxes, label: "Taxes", amount: pesos(-1), isRecurringMonthly: true),
            CostLine(
                kind: .utilities, label: "  ", amount: Money(minorUnits: 5, currency: .usd), isRecurringMonthly: false),
        ]
        let codes = fieldCodes {
            _ = try CompanyPlanInputs(
                month: try month("2026-03"), currency: .php, costLines: lines, targetProfit: pesos(-5),
                grossMarginPercent: 30)
        }
        #expect(
            codes == [
                "cost_lines[1].amount:negative", "cost_lines[2].label:required",
                "cost_lines[2].amount:currency_mismatch",
                "target_profit:negative",
            ])
    }

    @Test func costsTooLargeToAddUpAreRefused() {
        let huge = Money(minorUnits: Int64.max, currency: .php)
        let codes = fieldCodes { _ = try inputs(costs: [huge, huge]) }
        #expect(codes == ["cost_lines:too_large"])
    }

    @Test func recurringCostsAreCopiedForwardToTheNextMonth() throws {
        let march = try inputs(
            costs: [pesos(500), pesos(70), pesos(30)], targetProfit: 10, margin: 25, recurring: [true, false, true])
        let april = march.copiedForward()
        #expect(april.month.text == "2026-04")
        #expect(april.costLines.map(\.amount) == [pesos(500), pesos(30)])
        #expect(april.targetProfit == pesos(10))
        #expect(april.grossMarginPercent == 25)
        #expect(april.totalCosts == pesos(530))
    }

    // MARK: Splits

    /// DOMAIN.md §4: A 40% = ₱2.0M, B 35% = ₱1.75M, C 25% = ₱1.25M of ₱5.0M.
    @Test(arguments: [PlanSplit.WeightScale.relative, .percent])
    func theDomainSplitExample(_ scale: PlanSplit.WeightScale) throws {
        let split = try PlanSplit.byWeights(
            plan: pesos(5_000_000),
            weights: [
                .init(managerID: "A", weight: 40), .init(managerID: "B", weight: 35), .init(managerID: "C", weight: 25),
            ],
            scale: scale)
        #expect(split.shares.map(\.managerID) == ["A", "B", "C"])
        #expect(split.shares.map(\.amount) == [pesos(2_000_000), pesos(1_750_000), pesos(1_250_000)])
        #expect(split.difference.isZero && split.addsUp)
    }

    @Test func leftoverCentavosGoByLargestRemainderTiesToTheFirstListed() throws {
        let even = try PlanSplit.byWeights(
            plan: pesos(100), weights: ["A", "B", "C"].map { .init(managerID: $0, weight: 1) })
        #expect(even.shares.map(\.amount) == [centavos(3_334), centavos(3_333), centavos(3_333)])
        // 1.00 by 1:2 → 0.333… and 0.666…: the larger remainder (B's .666) gets the spare centavo.
        let uneven = try PlanSplit.byWeights(
            plan: pesos(1), weights: [.init(managerID: "A", weight: 1), .init(managerID: "B", weight: 2)])
        #expect(uneven.shares.map(\.amount) == [centavos(33), centavos(67)])
    }

    @Test func splitsByWeightsAlwaysAddUpToThePlan() throws {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<300 {
            let plan = centavos(Int64.random(in: 0...10_000_000_000, using: &generator))
            let count = Int.random(in: 1...9, using: &generator)
            let weights = (0..<count).map { index in
                PlanSplit.Weight(managerID: "m\(index)", weight: Decimal(Int.random(in: 0...1_000, using: &generator)))
            }
            guard weights.contains(where: { !$0.value.isZero }) else { continue }
            let split = try PlanSplit.byWeights(plan: plan, weights: weights)
            let total = try Money.sum(split.shares.map(\.amount), currency: .php)
            #expect(total == plan)
            let weightSum = weights.map(\.value).reduce(0, +)
            for (share, weight) in zip(split.shares, weights) {
                // Each share is within one centavo of its exact part.
                let exact = Decimal(plan.minorUnits) * weight.value / weightSum
                let distance = Decimal(share.amount.minorUnits) - exact
                #expect(distance > -1 && distance < 1)
            }
        }
    }

    @Test func badWeightsAreRefused() throws {
        let plan = pesos(1_000)
        #expect(
            fieldCodes {
                _ = try PlanSplit.byWeights(
                    plan: plan, weights: [.init(managerID: "A", weight: -1), .init(managerID: "B", weight: 2)])
            } == ["weights[0].weight:negative"])
        #expect(
            fieldCodes {
                _ = try PlanSplit.byWeights(
                    plan: plan, weights: [.init(managerID: "A", weight: 0), .init(managerID: "B", weight: 0)])
            } == ["weights:all_zero"])
        #expect(
            fieldCodes {
                _ = try PlanSplit.byWeights(
                    plan: plan, weights: [.init(managerID: "A", weight: 1), .init(managerID: " A ", weight: 2)])
            } == ["weights[1].manager_id:duplicate"])
        #expect(fieldCodes { _ = try PlanSplit.byWeights(plan: plan, weights: []) } == ["weights:required"])
        // Percentages that do not add up to 100.
        #expect(
            fieldCodes {
                _ = try PlanSplit.byWeights(
                    plan: plan, weights: [.init(managerID: "A", weight: 40), .init(managerID: "B", weight: 35)],
                    scale: .percent)
            } == ["weights:not_100"])
        #expect(
            fieldCodes {
                _ = try PlanSplit.byWeights(plan: pesos(-1), weights: [.init(managerID: "A", weight: 1)])
            } == ["plan:negative"])
    }

    @Test func aSplitByHandShowsTheDifference() throws {
        let plan = pesos(5_000_000)
        let short = try PlanSplit.byHand(
            plan: plan,
            amounts: [.init(managerID: "A", amount: pesos(2_000_000)), .init(managerID: "B", amount: pesos(2_500_000))])
        #expect(short.difference == pesos(500_000))
        #expect(!short.addsUp)
        #expect(short.shares.map(\.weight) == [nil, nil])
        let over = try PlanSplit.byHand(plan: plan, amounts: [.init(managerID: "A", amount: pesos(5_000_001))])
        #expect(over.difference == pesos(-1))
        let exact = try PlanSplit.byHand(
            plan: plan,
            amounts: [
                .init(managerID: "A", amount: pesos(3_000_000)), .init(managerID: "B", amount: pesos(2_000_000)),
            ],
            requireExact: true)
        #expect(exact.addsUp)
    }

    @Test func aSplitByHandThatMustBeExactRefusesADifference() {
        let codes = fieldCodes {
            _ = try PlanSplit.byHand(
                plan: pesos(100), amounts: [.init(managerID: "A", amount: pesos(99))], requireExact: true)
        }
        #expect(codes == ["amounts:does_not_add_up"])
        let bad = fieldCodes {
            _ = try PlanSplit.byHand(
                plan: pesos(100),
                amounts: [
                    .init(managerID: "A", amount: pesos(-1)), .init(managerID: "", amount: pesos(1)),
                    .init(managerID: "C", amount: Money(minorUnits: 1, currency: .usd)),
                ])
        }
        #expect(
            bad == [
                "amounts[1].manager_id:required", "amounts[0].amount:negative", "amounts[2].amount:currency_mismatch",
            ])
    }

    // MARK: Working days and attainment

    @Test func workingDaysAreWeekdaysMinusHolidays() throws {
        let december = try month("2026-12")
        #expect(WorkingDays().count(in: december) == 23)
        // Immaculate Conception (Tue 8), Christmas (Fri 25), Rizal Day (Wed 30); the 26th is a Saturday anyway.
        let holidays: Set<CalendarDate> = [
            try date("2026-12-08"), try date("2026-12-25"), try date("2026-12-26"), try date("2026-12-30"),
        ]
        let calendar = WorkingDays(holidays: holidays)
        #expect(calendar.count(in: december) == 20)
        #expect(!calendar.isWorkingDay(try date("2026-12-06")))  // Sunday
        #expect(calendar.isWorkingDay(try date("2026-12-07")))
        #expect(calendar.elapsed(in: december, through: try date("2026-12-08")) == 5)  // 1–4, 7
        #expect(calendar.elapsed(in: december, through: try date("2026-11-30")) == 0)
        #expect(calendar.elapsed(in: december, through: try date("2027-01-15")) == 20)
        #expect(calendar.count(from: try date("2026-12-10"), through: try date("2026-12-01")) == 0)
    }

    /// DOMAIN.md §4: A's plan ₱2.0M, actual ₱2.3M → 115%, gap −₱0.3M, nothing left to cover.
    @Test func theDomainAttainmentExample() throws {
        let result = try Attainment.measure(
            month: try month("2026-03"), plan: pesos(2_000_000), actual: pesos(2_300_000),
            asOf: try date("2026-03-31"), workingDays: WorkingDays(), pipeline: [])
        #expect(result.attainmentPercent == 115)
        #expect(result.gap == pesos(-300_000))
        #expect(result.remainingGap.isZero)
        #expect(result.pipelineCoverage == nil)
        #expect(result.weightedCoverage == nil)
        #expect(result.runRateProjection == pesos(2_300_000))
    }

    /// DOMAIN.md §5: the four open deals weigh ₱790k; quota ₱2.0M − closed ₱0.8M leaves ₱1.2M, covered 2.0M / 1.2M.
    @Test func theDomainPipelineExamples() throws {
        let pipeline = [
            PipelineDeal(amount: pesos(500_000), probabilityPercent: 40),
            PipelineDeal(amount: pesos(300_000), probabilityPercent: 70),
            PipelineDeal(amount: pesos(1_000_000), probabilityPercent: 20),
            PipelineDeal(amount: pesos(200_000), probabilityPercent: 90),
        ]
        let result = try Attainment.measure(
            month: try month("2026-03"), plan: pesos(2_000_000), actual: pesos(800_000),
            asOf: try date("2026-03-16"), workingDays: WorkingDays(), pipeline: pipeline)
        #expect(result.weightedPipeline == pesos(790_000))
        #expect(result.openPipeline == pesos(2_000_000))
        #expect(result.remainingGap == pesos(1_200_000))
        #expect(result.pipelineCoverage == Decimal(string: "1.67"))
        #expect(result.weightedCoverage == Decimal(string: "0.66"))
        #expect(result.attainmentPercent == 40)
    }

    @Test func theRunRateProjectsTheMonthFromTheWorkingDaysElapsed() throws {
        // February 2026 has 20 weekdays; through Friday the 13th, 10 have passed: ₱1.0M so far projects ₱2.0M.
        let february = try month("2026-02")
        let result = try Attainment.measure(
            month: february, plan: pesos(3_000_000), actual: pesos(1_000_000), asOf: try date("2026-02-13"),
            workingDays: WorkingDays(), pipeline: [])
        #expect(result.workingDaysInMonth == 20)
        #expect(result.workingDaysElapsed == 10)
        #expect(result.runRateProjection == pesos(2_000_000))
        #expect(result.attainmentPercent == Decimal(string: "33.3"))
        // With a holiday on Wednesday the 25th: ₱1.0M ÷ 10 × 19.
        let withHoliday = try Attainment.measure(
            month: february, plan: pesos(3_000_000), actual: pesos(1_000_000), asOf: try date("2026-02-13"),
            workingDays: WorkingDays(holidays: [try date("2026-02-25")]), pipeline: [])
        #expect(withHoliday.runRateProjection == pesos(1_900_000))
        // Before the first working day there is no pace to project.
        let early = try Attainment.measure(
            month: february, plan: pesos(3_000_000), actual: .zero(.php), asOf: try date("2026-02-01"),
            workingDays: WorkingDays(), pipeline: [])
        #expect(early.runRateProjection == nil)
    }

    @Test func aZeroPlanHasNoAttainmentAndMixedCurrenciesThrow() throws {
        let result = try Attainment.measure(
            month: try month("2026-03"), plan: .zero(.php), actual: pesos(5), asOf: try date("2026-03-10"),
            workingDays: WorkingDays(), pipeline: [])
        #expect(result.attainmentPercent == nil)
        #expect(throws: MoneyError.currencyMismatch(.php, .usd)) {
            try Attainment.measure(
                month: try month("2026-03"), plan: pesos(5), actual: Money(minorUnits: 1, currency: .usd),
                asOf: try date("2026-03-10"), workingDays: WorkingDays(), pipeline: [])
        }
    }

    // MARK: Credit basis

    /// DOMAIN.md §4: ₱112k invoice (₱100k net), ₱56k paid → ₱50k collected; ₱110k cash + ₱2k Form 2307 → all ₱100k.
    @Test func collectedCreditIsTheNetShareOfCashAndWithholding() throws {
        let gross = pesos(112_000)
        let net = pesos(100_000)
        #expect(
            try CreditBasis.collectedNet(settled: pesos(56_000), invoiceNet: net, invoiceGross: gross) == pesos(50_000))
        let settled = try pesos(110_000) + pesos(2_000)
        #expect(try CreditBasis.collectedNet(settled: settled, invoiceNet: net, invoiceGross: gross) == net)
        // ₱1.00 of a ₱1.12 invoice: 0.892857… → 0.89.
        #expect(
            try CreditBasis.collectedNet(settled: pesos(1), invoiceNet: centavos(100), invoiceGross: centavos(112))
                == centavos(89))
        #expect(
            try CreditBasis.collectedNet(settled: pesos(1), invoiceNet: .zero(.php), invoiceGross: .zero(.php)).isZero)
    }

    // MARK: Versions

    @Test func theVersionInForceIsTheLatestEffectiveOne() throws {
        let start = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01T00:00Z
        func version(_ number: Int, hoursAfterStart: Double, _ content: String) throws -> PlanVersion<String> {
            try PlanVersion(
                number: number, effectiveAt: start.addingTimeInterval(hoursAfterStart * 3600), authorID: "head-1",
                reason: "change \(number)", content: content)
        }
        // Listed out of order; version 3 takes effect at the same instant as version 2 and wins the tie.
        let versions = [
            try version(3, hoursAfterStart: 48, "third"), try version(1, hoursAfterStart: 0, "first"),
            try version(2, hoursAfterStart: 48, "second"), try version(4, hoursAfterStart: 24 * 20, "fourth"),
        ]
        #expect(PlanVersion.inForce(at: start.addingTimeInterval(-1), among: versions) == nil)
        #expect(PlanVersion.inForce(at: start, among: versions)?.content == "first")
        #expect(PlanVersion.inForce(at: start.addingTimeInterval(47 * 3600), among: versions)?.content == "first")
        #expect(PlanVersion.inForce(at: start.addingTimeInterval(48 * 3600), among: versions)?.content == "third")
        #expect(PlanVersion.inForce(at: start.addingTimeInterval(1e7), among: versions)?.content == "fourth")
        #expect(PlanVersion.nextNumber(after: versions) == 5)
        #expect(PlanVersion<String>.nextNumber(after: []) == 1)
        // As of a day in Manila (UTC+8): version 3 took effect 2026-03-03T00:00Z = 08:00 in Manila, so it is in
        // force on March 3 but not on March 2.
        let manila = try #require(TimeZone(identifier: "Asia/Manila"))
        #expect(PlanVersion.inForce(on: try date("2026-03-02"), timeZone: manila, among: versions)?.content == "first")
        #expect(PlanVersion.inForce(on: try date("2026-03-03"), timeZone: manila, among: versions)?.content == "third")
    }

    @Test func versionsAndPlansSurviveJSON() throws {
        let inputs = try inputs(costs: [pesos(1_200_000)], targetProfit: 300_000)
        let version = try PlanVersion(
            number: 2, effectiveAt: Date(timeIntervalSince1970: 1_772_323_200), authorID: "head-1",
            reason: "Rent went up", content: inputs)
        let data = try JSONEncoder().encode(version)
        #expect(try JSONDecoder().decode(PlanVersion<CompanyPlanInputs>.self, from: data) == version)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""author_id":"head-1""#) && text.contains(#""gross_margin_percent":30"#))
        let plan = try CompanyPlan.derive(inputs)
        #expect(try JSONDecoder().decode(CompanyPlan.self, from: JSONEncoder().encode(plan)) == plan)
    }

    @Test func managerIDsAreTrimmed() throws {
        let split = try PlanSplit.byWeights(plan: pesos(10), weights: [.init(managerID: " ana ", weight: 1)])
        #expect(split.shares.map(\.managerID) == ["ana"])
    }

    @Test func aVersionNeedsANumberAnAuthorAndAReason() {
        let codes = fieldCodes {
            _ = try PlanVersion(
                number: 0, effectiveAt: Date(timeIntervalSince1970: 0), authorID: " ", reason: "", content: 1)
        }
        #expect(codes == ["number:out_of_range", "author_id:required", "reason:required"])
    }
}
