import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// Whatever credit notes are asked for, their sum never exceeds the invoice, and every refusal changes nothing.
@Suite(.timeLimit(.minutes(20))) struct CreditNotePropertyTests {
    @Test(arguments: TestEngine.available)
    func creditNotesNeverExceedTheInvoice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let viewer = world.manager1.viewer
            var random = SeededRandom(seed: 20_261_129)
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

    /// Credited so far of one issued invoice, tallied by the test from the notes it got back.
    struct Tally {
        var lineQuantities: [Decimal]
        var lineAmounts: [Int64]
        var groups: [String: (base: Int64, tax: Int64)] = [:]
        var total: Int64 = 0
        var usedAmounts = false

        static func key(_ category: TaxCategory, _ rate: Decimal) -> String {
            "\(category.rawValue)@\(DecimalText.format(rate))"
        }
    }

    @Test(arguments: TestEngine.available)
    func creditSequencesWithDocumentDiscountsStayWithinEveryLineAndCategory(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let viewer = world.manager1.viewer
            var random = SeededRandom(seed: 20_261_206)
            var accepted = 0
            var refused = 0
            for round in 0..<8 {
                let draft = RandomInvoices.draft(
                    accountID: world.manager1Accounts[0].id.description, random: &random)
                let created = try await services.invoices.create(draft, viewer: viewer)
                let invoice = try await services.invoices.issue(created.id, viewer: viewer, expectedVersion: nil)
                let totals = try invoice.totals()
                #expect(totals.totalWithTax.isPositive)
                #expect(totals.breakdown.allSatisfy { !$0.taxableBase.isNegative && !$0.taxAmount.isNegative })
                let invoiceLines = invoice.fields.lines.map(\.line)
                var tally = Tally(
                    lineQuantities: Array(repeating: 0, count: invoiceLines.count),
                    lineAmounts: Array(repeating: 0, count: invoiceLines.count))

                func attempt(_ request: CreditNoteRequest) async throws -> Bool {
                    let note: Invoice
                    do {
                        note = try await services.invoices.creditNote(
                            for: invoice.id, request: request, reason: "Round \(round)", viewer: viewer)
                    } catch is ValidationErrors {
                        refused += 1
                        return false
                    } catch let error as RecordError {
                        guard case .conflict = error else { throw error }
                        refused += 1
                        return false
                    }
                    accepted += 1
                    let noteTotals = try note.totals()
                    #expect(noteTotals.totalWithTax.isPositive)
                    #expect(noteTotals.breakdown.allSatisfy { !$0.taxableBase.isNegative && !$0.taxAmount.isNegative })
                    switch request {
                    case .full:
                        for index in invoiceLines.indices {
                            tally.lineQuantities[index] += invoiceLines[index].quantity
                            tally.lineAmounts[index] += noteTotals.lineAmounts[index].minorUnits
                        }
                    case .lines(let picks):
                        for (offset, pick) in picks.enumerated() {
                            tally.lineQuantities[pick.index] += pick.quantity
                            tally.lineAmounts[pick.index] += noteTotals.lineAmounts[offset].minorUnits
                        }
                    case .amount:
                        tally.usedAmounts = true
                    }
                    for row in noteTotals.breakdown {
                        let key = Tally.key(row.taxCategory, row.ratePercent)
                        tally.groups[key, default: (0, 0)].base += row.taxableBase.minorUnits
                        tally.groups[key, default: (0, 0)].tax += row.taxAmount.minorUnits
                    }
                    tally.total += noteTotals.totalWithTax.minorUnits
                    return true
                }

                func check() async throws {
                    for index in invoiceLines.indices {
                        #expect(tally.lineQuantities[index] <= invoiceLines[index].quantity)
                        #expect(tally.lineAmounts[index] <= totals.lineAmounts[index].minorUnits)
                    }
                    for row in totals.breakdown {
                        let done = tally.groups[Tally.key(row.taxCategory, row.ratePercent), default: (0, 0)]
                        #expect(done.base <= row.taxableBase.minorUnits && done.tax <= row.taxAmount.minorUnits)
                    }
                    #expect(
                        tally.groups.keys.allSatisfy { key in
                            totals.breakdown.contains { Tally.key($0.taxCategory, $0.ratePercent) == key }
                        })
                    #expect(tally.total <= totals.totalWithTax.minorUnits)
                    let balance = try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
                    #expect(balance.credited.minorUnits == tally.total)
                    #expect(balance.open.minorUnits == totals.totalWithTax.minorUnits - tally.total)
                    #expect(!balance.open.isNegative)
                    let allLinesCredited = invoiceLines.indices.allSatisfy {
                        tally.lineQuantities[$0] == invoiceLines[$0].quantity
                    }
                    if allLinesCredited && !tally.usedAmounts { #expect(balance.open.isZero) }
                }

                for _ in 0..<8 {
                    let request = try RandomInvoices.creditRequest(for: invoice, random: &random)
                    _ = try await attempt(request)
                    try await check()
                }
                // Everything left: first by line, then what each category still has open by amount.
                for index in invoiceLines.indices where tally.lineQuantities[index] < invoiceLines[index].quantity {
                    _ = try await attempt(.lines([(index, invoiceLines[index].quantity - tally.lineQuantities[index])]))
                    try await check()
                }
                for row in totals.breakdown {
                    let done = tally.groups[Tally.key(row.taxCategory, row.ratePercent), default: (0, 0)]
                    let open = try row.grossAmount().minorUnits - done.base - done.tax
                    guard open > 0 else { continue }
                    #expect(
                        try await attempt(
                            .amount(Money(minorUnits: open, currency: totals.currency), taxCategory: row.taxCategory)),
                        "the open \(row.taxCategory) of round \(round) is credited")
                    try await check()
                }
                let balance = try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
                #expect(balance.open.isZero, "round \(round) is credited in full")
            }
            #expect(accepted >= 10 && refused >= 3)
        }
    }
}
