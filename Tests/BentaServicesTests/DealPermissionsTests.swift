import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Deals keep to what their user may see and do (issue 15): a lead another manager owns cannot be linked (and is
/// refused exactly like one that does not exist), and the accountant reads deals without changing them.
@Suite(.timeLimit(.minutes(20))) struct DealPermissionsTests {
    static func draft(_ world: TestWorld, sourceLead: String = "") -> DealDraft {
        var draft = DealDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        draft.title = "Coffee machines for Tala"
        draft.amount = "50000"
        draft.expectedClose = "2027-01-31"
        draft.sourceLeadID = sourceLead
        return draft
    }

    static func codes(_ body: () async throws -> Void) async -> [String] {
        do {
            try await body()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field) \($0.code)" }
        } catch let error as ClassifiedError {
            return [error.code]
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: TestEngine.available)
    func aHiddenLeadIsRefusedLikeAnUnknownOne(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var leadDraft = LeadDraft()
            leadDraft.companyName = "Perlas Bakery"
            leadDraft.ownerID = world.manager2.id.description
            let hidden = try await world.services.leads.create(
                leadDraft, viewer: world.manager2.viewer, companyID: world.company.id
            ).lead
            let viewer = world.manager1.viewer
            let forHidden = await Self.codes {
                _ = try await world.services.deals.create(
                    Self.draft(world, sourceLead: hidden.id.description), viewer: viewer)
            }
            let forUnknown = await Self.codes {
                _ = try await world.services.deals.create(
                    Self.draft(world, sourceLead: Lead.ID(UUID()).description), viewer: viewer)
            }
            #expect(forHidden == ["source_lead_id invalid_lead"])
            #expect(forUnknown == forHidden)
            // The head sees every lead and may link it.
            var headDraft = Self.draft(world, sourceLead: hidden.id.description)
            headDraft.ownerID = world.manager1.id.description
            let linked = try await world.services.deals.create(headDraft, viewer: world.head.viewer)
            #expect(linked.fields.sourceLeadID == hidden.id)
        }
    }

    @Test(arguments: TestEngine.available)
    func theAccountantReadsDealsButDoesNotChangeThem(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let deal = try await world.services.deals.create(Self.draft(world), viewer: world.manager1.viewer)
            let accountant = world.accountant.viewer
            #expect(try await world.services.deals.deal(deal.id, viewer: accountant).id == deal.id)
            var draft = Self.draft(world)
            draft.ownerID = world.manager1.id.description
            #expect(
                await Self.codes { _ = try await world.services.deals.create(draft, viewer: accountant) } == [
                    "duty_required"
                ])
            #expect(
                await Self.codes {
                    _ = try await world.services.deals.update(deal.id, viewer: accountant, expectedVersion: nil) {
                        $0.title = "Changed by the accountant"
                    }
                } == ["duty_required"])
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: accountant).first)
            let next = try #require(pipeline.stages.dropFirst().first)
            #expect(
                await Self.codes {
                    _ = try await world.services.deals.move(
                        deal.id, to: next.id, lostReason: nil, viewer: accountant, expectedVersion: nil)
                } == ["duty_required"])
            let unchanged = try await world.services.deals.deal(deal.id, viewer: world.manager1.viewer)
            #expect(unchanged.version == deal.version && unchanged.stageID == deal.stageID)
        }
    }
}
