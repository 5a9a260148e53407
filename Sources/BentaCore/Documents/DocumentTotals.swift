import Foundation

/// The amounts of one quote, invoice or credit note, computed by the EN 16931 method; one currency per document.
///
/// **VAT-exclusive prices** (the EN 16931 method): each line amount is quantity × unit price − discount, rounded
/// to the currency's minor unit (BT-131); the line nets add up exactly (BT-106); document allowances and charges
/// belong to one (category, rate) group each; per group the taxable base (BT-116) is the exact sum of its line nets
/// less its allowances plus its charges, and its VAT (BT-117) is base × rate / 100 rounded half up **once per
/// group**, never per line (₱0.10 × 3 lines at 12% give ₱0.04, not 3 × ₱0.01). Every total is an exact sum:
/// BT-109 = BT-106 − BT-107 + BT-108, BT-110 = Σ BT-117, BT-112 = BT-109 + BT-110.
///
/// **VAT-inclusive prices** (common in the Philippines): each line amount is quantity × inclusive price − discount,
/// rounded; per group the gross is the exact sum of its line amounts less allowances plus charges, and it is split
/// once with `Rounding.splitInclusive` (net = round(gross / 1.12), VAT = gross − net), so net + VAT equals the
/// gross to the centavo and the buyer pays exactly the prices shown. The group net is then shared out over its
/// lines (and allowances and charges) in proportion to their gross, by the largest remainder method, so each line
/// net is within one minor unit of its own gross / 1.12 and the EN 16931 sums above still hold exactly.
public struct DocumentTotals: Sendable, Hashable, Codable {
    /// The document currency (BT-5).
    public var currency: Currency
    /// Whether unit prices, discounts, allowances and charges include VAT.
    public var pricesIncludeTax: Bool
    /// Each line's amount as printed on the line, in the document's price mode (VAT-inclusive when prices are).
    public var lineAmounts: [Money]
    /// Each line's net amount, VAT-exclusive (BT-131); equal to `lineAmounts` for VAT-exclusive prices.
    public var lineNets: [Money]
    /// Sum of the line nets (BT-106).
    public var sumOfLineNets: Money
    /// Each document allowance or charge VAT-exclusive (BT-92/BT-99), positive like its amount, in input order;
    /// equal to the amounts for VAT-exclusive prices. Allowances add up to `allowanceTotal`, charges to
    /// `chargeTotal`.
    public var allowanceChargeNets: [Money]
    /// Sum of the document allowances, VAT-exclusive (BT-107).
    public var allowanceTotal: Money
    /// Sum of the document charges, VAT-exclusive (BT-108).
    public var chargeTotal: Money
    /// One row per (category, rate), VATable first, then zero-rated, then exempt; rates ascending within a category.
    public var breakdown: [TaxBreakdown]
    /// The PH "VATable Sales": the taxable base of all VATable groups.
    public var vatableSales: Money
    /// The PH "Zero-Rated Sales".
    public var zeroRatedSales: Money
    /// The PH "VAT-Exempt Sales".
    public var exemptSales: Money
    /// The PH "VAT" line: the VAT of all VATable groups (equal to `totalTax`, as the other categories carry 0%).
    public var vatAmount: Money
    /// Invoice total without VAT (BT-109) = BT-106 − BT-107 + BT-108.
    public var totalWithoutTax: Money
    /// Invoice total VAT (BT-110) = the sum of the breakdown's VAT amounts.
    public var totalTax: Money
    /// Invoice total with VAT (BT-112) = BT-109 + BT-110; the PH "Total Amount Due" before payments.
    public var totalWithTax: Money

