import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PipelineMetricsTests {
    func peso(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }

    /// DOMAIN.md §5: A ₱500k at 40%, B ₱300k at 70%, C ₱1.0M at 20%, D ₱200k at 90% → ₱790k weighted;
    /// 12 won of 40 closed → 30%; cycles 45, 60, 75 → 60 days; commit = closed 800k + D → ₱1.0M; + B → ₱1.3M.
    @Test func theDomainExampleAddsUp() throws {
        let open: [(amount: Money, probability: Int, category: ForecastCategory)] = [
            (peso(500_000), 40, .pipeline), (peso(300_000), 70, .bestCase), (peso(1_000_000), 20, .pipeline),
            (peso(200_000), 90, .commit),
        ]
        var closed: [(amount: Money, status: DealStatus, cycleDays: Int)] = [
            (peso(300_000), .won, 45), (peso(300_000), .won, 60), (peso(200_000), .won, 75),
        ]
        for _ in 0..<9 { closed.append((peso(0), .won, 60)) }
        for _ in 0..<28 { closed.append((peso(100_000), .lost, 30)) }
        let metrics = try PipelineMetrics.compute(open: open, closed: closed, currency: .php)
        #expect(metrics.weightedPipeline == peso(790_000))
        #expect(metrics.openPipeline == peso(2_000_000))
        #expect(metrics.winRatePercent == 30)
        #expect(metrics.averageCycleDays == 60)
        #expect(metrics.closedWon == peso(800_000))
        #expect(metrics.commit == peso(1_000_000))
        #expect(metrics.bestCase == peso(1_300_000))
    }

    @Test func noClosedDealsMeansNoRateAndNoCycle() throws {
        let metrics = try PipelineMetrics.compute(open: [], closed: [], currency: .php)
        #expect(metrics.winRatePercent == nil && metrics.averageCycleDays == nil)
        #expect(metrics.weightedPipeline.isZero)
    }

    @Test(arguments: [
        ("125000.50", true), ("-1", false), ("1,000", false), ("12.345", false), ("", true), ("abc", false),
    ])
    func dealAmountsAreDecimalStrings(amount: String, valid: Bool) {
        var draft = DealDraft()
        draft.accountID = UUID().uuidString
        draft.ownerID = UUID().uuidString
        draft.title = "20 laptops"
        draft.amount = amount
        draft.expectedClose = "2026-12-15"
        #expect(((try? draft.validated(defaultCurrency: .php)) != nil) == valid)
    }

    @Test func impossibleDatesAndProbabilitiesAreRefused() {
        var draft = DealDraft()
        draft.accountID = UUID().uuidString
        draft.ownerID = UUID().uuidString
        draft.title = "x"
        draft.expectedClose = "2026-02-30"
        draft.probability = "120"
        do {
            _ = try draft.validated(defaultCurrency: .php)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields) == ["expected_close", "probability"])
        }
    }
}
