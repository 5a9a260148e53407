import BentaCore
import Foundation

/// The amounts of a UBL invoice or credit note: lines, document allowances and charges, VAT breakdown and totals.
///
/// Build it from what the invoicing code already has with
/// `init(lines:allowancesAndCharges:totals:exemptionReason:exemptionReasonCode:taxAmountInTaxCurrency:prepaidAmount:roundingAmount:)`,
/// which takes every figure from `DocumentTotals` (the EN 16931 method) and only derives what UBL adds: net unit
/// prices and VAT-exclusive discounts for VAT-inclusive documents.
public struct UBLAmounts: Sendable, Hashable {
    /// The lines (BG-25), VAT-exclusive.
    public var lines: [UBLLine]
    /// The document allowances and charges (BG-20/BG-21), VAT-exclusive, each with its VAT category.
    public var allowancesAndCharges: [UBLAllowanceCharge]
    /// The VAT breakdown (BG-23), one row per (category, rate).
    public var taxSubtotals: [UBLTaxSubtotal]
    /// The document totals (BG-22).
    public var totals: UBLDocumentTotals

    /// The default exemption reason of a VAT-exempt group (BT-120), as a Philippine invoice words it.
    public static let defaultExemptionReason = "VAT-exempt sale"

    /// Creates the amounts as given, for documents that do not come from `DocumentTotals`.
    public init(
        lines: [UBLLine], allowancesAndCharges: [UBLAllowanceCharge] = [], taxSubtotals: [UBLTaxSubtotal],
        totals: UBLDocumentTotals
    ) {
        self.lines = lines
        self.allowancesAndCharges = allowancesAndCharges
        self.taxSubtotals = taxSubtotals
        self.totals = totals
    }

    /// Derives the UBL amounts of a document whose totals `DocumentTotals.compute` gave.
    ///
    /// - Line net amounts (BT-131), the VAT breakdown and every total are the ones in `totals`.
    /// - VAT-exclusive prices: the net price is the unit price as entered; a line discount becomes a line allowance
    ///   (with its percentage and base when it was a percentage).
    /// - VAT-inclusive prices: a line discount becomes an allowance of discount ÷ (1 + rate), rounded; the net price
    ///   is (line net + that allowance) ÷ quantity with as many decimals as it takes (2 to 8) for quantity × price to
    ///   round to exactly that amount; should no such price exist, the price is given for the whole quantity (price
    ///   base quantity BT-149 = quantity). So line net = quantity × price − allowance holds to the centavo
    ///   (PEPPOL-EN16931-R120 allows 0.02).
    /// - Document allowances and charges carry their VAT-exclusive amounts from `totals.allowanceChargeNets`, so
    ///   each group's taxable amount (BT-116) is exactly its lines less allowances plus charges. An allowance taken
    ///   as a percentage carries that percentage (BT-94) and its base (BT-93): the base it was taken of, or for
    ///   VAT-inclusive prices the net amounts of its group's lines; both are left out should the amount not be the
    ///   base × percentage / 100 to within one minor unit (a credit note's share of it).
    /// - Exempt groups carry `exemptionReason` (BR-E-10); zero-rated ones carry none (BR-Z-10 forbids it).
    /// - `taxAmountInTaxCurrency` is the VAT total restated in the VAT accounting currency (BT-111, BT-6) for a
    ///   foreign-currency document; `prepaidAmount` (BT-113) and `roundingAmount` (BT-114) adjust the amount due.
    ///
    /// Throws `UBLAmountsError.totalsDoNotMatchLines` when `totals` do not belong to these lines, allowances and
    /// charges: one net per line and per allowance or charge, and the EN 16931 sums (BR-CO-10 to BR-CO-15, each
    /// group's base the sum of its nets) holding exactly. The totals are not recomputed: an issued document states
    /// the figures it was issued with (`IssuedFigures`), whatever the rounding code computes today.
    public init(
        lines documentLines: [DocumentLine], allowancesAndCharges adjustments: [DocumentAllowanceCharge] = [],
        totals: DocumentTotals, exemptionReason: String = UBLAmounts.defaultExemptionReason,
        exemptionReasonCode: String? = nil, taxAmountInTaxCurrency: Money? = nil, prepaidAmount: Money? = nil,
        roundingAmount: Money? = nil
    ) throws(UBLAmountsError) {
        try self.init(
            lines: documentLines, allowancesAndCharges: adjustments, fixedTaxAmounts: [], totals: totals,
            exemptionReason: exemptionReason, exemptionReasonCode: exemptionReasonCode,
            taxAmountInTaxCurrency: taxAmountInTaxCurrency, prepaidAmount: prepaidAmount,
            roundingAmount: roundingAmount)
    }