    /// Computes the totals of a document (see the type's documentation for the method).
    ///
    /// Throws `ValidationErrors` for invalid lines or allowances, with fields such as "lines[2].quantity" or
    /// "allowancesAndCharges[0].amount", and `MoneyError.overflow` when an amount does not fit in 64-bit minor units.
    public static func compute(
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge] = [], pricesIncludeTax: Bool = false,
        currency: Currency
    ) throws -> DocumentTotals {
        try compute(
            lines: lines, allowancesAndCharges: allowancesAndCharges, pricesIncludeTax: pricesIncludeTax,
            fixedTaxAmounts: [], currency: currency)
    }

    /// Computes the totals of a document whose groups named in `fixedTaxAmounts` (a credit note's last credit)
    /// take that VAT instead of the computed one; with VAT-inclusive prices such a group's net is its gross less
    /// that VAT.
    public static func compute(
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge], pricesIncludeTax: Bool,
        fixedTaxAmounts: [FixedTaxAmount], currency: Currency
    ) throws -> DocumentTotals {
        try validate(lines: lines, allowancesAndCharges: allowancesAndCharges, currency: currency)
        var calculation = Calculation(currency: currency)
        let lineAmounts = try lines.map { line throws(MoneyError) in try line.amount(currency: currency) }
        let adjustments = try allowancesAndCharges.map { item throws(MoneyError) in try item.signedAmount() }
        var lineNets = lineAmounts
        var adjustmentNets = adjustments
        for key in groupKeys(lines: lines, allowancesAndCharges: allowancesAndCharges) {
            let lineIndices = lines.indices.filter { key.matches(lines[$0].taxCategory, lines[$0].ratePercent) }
            let adjustmentIndices = allowancesAndCharges.indices.filter {
                key.matches(allowancesAndCharges[$0].taxCategory, allowancesAndCharges[$0].ratePercent)
            }
            let amounts = lineIndices.map { lineAmounts[$0] } + adjustmentIndices.map { adjustments[$0] }
            let groupAmount = try Money.sum(amounts, currency: currency)
            let row: TaxBreakdown
            let fixedTax = fixedTaxAmounts.first { key.matches($0.taxCategory, $0.ratePercent) }?.taxAmount
            if pricesIncludeTax {
                var split = try Rounding.splitInclusive(gross: groupAmount, ratePercent: key.ratePercent)
                if let fixedTax { split = (try groupAmount.subtracting(fixedTax), fixedTax) }
                let nets = shareNet(split.net, over: amounts, ratePercent: key.ratePercent)
                for (offset, index) in lineIndices.enumerated() {
                    lineNets[index] = nets[offset]
                }
                for (offset, index) in adjustmentIndices.enumerated() {
                    adjustmentNets[index] = nets[lineIndices.count + offset]
                }
                row = TaxBreakdown(
                    taxCategory: key.category, ratePercent: key.ratePercent, taxableBase: split.net,
                    taxAmount: split.tax)
            } else {
                let tax = try fixedTax ?? Rounding.percent(of: groupAmount, rate: key.ratePercent)
                row = TaxBreakdown(
                    taxCategory: key.category, ratePercent: key.ratePercent, taxableBase: groupAmount, taxAmount: tax)
            }
            try calculation.add(row)
        }
        let sumOfLineNets = try Money.sum(lineNets, currency: currency)
        var allowanceTotal = Money.zero(currency)
        var chargeTotal = Money.zero(currency)
        var allowanceChargeNets: [Money] = []
        for (item, net) in zip(allowancesAndCharges, adjustmentNets) {
            switch item.kind {
            case .allowance:
                allowanceTotal = try allowanceTotal.subtracting(net)
                allowanceChargeNets.append(try net.negated())
            case .charge:
                chargeTotal = try chargeTotal.adding(net)
                allowanceChargeNets.append(net)
            }
        }
        let totalWithoutTax = try sumOfLineNets.subtracting(allowanceTotal).adding(chargeTotal)
        // The groups partition the lines and adjustments, so their bases add up to BT-109 by construction.
        assert(totalWithoutTax == calculation.taxableTotal, "breakdown bases must add up to BT-109")
        return DocumentTotals(
            currency: currency, pricesIncludeTax: pricesIncludeTax, lineAmounts: lineAmounts, lineNets: lineNets,
            sumOfLineNets: sumOfLineNets, allowanceChargeNets: allowanceChargeNets, allowanceTotal: allowanceTotal,
            chargeTotal: chargeTotal,
            breakdown: calculation.rows, vatableSales: calculation.vatableSales,
            zeroRatedSales: calculation.zeroRatedSales, exemptSales: calculation.exemptSales,
            vatAmount: calculation.vatAmount, totalWithoutTax: totalWithoutTax, totalTax: calculation.totalTax,
            totalWithTax: try totalWithoutTax.adding(calculation.totalTax))
    }

    /// Computes the totals of a document with at most one document allowance (or charge).
    public static func compute(
        lines: [DocumentLine], documentAllowance: DocumentAllowanceCharge?, pricesIncludeTax: Bool = false,
        currency: Currency
    ) throws -> DocumentTotals {
        try compute(
            lines: lines, allowancesAndCharges: documentAllowance.map { [$0] } ?? [],
            pricesIncludeTax: pricesIncludeTax, currency: currency)
    }

    /// The amount due for payment (BT-115) = total with VAT − paid amount (BT-113) + rounding amount (BT-114).
    public func amountDue(paid: Money? = nil, roundingAmount: Money? = nil) throws(MoneyError) -> Money {
        try totalWithTax.subtracting(paid ?? .zero(currency)).adding(roundingAmount ?? .zero(currency))
    }

    /// Collects the problems of every line and adjustment into one error, under indexed field names.
    private static func validate(
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge], currency: Currency
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        for (index, line) in lines.enumerated() {
            do throws(ValidationErrors) {
                try line.validate(currency: currency)
            } catch {
                errors.merge(error, prefix: "lines[\(index)].")
            }
        }
        for (index, item) in allowancesAndCharges.enumerated() {
            do throws(ValidationErrors) {
                try item.validate(currency: currency)
            } catch {
                errors.merge(error, prefix: "allowancesAndCharges[\(index)].")
            }
        }
        try errors.throwIfAny()
    }

    /// The distinct (category, rate) groups in breakdown order; rates compare by value, so 12 and 12.00 are one.
    private static func groupKeys(
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge]
    ) -> [GroupKey] {
        let all =
            lines.map { GroupKey(category: $0.taxCategory, ratePercent: $0.ratePercent) }
            + allowancesAndCharges.map { GroupKey(category: $0.taxCategory, ratePercent: $0.ratePercent) }
        var keys: [GroupKey] = []
        for key in all where !keys.contains(where: { $0.matches(key.category, key.ratePercent) }) {
            keys.append(key)
        }
        let order = TaxCategory.allCases
        return keys.sorted { lhs, rhs in
            let left = order.firstIndex(of: lhs.category) ?? 0
            let right = order.firstIndex(of: rhs.category) ?? 0
            return left != right ? left < right : lhs.ratePercent < rhs.ratePercent
        }
    }

    /// Shares a group's net over its signed gross amounts: each within one minor unit of gross / (1 + rate), summing
    /// exactly to `net`.
    private static func shareNet(_ net: Money, over amounts: [Money], ratePercent: Decimal) -> [Money] {
        let divisor = 1 + ratePercent / 100
        let targets = amounts.map { Decimal($0.minorUnits) / divisor }
        return Rounding.apportion(targets: targets, total: net.minorUnits).map {
            Money(minorUnits: $0, currency: net.currency)
        }
    }
}

