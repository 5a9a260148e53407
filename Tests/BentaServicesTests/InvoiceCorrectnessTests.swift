import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// Invoices and credit notes that are right in every case (issue 10): credit notes carry their share of the
/// document discount, no negative invoice or tax base is issued, and credits are capped per line and per category
/// with the last one taking the exact remainder.
@Suite(.timeLimit(.minutes(20))) struct InvoiceCorrectnessTests {
    /// A line as typed.
    static func line(
        _ description: String, quantity: String = "1", price: String, category: String = "vatable"
    ) -> LineDraft {
        var line = LineDraft()
        line.description = description
        line.quantity = quantity
        line.unitPrice = price
        line.taxCategory = category
        return line
    }

    /// A world without a legal profile (no TINs or acknowledgement needed) and a draft maker for manager1.
    struct Fixture {
        let world: TestWorld
        var services: Services { world.services }
        var viewer: Viewer { world.manager1.viewer }

        static func make(_ database: any AppDatabase) async throws -> Fixture {
            let world = try await TestWorld.make(database: database)
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            return Fixture(world: world)
        }

        func draft(
            _ lines: [LineDraft], discount: String? = nil, discountCategory: String? = nil, charge: String? = nil,
            chargeCategory: String? = nil, pricesIncludeTax: Bool = false
        ) async throws -> Invoice {
            var draft = InvoiceDraft()
            draft.accountID = world.manager1Accounts[0].id.description
            draft.pricesIncludeTax = pricesIncludeTax
            draft.lines = lines
            draft.discount = discount
            draft.discountTaxCategory = discountCategory
            draft.charge = charge
            draft.chargeTaxCategory = chargeCategory
            return try await services.invoices.create(draft, viewer: viewer)
        }

        func issued(
            _ lines: [LineDraft], discount: String? = nil, discountCategory: String? = nil, charge: String? = nil,
            chargeCategory: String? = nil, pricesIncludeTax: Bool = false
        ) async throws -> Invoice {
            let invoice = try await draft(
                lines, discount: discount, discountCategory: discountCategory, charge: charge,
                chargeCategory: chargeCategory, pricesIncludeTax: pricesIncludeTax)
            return try await services.invoices.issue(invoice.id, viewer: viewer, expectedVersion: nil)
        }

        func credit(_ invoice: Invoice, _ request: CreditNoteRequest) async throws -> Invoice {
            try await services.invoices.creditNote(
                for: invoice.id, request: request, reason: "Correction", viewer: viewer)
        }

        func balance(_ invoice: Invoice) async throws -> InvoiceBalance {
            try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
        }
    }

    /// The codes of a validation failure, or nil when `body` succeeded or failed otherwise.
    static func codes(_ body: () async throws -> Void) async -> [String]? {
        do {
            try await body()
            return nil
        } catch let errors as ValidationErrors {
            return errors.errors.map(\.code)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    static func php(_ text: String) throws -> Money {
        try Money(decimalString: text, currency: .php)
    }

    // MARK: Fault 1: credit notes and document discounts

    @Test(arguments: TestEngine.available)
    func wholeCreditNoteOfADiscountedInvoiceIsAccepted(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let invoice = try await fixture.issued([Self.line("Laptop", price: "10000")], discount: "1000")
            #expect(try invoice.totals().totalWithTax == Self.php("10080.00"))
            let note = try await fixture.credit(invoice, .full)
            #expect(try note.totals().totalWithTax == Self.php("10080.00"))
            #expect(try note.totals().vatAmount == Self.php("1080.00"))
            let balance = try await fixture.balance(invoice)
            #expect(balance.open.isZero)
            let today = try #require(CalendarDate(year: 2026, month: 12, day: 6))
            #expect(balance.status(of: invoice, today: today) == .cancelled)
        }
    }

    @Test(arguments: TestEngine.available)
    func creditByLineCarriesItsShareOfTheDocumentDiscount(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let invoice = try await fixture.issued(
                [Self.line("Chair", quantity: "2", price: "5000")], discount: "1000")
            #expect(try invoice.totals().totalWithTax == Self.php("10080.00"))
            let first = try await fixture.credit(invoice, .lines([(0, 1)]))
            #expect(try first.totals().totalWithTax == Self.php("5040.00"))
            #expect(try first.totals().vatAmount == Self.php("540.00"))
            let second = try await fixture.credit(invoice, .lines([(0, 1)]))
            #expect(try second.totals().totalWithTax == Self.php("5040.00"))
            #expect(try await fixture.balance(invoice).open.isZero)
        }
    }

    @Test(arguments: TestEngine.available)
    func creditByLineOfAMixedInvoiceSharesTheDiscountPerCategory(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            // The discount is VATable; a credit of the exempt line carries none of it, the VATable one all of it.
            let invoice = try await fixture.issued(
                [Self.line("Service", price: "1000"), Self.line("Book", price: "500", category: "exempt")],
                discount: "100", charge: "50", chargeCategory: "exempt")
            let totals = try invoice.totals()
            #expect(totals.vatableSales == (try Self.php("900.00")))
            #expect(totals.exemptSales == (try Self.php("550.00")))
            let exempt = try await fixture.credit(invoice, .lines([(1, 1)]))
            #expect(try exempt.totals().totalWithTax == Self.php("550.00"))
            #expect(try exempt.totals().vatableSales.isZero)
            let vatable = try await fixture.credit(invoice, .lines([(0, 1)]))
            #expect(try vatable.totals().totalWithTax == Self.php("1008.00"))
            #expect(try await fixture.balance(invoice).open.isZero)
        }
    }

    // MARK: Fault 2: negative tax bases and invoices

    @Test(arguments: TestEngine.available)
    func anInvoiceWithANegativeTaxBaseOrTotalIsNotIssued(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            // A VATable discount on an exempt-only invoice: VATable Sales −500.00 and VAT −60.00.
            let exemptOnly = try await fixture.draft(
                [Self.line("Seminar", price: "2000", category: "exempt")], discount: "500")
            let first = await Self.codes {
                _ = try await fixture.services.invoices.issue(
                    exemptOnly.id, viewer: fixture.viewer, expectedVersion: nil)
            }
            #expect(first?.contains("tax_category_not_on_lines") == true)
            // One line of 100 with a discount of 500: an invoice of −448.00.
            let negative = try await fixture.draft([Self.line("Pen", price: "100")], discount: "500")
            let second = await Self.codes {
                _ = try await fixture.services.invoices.issue(negative.id, viewer: fixture.viewer, expectedVersion: nil)
            }
            #expect(second?.contains("negative_tax_base") == true)
            // Nothing was numbered.
            let register = try await fixture.services.invoices.register(
                viewer: fixture.world.head.viewer, kind: .invoice,
                from: try #require(CalendarDate(year: 2020, month: 1, day: 1)),
                to: try #require(CalendarDate(year: 2040, month: 1, day: 1)))
            #expect(register.isEmpty)
            // An exempt discount on the exempt line is fine.
            let fine = try await fixture.issued(
                [Self.line("Seminar", price: "2000", category: "exempt")], discount: "500",
                discountCategory: "exempt")
            #expect(try fine.totals().totalWithTax == Self.php("1500.00"))
        }
    }

    @Test(arguments: TestEngine.available)
    func anInvoiceOfZeroIsNotIssued(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let zero = try await fixture.draft([Self.line("Sample", price: "100")], discount: "100")
            let codes = await Self.codes {
                _ = try await fixture.services.invoices.issue(zero.id, viewer: fixture.viewer, expectedVersion: nil)
            }
            #expect(codes?.contains("total_not_positive") == true)
        }
    }

    // MARK: Fault 4: caps per line and per category, exact remainders

    @Test(arguments: TestEngine.available)
    func aLineIsNotCreditedTwice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let invoice = try await fixture.issued([Self.line("A", price: "1000"), Self.line("B", price: "1000")])
            _ = try await fixture.credit(invoice, .lines([(0, 1)]))
            let codes = await Self.codes { _ = try await fixture.credit(invoice, .lines([(0, 1)])) }
            #expect(codes == ["exceeds_line_quantity"])
            #expect(try await fixture.balance(invoice).open == Self.php("1120.00"))
        }
    }

    @Test(arguments: TestEngine.available)
    func anAmountCreditNamesACategoryOfTheInvoice(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let export = try await fixture.issued([Self.line("Export", price: "1000", category: "zero_rated")])
            let codes = await Self.codes {
                _ = try await fixture.credit(export, .amount(try Self.php("100"), taxCategory: .vatable))
            }
            #expect(codes == ["tax_category_not_on_invoice"])
            // More than the category still has open is refused too, even when the invoice has more open.
            let mixed = try await fixture.issued(
                [Self.line("Export", price: "1000", category: "zero_rated"), Self.line("Local", price: "100")])
            let over = await Self.codes {
                _ = try await fixture.credit(mixed, .amount(try Self.php("200"), taxCategory: .vatable))
            }
            #expect(over == ["exceeds_open_amount"])
            _ = try await fixture.credit(mixed, .amount(try Self.php("112"), taxCategory: .vatable))
            _ = try await fixture.credit(mixed, .amount(try Self.php("1000"), taxCategory: .zeroRated))
            #expect(try await fixture.balance(mixed).open.isZero)
        }
    }

    @Test(arguments: TestEngine.available)
    func unitByUnitCreditsCloseTheInvoiceToTheCentavo(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            for price in ["1000.05", "0.10"] {
                let invoice = try await fixture.issued([Self.line("Unit", quantity: "3", price: price)])
                var credited: [Money] = []
                for _ in 0..<3 {
                    credited.append(try await fixture.credit(invoice, .lines([(0, 1)])).totals().totalWithTax)
                }
                let total = try invoice.totals().totalWithTax
                #expect(try Money.sum(credited, currency: .php) == total, "price \(price)")
                #expect(try await fixture.balance(invoice).open.isZero, "price \(price)")
                let again = await Self.codes { _ = try await fixture.credit(invoice, .lines([(0, 1)])) }
                #expect(again == ["exceeds_line_quantity"], "price \(price)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func anAmountCreditOfWhatIsOpenClosesTheCategoryToTheCentavo(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            let invoice = try await fixture.issued([Self.line("Unit", quantity: "3", price: "0.10")])
            _ = try await fixture.credit(invoice, .lines([(0, 1)]))
            let open = try await fixture.balance(invoice).open
            #expect(open == (try Self.php("0.23")))
            let note = try await fixture.credit(invoice, .amount(open, taxCategory: .vatable))
            #expect(try note.totals().totalWithTax == open)
            #expect(try await fixture.balance(invoice).open.isZero)
        }
    }

    // MARK: Fault 3: a seller that is not VAT-registered

    @Test(arguments: TestEngine.available)
    func aSellerThatIsNotVATRegisteredChargesNoVAT(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            var settings = CompanySettingsDraft(fixture.world.company.settings)
            settings.isVATRegistered = false
            _ = try await fixture.services.companies.updateSettings(
                settings, expectedVersion: nil, viewer: fixture.world.admin.viewer)
            let vatable = try await fixture.draft([Self.line("Consulting", price: "1000")])
            let codes = await Self.codes {
                _ = try await fixture.services.invoices.issue(vatable.id, viewer: fixture.viewer, expectedVersion: nil)
            }
            #expect(codes == ["vat_not_registered"])
            let invoice = try await fixture.issued([Self.line("Consulting", price: "1000", category: "exempt")])
            #expect(try invoice.totals().totalTax.isZero)
            let document = try await fixture.services.invoices.document(invoice.id, viewer: fixture.viewer)
            if let text = try await Poppler.text(of: fixture.services.invoices.pdf(document)) {
                let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(flat.contains("NON-VAT Reg. TIN 009-123-456-00000"))
                #expect(flat.contains("THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX"))
                #expect(!flat.contains("VATable Sales"))
            }
        }
    }

    /// A seller that is not VAT-registered gets exempt lines by default, also from a VATable catalogue product whose
    /// price is then taken as it stands, so its invoices issue without anyone choosing a category.
    @Test(arguments: TestEngine.available)
    func aSellerThatIsNotVATRegisteredGetsLinesWithoutVATByDefault(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let fixture = try await Fixture.make(database)
            var settings = CompanySettingsDraft(fixture.world.company.settings)
            settings.isVATRegistered = false
            _ = try await fixture.services.companies.updateSettings(
                settings, expectedVersion: nil, viewer: fixture.world.admin.viewer)
            var untyped = Self.line("Consulting", quantity: "2", price: "1000")
            untyped.taxCategory = ""
            let invoice = try await fixture.issued([untyped], pricesIncludeTax: true)
            #expect(invoice.fields.lines.map(\.line.taxCategory) == [.exempt])
            #expect(invoice.fields.lines.map(\.line.ratePercent) == [0])
            let totals = try invoice.totals()
            #expect(totals.totalTax.isZero)
            #expect(totals.totalWithTax == (try Self.php("2000")))
            #expect(totals.exemptSales == (try Self.php("2000")))
        }
    }

    @Test func theSellersTINLineSaysWhetherItIsVATRegistered() {
        #expect(InvoiceParty.printedTIN("009-123-456-00000", isVATRegistered: true) == "VAT Reg. TIN 009-123-456-00000")
        #expect(
            InvoiceParty.printedTIN("009-123-456-00000", isVATRegistered: false) == "NON-VAT Reg. TIN 009-123-456-00000"
        )
    }

    /// The credit notes that state the VAT still open (and those with a share of a discount) pass the UBL 2.1 XSD
    /// and the EN 16931 Schematron (BR-CO-17 allows the stated VAT).
    @Test(.ublValidation)
    func creditNotesTakingTheRestPassTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await TestDatabases.withFresh(.sqlite) { database in
            let fixture = try await Fixture.make(database)
            var documents: [String: String] = [:]
            for (name, price, inclusive) in [
                ("tiny", "0.10", false), ("odd", "1000.05", false), ("inclusive", "1000.05", true),
            ] {
                let invoice = try await fixture.issued(
                    [
                        Self.line("Unit", quantity: "3", price: price),
                        Self.line("Book", price: "99.99", category: "exempt"),
                    ],
                    discount: "0.05", pricesIncludeTax: inclusive)
                for step in 0..<3 {
                    let note = try await fixture.credit(invoice, .lines([(0, 1)]))
                    let document = try await fixture.services.invoices.document(note.id, viewer: fixture.viewer)
                    documents["\(name)-\(step)"] = try fixture.services.invoices.ubl(document)
                }
                #expect(try await fixture.balance(invoice).open == Self.php("99.99"))
            }
            for (name, outcome) in try await validators.validate(documents) {
                #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
                #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.assertions.map { "\($0.id) \($0.text)" })")
            }
        }
    }
}
