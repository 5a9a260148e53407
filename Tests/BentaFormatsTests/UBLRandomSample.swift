import BentaCore
import Foundation

@testable import BentaFormats

/// Seeded random invoices for the UBL tests: mixed categories, odd quantities, prices with more decimals, line
/// discounts, document allowances and charges, VAT-inclusive or not. The same seed always gives the same document.
struct UBLRandomSample {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64: small, fast and good enough to vary test data.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    private mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[below(choices.count)]
    }

    /// The next random document.
    mutating func document(number: Int) throws -> UBLDocument {
        let (lines, adjustments, totals) = try inputs()
        let amounts = try UBLAmounts(lines: lines, allowancesAndCharges: adjustments, totals: totals)
        return UBLSample.invoice(number: "INV-R-\(number)", amounts: amounts)
    }

    /// The next random lines, allowances and charges, and their totals.
    mutating func inputs() throws -> (
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge], totals: DocumentTotals
    ) {
        let pricesIncludeTax = below(2) == 0
        var lines: [DocumentLine] = []
        for index in 0..<(1 + below(6)) {
            let quantity = Decimal(string: pick(["1", "2", "3", "7", "0.5", "2.25", "12", "1000", "1.333", "40"]))!
            let cents = Decimal(1 + below(2_000_000)) / 100
            let unitPrice = below(4) == 0 ? cents + Decimal(below(1000)) / 100_000 : cents
            let category = pick([TaxCategory.vatable, .vatable, .vatable, .zeroRated, .exempt])
            var line = DocumentLine(
                description: "Item \(index + 1)", quantity: quantity, unit: pick(["pc", "hour", "month", "kg", "lot"]),
                unitPrice: unitPrice, taxCategory: category)
            switch below(4) {
            case 0: line.discount = .percent(Decimal(below(31)))
            case 1:
                let gross = try line.grossAmount(currency: .php)
                line.discount = .amount(Money(minorUnits: Int64(below(Int(gross.minorUnits / 5) + 1)), currency: .php))
            default: break
            }
            lines.append(line)
        }
        var adjustments: [DocumentAllowanceCharge] = []
        for _ in 0..<below(4) {
            let category = pick(lines).taxCategory
            let amount = Money(minorUnits: Int64(1 + below(50_000)), currency: .php)
            adjustments.append(
                below(3) == 0
                    ? .charge(amount, taxCategory: category, reason: "Handling")
                    : .allowance(amount, taxCategory: category, reason: "Discount"))
        }
        let totals = try DocumentTotals.compute(
            lines: lines, allowancesAndCharges: adjustments, pricesIncludeTax: pricesIncludeTax, currency: .php)
        return (lines, adjustments, totals)
    }
}