    /// The amounts of a document whose groups in `fixedTaxAmounts` state their VAT (a credit note that takes the
    /// VAT still open of an invoice; EN 16931 BR-CO-17 allows it), as `DocumentTotals.compute` gives them.
    public init(
        lines documentLines: [DocumentLine], allowancesAndCharges adjustments: [DocumentAllowanceCharge],
        fixedTaxAmounts: [FixedTaxAmount], totals: DocumentTotals,
        exemptionReason: String = UBLAmounts.defaultExemptionReason, exemptionReasonCode: String? = nil,
        taxAmountInTaxCurrency: Money? = nil, prepaidAmount: Money? = nil, roundingAmount: Money? = nil
    ) throws(UBLAmountsError) {
        guard Self.belong(totals, to: documentLines, adjustments) else { throw .totalsDoNotMatchLines }
        if let taxAmountInTaxCurrency, taxAmountInTaxCurrency.currency == totals.currency {
            throw .taxCurrencySameAsDocumentCurrency
        }
        do throws(MoneyError) {
            lines = try documentLines.indices.map { index throws(MoneyError) in
                try Self.line(documentLines[index], index: index, totals: totals)
            }
            allowancesAndCharges = try Self.documentAllowancesAndCharges(
                adjustments, lines: documentLines, totals: totals)
            taxSubtotals = totals.breakdown.map { row in
                let isExempt = row.taxCategory == .exempt
                return UBLTaxSubtotal(
                    taxableAmount: row.taxableBase, taxAmount: row.taxAmount,
                    category: UBLTaxCategory(row.taxCategory, percent: row.ratePercent),
                    exemptionReasonCode: isExempt ? exemptionReasonCode : nil,
                    exemptionReason: isExempt ? exemptionReason : nil)
            }
            let hasAllowances = adjustments.contains { $0.kind == .allowance }
            let hasCharges = adjustments.contains { $0.kind == .charge }
            self.totals = UBLDocumentTotals(
                lineExtensionAmount: totals.sumOfLineNets, allowanceTotal: hasAllowances ? totals.allowanceTotal : nil,
                chargeTotal: hasCharges ? totals.chargeTotal : nil,
                taxExclusiveAmount: totals.totalWithoutTax, taxAmount: totals.totalTax,
                taxAmountInTaxCurrency: taxAmountInTaxCurrency, taxInclusiveAmount: totals.totalWithTax,
                prepaidAmount: prepaidAmount, roundingAmount: roundingAmount,
                payableAmount: try totals.amountDue(paid: prepaidAmount, roundingAmount: roundingAmount))
        } catch {
            throw .money(error)
        }
    }

    /// One UBL line from a document line and its net amount in `totals`.
    private static func line(_ line: DocumentLine, index: Int, totals: DocumentTotals) throws(MoneyError) -> UBLLine {
        let currency = totals.currency
        let net = totals.lineNets[index]
        var allowances: [UBLAllowanceCharge] = []
        let price: Decimal
        var baseQuantity: Decimal?
        let discount = try line.discountAmount(currency: currency)
        if !totals.pricesIncludeTax {
            price = line.unitPrice
            if discount.isPositive {
                var percent: Decimal?
                if case .percent(let rate) = line.discount {
                    percent = rate
                }
                allowances.append(
                    UBLAllowanceCharge(
                        isCharge: false, reasonCode: UBLAllowanceCharge.discountReasonCode, reason: "Discount",
                        percent: percent, amount: discount,
                        baseAmount: percent == nil ? nil : try line.grossAmount(currency: currency)))
            }
        } else {
            let discountNet = try netOfTax(discount, ratePercent: line.ratePercent)
            if discountNet.isPositive {
                allowances.append(
                    UBLAllowanceCharge(
                        isCharge: false, reasonCode: UBLAllowanceCharge.discountReasonCode, reason: "Discount",
                        amount: discountNet))
            }
            (price, baseQuantity) = netUnitPrice(for: try net.adding(discountNet), quantity: line.quantity)
        }
        let (name, description) = nameAndDescription(line.description)
        return UBLLine(
            id: String(index + 1), quantity: line.quantity, unitCode: UBLUnitCode.code(forUnit: line.unit),
            netAmount: net, allowancesAndCharges: allowances, name: name, description: description,
            taxCategory: UBLTaxCategory(line.taxCategory, percent: line.ratePercent), price: price,
            priceBaseQuantity: baseQuantity)
    }

    /// The price of one unit such that quantity × price rounds to exactly `amount`, with the fewest decimals (from
    /// the currency's to 6 more); failing that, `amount` as the price of the whole quantity (the base quantity).
    static func netUnitPrice(for amount: Money, quantity: Decimal) -> (price: Decimal, baseQuantity: Decimal?) {
        let currency = amount.currency
        let value = Decimal(amount.minorUnits) / Decimal(currency.minorUnitsPerMajorUnit)
        guard quantity > 0 else { return (value, nil) }
        if quantity == 1 {
            return (value, nil)
        }
        for scale in currency.minorUnitDigits...(currency.minorUnitDigits + 6) {
            let price = Rounding.roundHalfUp(value / quantity, scale: scale)
            if let product = try? Rounding.toMoney(price * quantity, currency: currency), product == amount {
                return (price, nil)
            }
        }
        return (value, quantity)
    }

