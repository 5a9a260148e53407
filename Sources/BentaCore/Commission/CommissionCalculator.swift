import Foundation

/// Computes commission statements and the adjustments that correct approved ones (DOMAIN.md §4).
///
/// The month's credits are applied in date order (ties in the order given), each moving the manager's cumulative
/// sales. For a tiered structure an event's slice in each band it crosses is paid at that band's rate, one line per
/// band; a retroactive structure pays every event at the rate of the band the month's total reaches; a product or
/// new-customer rate replaces the structure's rate for the whole event (one line). Band boundaries are the bands'
/// percentages of the target, rounded to the minor unit; sales below zero (credit notes for earlier months) fall in
/// the first band. Each line is rounded half up to the minor unit through ``Rounding/percent(of:rate:)``, and the
/// earned amount is the sum of the rounded lines. Then, in order: the cap (one negative line taking back what the
/// sales earned above it), the clawbacks (−rate × unpaid net each), the adjustments; finally the draw.
public enum CommissionCalculator {
    /// The statement of one month.
    ///
    /// `credits` are the month's credit events (every one dated in `month`), `carriedDeficit` the deficit the
    /// previous statement carried (zero by default), `adjustments` corrections of earlier approved statements.
    /// Throws ``CommissionError`` for an amount in another currency, a credit dated outside the month, a clawback
    /// without a clawback rule, a negative target or deficit, or a figure too large.
    public static func statement(
        month: PlanMonth, plan: CommissionPlan, target: Money, credits: [CreditEvent], carriedDeficit: Money? = nil,
        adjustments: [CommissionAdjustment] = []
    ) throws(CommissionError) -> CommissionStatement {
        for credit in credits where !month.contains(credit.date) {
            throw .creditOutsideMonth(sourceID: credit.sourceID, date: credit.date, month: month)
        }
        return try compute(
            month: month, plan: plan, target: target, credits: credits,
            carriedDeficit: carriedDeficit ?? .zero(plan.currency), adjustments: adjustments)
    }

    /// The adjustment for events that reach an approved statement's month after its approval (a credit note on one
    /// of its invoices, a clawback): exactly the earned amount of the statement recomputed with them, minus the
    /// approved earned amount.
    ///
    /// The approved statement is not changed; the adjustment goes on a later statement through `adjustments`.
    /// `lateCredits` may be dated after the month: they apply after the month's own credits. Throws
    /// `CommissionError.notApproved` for a statement not approved yet (recompute it instead), and the errors of
    /// ``statement(month:plan:target:credits:carriedDeficit:adjustments:)``.
    public static func adjustment(
        correcting approved: CommissionStatement, lateCredits: [CreditEvent], reason: String
    ) throws(CommissionError) -> CommissionAdjustment {
        guard approved.isApproved else { throw .notApproved }
        // Late credits follow the month's own, whatever their dates: they were not known when it was approved.
        let revised = try compute(
            month: approved.month, plan: approved.plan, target: approved.target,
            credits: approved.credits + lateCredits.inDateOrder(),
            carriedDeficit: approved.carriedDeficitIn, adjustments: approved.adjustments, sortsCredits: false)
        return CommissionAdjustment(
            correctsMonth: approved.month,
            amount: try money { () throws(MoneyError) in
                try revised.earned.subtracting(approved.earned)
            }, reason: reason, sources: lateCredits)
    }

