import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The discount approval queue (issue 13) on both engines: with a 10% limit, a manager's 20% quote line is saved
/// awaiting approval and the quote cannot be sent (no number taken); only a head or admin decides, a rejection
/// needs a reason, each decision writes an audit row on the quote and a note on the account's timeline; a rejected
/// line blocks sending until it changes, the changed line asks again, and once approved the quote is sent. A
/// decided request refuses a second decision; moving the line keeps its request.
@Suite(.timeLimit(.minutes(20))) struct DiscountApprovalTests {
    static func line(_ description: String, percent: String) -> LineDraft {
        var line = LineDraft()
        line.description = description
        line.quantity = "1"
        line.unitPrice = "10000"
        line.taxCategory = "vatable"
        line.discountPercent = percent
        return line
    }

    @Test(arguments: TestEngine.available)
    func aDiscountAboveTheLimitWaitsForTheHead(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            try await DutySettingsTests.set(world) {
                DutySettingsTests.without(.discountsAboveLimit, .manager)(&$0)
                $0.discountLimitPercent = "10"
            }
            let quotes = world.services.quotes
            let (manager, head) = (world.manager1.viewer, world.head.viewer)
            var dealDraft = DealPermissionsTests.draft(world)
            dealDraft.ownerID = world.manager1.id.description
            let deal = try await world.services.deals.create(dealDraft, viewer: manager)
            let quote = try await quotes.create(fromDeal: deal.id, viewer: manager)
            var draft = QuoteDraft()
            draft.lines = [Self.line("Consulting", percent: "20"), Self.line("Installation", percent: "5")]
            let saved = try await quotes.update(quote.id, draft: draft, viewer: manager, expectedVersion: nil)
            #expect(saved.fields.lines.first?.line.discount == .percent(20))
            var requests = try await quotes.discountApprovals(quoteID: quote.id, viewer: manager)
            #expect(requests.map(\.status) == [.pending])
            #expect(requests.first?.lineIndex == 0 && requests.first?.discount == "20%")
            #expect(requests.first?.lineDescription == "Consulting" && requests.first?.limitPercent == 10)

            // Not sent while the line waits; the number is handed back.
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.send(quote.id, viewer: manager, expectedVersion: nil)
                }
                    == "discount_approval_required")
            #expect(try await quotes.quote(quote.id, viewer: manager).number == nil)

            // The queue is the head's and the admin's.
            let queue = try await quotes.discountApprovals(viewer: head, page: PageRequest())
            #expect(queue.items.map(\.id) == requests.map(\.id))
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.discountApprovals(viewer: manager, page: PageRequest())
                } == "forbidden")
            let first = try #require(requests.first)
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.decideDiscount(
                        first.id, approve: true, reason: nil, viewer: manager, expectedVersion: nil)
                } == "forbidden")
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.decideDiscount(
                        first.id, approve: false, reason: "  ", viewer: head, expectedVersion: nil)
                } == "reason required")
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.decideDiscount(
                        first.id, approve: false, reason: "Too deep", viewer: head, expectedVersion: 7)
                } == "stale_version")

            // Rejected with a reason: still not sendable; the manager sees why; an audit row and a timeline note.
            let rejected = try await quotes.decideDiscount(
                first.id, approve: false, reason: "Too deep for a new customer", viewer: head, expectedVersion: 1)
            #expect(rejected.status == .rejected && rejected.decidedBy == world.head.id && rejected.version == 2)
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.decideDiscount(
                        first.id, approve: true, reason: nil, viewer: head, expectedVersion: nil)
                } == "approval_decided")
            #expect(
                await DutySettingsTests.code {
                    _ = try await quotes.send(quote.id, viewer: manager, expectedVersion: nil)
                }
                    == "discount_approval_required")
            requests = try await quotes.discountApprovals(quoteID: quote.id, viewer: manager)
            #expect(requests.map(\.reason) == ["Too deep for a new customer"])
            let actions = try await database.read { db in
                try await db.raw(
                    """
                    SELECT action FROM audit_events WHERE entity_type = 'quote'
                        AND entity_id = \(bind: quote.id.description) ORDER BY occurred_at, id
                    """
                ).all().map { try $0.decode(column: "action", as: String.self) }
            }
            #expect(actions.contains("quote.discount_rejected"))
            let timeline = try await world.services.activities.timeline(
                .account(world.manager1Accounts[0].id), viewer: head)
            #expect(timeline.items.contains { $0.subject == "Discount 20% on “Consulting” rejected" })

            // Saving the same line again keeps it rejected; moving it keeps its request.
            draft.lines = [Self.line("Installation", percent: "5"), Self.line("Consulting", percent: "20")]
            _ = try await quotes.update(quote.id, draft: draft, viewer: manager, expectedVersion: nil)
            requests = try await quotes.discountApprovals(quoteID: quote.id, viewer: manager)
            #expect(requests.map(\.status) == [.rejected] && requests.first?.lineIndex == 1)

            // A smaller discount, still above the limit: the old request is superseded, a new one waits.
            draft.lines = [Self.line("Installation", percent: "5"), Self.line("Consulting", percent: "12")]
            _ = try await quotes.update(quote.id, draft: draft, viewer: manager, expectedVersion: nil)
            requests = try await quotes.discountApprovals(quoteID: quote.id, viewer: manager)
            #expect(requests.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.pending, .superseded])
            let second = try #require(requests.first { $0.status == .pending })
            #expect(second.lineIndex == 1 && second.discount == "12%")
            let approved = try await quotes.decideDiscount(
                second.id, approve: true, reason: "Volume order", viewer: world.admin.viewer, expectedVersion: nil)
            #expect(approved.status == .approved)
            #expect(try await quotes.discountApprovals(viewer: head, page: PageRequest()).items.isEmpty)
            #expect(
                try await quotes.discountApprovals(status: .approved, viewer: head, page: PageRequest()).items.map(\.id)
                    == [second.id])

            // Approved: editing another line keeps it approved, and the quote is sent.
            draft.lines = [Self.line("Installation", percent: "0"), Self.line("Consulting", percent: "12")]
            _ = try await quotes.update(quote.id, draft: draft, viewer: manager, expectedVersion: nil)
            let sent = try await quotes.send(quote.id, viewer: manager, expectedVersion: nil)
            #expect(sent.number != nil)
            // A line within the limit never asks.
            #expect(
                Set(try await quotes.discountApprovals(quoteID: quote.id, viewer: manager).map(\.status))
                    == [.approved, .superseded])
        }
    }
}
