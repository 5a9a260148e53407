import BentaCore
import Foundation
import Testing

private func php(_ text: String) throws -> Money {
    try Money(decimalString: text, currency: .php)
}

private func item(
    _ quantity: Decimal, _ price: Decimal, _ category: TaxCategory = .vatable, discount: LineDiscount? = nil
) -> LineItem {
    LineItem(
        line: DocumentLine(
            description: "Item", quantity: quantity, unitPrice: price, discount: discount, taxCategory: category))
}

/// Credits one note at a time, recording each as the store would.
private struct Ledger {
    let invoice: InvoiceFields
    var credits: InvoiceCredits

    init(_ invoice: InvoiceFields) {
        self.invoice = invoice
        credits = InvoiceCredits(total: .zero(invoice.currency))
    }

    mutating func credit(_ request: CreditNoteRequest) throws -> CreditNotePlan {
        let plan = try CreditNotePlan.make(
            for: invoice, credited: credits, request: request, description: "Credit")
        credits.lines += plan.lineCredits
        credits.taxes += plan.totals.breakdown
        credits.total = try credits.total.adding(plan.totals.totalWithTax)
        return plan
    }
}

/// The credit-note plan: shares of document allowances and charges, caps per line and per (category, rate) group,
/// and the exact rest on the last credit.
@Suite(.timeLimit(.minutes(20))) struct CreditNotePlanTests {
    @Test func wholeCreditOfADiscountedInvoiceIsTheInvoice() throws {
        let invoice = InvoiceFields(
            currency: .php, lines: [item(1, 10_000)], adjustments: [.allowance(try php("1000"))])
        var ledger = Ledger(invoice)
        let plan = try ledger.credit(.full)
        #expect(plan.totals.totalWithTax == (try php("10080")))
        #expect(plan.fixedTaxAmounts.isEmpty)
        #expect(throws: RecordError.self) { try ledger.credit(.full) }
    }

    @Test(arguments: [false, true])
    func creditByLineCarriesItsShareOfTheDiscount(pricesIncludeTax: Bool) throws {
        let invoice = InvoiceFields(
            currency: .php, pricesIncludeTax: pricesIncludeTax, lines: [item(2, 5000)],
            adjustments: [.allowance(try php("1000"))])
        var ledger = Ledger(invoice)
        let first = try ledger.credit(.lines([(0, 1)]))
        #expect(first.adjustments.map(\.amount) == [try php("500")])
        let second = try ledger.credit(.lines([(0, 1)]))
        let invoiceTotal = try DocumentTotals.compute(
            lines: invoice.lines.map(\.line), allowancesAndCharges: invoice.adjustments,
            pricesIncludeTax: pricesIncludeTax, currency: .php
        ).totalWithTax
        #expect(try first.totals.totalWithTax.adding(second.totals.totalWithTax) == invoiceTotal)
        if !pricesIncludeTax {
            #expect(first.totals.totalWithTax == (try php("5040")))
            #expect(first.totals.vatAmount == (try php("540")))
        }
    }

    @Test func sharesOfAnAllowanceAddUpToIt() throws {
        // 1,000.00 over three equal lines: 333.33, 333.33, 333.34.
        let invoice = InvoiceFields(
            currency: .php, lines: [item(1, 100), item(1, 100), item(1, 100)],
            adjustments: [.allowance(try php("10")), .charge(try php("5"))])
        var ledger = Ledger(invoice)
        var allowances: [Money] = []
        var charges: [Money] = []
        for index in 0..<3 {
            let plan = try ledger.credit(.lines([(index, Decimal(1))]))
            allowances += plan.adjustments.filter { $0.kind == .allowance }.map(\.amount)
            charges += plan.adjustments.filter { $0.kind == .charge }.map(\.amount)
        }
        #expect(allowances == [try php("3.33"), try php("3.34"), try php("3.33")])
        #expect(try Money.sum(charges, currency: .php) == php("5"))
        #expect(ledger.credits.total == (try php("330.40")))
    }

    @Test(arguments: ["1000.05", "0.10", "0.333"])
    func unitByUnitCreditsAddUpToTheInvoice(price: String) throws {
        let unitPrice = try #require(Decimal(string: price))
        for pricesIncludeTax in [false, true] {
            let invoice = InvoiceFields(currency: .php, pricesIncludeTax: pricesIncludeTax, lines: [item(3, unitPrice)])
            var ledger = Ledger(invoice)
            for _ in 0..<3 { _ = try ledger.credit(.lines([(0, 1)])) }
            let totals = try DocumentTotals.compute(
                lines: invoice.lines.map(\.line), pricesIncludeTax: pricesIncludeTax, currency: .php)
            #expect(ledger.credits.total == totals.totalWithTax)
            #expect(
                try Money.sum(ledger.credits.taxes.map(\.taxAmount), currency: .php) == totals.totalTax)
            #expect(
                try Money.sum(ledger.credits.lines.map(\.amount), currency: .php) == totals.lineAmounts[0])
            #expect(throws: ValidationErrors.self) { try ledger.credit(.lines([(0, 1)])) }
        }
    }

    @Test func aLineIsCappedOnWhatIsLeftOfIt() throws {
        var ledger = Ledger(InvoiceFields(currency: .php, lines: [item(2, 100), item(1, 100)]))
        _ = try ledger.credit(.lines([(0, 1)]))
        #expect(
            throws: ValidationErrors([
                FieldError(
                    field: "lines[0].quantity", code: "exceeds_line_quantity",
                    message: "Only 1 of this line is left to credit.")
            ])
        ) { try ledger.credit(.lines([(0, 2)])) }
        // Two picks of the same line in one note count together.
        #expect(throws: ValidationErrors.self) { try ledger.credit(.lines([(0, 1), (0, 1)])) }
        _ = try ledger.credit(.lines([(0, 1), (1, 1)]))
    }

    @Test func anAmountCreditStaysInACategoryOfTheInvoice() throws {
        var ledger = Ledger(InvoiceFields(currency: .php, lines: [item(1, 1000, .zeroRated), item(1, 100)]))
        let codes = { (request: CreditNoteRequest, ledger: inout Ledger) -> [String] in
            do {
                _ = try ledger.credit(request)
                return []
            } catch let errors as ValidationErrors {
                return errors.errors.map(\.code)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(codes(.amount(try php("1"), taxCategory: .exempt), &ledger) == ["tax_category_not_on_invoice"])
        #expect(codes(.amount(try php("112.01"), taxCategory: .vatable), &ledger) == ["exceeds_open_amount"])
        #expect(codes(.amount(try php("100"), taxCategory: .vatable), &ledger) == [])
        // The rest of the VATable group takes its base and VAT exactly.
        let rest = try ledger.credit(.amount(try php("12"), taxCategory: .vatable))
        #expect(rest.totals.vatableSales == (try php("10.71")))
        #expect(rest.totals.vatAmount == (try php("1.29")))
        #expect(codes(.lines([(1, 1)]), &ledger) == ["exceeds_open_amount"])
        _ = try ledger.credit(.lines([(0, 1)]))
        #expect(ledger.credits.total == (try php("1112")))
    }

    @Test func theLastCreditStatesTheVATStillOpen() throws {
        var ledger = Ledger(InvoiceFields(currency: .php, lines: [item(3, Decimal(string: "0.10")!)]))
        let first = try ledger.credit(.lines([(0, 1)]))
        #expect(first.fixedTaxAmounts.isEmpty)
        #expect(first.totals.totalTax == (try php("0.01")))
        _ = try ledger.credit(.lines([(0, 1)]))
        let last = try ledger.credit(.lines([(0, 1)]))
        #expect(
            last.fixedTaxAmounts
                == [FixedTaxAmount(taxCategory: .vatable, ratePercent: 12, taxAmount: try php("0.02"))])
        #expect(last.totals.totalWithTax == (try php("0.12")))
    }
}

