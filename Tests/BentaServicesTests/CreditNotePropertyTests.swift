import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Whatever credit notes are asked for, their sum never exceeds the invoice, and every refusal changes nothing.
@Suite(.timeLimit(.minutes(3))) struct CreditNotePropertyTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test(arguments: TestEngine.available)
    func creditNotesNeverExceedTheInvoice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let viewer = world.manager1.viewer
            var random = Generator(state: 20_261_129)
            var accepted = 0
            var refused = 0
            for round in 0..<3 {
                var draft = InvoiceDraft()
                draft.accountID = world.manager1Accounts[0].id.description
                draft.pricesIncludeTax = round == 1
                draft.lines = (0..<(1 + random.next(4))).map { index in
                    var line = LineDraft()
                    line.description = "Item \(index)"
                    line.quantity = String(1 + random.next(5))
                    line.unitPrice = "\(1 + random.next(5000)).\(random.next(100))"
                    line.taxCategory = ["vatable", "zero_rated", "exempt"][random.next(3)]
                    return line
                }
                let invoice = try await services.invoices.create(draft, viewer: viewer)
                let issued = try await services.invoices.issue(invoice.id, viewer: viewer, expectedVersion: nil)
                let total = try issued.totals().totalWithTax
                var credited: Int64 = 0
                for attempt in 0..<12 {
                    let request: CreditNoteRequest
                    switch random.next(3) {
                    case 0:
                        request = .full
                    case 1:
                        let index = random.next(issued.fields.lines.count)
                        let quantity = issued.fields.lines[index].line.quantity
                        request = .lines([
                            (index, Decimal(1 + random.next(max(1, NSDecimalNumber(decimal: quantity).intValue))))
                        ])
                    default:
                        let cents = Int64(1 + random.next(Int(max(1, total.minorUnits - credited + 500))))
                        request = .amount(Money(minorUnits: cents, currency: .php), taxCategory: .vatable)
                    }
                    do {
                        let note = try await services.invoices.creditNote(
                            for: invoice.id, request: request, reason: "Round \(round) attempt \(attempt)",
                            viewer: viewer)
                        credited += try note.totals().totalWithTax.minorUnits
                        accepted += 1
                    } catch is ValidationErrors {
                        refused += 1  // More than is open, or a quantity out of range.
                    } catch let error as RecordError {
                        guard case .conflict = error else { throw error }
                        refused += 1
                    }
                    #expect(credited <= total.minorUnits)
                    let balance = try #require(try await services.invoices.balances(of: [issued])[issued.id])
                    #expect(balance.credited.minorUnits == credited)
                    #expect(balance.open.minorUnits == total.minorUnits - credited)
                }
            }
            // The walk exercised both sides of the rule.
            #expect(accepted >= 3 && refused >= 3)
        }
    }
}
