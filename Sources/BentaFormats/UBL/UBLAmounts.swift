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
    ///   each group's taxable amount (BT-116) is exactly its lines less allowances plus charges.
    /// - Exempt groups carry `exemptionReason` (BR-E-10); zero-rated ones carry none (BR-Z-10 forbids it).
    /// - `taxAmountInTaxCurrency` is the VAT total restated in the VAT accounting currency (BT-111, BT-6) for a
    ///   foreign-currency document; `prepaidAmount` (BT-113) and `roundingAmount` (BT-114) adjust the amount due.
    ///
    /// Throws `UBLAmountsError.totalsDoNotMatchLines` when `totals` is not what `DocumentTotals.compute` gives for
    /// these lines, allowances and charges.
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
        let recomputed = try? DocumentTotals.compute(
            lines: documentLines, allowancesAndCharges: adjustments, pricesIncludeTax: totals.pricesIncludeTax,
            fixedTaxAmounts: fixedTaxAmounts, currency: totals.currency)
        guard recomputed == totals else { throw .totalsDoNotMatchLines }
        if let taxAmountInTaxCurrency, taxAmountInTaxCurrency.currency == totals.currency {
            throw .taxCurrencySameAsDocumentCurrency
        }
        do throws(MoneyError) {
            lines = try documentLines.indices.map { index throws(MoneyError) in
                try Self.line(documentLines[index], index: index, totals: totals)
            }
            allowancesAndCharges = Self.documentAllowancesAndCharges(adjustments, totals: totals)
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

    /// The document allowances and charges with the VAT-exclusive amounts `DocumentTotals` gave them.
    private static func documentAllowancesAndCharges(
        _ adjustments: [DocumentAllowanceCharge], totals: DocumentTotals
    ) -> [UBLAllowanceCharge] {
        zip(adjustments, totals.allowanceChargeNets).map { item, net in
            let isCharge = item.kind == .charge
            return UBLAllowanceCharge(
                isCharge: isCharge, reasonCode: isCharge ? nil : UBLAllowanceCharge.discountReasonCode,
                reason: item.reason ?? (isCharge ? "Charge" : "Discount"), amount: net,
                taxCategory: UBLTaxCategory(item.taxCategory, percent: item.ratePercent))
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