    private static func compute(
        month: PlanMonth, plan: CommissionPlan, target: Money, credits: [CreditEvent], carriedDeficit: Money,
        adjustments: [CommissionAdjustment], sortsCredits: Bool = true
    ) throws(CommissionError) -> CommissionStatement {
        let currency = plan.currency
        try requireCurrency(target, of: "target", currency: currency)
        try requireCurrency(carriedDeficit, of: "carried_deficit", currency: currency)
        for credit in credits { try requireCurrency(credit.amount, of: credit.sourceID, currency: currency) }
        for adjustment in adjustments {
            try requireCurrency(
                adjustment.amount, of: "adjustment \(adjustment.correctsMonth.text)", currency: currency)
        }
        guard !target.isNegative else { throw .negativeTarget }
        guard !carriedDeficit.isNegative else { throw .negativeCarriedDeficit }

        let ordered = sortsCredits ? credits.inDateOrder() : credits
        let sales = ordered.filter { $0.sourceKind != .clawback }
        let salesTotal = try money { () throws(MoneyError) in try Money.sum(sales.map(\.amount), currency: currency) }
        var lines = try salesLines(sales, total: salesTotal, plan: plan, target: target)
        let salesCommission = try sum(lines.map(\.amount), currency: currency)
        if let cap = plan.cap, cap.minorUnits < salesCommission.minorUnits {
            let takenBack = try money { () throws(MoneyError) in try cap.subtracting(salesCommission) }
            lines.append(
                CommissionLine(
                    source: .cap, basis: .zero(currency), rateSource: .none, band: nil, ratePercent: 0,
                    amount: takenBack))
        }
        for event in ordered where event.sourceKind == .clawback {
            guard let rule = plan.clawback else { throw .clawbackWithoutRule(sourceID: event.sourceID) }
            lines.append(
                try line(
                    .credit(event), basis: event.amount, rateSource: .clawbackRate, band: nil, rate: rule.ratePercent))
        }
        for adjustment in adjustments {
            lines.append(
                CommissionLine(
                    source: .adjustment(adjustment), basis: .zero(currency), rateSource: .none, band: nil,
                    ratePercent: 0, amount: adjustment.amount))
        }
        let earned = try sum(lines.map(\.amount), currency: currency)
        let settlement = try settle(earned: earned, carriedDeficit: carriedDeficit, draw: plan.draw)
        return CommissionStatement(
            month: month, plan: plan, target: target, credits: ordered, carriedDeficitIn: carriedDeficit,
            adjustments: adjustments, creditedSales: salesTotal, lines: lines, earned: earned,
            drawPaid: settlement.drawPaid, deficitCarried: settlement.deficitCarried, payable: settlement.payable)
    }

    /// The lines of the month's sales (credits other than clawbacks), in order: per band crossed for a tiered
    /// structure, one per credit at the band reached for a retroactive one, one per credit at an override rate.
    private static func salesLines(
        _ sales: [CreditEvent], total: Money, plan: CommissionPlan, target: Money
    ) throws(CommissionError) -> [CommissionLine] {
        let currency = plan.currency
        let bands = plan.structure.bands
        let lowers = try money { () throws(MoneyError) in
            try bands.map { band throws(MoneyError) in try Rounding.percent(of: target, rate: band.from).minorUnits }
        }
        let uppers = try money { () throws(MoneyError) in
            try bands.map { band throws(MoneyError) -> Int64? in
                guard let end = band.to else { return nil }
                return try Rounding.percent(of: target, rate: end).minorUnits
            }
        }
        let reachedBand = bandIndex(containing: total.minorUnits, lowers: lowers)

        var lines: [CommissionLine] = []
        var cumulative: Int64 = 0
        for event in sales {
            if let override = plan.overrideRate(for: event) {
                lines.append(
                    try line(
                        .credit(event), basis: event.amount, rateSource: override.source, band: nil,
                        rate: override.ratePercent))
            } else if plan.structure.isRetroactive {
                lines.append(
                    try line(
                        .credit(event), basis: event.amount, rateSource: .band(index: reachedBand),
                        band: bands[reachedBand], rate: bands[reachedBand].ratePercent))
            } else {
                for slice in try slices(
                    from: cumulative, amount: event.amount.minorUnits, lowers: lowers, uppers: uppers)
                {
                    lines.append(
                        try line(
                            .credit(event), basis: Money(minorUnits: slice.amount, currency: currency),
                            rateSource: .band(index: slice.band), band: bands[slice.band],
                            rate: bands[slice.band].ratePercent))
                }
            }
            let (next, overflow) = cumulative.addingReportingOverflow(event.amount.minorUnits)
            guard !overflow else { throw .overflow }
            cumulative = next
        }
        return lines
    }