/// What keeps a document from being issued: negative bases and totals, allowances in a category without lines.
@Suite(.timeLimit(.minutes(20))) struct DocumentTotalsIssueTests {
    static func problems(_ lines: [LineItem], _ adjustments: [DocumentAllowanceCharge]) throws -> [String] {
        try DocumentTotals.compute(lines: lines.map(\.line), allowancesAndCharges: adjustments, currency: .php)
            .issueProblems(lines: lines.map(\.line), allowancesAndCharges: adjustments)
            .errors.map { "\($0.field) \($0.code)" }
    }

    @Test func anAllowanceInACategoryWithoutLinesIsRefused() throws {
        #expect(
            try Self.problems([item(1, 2000, .exempt)], [.allowance(try php("500"))]) == [
                "allowancesAndCharges[0].taxCategory tax_category_not_on_lines",
                "allowancesAndCharges[0].amount negative_tax_base",
            ])
        #expect(try Self.problems([item(1, 2000, .exempt)], [.allowance(try php("500"), taxCategory: .exempt)]) == [])
    }

    @Test func aNegativeOrZeroInvoiceIsRefused() throws {
        #expect(
            try Self.problems([item(1, 100)], [.allowance(try php("500"))]) == [
                "allowancesAndCharges[0].amount negative_tax_base", "allowancesAndCharges[0].amount total_not_positive",
            ])
        #expect(try Self.problems([item(1, 0)], []) == ["lines total_not_positive"])
        #expect(try Self.problems([item(1, 100)], [.allowance(try php("99.99"))]) == [])
    }
}
