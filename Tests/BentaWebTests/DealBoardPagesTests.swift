import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The deal board pages each stage column by keyset (issue 9): no stage is cut off silently.
@Suite(.timeLimit(.minutes(20))) struct DealBoardPagesTests {
    @Test(arguments: TestEngine.available)
    func aFullStageColumnPagesOnWithNoDealTwiceAndNoneMissing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let total = DealsPageController.boardPageSize + 5
            var created: [Deal] = []
            for number in 1...total {
                var draft = DealDraft()
                draft.title = String(format: "Board deal %02d", number)
                draft.accountID = world.manager1Accounts[number % 2].id.description
                draft.amount = "1000.00"
                draft.expectedClose = "2026-12-20"
                created.append(try await world.services.deals.create(draft, viewer: world.manager1.viewer))
            }
            var other = DealDraft()
            other.title = "Board deal of manager2"
            other.accountID = world.manager2Accounts[0].id.description
            other.expectedClose = "2026-12-20"
            _ = try await world.services.deals.create(other, viewer: world.manager2.viewer)
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.manager1.viewer).first)
            let firstStage = try #require(pipeline.firstStage)

            let session = try await client.login("manager1@test.ph")
            let board = try await client.browse(.get, "/deals", as: session)
            #expect(board.status == .ok)
            let column = try #require(BoardHTML.column(firstStage.name, in: board.text))
            #expect(column.cards.count == DealsPageController.boardPageSize)
            #expect(column.cards.first == "Board deal 01")
            // The heading counts and totals the whole column (one aggregate query), not the page shown, and not
            // manager2's deal.
            #expect(board.text.contains("% · \(total) · ₱25,000.00</span>"))
            let more = try #require(column.moreURL)
            #expect(more.contains("stage_id=\(firstStage.id)") && more.contains("cursor="))
            // The other columns are empty and offer no more.
            for stage in pipeline.stages where stage.id != firstStage.id {
                let empty = try #require(BoardHTML.column(stage.name, in: board.text))
                #expect(empty.cards.isEmpty && empty.moreURL == nil)
            }

            let next = try await client.browse(.get, more, as: session)
            #expect(next.status == .ok)
            let rest = try #require(BoardHTML.column(firstStage.name, in: next.text))
            #expect(rest.moreURL == nil && rest.cards.count == 5)
            let shown = column.cards + rest.cards
            #expect(shown.count == Set(shown).count)
            #expect(Set(shown) == Set(created.map(\.fields.title)))
            #expect(!next.text.contains("Board deal of manager2"))

            // A card's folded move form comes back to the page it was on: the board, or the column's next page.
            #expect(board.text.contains("name=\"return_to\" value=\"/deals\""))
            #expect(next.text.contains("name=\"return_to\" value=\"/deals?stage_id=\(firstStage.id)&amp;cursor="))

            // A cursor that no list made is refused, not silently read from the start.
            let tampered = try await client.browse(
                .get, "/deals?stage_id=\(firstStage.id)&cursor=not-a-cursor", as: session)
            #expect(tampered.status == .unprocessableContent)
        }
    }
}

/// Reads the deal board's columns out of the page.
enum BoardHTML {
    struct Column {
        var cards: [String]
        var moreURL: String?
    }

    static func column(_ name: String, in html: String) -> Column? {
        let sections = html.components(separatedBy: "<section class=\"board-column")
        guard let section = sections.dropFirst().first(where: { $0.contains("aria-label=\"\(name)\"") }) else {
            return nil
        }
        let body = section.components(separatedBy: "</section>")[0]
        let cards = body.matches(of: #/<h3><a href="/deals/[^"]+">([^<]+)</a></h3>/#).map { String($0.1) }
        let more = body.firstMatch(of: #/<a href="([^"]+)" rel="next">/#).map {
            PickerHTML.decode(String($0.1))
        }
        return Column(cards: cards, moreURL: more)
    }

}
