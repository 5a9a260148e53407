import Foundation

/// What one credit note takes back of one invoice line: units, and the line amount in the invoice's price mode.
public struct LineCredit: Sendable, Hashable {
    /// The line's index on the invoice.
    public var lineIndex: Int
    /// The units credited.
    public var quantity: Decimal
    /// The line amount credited (quantity × price − line discount, before document allowances and charges).
    public var amount: Money

    /// Creates a line credit.
    public init(lineIndex: Int, quantity: Decimal, amount: Money) {
        self.lineIndex = lineIndex
        self.quantity = quantity
        self.amount = amount
    }
}

/// What the issued credit notes of one invoice took back so far: per line, per (category, rate) group, in all.
public struct InvoiceCredits: Sendable, Hashable {
    /// One entry per credit-note line that credits an invoice line.
    public var lines: [LineCredit]
    /// One entry per credit note and group: the base and VAT it credited.
    public var taxes: [TaxBreakdown]
    /// The sum of the credit notes' totals.
    public var total: Money

    /// Creates the record of what was credited.
    public init(lines: [LineCredit] = [], taxes: [TaxBreakdown] = [], total: Money) {
        self.lines = lines
        self.taxes = taxes
        self.total = total
    }

    /// Nothing was credited yet.
    public var isEmpty: Bool { lines.isEmpty && taxes.isEmpty && total.isZero }

    /// The units of line `index` credited so far.
    public func quantity(ofLine index: Int) -> Decimal {
        lines.filter { $0.lineIndex == index }.reduce(Decimal(0)) { $0 + $1.quantity }
    }

    /// The amount of line `index` credited so far.
    public func amount(ofLine index: Int, currency: Currency) throws(MoneyError) -> Money {
        try Money.sum(lines.filter { $0.lineIndex == index }.map(\.amount), currency: currency)
    }

    /// The base and VAT of the (category, rate) group credited so far.
    public func tax(
        category: TaxCategory, ratePercent: Decimal, currency: Currency
    ) throws(MoneyError) -> (base: Money, tax: Money) {
        let rows = taxes.filter { $0.taxCategory == category && $0.ratePercent == ratePercent }
        return (
            try Money.sum(rows.map(\.taxableBase), currency: currency),
            try Money.sum(rows.map(\.taxAmount), currency: currency)
        )
    }
}

/// The content of a credit note against an invoice, planned from what is still open on it.
///
/// **Lines.** A credited line keeps the invoice's price and discount for the units credited; the credit that takes a
/// line's last units takes exactly the line amount still open (3 × 0.333 credited one by one: 0.33, 0.33, 0.34).
///
/// **Document allowances and charges.** A credit by line carries its share of the invoice's allowances and charges
/// of the same (category, rate) group, in proportion to the line amounts: with C the group's line amounts credited
/// before this note and C′ after it, out of L, an allowance A contributes round(A × C′ / L) − round(A × C / L). The
/// shares add up to A exactly once every line of the group is credited.
///
/// **VAT.** A group's VAT is rounded once per document, so notes are capped by group: a note never takes more base,
/// VAT or gross than the group still has open, and the note that takes the group's rest states the VAT still open
/// (`FixedTaxAmount`), so the credit notes add up to the invoice to the centavo and no centavo stays open for ever.
public struct CreditNotePlan: Sendable, Hashable {
    public var lines: [LineItem]
    public var adjustments: [DocumentAllowanceCharge]
    public var pricesIncludeTax: Bool
    public var fixedTaxAmounts: [FixedTaxAmount]
    /// The note's totals, as it is stored and printed.
    public var totals: DocumentTotals
    /// The invoice lines the note credits, one per note line (empty for a credit by amount).
    public var lineCredits: [LineCredit]

