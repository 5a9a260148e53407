import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The forms of the updates that took no version before migration 38 (issue 15) carry the version they were read
/// at: a form read before someone else's save comes back with 412 and the stale-version message, and changes
/// nothing. (The contract settings' form: `ContractPagesTests`.)
@Suite(.timeLimit(.minutes(20))) struct StaleSettingFormsTests {
    static let staleMessage = "Someone else saved changes while you were editing."

    @Test(arguments: TestEngine.available)
    func aPlanFormReadBeforeAnotherSaveIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await client.login(world.head.email.value)
            let page = "/plans/2026-11"
            #expect(try await client.browse(.get, page, as: head).text.contains(#"name="version" value="0""#))
            let first = try await client.browse(
                .post, page, as: head, form: PlansWebTests.form(world) + [("version", "0")])
            #expect(first.status == .seeOther || first.status == .found)
            #expect(try await client.browse(.get, page, as: head).text.contains(#"name="version" value="1""#))
            // A second form read at version 0 (before the first save) is refused; the typed reason stays.
            let stale = try await client.browse(
                .post, page, as: head, form: PlansWebTests.form(world, reason: "Rent up") + [("version", "0")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains(Self.staleMessage) && stale.text.contains("Rent up"))
            #expect(stale.text.contains(#"name="version" value="1""#))
            let versions = try await world.services.plans.versions(
                month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer)
            #expect(versions.count == 1)
            let again = try await client.browse(
                .post, page, as: head, form: PlansWebTests.form(world, reason: "Rent up") + [("version", "1")])
            #expect(again.status == .seeOther || again.status == .found)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCreditSplitFormReadBeforeAnotherSaveIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let deal = try await PlanAsOfWebTests.sharedPrintersDeal(world)
            let head = try await client.login(world.head.email.value)
            let page = "/deals/\(deal.id)"
            #expect(try await client.browse(.get, page, as: head).text.contains(#"name="version" value="0""#))
            let (m1, m2) = (world.manager1.id.description, world.manager2.id.description)
            let saved = try await client.browse(
                .post, page + "/credit-split", as: head,
                form: [("version", "0"), ("manager_id", m1), ("percent", "60"), ("manager_id", m2), ("percent", "40")])
            #expect(saved.status == .seeOther || saved.status == .found)
            let stale = try await client.browse(
                .post, page + "/credit-split", as: head,
                form: [("version", "0"), ("manager_id", m1), ("percent", "100")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains(Self.staleMessage))
            let split = try #require(
                try await world.services.plans.creditSplit(dealID: deal.id, viewer: world.head.viewer))
            #expect(split.shares.map(\.managerID) == [m1, m2])
        }
    }
}
