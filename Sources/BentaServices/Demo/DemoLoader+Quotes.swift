import BentaCore
import BentaStore
import Foundation

/// Demo quotes: deals at the proposal stage and later are priced from the catalogue, and every manager has
/// quotes in every state (draft, sent, accepted, declined, expired).
extension DemoLoader {
    func loadQuotes(managers: [User]) async throws -> Int {
        let clock = services.clock
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(clock.now(), in: zone)
        var count = 0
        for (managerIndex, manager) in managers.enumerated() {
            let viewer = manager.viewer
            let products = try await services.products.list(
                viewer: viewer, filter: ProductFilter(isActive: true), page: PageRequest(limit: 50)
            ).items
            guard products.count >= 4 else { return count }
            let pipelines = try await services.deals.pipelines(viewer: viewer)
            let deals = try await services.deals.list(
                viewer: viewer, filter: DealFilter(ownerID: manager.id, status: nil), page: PageRequest(limit: 200)
            ).items
            var quoted = 0
            for (index, deal) in deals.enumerated() {
                guard let stage = pipelines.first(where: { $0.id == deal.pipelineID })?.stage(deal.stageID),
                    stage.position >= 3
                else { continue }
                // Price the deal from the catalogue: goods plus a service, one with a volume discount.
                let goods = products[(managerIndex + index) % products.count]
                let service = products.first { $0.fields.code == "SVC-INSTALL" } ?? products[0]
                var first = LineDraft()
                first.productID = goods.id.description
                first.quantity = String(2 + (index % 5))
                first.discountPercent = index % 2 == 0 ? "5" : ""
                var second = LineDraft()
                second.productID = service.id.description
                second.quantity = String(4 + index % 3) + ".5"
                let lines = [first, second]
                let priced = try await services.deals.update(deal.id, viewer: viewer, expectedVersion: nil) { draft in
                    draft.lines = lines
                }
                let quote = try await services.quotes.create(fromDeal: priced.id, viewer: viewer)
                count += 1
                quoted += 1
                switch (stage.outcome, quoted % 3) {
                case (nil, 1):
                    continue  // Stays a draft.
                case (.won?, _):
                    _ = try await services.quotes.send(quote.id, viewer: viewer, expectedVersion: nil)
                    _ = try await services.quotes.accept(quote.id, winDeal: false, viewer: viewer, expectedVersion: nil)
                case (.lost?, _):
                    _ = try await services.quotes.send(quote.id, viewer: viewer, expectedVersion: nil)
                    _ = try await services.quotes.decline(
                        quote.id, reason: "Went with a cheaper supplier", viewer: viewer, expectedVersion: nil)
                case (nil, 2):
                    _ = try await services.quotes.send(quote.id, viewer: viewer, expectedVersion: nil)
                default:
                    // An older offer the customer let lapse: sent, and its validity date is now behind us.
                    _ = try await services.quotes.send(quote.id, viewer: viewer, expectedVersion: nil)
                    let lapsed = today.adding(days: -3)
                    try await services.database.transaction { db in
                        try await QuoteStore(db).setValidUntilForDemo(quote.id, to: lapsed)
                    }
                }
            }
        }
        return count
    }
}