    /// A VAT-inclusive amount without its VAT, rounded half up: ₱112.00 at 12% → ₱100.00.
    private static func netOfTax(_ amount: Money, ratePercent: Decimal) throws(MoneyError) -> Money {
        let value = Decimal(amount.minorUnits) / Decimal(amount.currency.minorUnitsPerMajorUnit)
        return try Rounding.toMoney(value / (1 + ratePercent / 100), currency: amount.currency)
    }

    /// The document allowances and charges with the VAT-exclusive amounts `DocumentTotals` gave them, a
    /// percentage allowance with its percentage and VAT-exclusive base.
    private static func documentAllowancesAndCharges(
        _ adjustments: [DocumentAllowanceCharge], lines: [DocumentLine], totals: DocumentTotals
    ) throws(MoneyError) -> [UBLAllowanceCharge] {
        try zip(adjustments, totals.allowanceChargeNets).map { item, net throws(MoneyError) in
            let isCharge = item.kind == .charge
            var percent: Decimal?
            var base: Money?
            if let itemPercent = item.percent, let itemBase = item.baseAmount {
                let netBase: Money
                if totals.pricesIncludeTax {
                    let inGroup = lines.indices.filter {
                        lines[$0].taxCategory == item.taxCategory && lines[$0].ratePercent == item.ratePercent
                    }
                    netBase = try Money.sum(inGroup.map { totals.lineNets[$0] }, currency: totals.currency)
                } else {
                    netBase = itemBase
                }
                // EN 16931 reads BT-92 as BT-93 × BT-94 / 100 (PEPPOL allows 0.02); state them only when they agree.
                let expected = try Rounding.percent(of: netBase, rate: itemPercent)
                if try expected.subtracting(net).minorUnits.magnitude <= 1 {
                    (percent, base) = (itemPercent, netBase)
                }
            }
            return UBLAllowanceCharge(
                isCharge: isCharge, reasonCode: isCharge ? nil : UBLAllowanceCharge.discountReasonCode,
                reason: item.reason ?? (isCharge ? "Charge" : "Discount"), percent: percent, amount: net,
                baseAmount: base, taxCategory: UBLTaxCategory(item.taxCategory, percent: item.ratePercent))
        }
    }

    /// The item name is the description's first line; the whole description follows when it has more lines.
    private static func nameAndDescription(_ text: String) -> (name: String, description: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = trimmed.split(whereSeparator: \.isNewline)
        guard lines.count > 1, let first = lines.first else { return (trimmed, nil) }
        return (first.trimmingCharacters(in: .whitespaces), trimmed)
    }
}

extension UBLAmounts {
    /// Whether `totals` are the totals of these lines and adjustments by the EN 16931 sums, exactly.
    static func belong(
        _ totals: DocumentTotals, to lines: [DocumentLine], _ adjustments: [DocumentAllowanceCharge]
    ) -> Bool {
        guard totals.lineNets.count == lines.count, totals.lineAmounts.count == lines.count,
            totals.allowanceChargeNets.count == adjustments.count
        else { return false }
        let minor = { (amounts: [Money]) in amounts.reduce(Int64(0)) { $0 &+ $1.minorUnits } }
        var allowances: Int64 = 0
        var charges: Int64 = 0
        for (item, net) in zip(adjustments, totals.allowanceChargeNets) {
            if item.kind == .allowance { allowances &+= net.minorUnits } else { charges &+= net.minorUnits }
        }
        guard minor(totals.lineNets) == totals.sumOfLineNets.minorUnits,
            allowances == totals.allowanceTotal.minorUnits, charges == totals.chargeTotal.minorUnits,
            totals.sumOfLineNets.minorUnits &- allowances &+ charges == totals.totalWithoutTax.minorUnits,
            minor(totals.breakdown.map(\.taxableBase)) == totals.totalWithoutTax.minorUnits,
            minor(totals.breakdown.map(\.taxAmount)) == totals.totalTax.minorUnits,
            totals.totalWithoutTax.minorUnits &+ totals.totalTax.minorUnits == totals.totalWithTax.minorUnits
        else { return false }
        // Each group's base is exactly its lines' nets less its allowances plus its charges, and every line and
        // adjustment belongs to a group of the breakdown.
        var bases: [Int: Int64] = [:]
        func group(_ category: TaxCategory, _ rate: Decimal) -> Int? {
            totals.breakdown.firstIndex { $0.taxCategory == category && $0.ratePercent == rate }
        }
        for (line, net) in zip(lines, totals.lineNets) {
            guard let index = group(line.taxCategory, line.ratePercent) else { return false }
            bases[index, default: 0] &+= net.minorUnits
        }
        for (item, net) in zip(adjustments, totals.allowanceChargeNets) {
            guard let index = group(item.taxCategory, item.ratePercent) else { return false }
            bases[index, default: 0] &+= item.kind == .allowance ? -net.minorUnits : net.minorUnits
        }
        return totals.breakdown.indices.allSatisfy {
            bases[$0, default: 0] == totals.breakdown[$0].taxableBase.minorUnits
        }
    }
}
