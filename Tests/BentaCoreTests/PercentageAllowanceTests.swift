import Foundation
import Testing

@testable import BentaCore

/// A decimal from its text; NaN when the text is not a number.
private func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
}

/// An amount from its plain decimal text; an impossible sentinel when the text does not parse.
private func money(_ text: String) -> Money {
    (try? Money(decimalString: text, currency: .php)) ?? Money(minorUnits: .min, currency: .php)
}

/// A line of one unit at `price` in `category` (at the category's PH rate unless `rate` is given).
private func line(_ price: String, category: TaxCategory = .vatable, rate: String? = nil) -> DocumentLine {
    DocumentLine(
        description: "Item", quantity: 1, unit: "pc", unitPrice: decimal(price), taxCategory: category,
        ratePercent: rate.map(decimal))
}

/// A percentage discount's spread over the (category, rate) groups of the lines, the stored entries it is read back
/// as, and the checks on the percentage (issue 10, item 7).
@Suite(.timeLimit(.minutes(20))) struct PercentageAllowanceTests {
    /// VATable 10,000 + exempt 7,000 with VAT-exclusive prices, 5% off: 850 shared as 500 + 350, so VATable sales
    /// are 9,500 with VAT 1,140 and exempt sales 6,650; one VATable allowance of 850 would give 9,150 and 1,098.
    @Test func fivePercentOfAMixedOrderIsSharedOverItsCategories() throws {
        let lines = [line("10000"), line("7000", category: .exempt)]
        let allowances = try PercentageAllowance(percent: 5, reason: "Loyalty").spread(over: lines, currency: .php)
        #expect(allowances.map(\.amount) == [money("500.00"), money("350.00")])
        #expect(allowances.map(\.taxCategory) == [.vatable, .exempt])
        #expect(allowances.map(\.ratePercent) == [12, 0])
        #expect(allowances.map(\.baseAmount) == [money("10000.00"), money("7000.00")])
        #expect(allowances.allSatisfy { $0.kind == .allowance && $0.percent == 5 && $0.reason == "Loyalty" })

        let totals = try DocumentTotals.compute(lines: lines, allowancesAndCharges: allowances, currency: .php)
        #expect(totals.vatableSales == money("9500.00"))
        #expect(totals.vatAmount == money("1140.00"))
        #expect(totals.exemptSales == money("6650.00"))
        #expect(totals.allowanceTotal == money("850.00"))
        #expect(totals.totalWithTax == money("17290.00"))

        // What a single VATable allowance of the same 850 gets wrong.
        let single = try DocumentTotals.compute(
            lines: lines, allowancesAndCharges: [.allowance(money("850.00"))], currency: .php)
        #expect(single.vatableSales == money("9150.00") && single.vatAmount == money("1098.00"))
    }

    /// VAT-inclusive prices spread over the groups' gross amounts: VATable 11,200 (10,000 + VAT) and exempt 7,000 at
    /// 5% take 560 and 350 off, the same 9,500 + 1,140 VAT and 6,650 as the VAT-exclusive invoice.
    @Test func inclusivePricesSpreadOverTheGrossOfEachGroup() throws {
        let lines = [line("11200"), line("7000", category: .exempt)]
        let allowances = try PercentageAllowance(percent: 5).spread(over: lines, currency: .php)
        #expect(allowances.map(\.amount) == [money("560.00"), money("350.00")])
        #expect(allowances.map(\.baseAmount) == [money("11200.00"), money("7000.00")])
        let totals = try DocumentTotals.compute(
            lines: lines, allowancesAndCharges: allowances, pricesIncludeTax: true, currency: .php)
        #expect(totals.vatableSales == money("9500.00"))
        #expect(totals.vatAmount == money("1140.00"))
        #expect(totals.exemptSales == money("6650.00"))
        #expect(totals.totalWithTax == money("17290.00"))
        #expect(totals.allowanceChargeNets == [money("500.00"), money("350.00")])
    }

    /// Three groups of 0.10 at 15%: each share is 0.015 exactly, but the discount is rounded once (0.045 → 0.05)
    /// and the one centavo left over by the floors goes to the first groups, not a rounded 0.02 to each (0.06).
    @Test func theDiscountIsRoundedOnceAndTheRemainderApportioned() throws {
        let lines = [
            line("0.10", category: .exempt), line("0.10", category: .zeroRated), line("0.10"),
        ]
        let allowances = try PercentageAllowance(percent: 15).spread(over: lines, currency: .php)
        // Breakdown order: VATable, zero-rated, exempt.
        #expect(allowances.map(\.taxCategory) == [.vatable, .zeroRated, .exempt])
        #expect(allowances.map(\.amount) == [money("0.02"), money("0.02"), money("0.01")])
        #expect(try Money.sum(allowances.map(\.amount), currency: .php) == money("0.05"))

        // Uneven bases: 5% of 333.33 + 333.33 + 333.34 = 50.00 exactly, each within a centavo of its share.
        let uneven = try PercentageAllowance(percent: 5).spread(
            over: [line("333.33"), line("333.33", category: .exempt), line("333.34", category: .zeroRated)],
            currency: .php)
        #expect(try Money.sum(uneven.map(\.amount), currency: .php) == money("50.00"))
        for item in uneven {
            let exact = Rounding.decimal(try #require(item.baseAmount)) * 5 / 100
            #expect(abs(Rounding.decimal(item.amount) - exact) < decimal("0.01"))
        }
    }

    /// Two VATable rates are two groups; lines of one group add up to one base.
    @Test func eachRateIsAGroupOfItsOwn() throws {
        let lines = [line("1000"), line("500", rate: "5"), line("1000")]
        let allowances = try PercentageAllowance(percent: 10).spread(over: lines, currency: .php)
        #expect(allowances.map(\.ratePercent) == [5, 12])
        #expect(allowances.map(\.amount) == [money("50.00"), money("200.00")])
        #expect(allowances.map(\.baseAmount) == [money("500.00"), money("2000.00")])
    }

    /// 100% takes each group to exactly zero.
    @Test func aHundredPercentTakesEverythingOff() throws {
        let lines = [line("1234.56"), line("0.01", category: .exempt), line("99.99", category: .zeroRated)]
        let allowances = try PercentageAllowance(percent: 100).spread(over: lines, currency: .php)
        #expect(allowances.map(\.amount) == [money("1234.56"), money("99.99"), money("0.01")])
        let totals = try DocumentTotals.compute(lines: lines, allowancesAndCharges: allowances, currency: .php)
        #expect(totals.totalWithoutTax.isZero && totals.totalTax.isZero && totals.totalWithTax.isZero)
    }

    /// Without lines the discount is kept as one VATable allowance of zero, read back as the same entry.
    @Test func aDiscountWithoutLinesIsKeptUntilLinesArrive() throws {
        let discount = PercentageAllowance(percent: decimal("7.5"), reason: "Opening")
        let kept = try discount.spread(over: [], currency: .php)
        #expect(kept.count == 1)
        #expect(kept[0].amount.isZero && kept[0].taxCategory == .vatable && kept[0].percent == decimal("7.5"))
        let entries = DocumentAdjustment.entries(of: kept)
        #expect(entries.map(\.entry) == [.percentage(discount)])
        let spread = try DocumentAdjustment.respread(kept, over: [line("2000")], currency: .php)
        #expect(spread.map(\.amount) == [money("150.00")])
    }

    @Test(arguments: ["0", "-5", "100.01", "1000"])
    func aPercentOutsideZeroToAHundredIsRefused(text: String) {
        var errors = ValidationErrors()
        PercentageAllowance.checkPercent(decimal(text), field: "percent", into: &errors)
        #expect(errors.errors.map(\.code) == ["out_of_range"])
    }

    @Test(arguments: ["100", "0.5", "12.125"])
    func aPercentAboveZeroUpToAHundredIsAccepted(text: String) {
        var errors = ValidationErrors()
        PercentageAllowance.checkPercent(decimal(text), field: "percent", into: &errors)
        #expect(errors.isEmpty)
    }

    /// The totals refuse a stored allowance whose percentage is out of range, and a charge that claims one.
    @Test func theTotalsRefuseAnInvalidPercentage() throws {
        var allowance = DocumentAllowanceCharge.allowance(money("10.00"))
        allowance.percent = 150
        var charge = DocumentAllowanceCharge.charge(money("10.00"))
        charge.percent = 5
        #expect {
            try DocumentTotals.compute(lines: [line("100")], allowancesAndCharges: [allowance, charge], currency: .php)
        } throws: { error in
            (error as? ValidationErrors)?.errors.map { "\($0.field) \($0.code)" } == [
                "allowancesAndCharges[0].percent out_of_range", "allowancesAndCharges[1].percent percent_not_allowed",
            ]
        }
    }

    // MARK: Entries

    /// Stored items read back as the entries that made them: a percentage discount's run of groups is one entry,
    /// two equal discounts in a row stay two, fixed amounts stay as they are.
    @Test func storedItemsReadBackAsTheirEntries() throws {
        let lines = [line("10000"), line("7000", category: .exempt)]
        let fixedCharge = DocumentAllowanceCharge.charge(money("250.00"), reason: "Delivery")
        let fixedAllowance = DocumentAllowanceCharge.allowance(money("100.00"), taxCategory: .exempt, reason: "Promo")
        let entries: [DocumentAdjustment] = [
            .percentage(PercentageAllowance(percent: 5, reason: "Loyalty")), .fixed(fixedCharge),
            .percentage(PercentageAllowance(percent: 2, reason: "Early")),
            .percentage(PercentageAllowance(percent: 2, reason: "Early")), .fixed(fixedAllowance),
        ]
        let stored = try DocumentAdjustment.expand(entries, over: lines, currency: .php)
        #expect(stored.count == 2 + 1 + 2 + 2 + 1)
        let read = DocumentAdjustment.entries(of: stored)
        #expect(read.map(\.entry) == entries)
        #expect(read.map(\.indices) == [0..<2, 2..<3, 3..<5, 5..<7, 7..<8])
    }

    /// When the lines change, the percentage is taken again of the new lines; fixed amounts do not move.
    @Test func respreadFollowsTheLines() throws {
        let charge = DocumentAllowanceCharge.charge(money("250.00"), reason: "Delivery")
        let before = try DocumentAdjustment.expand(
            [.percentage(PercentageAllowance(percent: 5)), .fixed(charge)],
            over: [line("10000"), line("7000", category: .exempt)], currency: .php)
        let after = try DocumentAdjustment.respread(before, over: [line("20000"), line("500")], currency: .php)
        #expect(after.map(\.amount) == [money("1025.00"), money("250.00")])
        #expect(after[0].baseAmount == money("20500.00") && after[0].taxCategory == .vatable)
        #expect(after[1] == charge)
    }

    /// Allowances stored before percentages existed still decode; new ones keep their percentage and base.
    @Test func storedAllowancesDecodeWithAndWithoutAPercentage() throws {
        let old = try JSONEncoder().encode([DocumentAllowanceCharge.allowance(money("100.00"), reason: "Discount")])
        var object = try #require(try JSONSerialization.jsonObject(with: old) as? [[String: Any]])
        #expect(object[0]["percent"] == nil && object[0]["baseAmount"] == nil)
        object[0].removeValue(forKey: "percent")
        let decoded = try JSONDecoder().decode(
            [DocumentAllowanceCharge].self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(decoded[0].percent == nil && decoded[0].baseAmount == nil && decoded[0].amount == money("100.00"))

        let spread = try PercentageAllowance(percent: decimal("2.5")).spread(over: [line("999.99")], currency: .php)
        let again = try JSONDecoder().decode(
            [DocumentAllowanceCharge].self, from: try JSONEncoder().encode(spread))
        #expect(again == spread)
        #expect(again[0].percent == decimal("2.5") && again[0].baseAmount == money("999.99"))
    }

    // MARK: The draft's list

    /// The draft's `adjustments` list: each problem under the entry's index and field.
    @Test func aDraftListNamesEachProblemByEntryAndField() {
        var draft = InvoiceDraft()
        draft.adjustments = [
            AdjustmentDraft(kind: "allowance", percent: "0"),
            AdjustmentDraft(kind: "allowance", percent: "five"),
            AdjustmentDraft(kind: "charge", percent: "5"),
            AdjustmentDraft(kind: "allowance", percent: "5", taxCategory: "exempt"),
            AdjustmentDraft(kind: "allowance", amount: "100", percent: "5"),
            AdjustmentDraft(kind: "allowance", amount: "abc"),
            AdjustmentDraft(kind: "charge", amount: "100", taxCategory: "luxury"),
            AdjustmentDraft(kind: "rebate", amount: "100"),
            AdjustmentDraft(kind: "allowance"),
            AdjustmentDraft(kind: "allowance", percent: "100.5"),
        ]
        #expect {
            _ = try draft.apply(to: InvoiceFields(currency: .php), baseCurrency: .php)
        } throws: { error in
            (error as? ValidationErrors)?.errors.map { "\($0.field) \($0.code)" } == [
                "adjustments[0].percent out_of_range", "adjustments[1].percent invalid_number",
                "adjustments[2].percent percent_not_allowed", "adjustments[3].tax_category not_with_percent",
                "adjustments[4].percent amount_or_percent", "adjustments[5].amount invalid_amount",
                "adjustments[6].tax_category invalid_choice", "adjustments[7].kind invalid_choice",
                "adjustments[8].amount required", "adjustments[9].percent out_of_range",
            ]
        }
    }

    /// A valid list replaces every stored discount and charge, and cannot be sent with the single fields.
    @Test func aDraftListReplacesTheAdjustments() throws {
        let lines = [LineItem(line: line("10000")), LineItem(line: line("7000", category: .exempt))]
        let fields = InvoiceFields(
            currency: .php, lines: lines, adjustments: [.allowance(money("999.00"), reason: "Old")])
        var draft = InvoiceDraft()
        draft.adjustments = [
            AdjustmentDraft(kind: "allowance", percent: "5"),
            AdjustmentDraft(kind: "charge", amount: "250", reason: "Delivery"),
        ]
        let result = try draft.apply(to: fields, baseCurrency: .php)
        #expect(result.adjustments.map(\.amount) == [money("500.00"), money("350.00"), money("250.00")])
        #expect(result.adjustments.map(\.reason) == ["Discount", "Discount", "Delivery"])

        draft.adjustments = []
        #expect(try draft.apply(to: fields, baseCurrency: .php).adjustments.isEmpty)

        draft.discount = "100"
        #expect {
            _ = try draft.apply(to: fields, baseCurrency: .php)
        } throws: { error in
            (error as? ValidationErrors)?.errors.map(\.code) == ["conflicting_fields"]
        }
    }
}
