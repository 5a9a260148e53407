import BentaCore
import BentaStore
import Foundation

/// Demo deals: every manager has deals in every stage of the default pipeline, some won and some lost.
extension DemoLoader {
    func loadDeals(companyID: Company.ID, managers: [User], seed: UInt64 = 11) async throws -> Int {
        var random = DemoSplitMix64(seed: seed)
        let clock = services.clock
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(clock.now(), in: zone)
        let products = [
            ("Laptops for the sales team", 85_000), ("Office printers lease", 24_000), ("Network upgrade", 180_000),
            ("POS terminals", 45_000), ("CCTV for the warehouse", 120_000), ("Annual IT support", 360_000),
            ("Ergonomic chairs", 12_500), ("Cloud backup service", 60_000),
        ]
        var count = 0
        for manager in managers {
            let viewer = manager.viewer
            guard let pipeline = try await services.deals.pipelines(viewer: viewer).first else { continue }
            let accounts = try await services.accounts.list(
                viewer: viewer, filter: AccountFilter(ownerID: manager.id), page: PageRequest(limit: 200)
            ).items
            guard !accounts.isEmpty else { continue }
            for (index, stage) in pipeline.stages.enumerated() {
                for copy in 0..<(stage.outcome == nil ? 2 : 1) {
                    let account = accounts[random.below(accounts.count)]
                    let product = products[(index * 2 + copy) % products.count]
                    var draft = DealDraft()
                    draft.accountID = account.id.description
                    draft.title = product.0
                    draft.amount = String(product.1 * (1 + random.below(10)))
                    draft.expectedClose = today.adding(days: random.below(60) - 10).iso8601String
                    draft.nextStep = stage.outcome == nil ? "Call to confirm the requirements" : ""
                    let deal = try await services.deals.create(draft, viewer: viewer)
                    if stage.id != deal.stageID {
                        _ = try await services.deals.move(
                            deal.id, to: stage.id,
                            lostReason: stage.outcome == .lost ? "Went with a cheaper supplier" : nil,
                            viewer: viewer, expectedVersion: nil)
                    }
                    count += 1
                }
            }
        }
        return count
    }
}
