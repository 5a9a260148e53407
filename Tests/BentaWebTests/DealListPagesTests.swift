import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct DealListPagesTests {
    @Test(arguments: TestEngine.available)
    func theDealListFiltersAndExportsOnlyWhatTheManagerMaySee(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            func deal(_ title: String, _ owner: User, _ account: Account) async throws -> Deal {
                var draft = DealDraft()
                draft.title = title
                draft.accountID = account.id.description
                draft.amount = "250000.00"
                draft.expectedClose = "2026-12-20"
                return try await world.services.deals.create(draft, viewer: owner.viewer)
            }
            _ = try await deal("=Printers for Tala", world.manager1, world.manager1Accounts[0])
            let won = try await deal("Chairs for Bituin", world.manager1, world.manager1Accounts[1])
            _ = try await deal("Trucks for Dagat", world.manager2, world.manager2Accounts[0])
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.manager1.viewer).first)
            let wonStage = try #require(pipeline.stages.first { $0.outcome == .won })
            _ = try await world.services.deals.move(
                won.id, to: wonStage.id, lostReason: nil, viewer: world.manager1.viewer, expectedVersion: nil)

            let session = try await client.login("manager1@test.ph")
            let open = try await client.browse(.get, "/deals/list", as: session)
            #expect(open.status == .ok)
            #expect(open.text.contains("=Printers for Tala") && !open.text.contains("Chairs for Bituin"))
            #expect(!open.text.contains("Trucks for Dagat"))
            let wonList = try await client.browse(.get, "/deals/list?status=won", as: session)
            #expect(wonList.text.contains("Chairs for Bituin") && !wonList.text.contains("Printers"))
            #expect(wonList.text.contains("<span class=\"badge\">Won</span>") && !open.text.contains(">Open</span>"))
            let all = try await client.browse(.get, "/deals/list?status=all&q=bituin", as: session)
            #expect(all.text.contains("Chairs for Bituin") && !all.text.contains("Printers"))
            let bad = try await client.browse(.get, "/deals/list?status=maybe", as: session)
            #expect(bad.status == .unprocessableContent)

            let export = try await client.browse(.get, "/deals/export.csv?status=all", as: session)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(export.text.contains("'=Printers for Tala,Tala Foods"))
            #expect(
                export.text.contains("Chairs for Bituin,Bituin Hardware")
                    && export.text.contains(",won,250000.00,PHP,100,"))
            #expect(!export.text.contains("Trucks for Dagat"))
            // The head sees every manager's deals.
            let head = try await client.login("head@test.ph")
            #expect(try await client.browse(.get, "/deals/list", as: head).text.contains("Trucks for Dagat"))
        }
    }
}
