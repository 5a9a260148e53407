import Foundation
import Testing

@testable import BentaCore

/// DOMAIN.md §4's commission table, manager A: plan ₱2.0M, actual ₱2.3M, unless a test says otherwise.
@Suite(.timeLimit(.minutes(20))) struct CommissionTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    let march = PlanMonth(year: 2026, month: 3)!
    let target = Money(minorUnits: 2_000_000_00, currency: .php)

    func day(_ day: Int, of month: PlanMonth? = nil) -> CalendarDate {
        let month = month ?? march
        return CalendarDate(year: month.year, month: month.month, day: day)!
    }

    func invoice(
        _ id: String, _ amount: Int64, day: Int = 10, product: String? = nil, isNew: Bool = false
    ) -> CreditEvent {
        CreditEvent(
            sourceKind: .invoice, sourceID: id, date: self.day(day), amount: pesos(amount), productID: product,
            isNewCustomer: isNew)
    }

    func plan(
        _ structure: CommissionStructure, cap: Money? = nil, draw: CommissionDraw? = nil, clawback: ClawbackRule? = nil,
        productRates: [CommissionPlan.ProductRate] = [], newCustomerRate: Decimal? = nil
    ) throws -> CommissionPlan {
        try CommissionPlan(
            currency: .php, baseSalary: pesos(25_000), structure: structure, productRates: productRates,
            newCustomerRatePercent: newCustomerRate, cap: cap, draw: draw, clawback: clawback)
    }

    /// 0–100% 3%, 100–120% 5%, above 8%: the table's accelerator.
    static let accelerator = [
        CommissionBand(from: 0, to: 100, ratePercent: 3), CommissionBand(from: 100, to: 120, ratePercent: 5),
        CommissionBand(from: 120, to: nil, ratePercent: 8),
    ]
    /// The accelerator with a 1.5% decelerator above 150%.
    static let decelerator = [
        CommissionBand(from: 0, to: 100, ratePercent: 3), CommissionBand(from: 100, to: 120, ratePercent: 5),
        CommissionBand(from: 120, to: 150, ratePercent: 8),
        CommissionBand(from: 150, to: nil, ratePercent: Decimal(string: "1.5")!),
    ]

    func earned(_ structure: CommissionStructure, sales: Int64, cap: Money? = nil) throws -> CommissionStatement {
        try CommissionCalculator.statement(
            month: march, plan: plan(structure, cap: cap), target: target, credits: [invoice("INV-1", sales)])
    }

    func expectLinesAddUp(_ statement: CommissionStatement) throws {
        #expect(try Money.sum(statement.lines.map(\.amount), currency: .php) == statement.earned)
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

    // MARK: The table

    @Test func flatPaysTheRateOnAllSales() throws {
        let statement = try earned(.flat(ratePercent: 3), sales: 2_300_000)
        #expect(statement.earned == pesos(69_000))
        #expect(statement.payable == pesos(69_000))
        #expect(statement.creditedSales == pesos(2_300_000))
        #expect(statement.baseSalary == pesos(25_000))
    }

    @Test func overPlanPaysTheRateAboveThePlanOnly() throws {
        let statement = try earned(.overPlan(ratePercent: 10, grossMarginPercent: nil), sales: 2_300_000)
        #expect(statement.earned == pesos(30_000))
        // The one invoice crosses the plan: one line below it at 0%, one above it at 10%.
        #expect(statement.lines.map(\.basis) == [pesos(2_000_000), pesos(300_000)])
        #expect(statement.lines.map(\.ratePercent) == [0, 10])
        #expect(statement.lines.map(\.amount) == [.zero(.php), pesos(30_000)])
        #expect(statement.lines.map(\.rateSource) == [.band(index: 0), .band(index: 1)])
        let event = invoice("INV-1", 2_300_000)
        #expect(statement.lines.map(\.source) == [.credit(event), .credit(event)])
        // Below the plan nothing is earned.
        #expect(try earned(.overPlan(ratePercent: 10, grossMarginPercent: nil), sales: 1_999_999).earned.isZero)
    }

    @Test func overPlanOnGrossProfitPaysAShareOfTheProfitAboveThePlannedProfit() throws {
        // 25% × (30% × ₱0.3M) = ₱22,500.
        let statement = try earned(.overPlan(ratePercent: 25, grossMarginPercent: 30), sales: 2_300_000)
        #expect(statement.earned == pesos(22_500))
        #expect(statement.lines.last?.ratePercent == Decimal(string: "7.5"))
    }

    @Test func tieredPaysEachBandsSliceAtItsRate() throws {
        let at23 = try earned(.tiered(bands: Self.accelerator), sales: 2_300_000)
        #expect(at23.earned == pesos(75_000))
        #expect(at23.lines.map(\.amount) == [pesos(60_000), pesos(15_000)])
        let at26 = try earned(.tiered(bands: Self.accelerator), sales: 2_600_000)
        #expect(at26.earned == pesos(96_000))
        #expect(at26.lines.map(\.amount) == [pesos(60_000), pesos(20_000), pesos(16_000)])
        #expect(at26.lines.map(\.band) == Self.accelerator)
    }

    @Test func retroactivePaysAllSalesAtTheRateOfTheBandReached() throws {
        let statement = try earned(.retroactive(bands: Self.accelerator), sales: 2_300_000)
        #expect(statement.earned == pesos(115_000))
        #expect(statement.lines.count == 1)
        #expect(statement.lines.first?.rateSource == .band(index: 1))
        // The cliff: one peso below the plan pays 3% of everything, at the plan 5%.
        #expect(
            try earned(.retroactive(bands: Self.accelerator), sales: 1_999_999).earned
                == Money(minorUnits: 5_999_997, currency: .php))
        #expect(try earned(.retroactive(bands: Self.accelerator), sales: 2_000_000).earned == pesos(100_000))
    }

    @Test func aDeceleratorPaysALowerRateAboveItsCeiling() throws {
        // At ₱3.4M (170%): 60,000 + 20,000 + 48,000 + 6,000.
        let statement = try earned(.tiered(bands: Self.decelerator), sales: 3_400_000)
        #expect(statement.lines.map(\.amount) == [pesos(60_000), pesos(20_000), pesos(48_000), pesos(6_000)])
        #expect(statement.earned == pesos(134_000))
    }

    @Test func aZeroRateGateIsJustABand() throws {
        let gated = [
            CommissionBand(from: 0, to: 50, ratePercent: 0), CommissionBand(from: 50, to: nil, ratePercent: 3),
        ]
        #expect(try earned(.tiered(bands: gated), sales: 900_000).earned.isZero)
        // ₱1.5M: the 0.5M above the 50% gate at 3%.
        #expect(try earned(.tiered(bands: gated), sales: 1_500_000).earned == pesos(15_000))
    }

    @Test func aCapLimitsWhatTheSalesEarn() throws {
        let statement = try earned(.tiered(bands: Self.decelerator), sales: 3_400_000, cap: pesos(100_000))
        #expect(statement.earned == pesos(100_000))
        #expect(statement.payable == pesos(100_000))
        #expect(statement.lines.last?.source == .cap)
        #expect(statement.lines.last?.amount == pesos(-34_000))
        try expectLinesAddUp(statement)
        // Below the cap there is no cap line.
        let below = try earned(.flat(ratePercent: 3), sales: 2_300_000, cap: pesos(100_000))
        #expect(below.earned == pesos(69_000))
        #expect(!below.lines.contains { $0.source == .cap })
    }

    @Test func aRecoverableDrawIsRecoveredFromLaterCommission() throws {
        // Draw ₱20k. M1 earned ₱12k → pays ₱20k, owes ₱8k. M2 earned ₱35k → pays ₱27k.
        let drawPlan = try plan(.flat(ratePercent: 1), draw: CommissionDraw(amount: pesos(20_000), isRecoverable: true))
        let first = try CommissionCalculator.statement(
            month: march, plan: drawPlan, target: target, credits: [invoice("INV-1", 1_200_000)])
        #expect(first.earned == pesos(12_000))
        #expect(first.payable == pesos(20_000))
        #expect(first.drawPaid == pesos(8_000))
        #expect(first.deficitCarried == pesos(8_000))
        let april = march.next
        let second = try CommissionCalculator.statement(
            month: april, plan: drawPlan, target: target,
            credits: [
                CreditEvent(sourceKind: .invoice, sourceID: "INV-2", date: day(5, of: april), amount: pesos(3_500_000))
            ],
            carriedDeficit: first.deficitCarried)
        #expect(second.earned == pesos(35_000))
        #expect(second.payable == pesos(27_000))
        #expect(second.drawPaid.isZero)
        #expect(second.deficitCarried.isZero)
    }

    @Test func aNonRecoverableDrawIsNotCarried() throws {
        let drawPlan = try plan(
            .flat(ratePercent: 1), draw: CommissionDraw(amount: pesos(20_000), isRecoverable: false))
        let first = try CommissionCalculator.statement(
            month: march, plan: drawPlan, target: target, credits: [invoice("INV-1", 1_200_000)])
        #expect(first.payable == pesos(20_000))
        #expect(first.drawPaid == pesos(8_000))
        #expect(first.deficitCarried.isZero)
        let second = try CommissionCalculator.statement(
            month: march, plan: drawPlan, target: target, credits: [invoice("INV-2", 3_500_000)],
            carriedDeficit: first.deficitCarried)
        #expect(second.payable == pesos(35_000))
    }

    /// ₱112k invoice (₱100k net), ₱56k paid → 3% × ₱50k = ₱1,500; ₱110k cash + a ₱2k Form 2307 count as all of it.
    @Test func collectedBasisPaysOnTheNetShareOfWhatWasSettled() throws {
        let flat = try plan(.flat(ratePercent: 3))
        let half = try CreditBasis.collectedNet(
            settled: pesos(56_000), invoiceNet: pesos(100_000), invoiceGross: pesos(112_000))
        let partial = try CommissionCalculator.statement(
            month: march, plan: flat, target: target,
            credits: [CreditEvent(sourceKind: .payment, sourceID: "PAY-1", date: day(20), amount: half)])
        #expect(partial.earned == pesos(1_500))
        let cash = try CreditBasis.collectedNet(
            settled: pesos(110_000), invoiceNet: pesos(100_000), invoiceGross: pesos(112_000))
        let certificate = try CreditBasis.collectedNet(
            settled: pesos(2_000), invoiceNet: pesos(100_000), invoiceGross: pesos(112_000))
        let full = try CommissionCalculator.statement(
            month: march, plan: flat, target: target,
            credits: [
                CreditEvent(sourceKind: .payment, sourceID: "PAY-2", date: day(20), amount: cash),
                CreditEvent(sourceKind: .payment, sourceID: "2307-1", date: day(25), amount: certificate),
            ])
        #expect(full.creditedSales == pesos(100_000))
        #expect(full.earned == pesos(3_000))
        try expectLinesAddUp(full)
    }

    /// 3% on ₱500k = ₱15k paid in March; in June ₱300k is still unpaid at 90 days → −₱9,000.
    @Test func aClawbackTakesBackTheRateOnTheUnpaidNet() throws {
        let rule = ClawbackRule(ratePercent: 3, daysAfterDue: 90)
        let clawPlan = try plan(.flat(ratePercent: 3), clawback: rule)
        let marchStatement = try CommissionCalculator.statement(
            month: march, plan: clawPlan, target: target, credits: [invoice("INV-7", 500_000)])
        #expect(marchStatement.earned == pesos(15_000))
        let june = PlanMonth(year: 2026, month: 6)!
        let due = day(31)
        // 89 days after the due date nothing is due; at 90 days it is.
        #expect(
            rule.clawbackEvent(
                invoiceID: "INV-7", dueDate: due, unpaidNet: pesos(300_000), isCreditedBack: false,
                asOf: due.adding(days: 89)) == nil)
        let event = try #require(
            rule.clawbackEvent(
                invoiceID: "INV-7", dueDate: due, unpaidNet: pesos(300_000), isCreditedBack: false,
                asOf: due.adding(days: 90)))
        #expect(event.date == day(29, of: june))
        #expect(event.amount == pesos(-300_000))
        let juneStatement = try CommissionCalculator.statement(
            month: june, plan: clawPlan, target: target, credits: [event])
        #expect(juneStatement.lines.map(\.amount) == [pesos(-9_000)])
        #expect(juneStatement.lines.first?.rateSource == .clawbackRate)
        #expect(juneStatement.earned == pesos(-9_000))
        // Clawbacks are not sales, and are recovered from later commission, never paid out negative.
        #expect(juneStatement.creditedSales.isZero)
        #expect(juneStatement.payable.isZero)
        #expect(juneStatement.deficitCarried == pesos(9_000))
        // A credited-back invoice is clawed back at once; a paid one never.
        #expect(
            rule.clawbackEvent(
                invoiceID: "INV-8", dueDate: due, unpaidNet: pesos(1), isCreditedBack: true, asOf: due) != nil)
        #expect(
            rule.clawbackEvent(
                invoiceID: "INV-9", dueDate: due, unpaidNet: .zero(.php), isCreditedBack: true, asOf: due) == nil)
    }

    /// ₱1.0M split 60/40 → ₱600k / ₱400k of quota credit; at 3% → ₱18k / ₱12k; plus a 1% manager override.
    @Test func splitCreditAndAManagerOverride() throws {
        let split = try CreditSplit(shares: [
            .init(managerID: "ana", percent: 60), .init(managerID: "ben", percent: 40),
        ])
        let deal = CreditEvent(sourceKind: .deal, sourceID: "DEAL-1", date: day(12), amount: pesos(1_000_000))
        let parts = split.split(deal)
        #expect(parts.map(\.managerID) == ["ana", "ben"])
        #expect(parts.map(\.event.amount) == [pesos(600_000), pesos(400_000)])
        let flat = try plan(.flat(ratePercent: 3))
        let earnings = try parts.map { part in
            try CommissionCalculator.statement(month: march, plan: flat, target: target, credits: [part.event]).earned
        }
        #expect(earnings == [pesos(18_000), pesos(12_000)])
        let override = try plan(.flat(ratePercent: 1))
        let head = try CommissionCalculator.statement(month: march, plan: override, target: target, credits: [deal])
        #expect(head.earned == pesos(10_000))
    }

    @Test func badCreditSplitsAreRefused() {
        #expect(
            fieldCodes {
                _ = try CreditSplit(shares: [
                    .init(managerID: "ana", percent: 60), .init(managerID: "ben", percent: 30),
                ])
            } == ["shares:not_100"])
        #expect(
            fieldCodes {
                _ = try CreditSplit(shares: [
                    .init(managerID: "ana", percent: 100), .init(managerID: "ana", percent: 0),
                ])
            } == ["shares[1].manager_id:duplicate", "shares[1].percent:out_of_range"])
        #expect(fieldCodes { _ = try CreditSplit(shares: []) } == ["shares:required"])
    }

    // MARK: Lines and overrides

    @Test func eventsApplyInDateOrderAndABoundarySplitsAnEventInTwo() throws {
        // Given out of order: the ₱1.5M of the 5th comes first, then the ₱0.8M of the 20th crosses the plan.
        let credits = [invoice("INV-B", 800_000, day: 20), invoice("INV-A", 1_500_000, day: 5)]
        let statement = try CommissionCalculator.statement(
            month: march, plan: plan(.tiered(bands: Self.accelerator)), target: target, credits: credits)
        #expect(statement.credits.map(\.sourceID) == ["INV-A", "INV-B"])
        let traced = statement.lines.map { line -> String in
            guard case .credit(let event) = line.source else { return "?" }
            return "\(event.sourceID) \(line.basis.decimalString) @\(line.ratePercent) = \(line.amount.decimalString)"
        }
        #expect(
            traced == [
                "INV-A 1500000.00 @3 = 45000.00", "INV-B 500000.00 @3 = 15000.00", "INV-B 300000.00 @5 = 15000.00",
            ])
        #expect(statement.earned == pesos(75_000))
    }

    @Test func aCreditNoteInTheMonthPeelsFromTheTopBand() throws {
        let credits = [
            invoice("INV-1", 2_600_000, day: 3),
            CreditEvent(sourceKind: .creditNote, sourceID: "CN-1", date: day(15), amount: pesos(-300_000)),
        ]
        let statement = try CommissionCalculator.statement(
            month: march, plan: plan(.tiered(bands: Self.accelerator)), target: target, credits: credits)
        // 2.6M then −0.3M: −0.2M at 8%, −0.1M at 5%; the same as ₱2.3M outright.
        #expect(statement.lines.suffix(2).map(\.amount) == [pesos(-16_000), pesos(-5_000)])
        #expect(statement.earned == pesos(75_000))
        #expect(statement.creditedSales == pesos(2_300_000))
    }

    @Test func productAndNewCustomerRatesReplaceTheStructuresRate() throws {
        let ratePlan = try plan(
            .overPlan(ratePercent: 10, grossMarginPercent: nil),
            productRates: [.init(productID: "SVC-SUPPORT", ratePercent: 2)], newCustomerRate: 4)
        let credits = [
            invoice("INV-1", 2_000_000, day: 1),
            invoice("INV-2", 100_000, day: 2, product: "SVC-SUPPORT", isNew: true),
            invoice("INV-3", 100_000, day: 3, isNew: true),
            invoice("INV-4", 100_000, day: 4),
        ]
        let statement = try CommissionCalculator.statement(
            month: march, plan: ratePlan, target: target, credits: credits)
        #expect(
            statement.lines.map(\.rateSource) == [
                .band(index: 0), .productRate(productID: "SVC-SUPPORT"), .newCustomerRate, .band(index: 1),
            ])
        // 0 + 2% × 100k + 4% × 100k + 10% × 100k (the overrides still count toward the plan).
        #expect(statement.lines.map(\.amount) == [.zero(.php), pesos(2_000), pesos(4_000), pesos(10_000)])
        #expect(statement.earned == pesos(16_000))
    }

    @Test func eachLineRoundsHalfUpAndTheTotalIsTheSumOfTheRoundedLines() throws {
        // 3% of ₱0.50 = ₱0.015 → ₱0.02 per line: three lines earn ₱0.06, where 3% of ₱1.50 would be ₱0.05.
        let credits = (1...3).map {
            CreditEvent(
                sourceKind: .invoice, sourceID: "I\($0)", date: day($0), amount: Money(minorUnits: 50, currency: .php))
        }
        let statement = try CommissionCalculator.statement(
            month: march, plan: plan(.flat(ratePercent: 3)), target: target, credits: credits)
        #expect(statement.lines.map(\.amount.minorUnits) == [2, 2, 2])
        #expect(statement.earned.minorUnits == 6)
    }

    // MARK: Approval and adjustments

    @Test func aCreditNoteAfterApprovalIsExactlyTheNegativeAdjustmentNextMonth() throws {
        let tiered = try plan(.tiered(bands: Self.accelerator))
        var approved = try CommissionCalculator.statement(
            month: march, plan: tiered, target: target, credits: [invoice("INV-1", 2_300_000)])
        try approved.approve(by: "head-1", at: Date(timeIntervalSince1970: 1_775_000_000))
        let before = approved
        let april = march.next
        let creditNote = CreditEvent(
            sourceKind: .creditNote, sourceID: "CN-9", date: day(3, of: april), amount: pesos(-100_000))
        let adjustment = try CommissionCalculator.adjustment(
            correcting: approved, lateCredits: [creditNote], reason: "Credit note CN-9 on INV-1")
        // ₱2.3M earned ₱75,000; ₱2.2M earns ₱70,000.
        #expect(adjustment.amount == pesos(-5_000))
        #expect(adjustment.correctsMonth == march)
        #expect(adjustment.sources == [creditNote])
        #expect(approved == before)
        let aprilStatement = try CommissionCalculator.statement(
            month: april, plan: tiered, target: target,
            credits: [
                CreditEvent(sourceKind: .invoice, sourceID: "INV-2", date: day(9, of: april), amount: pesos(1_000_000))
            ],
            adjustments: [adjustment])
        #expect(aprilStatement.lines.last?.source == .adjustment(adjustment))
        #expect(aprilStatement.earned == pesos(25_000))
        try expectLinesAddUp(aprilStatement)
    }

    @Test func anApprovedStatementCannotBeApprovedAgainAndADraftIsNotAdjusted() throws {
        var statement = try earned(.flat(ratePercent: 3), sales: 100)
        #expect(throws: CommissionError.notApproved) {
            try CommissionCalculator.adjustment(correcting: statement, lateCredits: [], reason: "x")
        }
        try statement.approve(by: "head-1", at: Date(timeIntervalSince1970: 0))
        #expect(statement.approval?.approvedBy == "head-1")
        #expect(throws: CommissionError.alreadyApproved) {
            try statement.approve(by: "head-2", at: Date(timeIntervalSince1970: 1))
        }
        #expect(statement.approval?.approvedBy == "head-1")
    }

    // MARK: Refused inputs

    @Test func statementInputsAreChecked() throws {
        let flat = try plan(.flat(ratePercent: 3))
        #expect(
            throws: CommissionError.creditOutsideMonth(sourceID: "INV-1", date: day(1, of: march.next), month: march)
        ) {
            try CommissionCalculator.statement(
                month: march, plan: flat, target: target,
                credits: [
                    CreditEvent(sourceKind: .invoice, sourceID: "INV-1", date: day(1, of: march.next), amount: pesos(1))
                ])
        }
        #expect(throws: CommissionError.currencyMismatch(source: "INV-2", expected: .php, found: .usd)) {
            try CommissionCalculator.statement(
                month: march, plan: flat, target: target,
                credits: [
                    CreditEvent(
                        sourceKind: .invoice, sourceID: "INV-2", date: day(1),
                        amount: Money(minorUnits: 1, currency: .usd))
                ])
        }
        #expect(throws: CommissionError.clawbackWithoutRule(sourceID: "INV-3")) {
            try CommissionCalculator.statement(
                month: march, plan: flat, target: target,
                credits: [CreditEvent(sourceKind: .clawback, sourceID: "INV-3", date: day(1), amount: pesos(-1))])
        }
        #expect(throws: CommissionError.negativeTarget) {
            try CommissionCalculator.statement(month: march, plan: flat, target: pesos(-1), credits: [])
        }
        #expect(throws: CommissionError.negativeCarriedDeficit) {
            try CommissionCalculator.statement(
                month: march, plan: flat, target: target, credits: [], carriedDeficit: pesos(-1))
        }
    }

    @Test func overlappingTiersAreRefused() {
        let codes = fieldCodes {
            _ = try plan(
                .tiered(bands: [
                    CommissionBand(from: 0, to: 100, ratePercent: 3), CommissionBand(from: 90, to: nil, ratePercent: 5),
                ]))
        }
        #expect(codes == ["tiers[1].from:overlap"])
        let afterOpenEnd = fieldCodes {
            _ = try plan(
                .retroactive(bands: [
                    CommissionBand(from: 0, to: nil, ratePercent: 3),
                    CommissionBand(from: 100, to: nil, ratePercent: 5),
                ]))
        }
        #expect(afterOpenEnd == ["tiers[1].from:overlap"])
    }

    @Test func tiersThatLeaveGapsAreRefused() {
        let middle = fieldCodes {
            _ = try plan(
                .tiered(bands: [
                    CommissionBand(from: 0, to: 100, ratePercent: 3),
                    CommissionBand(from: 110, to: nil, ratePercent: 5),
                ]))
        }
        #expect(middle == ["tiers[1].from:gap"])
        let start = fieldCodes {
            _ = try plan(.tiered(bands: [CommissionBand(from: 50, to: nil, ratePercent: 3)]))
        }
        #expect(start == ["tiers[0].from:gap"])
        let end = fieldCodes {
            _ = try plan(
                .tiered(bands: [
                    CommissionBand(from: 0, to: 100, ratePercent: 3),
                    CommissionBand(from: 100, to: 150, ratePercent: 5),
                ]))
        }
        #expect(end == ["tiers[1].to:gap"])
        #expect(fieldCodes { _ = try plan(.tiered(bands: [])) } == ["tiers:required"])
    }

    @Test func otherBadPlanInputsAreEachReported() {
        let codes = fieldCodes {
            _ = try CommissionPlan(
                currency: .php, baseSalary: pesos(-1),
                structure: .tiered(bands: [
                    CommissionBand(from: 0, to: 0, ratePercent: -3), CommissionBand(from: 0, to: nil, ratePercent: 101),
                ]),
                productRates: [.init(productID: "P", ratePercent: 1), .init(productID: "P", ratePercent: 2)],
                newCustomerRatePercent: -1, cap: .zero(.php),
                draw: CommissionDraw(amount: pesos(-5), isRecoverable: true),
                clawback: ClawbackRule(ratePercent: 3, daysAfterDue: -1))
        }
        #expect(
            codes == [
                "base_salary:negative", "tiers[0].to:out_of_range", "tiers[0].rate:out_of_range",
                "tiers[1].rate:out_of_range", "product_rates[1].product_id:duplicate", "new_customer_rate:out_of_range",
                "cap:out_of_range", "draw.amount:out_of_range", "clawback.days_after_due:out_of_range",
            ])
        #expect(
            fieldCodes { _ = try plan(.overPlan(ratePercent: 10, grossMarginPercent: 0)) } == [
                "gross_margin:out_of_range"
            ])
        #expect(fieldCodes { _ = try plan(.flat(ratePercent: -1)) } == ["rate:out_of_range"])
        #expect(
            fieldCodes { _ = try plan(.flat(ratePercent: 1), cap: Money(minorUnits: 1, currency: .usd)) }
                == ["cap:currency_mismatch"])
    }

    @Test func theDefaultPlanIsOverPlan() throws {
        let plan = try CommissionPlan.overPlan(ratePercent: 10, baseSalary: pesos(20_000))
        #expect(plan.structure == .overPlan(ratePercent: 10, grossMarginPercent: nil))
        #expect(plan.cap == nil && plan.draw == nil && plan.clawback == nil)
    }

    @Test func aStatementSurvivesJSON() throws {
        var statement = try CommissionCalculator.statement(
            month: march,
            plan: plan(
                .tiered(bands: Self.decelerator), cap: pesos(100_000),
                clawback: ClawbackRule(ratePercent: 3, daysAfterDue: 90)),
            target: target,
            credits: [
                invoice("INV-1", 3_400_000, product: nil),
                CreditEvent(sourceKind: .clawback, sourceID: "INV-0", date: day(2), amount: pesos(-1_000)),
            ])
        try statement.approve(by: "head-1", at: Date(timeIntervalSince1970: 1_775_000_000))
        let decoded = try JSONDecoder().decode(CommissionStatement.self, from: JSONEncoder().encode(statement))
        #expect(decoded == statement)
    }
}