    /// Plans a credit note of `request` against an invoice with `invoice` fields, of which `credited` was already
    /// credited; `description` is the text of the line of a credit by amount.
    ///
    /// Throws `RecordError.conflict` `already_credited` for a whole-invoice credit after another credit, and
    /// `ValidationErrors`: "unknown_line", "out_of_range" (a quantity of zero or less or above the line's),
    /// "exceeds_line_quantity" (more units than are left to credit), "partial_fixed_discount", "invalid_amount",
    /// "tax_category_not_on_invoice", "exceeds_open_amount" (more than the group or the invoice has open).
    public static func make(
        for invoice: InvoiceFields, credited: InvoiceCredits, request: CreditNoteRequest, description: String
    ) throws -> CreditNotePlan {
        let currency = invoice.currency
        let invoiceTotals = try DocumentTotals.compute(
            lines: invoice.lines.map(\.line), allowancesAndCharges: invoice.adjustments,
            pricesIncludeTax: invoice.pricesIncludeTax, fixedTaxAmounts: invoice.fixedTaxAmounts, currency: currency)
        var plan = CreditNotePlan(
            lines: [], adjustments: [], pricesIncludeTax: invoice.pricesIncludeTax, fixedTaxAmounts: [],
            totals: invoiceTotals, lineCredits: [])
        switch request {
        case .full:
            guard credited.isEmpty else {
                throw RecordError.conflict(
                    code: "already_credited",
                    detail: "Part of this invoice was already credited; credit the remaining amount instead.")
            }
            plan.lines = invoice.lines
            plan.adjustments = invoice.adjustments
            plan.fixedTaxAmounts = invoice.fixedTaxAmounts
            plan.lineCredits = invoice.lines.indices.map { index in
                LineCredit(
                    lineIndex: index, quantity: invoice.lines[index].line.quantity,
                    amount: invoiceTotals.lineAmounts[index])
            }
        case .lines(let picks):
            try plan.creditLines(picks, of: invoice, totals: invoiceTotals, credited: credited)
        case .amount(let amount, let category):
            guard amount.currency == currency, amount.isPositive else {
                var errors = ValidationErrors()
                errors.add(
                    field: "amount", code: "invalid_amount", message: "Enter an amount above zero in \(currency.code).")
                throw errors
            }
            guard let group = invoiceTotals.breakdown.first(where: { $0.taxCategory == category }) else {
                var errors = ValidationErrors()
                errors.add(
                    field: "tax_category", code: "tax_category_not_on_invoice",
                    message: "The invoice has no \(category.philippineLabel); credit one of the categories it has.")
                throw errors
            }
            plan.pricesIncludeTax = true
            plan.lines = [
                LineItem(
                    line: DocumentLine(
                        description: description, quantity: 1, unit: "", unitPrice: amount.decimalValue,
                        taxCategory: category, ratePercent: group.ratePercent))
            ]
        }
        try plan.settleTax(invoiceTotals: invoiceTotals, credited: credited, invoice: invoice)
        return plan
    }

    /// The lines picked, each with its units, and their share of the document allowances and charges.
    private mutating func creditLines(
        _ picks: [(index: Int, quantity: Decimal)], of invoice: InvoiceFields, totals: DocumentTotals,
        credited: InvoiceCredits
    ) throws {
        let currency = invoice.currency
        var errors = ValidationErrors()
        if picks.isEmpty { errors.add(field: "lines", code: "required", message: "Choose the lines.") }
        var taken: [Int: Decimal] = [:]
        for (offset, pick) in picks.enumerated() {
            guard invoice.lines.indices.contains(pick.index) else {
                errors.add(
                    field: "lines[\(offset)].line", code: "unknown_line", message: "No such line on the invoice.")
                continue
            }
            var item = invoice.lines[pick.index]
            let quantity = item.line.quantity
            let left = quantity - credited.quantity(ofLine: pick.index) - taken[pick.index, default: 0]
            if pick.quantity.isNaN || pick.quantity <= 0 || pick.quantity > quantity {
                errors.add(
                    field: "lines[\(offset)].quantity", code: "out_of_range",
                    message: "Credit between 0 and \(DecimalText.format(quantity)).")
                continue
            }
            if pick.quantity > left {
                errors.add(
                    field: "lines[\(offset)].quantity", code: "exceeds_line_quantity",
                    message: left > 0
                        ? "Only \(DecimalText.format(left)) of this line is left to credit."
                        : "This line was already credited in full.")
                continue
            }
            if case .amount? = item.line.discount, pick.quantity != quantity {
                errors.add(
                    field: "lines[\(offset)].quantity", code: "partial_fixed_discount",
                    message: "A line with a fixed discount is credited whole or by amount.")
                continue
            }
            taken[pick.index, default: 0] += pick.quantity
            item.line.quantity = pick.quantity
            var amount = try item.line.amount(currency: currency)
            if pick.quantity == left {
                // The last units take exactly what is left of the line amount.
                let rest = try totals.lineAmounts[pick.index]
                    .subtracting(credited.amount(ofLine: pick.index, currency: currency))
                    .subtracting(
                        Money.sum(lineCredits.filter { $0.lineIndex == pick.index }.map(\.amount), currency: currency))
                if rest != amount {
                    item.line = try Self.repriced(item.line, at: rest, currency: currency)
                    amount = rest
                }
            }
            lines.append(item)
            lineCredits.append(LineCredit(lineIndex: pick.index, quantity: pick.quantity, amount: amount))
        }
        try errors.throwIfAny()
        try shareAdjustments(of: invoice, totals: totals, credited: credited)
    }