    /// Pays max(draw, earned − deficit) and never less than zero; carries what was paid beyond the earnings when the
    /// draw is recoverable (or there is none), and otherwise only a shortfall of the earnings themselves.
    private static func settle(
        earned: Money, carriedDeficit: Money, draw: CommissionDraw?
    ) throws(CommissionError) -> (payable: Money, drawPaid: Money, deficitCarried: Money) {
        try money { () throws(MoneyError) in
            let currency = earned.currency
            let available = try earned.subtracting(carriedDeficit)
            let floor = draw?.amount ?? .zero(currency)
            let payable = try available.isLess(than: floor) ? floor : available
            let earnedPart = available.isPositive ? available : .zero(currency)
            let drawPaid = try payable.subtracting(earnedPart)
            let deficit: Money
            if draw?.isRecoverable ?? true {
                deficit = try payable.subtracting(available)
            } else {
                deficit = available.isNegative ? try available.negated() : .zero(currency)
            }
            return (payable, drawPaid, deficit)
        }
    }

    /// The band whose range holds `amount`: the last band starting at or below it (the first band for anything
    /// below zero).
    private static func bandIndex(containing amount: Int64, lowers: [Int64]) -> Int {
        var index = 0
        for (candidate, lower) in lowers.enumerated() where candidate > 0 && lower <= amount {
            index = candidate
        }
        return index
    }

    /// The slices of the move from `start` by `amount` in each band, signed like `amount`: upward through the bands
    /// for a sale, downward for a credit note. A zero amount is one zero slice in the band it sits in.
    private static func slices(
        from start: Int64, amount: Int64, lowers: [Int64], uppers: [Int64?]
    ) throws(CommissionError) -> [(band: Int, amount: Int64)] {
        guard amount != 0 else { return [(bandIndex(containing: start, lowers: lowers), 0)] }
        let (end, overflow) = start.addingReportingOverflow(amount)
        guard !overflow else { throw .overflow }
        let low = min(start, end)
        let high = max(start, end)
        var result: [(band: Int, amount: Int64)] = []
        for index in lowers.indices {
            let bandLow = index == 0 ? Int64.min : lowers[index]
            let bandHigh = uppers[index] ?? Int64.max
            let overlapLow = max(low, bandLow)
            let overlapHigh = min(high, bandHigh)
            guard overlapHigh > overlapLow else { continue }
            let size = overlapHigh - overlapLow
            result.append((index, amount > 0 ? size : -size))
        }
        return amount > 0 ? result : result.reversed()
    }

    private static func line(
        _ source: CommissionLine.Source, basis: Money, rateSource: CommissionLine.RateSource, band: CommissionBand?,
        rate: Decimal
    ) throws(CommissionError) -> CommissionLine {
        let amount = try money { () throws(MoneyError) in try Rounding.percent(of: basis, rate: rate) }
        return CommissionLine(
            source: source, basis: basis, rateSource: rateSource, band: band, ratePercent: rate, amount: amount)
    }

    private static func sum(_ amounts: [Money], currency: Currency) throws(CommissionError) -> Money {
        try money { () throws(MoneyError) in try Money.sum(amounts, currency: currency) }
    }

    private static func requireCurrency(_ amount: Money, of source: String, currency: Currency) throws(CommissionError)
    {
        guard amount.currency == currency else {
            throw .currencyMismatch(source: source, expected: currency, found: amount.currency)
        }
    }

    /// Runs money arithmetic whose inputs are already checked to share one currency, so only overflow remains.
    private static func money<Result>(_ body: () throws(MoneyError) -> Result) throws(CommissionError) -> Result {
        do {
            return try body()
        } catch {
            throw .overflow
        }
    }
}

extension [CreditEvent] {
    /// The events by date; events of the same date keep the order given.
    fileprivate func inDateOrder() -> [CreditEvent] {
        enumerated().sorted { lhs, rhs in
            lhs.element.date != rhs.element.date ? lhs.element.date < rhs.element.date : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
