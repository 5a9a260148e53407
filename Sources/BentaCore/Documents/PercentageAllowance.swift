import Foundation

/// A discount of a percentage of the whole order ("5% off"), kept on the document as one allowance per
/// (category, rate) group of the lines, so that each group's taxable base and VAT fall by their own share.
///
/// **The rule.** The lines' amounts, in the document's price mode (VAT-inclusive on a VAT-inclusive document), are
/// summed per group into bases B₁…Bₙ with total T. The discount is T × percent / 100, rounded half up **once**
/// (`Rounding.percent`); it is shared over the groups in proportion to their bases by the largest remainder method
/// (`Rounding.apportion`), so the group allowances add up to exactly the rounded discount and each is within one
/// minor unit of its exact share. Each allowance keeps the percentage (EN 16931 BT-94) and its group's base (BT-93).
///
/// VATable 10,000 + exempt 7,000 at 5%: the discount is 850, shared as VATable 500 and exempt 350, so VATable sales
/// are 9,500 with VAT 1,140 and exempt sales 6,650 (one VATable allowance of 850 would give 9,150 and 1,098).
///
/// The allowances follow the order of the VAT breakdown (VATable, zero-rated, exempt; rates ascending). A document
/// without lines keeps the discount as one VATable allowance of zero, which is spread once lines arrive.
public struct PercentageAllowance: Sendable, Hashable {
    /// The percentage taken off, above 0 and at most 100.
    public var percent: Decimal
    /// Why (BT-97), printed on the document.
    public var reason: String?

    /// A discount of `percent` of the order; check the percentage with `checkPercent` first.
    public init(percent: Decimal, reason: String? = nil) {
        self.percent = percent
        self.reason = reason
    }

    /// Records "out_of_range" under `field` unless 0 < `percent` ≤ 100 ("invalid" for NaN).
    public static func checkPercent(_ percent: Decimal, field: String, into errors: inout ValidationErrors) {
        if percent.isNaN {
            errors.add(field: field, code: "invalid", message: "Enter a number.")
        } else if percent <= 0 || percent > 100 {
            errors.add(
                field: field, code: "out_of_range", message: "Enter a percentage above 0 and at most 100.")
        }
    }

    /// The allowances of this discount on a document with `lines`: one per (category, rate) group of the lines,
    /// in breakdown order (see the type's documentation for the rule).
    ///
    /// Assumes a valid percentage (see `checkPercent`); throws `MoneyError.overflow` only when the lines add up to
    /// more than 64-bit minor units hold.
    public func spread(over lines: [DocumentLine], currency: Currency) throws(MoneyError) -> [DocumentAllowanceCharge] {
        var groups: [(category: TaxCategory, ratePercent: Decimal, base: Money)] = []
        for line in lines {
            let amount = try line.amount(currency: currency)
            if let index = groups.firstIndex(where: {
                $0.category == line.taxCategory && $0.ratePercent == line.ratePercent
            }) {
                groups[index].base = try groups[index].base.adding(amount)
            } else {
                groups.append((line.taxCategory, line.ratePercent, amount))
            }
        }
        guard !groups.isEmpty else {
            let zero = Money.zero(currency)
            return [allowance(zero, category: .vatable, ratePercent: TaxCategory.vatable.ratePercent(), base: zero)]
        }
        let order = TaxCategory.allCases
        groups.sort { lhs, rhs in
            let left = order.firstIndex(of: lhs.category) ?? 0
            let right = order.firstIndex(of: rhs.category) ?? 0
            return left != right ? left < right : lhs.ratePercent < rhs.ratePercent
        }
        // Valid lines are never negative; should one be, its group weighs nothing rather than taking a share back.
        let weights = groups.map { max($0.base.minorUnits, 0) }
        let total = try Money.sum(weights.map { Money(minorUnits: $0, currency: currency) }, currency: currency)
        let discount = try Rounding.percent(of: total, rate: percent)
        let targets = weights.map { weight in
            total.isZero ? Decimal(0) : Decimal(discount.minorUnits) * Decimal(weight) / Decimal(total.minorUnits)
        }
        let parts = Rounding.apportion(targets: targets, total: discount.minorUnits)
        return zip(groups, parts).map { group, part in
            allowance(
                Money(minorUnits: part, currency: currency), category: group.category,
                ratePercent: group.ratePercent, base: group.base)
        }
    }

    private func allowance(
        _ amount: Money, category: TaxCategory, ratePercent: Decimal, base: Money
    ) -> DocumentAllowanceCharge {
        DocumentAllowanceCharge(
            kind: .allowance, amount: amount, taxCategory: category, ratePercent: ratePercent, reason: reason,
            percent: percent, baseAmount: base)
    }
}

/// A document allowance or charge as a person enters it: a fixed amount in one tax category, or a percentage of
/// the order, which the document keeps as one allowance per group of its lines (`PercentageAllowance`).
public enum DocumentAdjustment: Sendable, Hashable {
    /// An amount in one tax category, stored as it is.
    case fixed(DocumentAllowanceCharge)
    /// A percentage of the order, stored as one allowance per group of the lines.
    case percentage(PercentageAllowance)

    /// Whether the entry takes off (allowance) or adds (charge).
    public var kind: DocumentAllowanceCharge.Kind {
        switch self {
        case .fixed(let item): item.kind
        case .percentage: .allowance
        }
    }

    /// The entries of a document's stored allowances and charges, each with the indices of the items it stands
    /// for: a run of consecutive allowances with the same percentage and reason, one per group, is one percentage
    /// entry (a second run starts where a group repeats); every other item is a fixed entry of its own.
    public static func entries(
        of adjustments: [DocumentAllowanceCharge]
    ) -> [(entry: DocumentAdjustment, indices: Range<Int>)] {
        var result: [(entry: DocumentAdjustment, indices: Range<Int>)] = []
        var index = adjustments.startIndex
        while index < adjustments.endIndex {
            let item = adjustments[index]
            guard item.kind == .allowance, let percent = item.percent else {
                result.append((.fixed(item), index..<(index + 1)))
                index += 1
                continue
            }
            var end = index + 1
            while end < adjustments.endIndex {
                let next = adjustments[end]
                let repeatsGroup = adjustments[index..<end].contains {
                    $0.taxCategory == next.taxCategory && $0.ratePercent == next.ratePercent
                }
                guard next.kind == .allowance, next.percent == percent, next.reason == item.reason, !repeatsGroup
                else { break }
                end += 1
            }
            result.append((.percentage(PercentageAllowance(percent: percent, reason: item.reason)), index..<end))
            index = end
        }
        return result
    }

    /// The stored allowances and charges of `entries` on a document with `lines`: fixed entries as they are,
    /// percentage entries spread over the lines' groups, in entry order.
    public static func expand(
        _ entries: [DocumentAdjustment], over lines: [DocumentLine], currency: Currency
    ) throws(MoneyError) -> [DocumentAllowanceCharge] {
        var result: [DocumentAllowanceCharge] = []
        for entry in entries {
            switch entry {
            case .fixed(let item): result.append(item)
            case .percentage(let discount): result += try discount.spread(over: lines, currency: currency)
            }
        }
        return result
    }

    /// The stored allowances and charges with every percentage discount taken again of `lines` (after the lines
    /// or the currency changed); fixed amounts stay as they are.
    public static func respread(
        _ adjustments: [DocumentAllowanceCharge], over lines: [DocumentLine], currency: Currency
    ) throws(MoneyError) -> [DocumentAllowanceCharge] {
        try expand(entries(of: adjustments).map(\.entry), over: lines, currency: currency)
    }
}