    /// `line` with its units priced so that its amount is exactly `amount` (no discount).
    private static func repriced(_ line: DocumentLine, at amount: Money, currency: Currency) throws -> DocumentLine {
        var priced = line
        priced.discount = nil
        let exact = amount.decimalValue / line.quantity
        priced.unitPrice = Rounding.roundHalfUp(exact, scale: LineDraft.convertedPriceScale)
        if try priced.amount(currency: currency) != amount { priced.unitPrice = exact }
        return priced
    }

    /// Each allowance and charge of a group the note credits lines of, shared in proportion to the line amounts.
    private mutating func shareAdjustments(
        of invoice: InvoiceFields, totals: DocumentTotals, credited: InvoiceCredits
    ) throws {
        let currency = invoice.currency
        for item in invoice.adjustments where item.amount.isPositive {
            let inGroup = invoice.lines.indices.filter {
                invoice.lines[$0].line.taxCategory == item.taxCategory
                    && invoice.lines[$0].line.ratePercent == item.ratePercent
            }
            let whole = try Money.sum(inGroup.map { totals.lineAmounts[$0] }, currency: currency)
            guard whole.isPositive else { continue }
            let before = try Money.sum(
                try inGroup.map { index throws(MoneyError) in try credited.amount(ofLine: index, currency: currency) },
                currency: currency)
            let now = try Money.sum(
                lineCredits.filter { inGroup.contains($0.lineIndex) }.map(\.amount), currency: currency)
            let after = try before.adding(now)
            let share = try Self.share(of: item.amount, part: after, whole: whole)
                .subtracting(Self.share(of: item.amount, part: before, whole: whole))
            guard share.isPositive else { continue }
            var copy = item
            copy.amount = share
            // A share is an amount of its own, not the invoice's percentage of a base.
            (copy.percent, copy.baseAmount) = (nil, nil)
            adjustments.append(copy)
        }
    }

    /// round(amount × part / whole), half up.
    private static func share(of amount: Money, part: Money, whole: Money) throws(MoneyError) -> Money {
        if part == whole { return amount }
        let exact = amount.decimalValue * Decimal(part.minorUnits) / Decimal(whole.minorUnits)
        return try Rounding.toMoney(exact, currency: amount.currency)
    }

