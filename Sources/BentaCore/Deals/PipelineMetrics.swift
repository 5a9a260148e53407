import Foundation

/// The numbers of a pipeline: weighted value, win rate, cycle length, coverage.
public struct PipelineMetrics: Sendable, Hashable {
    /// Σ amount × probability over open deals, in minor units of the currency.
    public var weightedPipeline: Money
    /// Σ amount over open deals.
    public var openPipeline: Money
    public var openDeals: Int
    /// Won amount in the period.
    public var closedWon: Money
    public var won: Int
    public var lost: Int
    /// won ÷ (won + lost), by count, as a percentage with one decimal; nil without closed deals.
    public var winRatePercent: Decimal?
    /// Mean days from creation to winning, over won deals; nil without won deals.
    public var averageCycleDays: Decimal?
    /// Commit = closed won + commit deals; best case = commit + best case deals (Salesforce convention).
    public var commit: Money
    public var bestCase: Money

    /// Computes the metrics of deals, each given with its probability and category in force.
    public static func compute(
        open: [(amount: Money, probability: Int, category: ForecastCategory)],
        closed: [(amount: Money, status: DealStatus, cycleDays: Int)], currency: Currency
    ) throws -> PipelineMetrics {
        var weighted = Decimal(0)
        var openTotal = Money.zero(currency)
        var commitOpen = Money.zero(currency)
        var bestCaseOpen = Money.zero(currency)
        for deal in open {
            weighted += Decimal(deal.amount.minorUnits) * Decimal(deal.probability) / 100
            openTotal = try openTotal.adding(deal.amount)
            if deal.category == .commit { commitOpen = try commitOpen.adding(deal.amount) }
            if deal.category == .bestCase { bestCaseOpen = try bestCaseOpen.adding(deal.amount) }
        }
        var wonTotal = Money.zero(currency)
        var cycleSum = 0
        var won = 0
        var lost = 0
        for deal in closed {
            if deal.status == .won {
                won += 1
                wonTotal = try wonTotal.adding(deal.amount)
                cycleSum += deal.cycleDays
            } else if deal.status == .lost {
                lost += 1
            }
        }
        var rounded = Decimal()
        var raw = weighted
        NSDecimalRound(&rounded, &raw, 0, .plain)
        let commit = try wonTotal.adding(commitOpen)
        var winRate: Decimal?
        if won + lost > 0 {
            var value = Decimal(won) * 100 / Decimal(won + lost)
            var result = Decimal()
            NSDecimalRound(&result, &value, 1, .plain)
            winRate = result
        }
        var cycle: Decimal?
        if won > 0 {
            var value = Decimal(cycleSum) / Decimal(won)
            var result = Decimal()
            NSDecimalRound(&result, &value, 1, .plain)
            cycle = result
        }
        return PipelineMetrics(
            weightedPipeline: Money(
                minorUnits: Int64(NSDecimalNumber(decimal: rounded).stringValue) ?? 0, currency: currency),
            openPipeline: openTotal, openDeals: open.count, closedWon: wonTotal, won: won, lost: lost,
            winRatePercent: winRate, averageCycleDays: cycle, commit: commit,
            bestCase: try commit.adding(bestCaseOpen))
    }
}
