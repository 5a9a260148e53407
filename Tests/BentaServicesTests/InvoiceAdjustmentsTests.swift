import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Several document discounts and charges on one invoice, and a percentage discount that follows the lines
/// (issue 10, item 7), through the invoice service on both engines.
@Suite(.timeLimit(.minutes(20))) struct InvoiceAdjustmentsTests {
    static func line(_ description: String, price: String, category: String = "vatable") -> LineDraft {
        var line = LineDraft()
        line.description = description
        line.quantity = "1"
        line.unitPrice = price
        line.taxCategory = category
        return line
    }

    static func php(_ text: String) throws -> Money {
        try Money(decimalString: text, currency: .php)
    }

    /// A world without a legal profile, so a draft with lines may be issued.
    static func world(_ database: any AppDatabase) async throws -> TestWorld {
        let world = try await TestWorld.make(database: database)
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        return world
    }

    /// VATable 10,000 + exempt 7,000 with 5% off the order, an exempt early-payment discount of 100 and a VATable
    /// delivery charge of 250: VATable 10,000 − 500 + 250 = 9,750 with VAT 1,170, exempt 7,000 − 350 − 100 = 6,550,
    /// total 17,470; issued as drafted, numbered once.
    @Test(arguments: TestEngine.available)
    func severalDiscountsAndChargesIssueWithTheRightTotals(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let viewer = world.manager1.viewer
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [
                Self.line("Laptop", price: "10000"), Self.line("Training", price: "7000", category: "exempt"),
            ]
            draft.adjustments = [
                AdjustmentDraft(kind: "allowance", percent: "5", reason: "Loyalty"),
                AdjustmentDraft(kind: "allowance", amount: "100", taxCategory: "exempt", reason: "Early payment"),
                AdjustmentDraft(kind: "charge", amount: "250", reason: "Delivery to Cebu"),
            ]
            let made = try await world.services.invoices.create(draft, viewer: viewer)
            #expect(
                made.fields.adjustments.map(\.amount) == [
                    try Self.php("500"), try Self.php("350"), try Self.php("100"), try Self.php("250"),
                ])
            #expect(
                made.fields.adjustments.map(\.reason) == ["Loyalty", "Loyalty", "Early payment", "Delivery to Cebu"])
            let issued = try await world.services.invoices.issue(made.id, viewer: viewer, expectedVersion: nil)
            #expect(issued.number != nil)
            let stored = try await world.services.invoices.invoice(made.id, viewer: viewer)
            #expect(stored.fields.adjustments == made.fields.adjustments)
            let totals = try stored.totals()
            #expect(totals.vatableSales == (try Self.php("9750.00")))
            #expect(totals.vatAmount == (try Self.php("1170.00")))
            #expect(totals.exemptSales == (try Self.php("6550.00")))
            #expect(totals.allowanceTotal == (try Self.php("950.00")))
            #expect(totals.chargeTotal == (try Self.php("250.00")))
            #expect(totals.totalWithTax == (try Self.php("17470.00")))

            // A credit of the VATable line carries its share of the VATable discount and charge as plain amounts,
            // not as the invoice's 5% of a base the note does not have.
            let note = try await world.services.invoices.creditNote(
                for: made.id, request: .lines([(0, 1)]), reason: "Returned", viewer: viewer)
            #expect(note.fields.adjustments.map(\.amount) == [try Self.php("500.00"), try Self.php("250.00")])
            #expect(note.fields.adjustments.allSatisfy { $0.percent == nil && $0.baseAmount == nil })
            #expect(try note.totals().totalWithTax == Self.php("10920.00"))
        }
    }

    /// A 5% discount is taken again whenever the lines change: of the new lines' groups, a fixed charge staying as
    /// it was; a later price-mode change re-spreads it over the gross amounts.
    @Test(arguments: TestEngine.available)
    func aPercentageDiscountFollowsTheLines(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let viewer = world.manager1.viewer
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.adjustments = [
                AdjustmentDraft(kind: "allowance", percent: "5"), AdjustmentDraft(kind: "charge", amount: "250"),
            ]
            // Without lines the discount waits as nothing off.
            let empty = try await world.services.invoices.create(draft, viewer: viewer)
            #expect(try empty.totals().allowanceTotal.isZero)

            var lines = InvoiceDraft()
            lines.lines = [
                Self.line("Laptop", price: "10000"), Self.line("Training", price: "7000", category: "exempt"),
            ]
            let mixed = try await world.services.invoices.update(
                empty.id, draft: lines, viewer: viewer, expectedVersion: empty.version)
            var totals = try mixed.totals()
            #expect(totals.vatableSales == (try Self.php("9750.00")))
            #expect(totals.vatAmount == (try Self.php("1170.00")))
            #expect(totals.exemptSales == (try Self.php("6650.00")))

            lines.lines = [Self.line("Laptop", price: "20000")]
            let vatableOnly = try await world.services.invoices.update(
                empty.id, draft: lines, viewer: viewer, expectedVersion: mixed.version)
            #expect(vatableOnly.fields.adjustments.map(\.amount) == [try Self.php("1000.00"), try Self.php("250.00")])
            #expect(vatableOnly.fields.adjustments[0].baseAmount == (try Self.php("20000.00")))
            totals = try vatableOnly.totals()
            #expect(totals.vatableSales == (try Self.php("19250.00")))
            #expect(totals.exemptSales.isZero)

            // A change that does not touch the lines leaves the amounts as they are.
            var notes = InvoiceDraft()
            notes.notes = "Salamat po"
            let noted = try await world.services.invoices.update(
                empty.id, draft: notes, viewer: viewer, expectedVersion: vatableOnly.version)
            #expect(noted.fields.adjustments == vatableOnly.fields.adjustments)

            // VAT-inclusive prices: 5% of the 22,400 gross is 1,120 off; with the charge of 250 (now VAT-inclusive
            // too) the invoice is 21,530, of which 19,223.21 VATable sales.
            var inclusive = InvoiceDraft()
            inclusive.pricesIncludeTax = true
            inclusive.lines = [Self.line("Laptop", price: "22400")]
            let gross = try await world.services.invoices.update(
                empty.id, draft: inclusive, viewer: viewer, expectedVersion: noted.version)
            #expect(gross.fields.adjustments.map(\.amount) == [try Self.php("1120.00"), try Self.php("250.00")])
            totals = try gross.totals()
            #expect(totals.totalWithTax == (try Self.php("21530.00")))
            #expect(totals.vatableSales == (try Self.php("19223.21")))
        }
    }

    /// Problems of a document with more than one discount name the entry of the list and its field (a document
    /// with one fixed discount and one fixed charge keeps the old "discount"/"charge" names, see
    /// InvoiceCorrectnessWebTests).
    @Test(arguments: TestEngine.available)
    func problemsNameTheEntryOfTheList(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await Self.world(database)
            let viewer = world.manager1.viewer
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.lines = [Self.line("Seminar", price: "2000", category: "exempt")]
            draft.adjustments = [
                AdjustmentDraft(kind: "allowance", amount: "100", taxCategory: "exempt"),
                AdjustmentDraft(kind: "allowance", amount: "500"),
            ]
            // A VATable discount on an exempt-only invoice is refused at issue, named by its entry.
            let made = try await world.services.invoices.create(draft, viewer: viewer)
            do {
                _ = try await world.services.invoices.issue(made.id, viewer: viewer, expectedVersion: nil)
                Issue.record("issued an invoice with a VATable discount and no VATable line")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.map(\.field).contains("adjustments[1].tax_category"))
                #expect(errors.errors.map(\.code).contains("tax_category_not_on_lines"))
            }
        }
    }
}