    /// Computes the note's totals, caps each group and the whole on what is open, and states the VAT of a group
    /// where the computed one would leave the group's VAT over- or under-credited.
    private mutating func settleTax(
        invoiceTotals: DocumentTotals, credited: InvoiceCredits, invoice: InvoiceFields
    ) throws {
        let currency = invoice.currency
        let computed = try Self.totals(
            lines: lines, adjustments: adjustments, pricesIncludeTax: pricesIncludeTax, fixed: fixedTaxAmounts,
            currency: currency)
        var fixed = fixedTaxAmounts
        for row in computed.breakdown {
            let open = try Self.open(row, invoiceTotals: invoiceTotals, credited: credited, currency: currency)
            let gross = try row.grossAmount()
            var tax = row.taxAmount
            if pricesIncludeTax {
                // The net stays within the open base and the VAT within the open VAT; the group's rest takes both.
                let lowest = try gross.subtracting(open.base)
                if try tax.isLess(than: lowest) { tax = lowest }
                if try open.tax.isLess(than: tax) { tax = open.tax }
            } else if row.taxableBase == open.base && isLastOfGroup(row, invoice: invoice, credited: credited) {
                tax = open.tax
            } else if try open.tax.isLess(than: tax) {
                tax = open.tax
            }
            let base = pricesIncludeTax ? try gross.subtracting(tax) : row.taxableBase
            guard !base.isNegative, !tax.isNegative, !(try open.base.isLess(than: base)),
                !(try open.tax.isLess(than: tax)),
                abs(tax.minorUnits - row.taxAmount.minorUnits) < currency.minorUnitsPerMajorUnit
            else { throw Self.exceeds(row: row, open: open.gross) }
            if tax != row.taxAmount {
                fixed.removeAll { $0.taxCategory == row.taxCategory && $0.ratePercent == row.ratePercent }
                fixed.append(FixedTaxAmount(taxCategory: row.taxCategory, ratePercent: row.ratePercent, taxAmount: tax))
            }
        }
        fixedTaxAmounts = fixed
        totals = try Self.totals(
            lines: lines, adjustments: adjustments, pricesIncludeTax: pricesIncludeTax, fixed: fixed,
            currency: currency)
        let openTotal = try invoiceTotals.totalWithTax.subtracting(credited.total)
        if try openTotal.isLess(than: totals.totalWithTax) {
            var errors = ValidationErrors()
            errors.add(
                field: "amount", code: "exceeds_open_amount",
                message:
                    "The credit note (\(totals.totalWithTax.decimalString)) is more than what is still open on the "
                    + "invoice (\(openTotal.decimalString)).")
            throw errors
        }
    }

    /// Whether, after this note, every line of the row's group is credited in full.
    private func isLastOfGroup(_ row: TaxBreakdown, invoice: InvoiceFields, credited: InvoiceCredits) -> Bool {
        guard !lineCredits.isEmpty else { return false }
        return invoice.lines.indices.allSatisfy { index in
            let line = invoice.lines[index].line
            guard line.taxCategory == row.taxCategory, line.ratePercent == row.ratePercent else { return true }
            let now = lineCredits.filter { $0.lineIndex == index }.reduce(Decimal(0)) { $0 + $1.quantity }
            return credited.quantity(ofLine: index) + now >= line.quantity
        }
    }

    /// The base, VAT and gross the invoice's group of `row` still has open.
    private static func open(
        _ row: TaxBreakdown, invoiceTotals: DocumentTotals, credited: InvoiceCredits, currency: Currency
    ) throws -> (base: Money, tax: Money, gross: Money) {
        guard
            let group = invoiceTotals.breakdown.first(where: {
                $0.taxCategory == row.taxCategory && $0.ratePercent == row.ratePercent
            })
        else { throw exceeds(row: row, open: .zero(currency)) }
        let done = try credited.tax(category: row.taxCategory, ratePercent: row.ratePercent, currency: currency)
        let base = try group.taxableBase.subtracting(done.base)
        let tax = try group.taxAmount.subtracting(done.tax)
        return (base, tax, try base.adding(tax))
    }

    private static func exceeds(row: TaxBreakdown, open: Money) -> ValidationErrors {
        var errors = ValidationErrors()
        errors.add(
            field: "amount", code: "exceeds_open_amount",
            message:
                "The credit note's \(row.taxCategory.philippineLabel) (\((try? row.grossAmount())?.decimalString ?? "")) "
                + "is more than what is still open of them on the invoice (\(open.decimalString)).")
        return errors
    }

    private static func totals(
        lines: [LineItem], adjustments: [DocumentAllowanceCharge], pricesIncludeTax: Bool, fixed: [FixedTaxAmount],
        currency: Currency
    ) throws -> DocumentTotals {
        do {
            return try DocumentTotals.compute(
                lines: lines.map(\.line), allowancesAndCharges: adjustments, pricesIncludeTax: pricesIncludeTax,
                fixedTaxAmounts: fixed, currency: currency)
        } catch is MoneyError {
            var errors = ValidationErrors()
            errors.add(field: "lines", code: "too_large", message: "The lines add up to more than can be stored.")
            throw errors
        }
    }
}