/// A (category, rate) group of the VAT breakdown.
private struct GroupKey {
    let category: TaxCategory
    let ratePercent: Decimal

    func matches(_ otherCategory: TaxCategory, _ otherRate: Decimal) -> Bool {
        category == otherCategory && ratePercent == otherRate
    }
}

/// The running sums of the breakdown rows while the totals are computed.
private struct Calculation {
    var rows: [TaxBreakdown] = []
    var taxableTotal: Money
    var totalTax: Money
    var vatableSales: Money
    var zeroRatedSales: Money
    var exemptSales: Money
    var vatAmount: Money

    init(currency: Currency) {
        let zero = Money.zero(currency)
        (taxableTotal, totalTax, vatableSales, zeroRatedSales, exemptSales, vatAmount) =
            (zero, zero, zero, zero, zero, zero)
    }

    mutating func add(_ row: TaxBreakdown) throws(MoneyError) {
        rows.append(row)
        taxableTotal = try taxableTotal.adding(row.taxableBase)
        totalTax = try totalTax.adding(row.taxAmount)
        switch row.taxCategory {
        case .vatable:
            vatableSales = try vatableSales.adding(row.taxableBase)
            vatAmount = try vatAmount.adding(row.taxAmount)
        case .zeroRated:
            zeroRatedSales = try zeroRatedSales.adding(row.taxableBase)
        case .exempt:
            exemptSales = try exemptSales.adding(row.taxableBase)
        }
    }
}
