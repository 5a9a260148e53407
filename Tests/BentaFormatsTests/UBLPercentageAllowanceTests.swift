import BentaCore
import Foundation
import Testing

@testable import BentaFormats

private func money(_ text: String) -> Money {
    (try? Money(decimalString: text, currency: .php)) ?? Money(minorUnits: .min, currency: .php)
}

private func line(_ price: Decimal, category: TaxCategory = .vatable) -> DocumentLine {
    DocumentLine(description: "Item", quantity: 1, unit: "pc", unitPrice: price, taxCategory: category)
}

/// A document allowance taken as a percentage carries BT-94 (percentage) and BT-93 (base) in UBL, VAT-exclusive,
/// and only when its amount is that percentage of that base (issue 10, item 7).
@Suite(.timeLimit(.minutes(20))) struct UBLPercentageAllowanceTests {
    static func amounts(
        _ lines: [DocumentLine], _ adjustments: [DocumentAllowanceCharge], pricesIncludeTax: Bool = false
    ) throws -> UBLAmounts {
        let totals = try DocumentTotals.compute(
            lines: lines, allowancesAndCharges: adjustments, pricesIncludeTax: pricesIncludeTax, currency: .php)
        return try UBLAmounts(lines: lines, allowancesAndCharges: adjustments, totals: totals)
    }

    @Test func aPercentageAllowanceCarriesItsPercentageAndBase() throws {
        let lines = [line(2000), line(450, category: .exempt)]
        var adjustments = try PercentageAllowance(percent: 5, reason: "Loyalty").spread(over: lines, currency: .php)
        adjustments.append(.charge(money("250.00"), reason: "Delivery"))
        let ubl = try Self.amounts(lines, adjustments).allowancesAndCharges
        #expect(ubl.map(\.percent) == [5, 5, nil])
        #expect(ubl.map(\.baseAmount) == [money("2000.00"), money("450.00"), nil])
        #expect(ubl.map(\.amount) == [money("100.00"), money("22.50"), money("250.00")])
        #expect(ubl.map(\.reason) == ["Loyalty", "Loyalty", "Delivery"])
    }

    /// VAT-inclusive prices: the base is the VAT-exclusive amount of the group's lines, the amount its net share.
    @Test func anInclusiveDocumentStatesTheNetBase() throws {
        let lines = [line(11200), line(7000, category: .exempt)]
        let adjustments = try PercentageAllowance(percent: 5).spread(over: lines, currency: .php)
        let ubl = try Self.amounts(lines, adjustments, pricesIncludeTax: true).allowancesAndCharges
        #expect(ubl.map(\.baseAmount) == [money("10000.00"), money("7000.00")])
        #expect(ubl.map(\.amount) == [money("500.00"), money("350.00")])
        #expect(ubl.map(\.percent) == [5, 5])
    }

    /// An amount that is not the percentage of the base (a share copied from elsewhere) states neither.
    @Test func anAmountThatDisagreesStatesNoPercentage() throws {
        let lines = [line(2000)]
        let adjustments = [
            DocumentAllowanceCharge(
                kind: .allowance, amount: money("80.00"), reason: "Loyalty", percent: 5, baseAmount: money("2000.00"))
        ]
        let ubl = try Self.amounts(lines, adjustments).allowancesAndCharges
        #expect(ubl.map(\.percent) == [nil] && ubl.map(\.baseAmount) == [nil])
        #expect(ubl.map(\.amount) == [money("80.00")])
    }
}
