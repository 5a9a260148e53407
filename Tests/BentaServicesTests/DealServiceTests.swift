import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct DealServiceTests {
    func draft(_ world: TestWorld, title: String, amount: String, close: String = "2026-12-15") -> DealDraft {
        var draft = DealDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.contactIDs = [world.manager1Contact.id.description]
        draft.title = title
        draft.amount = amount
        draft.expectedClose = close
        return draft
    }

    @Test(arguments: TestEngine.available)
    func dealsMoveThroughStagesWithHistoryAndCloseWonOrLost(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: viewer).first)
            #expect(
                pipeline.stages.map(\.name) == [
                    "Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost",
                ])
            let deal = try await world.services.deals.create(
                draft(world, title: "20 laptops", amount: "1200000.00"), viewer: viewer)
            #expect(deal.stageID == pipeline.stages[0].id && deal.status == .open)
            #expect(deal.fields.amount == Money(minorUnits: 120_000_000, currency: .php))
            #expect(deal.probability(in: pipeline) == 10)
            let proposal = try await world.services.deals.move(
                deal.id, to: pipeline.stages[2].id, lostReason: nil, viewer: viewer, expectedVersion: 1)
            #expect(proposal.probability(in: pipeline) == 50 && proposal.forecastCategory(in: pipeline) == .bestCase)
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.deals.move(
                    deal.id, to: pipeline.stages[5].id, lostReason: " ", viewer: viewer,
                    expectedVersion: nil)
            }
            let lost = try await world.services.deals.move(
                deal.id, to: pipeline.stages[5].id, lostReason: "Chose a cheaper brand", viewer: viewer,
                expectedVersion: nil)
            #expect(lost.status == .lost && lost.lostReason == "Chose a cheaper brand" && lost.closedAt != nil)
            let reopened = try await world.services.deals.move(
                deal.id, to: pipeline.stages[3].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
            #expect(reopened.status == .open && reopened.closedAt == nil && reopened.lostReason == nil)
            let history = try await world.services.deals.history(deal.id, viewer: viewer)
            #expect(history.map(\.to) == [0, 2, 5, 3].map { pipeline.stages[$0].id })
            #expect(history.first?.from == nil)
            // A stage of another pipeline is refused.
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.deals.move(
                    deal.id, to: Pipeline.Stage.ID(UUID()), lostReason: nil, viewer: viewer,
                    expectedVersion: nil)
            }
            // The account's timeline shows the moves.
            let timeline = try await world.services.activities.timeline(
                .account(world.manager1Accounts[0].id), viewer: viewer)
            #expect(
                timeline.items.contains {
                    $0.subject == "20 laptops: Proposal → Lost" && $0.body == "Chose a cheaper brand"
                })
            // Another manager cannot see it.
            await #expect(throws: RecordError.notFound(entity: "deal")) {
                _ = try await world.services.deals.deal(deal.id, viewer: world.manager2.viewer)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func badDealsAreRefusedAndNothingIsSaved(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var bad = draft(world, title: "", amount: "-5")
            bad.expectedClose = "2026-13-01"
            do {
                _ = try await world.services.deals.create(bad, viewer: world.manager1.viewer)
                Issue.record("accepted")
            } catch let errors as ValidationErrors {
                #expect(Set(errors.fields) == ["title", "amount", "expected_close"])
            }
            var foreign = draft(world, title: "Theirs", amount: "100")
            foreign.accountID = world.manager2Accounts[0].id.description
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.deals.create(foreign, viewer: world.manager1.viewer)
            }
            var wrongContact = draft(world, title: "x", amount: "100")
            wrongContact.contactIDs = [world.manager2Contact.id.description]
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.deals.create(wrongContact, viewer: world.manager1.viewer)
            }
            let deals = try await world.services.deals.list(
                viewer: world.head.viewer, filter: DealFilter(status: nil), page: PageRequest())
            #expect(deals.items.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func metricsWeighTheOpenPipelineAndCountWins(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: viewer).first)
            let a = try await world.services.deals.create(draft(world, title: "A", amount: "500000"), viewer: viewer)
            _ = try await world.services.deals.move(
                a.id, to: pipeline.stages[1].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
            var b = draft(world, title: "B", amount: "300000")
            b.probability = "70"
            _ = try await world.services.deals.create(b, viewer: viewer)
            let c = try await world.services.deals.create(draft(world, title: "C", amount: "200000"), viewer: viewer)
            _ = try await world.services.deals.move(
                c.id, to: pipeline.stages[4].id, lostReason: nil, viewer: viewer, expectedVersion: nil)
            let d = try await world.services.deals.create(draft(world, title: "D", amount: "100000"), viewer: viewer)
            _ = try await world.services.deals.move(
                d.id, to: pipeline.stages[5].id, lostReason: "Budget", viewer: viewer, expectedVersion: nil)
            _ = try await world.services.deals.create(
                draft(world, title: "Next year", amount: "999999", close: "2027-03-01"), viewer: viewer)
            let december = try await world.services.deals.metrics(
                viewer: viewer, ownerID: world.manager1.id, from: CalendarDate(year: 2026, month: 12, day: 1)!,
                to: CalendarDate(year: 2027, month: 1, day: 1)!)
            // A 500k × 25% + B 300k × 70% = 125k + 210k.
            #expect(december.weightedPipeline == Money(minorUnits: 33_500_000, currency: .php))
            #expect(december.openDeals == 2)
            #expect(december.won == 1 && december.lost == 1 && december.winRatePercent == 50)
            #expect(december.closedWon == Money(minorUnits: 20_000_000, currency: .php))
        }
    }
}
