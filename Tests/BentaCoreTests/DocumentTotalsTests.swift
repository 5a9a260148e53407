import Foundation
import Testing

@testable import BentaCore

/// A decimal from its text; NaN (which fails every comparison) when the text is not a number.
private func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
}

/// An amount from its plain decimal text; an impossible sentinel when the text does not parse.
private func money(_ text: String, _ currency: Currency = .php) -> Money {
    (try? Money(decimalString: text, currency: currency)) ?? Money(minorUnits: .min, currency: currency)
}

private let kwd = Currency(code: "KWD") ?? Currency(code: "KWD", minorUnitDigits: 3, symbol: "KD")

/// A line of one unit at `price`, in the given category and rate.
private func line(
    _ price: String, quantity: String = "1", discount: LineDiscount? = nil, category: TaxCategory = .vatable,
    rate: String? = nil
) -> DocumentLine {
    DocumentLine(
        description: "Item", quantity: decimal(quantity), unit: "pc", unitPrice: decimal(price), discount: discount,
        taxCategory: category, ratePercent: rate.map(decimal))
}

@Suite(.timeLimit(.minutes(20))) struct DocumentTotalsTests {
    // MARK: EN 16931 sums (BR-CO-10, 13, 14, 15, 16)

    @Test(arguments: [
        (["110.00", "90.00"], "200.00"), (["0"], "0.00"), ([], "0"), (["0.01", "0.02", "0.03"], "0.06"),
    ])
    func sumOfLineNetsIsTheExactSumOfRoundedLines(prices: [String], expected: String) throws {
        let totals = try DocumentTotals.compute(lines: prices.map { line($0) }, currency: .php)
        #expect(totals.sumOfLineNets == money(expected))
        #expect(try Money.sum(totals.lineNets, currency: .php) == totals.sumOfLineNets)
    }

    // BR-CO-13 passing vectors: total without VAT = line nets − allowances + charges (allowances may go negative).
    @Test(
        arguments: [
            ("1000", "100", "100", "1000"), ("1000", "100", nil, "900"), ("1000", nil, "100", "1100"),
            ("0", "100", nil, "-100"), ("100", "200", "100", "0"),
        ] as [(String, String?, String?, String)])
    func totalWithoutVatIsLineNetsLessAllowancesPlusCharges(
        lines: String, allowance: String?, charge: String?, expected: String
    ) throws {
        var adjustments: [DocumentAllowanceCharge] = []
        if let allowance { adjustments.append(.allowance(money(allowance), reason: "Volume discount")) }
        if let charge { adjustments.append(.charge(money(charge), reason: "Freight")) }
        let totals = try DocumentTotals.compute(
            lines: [line(lines)], allowancesAndCharges: adjustments, currency: .php)
        #expect(totals.totalWithoutTax == money(expected))
        #expect(totals.allowanceTotal == money(allowance ?? "0"))
        #expect(totals.chargeTotal == money(charge ?? "0"))
        #expect(totals.vatableSales == money(expected))
    }

    // BR-CO-13 failing vectors: the reported total is not what Benta computes.
    @Test(
        arguments: [
            ("1000", "100", "200", "1000"), ("1100", "100", nil, "1000.01"), ("1000", "0", "0", "1001"),
        ] as [(String, String?, String?, String)])
    func totalWithoutVatNeverMatchesTotalsThatBreakRuleBRCO13(
        lines: String, allowance: String?, charge: String?, reported: String
    ) throws {
        var adjustments: [DocumentAllowanceCharge] = []
        if let allowance { adjustments.append(.allowance(money(allowance))) }
        if let charge { adjustments.append(.charge(money(charge))) }
        let totals = try DocumentTotals.compute(
            lines: [line(lines)], allowancesAndCharges: adjustments, currency: .php)
        #expect(totals.totalWithoutTax != money(reported))
    }

    @Test func vatTotalIsTheSumOfTheBreakdownAndTotalWithVatAddsIt() throws {
        // BR-CO-14 (250 + 150 = 400) and BR-CO-15, with two standard rates.
        let totals = try DocumentTotals.compute(
            lines: [line("1000", rate: "25"), line("1000", rate: "15")], currency: .eur)
        #expect(totals.breakdown.map(\.taxAmount) == [money("150", .eur), money("250", .eur)])
        #expect(totals.totalTax == money("400", .eur))
        #expect(totals.totalTax != money("300", .eur))
        #expect(totals.totalWithTax == money("2400", .eur))
    }

    @Test func totalWithVatIsTotalWithoutVatPlusVat() throws {
        let totals = try DocumentTotals.compute(lines: [line("1000", rate: "30")], currency: .php)
        #expect(totals.totalWithoutTax == money("1000"))
        #expect(totals.totalTax == money("300"))
        #expect(totals.totalWithTax == money("1300"))
    }

    @Test func zeroRatedDocumentHasZeroVatNotOne() throws {
        let totals = try DocumentTotals.compute(lines: [line("0", category: .zeroRated)], currency: .php)
        #expect(totals.totalTax == money("0"))
        #expect(totals.totalTax != money("1"))
    }

    // BR-CO-16: amount due = total with VAT − paid + rounding (cash rounding up and down, fully prepaid).
    @Test(
        arguments: [
            ("1200", nil, nil, "200.00", "1000"), ("1200.00", "1200", nil, "0.0", nil),
            ("1200.78", "1000.0", "0.22", "201", nil), ("1200.78", nil, "0.22", "1201", nil),
            ("1200.22", nil, "-0.22", "1200.0", nil), ("12829.69", "12829.69", "0", "0", nil),
        ] as [(String, String?, String?, String, String?)])
    func amountDueIsTotalLessPaidPlusRounding(
        total: String, paid: String?, rounding: String?, expected: String, paidOverride: String?
    ) throws {
        let totals = try DocumentTotals.compute(lines: [line(total, category: .exempt)], currency: .php)
        let paidAmount = (paidOverride ?? paid).map { money($0) }
        #expect(try totals.amountDue(paid: paidAmount, roundingAmount: rounding.map { money($0) }) == money(expected))
    }

    @Test(
        arguments: [("1200", "100", nil, "1200"), ("1200.78", "100", "0.22", "1100.78"), ("1200", nil, nil, "1100")]
            as [(String, String?, String?, String)])
    func amountDueNeverMatchesAmountsThatBreakRuleBRCO16(
        total: String, paid: String?, rounding: String?, reported: String
    ) throws {
        let totals = try DocumentTotals.compute(lines: [line(total, category: .exempt)], currency: .php)
        let due = try totals.amountDue(paid: paid.map { money($0) }, roundingAmount: rounding.map { money($0) })
        #expect(due != money(reported))
    }

    // MARK: VAT per group (BR-CO-17, BR-S-08)

    // BR-CO-17 passing vectors; negative bases come from a document allowance larger than the lines.
    @Test(arguments: [
        ("1000", "0", "25", "250"), ("0", "6491.34", "25", "-1622.84"), ("2141.05", "0", "14", "299.75"),
        ("2141.19", "0", "2.1", "44.96"), ("0", "2141.19", "5.5", "-117.77"),
    ])
    func groupVatIsTaxableBaseTimesRateRoundedHalfUpOnce(
        lines: String, allowance: String, rate: String, expected: String
    ) throws {
        let totals = try DocumentTotals.compute(
            lines: [line(lines, rate: rate)],
            documentAllowance: .allowance(money(allowance, .eur), ratePercent: decimal(rate)), currency: .eur)
        #expect(totals.breakdown.count == 1)
        #expect(totals.totalTax == money(expected, .eur))
    }

    @Test(arguments: ["25", "25.0", "25.00"])
    func linesWithTheSameRateWrittenDifferentlyShareOneGroup(rate: String) throws {
        let totals = try DocumentTotals.compute(
            lines: [line("100", rate: "25"), line("100", rate: rate)], currency: .eur)
        #expect(totals.breakdown.count == 1)
        #expect(totals.breakdown.first?.taxableBase == money("200", .eur))
        #expect(totals.breakdown.first?.taxAmount == money("50", .eur))
    }

    @Test func eachRateGetsItsOwnBreakdownRow() throws {
        let totals = try DocumentTotals.compute(
            lines: [line("500", rate: "25"), line("100", rate: "10")], currency: .eur)
        #expect(
            totals.breakdown == [
                TaxBreakdown(
                    taxCategory: .vatable, ratePercent: 10, taxableBase: money("100", .eur),
                    taxAmount: money("10", .eur)),
                TaxBreakdown(
                    taxCategory: .vatable, ratePercent: 25, taxableBase: money("500", .eur),
                    taxAmount: money("125", .eur)),
            ])
    }

    @Test func linesOfAnotherCategoryAtZeroStayOutOfTheStandardGroup() throws {
        let totals = try DocumentTotals.compute(
            lines: [line("100", rate: "25"), line("100", category: .zeroRated)], currency: .eur)
        #expect(totals.breakdown.first?.taxableBase == money("100", .eur))
        #expect(totals.breakdown.map(\.taxCategory) == [.vatable, .zeroRated])
    }

    // MARK: Philippine cases

    @Test(arguments: [
        ("1120.00", "1000.00", "120.00"), ("100.00", "89.29", "10.71"), ("6000.00", "5357.14", "642.86"),
    ])
    func vatInclusivePriceSplitsIntoVatableSalesAndVatThatAddUp(gross: String, vatable: String, vat: String) throws {
        let totals = try DocumentTotals.compute(lines: [line(gross)], pricesIncludeTax: true, currency: .php)
        #expect(totals.lineAmounts == [money(gross)])
        #expect(totals.lineNets == [money(vatable)])
        #expect(totals.vatableSales == money(vatable))
        #expect(totals.vatAmount == money(vat))
        #expect(totals.totalWithTax == money(gross))
    }

    @Test func vatIsRoundedOnTheDocumentNotPerLine() throws {
        let totals = try DocumentTotals.compute(lines: Array(repeating: line("0.10"), count: 3), currency: .php)
        #expect(totals.vatableSales == money("0.30"))
        #expect(totals.vatAmount == money("0.04"))
        #expect(totals.totalWithTax == money("0.34"))
    }

    @Test func mixedInvoiceShowsVatableZeroRatedAndExemptSalesSeparately() throws {
        let lines = [
            line("1500.00", quantity: "2"), line("250.50"), line("8000.00", category: .zeroRated),
            line("1200.00", quantity: "3", category: .exempt),
        ]
        let totals = try DocumentTotals.compute(lines: lines, currency: .php)
        #expect(totals.vatableSales == money("3250.50"))
        #expect(totals.zeroRatedSales == money("8000.00"))
        #expect(totals.exemptSales == money("3600.00"))
        #expect(totals.vatAmount == money("390.06"))
        #expect(totals.totalWithoutTax == money("14850.50"))
        #expect(totals.totalWithTax == money("15240.56"))
        #expect(totals.breakdown.map(\.taxCategory) == [.vatable, .zeroRated, .exempt])
        #expect(
            totals.breakdown.map(\.taxCategory.philippineLabel)
                == ["VATable Sales", "Zero-Rated Sales", "VAT-Exempt Sales"])
    }

    @Test func mixedVatInclusiveInvoiceSplitsOnlyTheVatableGroup() throws {
        let lines = [line("6000.00"), line("100.00"), line("500.00", category: .exempt)]
        let totals = try DocumentTotals.compute(lines: lines, pricesIncludeTax: true, currency: .php)
        #expect(totals.vatableSales == money("5446.43"))
        #expect(totals.vatAmount == money("653.57"))
        #expect(totals.exemptSales == money("500.00"))
        #expect(totals.totalWithTax == money("6600.00"))
        #expect(totals.lineNets == [money("5357.14"), money("89.29"), money("500.00")])
    }

    @Test func documentAllowanceReducesOnlyItsOwnCategory() throws {
        let totals = try DocumentTotals.compute(
            lines: [line("1000.00"), line("500.00", category: .exempt)],
            documentAllowance: .allowance(money("100.00"), reason: "Loyalty"), currency: .php)
        #expect(totals.sumOfLineNets == money("1500.00"))
        #expect(totals.vatableSales == money("900.00"))
        #expect(totals.vatAmount == money("108.00"))
        #expect(totals.exemptSales == money("500.00"))
        #expect(totals.totalWithTax == money("1508.00"))
    }

    @Test func eachAllowanceAndChargeKeepsItsNetAmount() throws {
        let adjustments: [DocumentAllowanceCharge] = [
            .allowance(money("100.00")), .charge(money("35.00")), .allowance(money("100.00")),
            .allowance(money("20.00"), taxCategory: .exempt),
        ]
        let lines = [line("1000.00"), line("300.00", category: .exempt)]
        let exclusive = try DocumentTotals.compute(lines: lines, allowancesAndCharges: adjustments, currency: .php)
        #expect(exclusive.allowanceChargeNets == adjustments.map(\.amount))
        let inclusive = try DocumentTotals.compute(
            lines: lines, allowancesAndCharges: adjustments, pricesIncludeTax: true, currency: .php)
        // VATable gross 835.00 → net 745.54; the line takes 892.86, the adjustments the other −147.32.
        #expect(
            inclusive.allowanceChargeNets == [money("89.28"), money("31.25"), money("89.29"), money("20.00")])
        #expect(inclusive.allowanceTotal == money("198.57"))
        #expect(inclusive.chargeTotal == money("31.25"))
        #expect(inclusive.vatableSales == money("745.54"))
    }

    @Test func vatInclusiveAllowanceIsSplitWithItsGroup() throws {
        let totals = try DocumentTotals.compute(
            lines: [line("1120.00")], documentAllowance: .allowance(money("112.00")), pricesIncludeTax: true,
            currency: .php)
        #expect(totals.lineNets == [money("1000.00")])
        #expect(totals.allowanceTotal == money("100.00"))
        #expect(totals.totalWithoutTax == money("900.00"))
        #expect(totals.vatAmount == money("108.00"))
        #expect(totals.totalWithTax == money("1008.00"))
    }

    // MARK: Line amounts and discounts (Invoice Ninja, Odoo)

    @Test(
        arguments: [
            ("10", "1", LineDiscount.amount(money("2")), "8.00"),
            ("10", "1", .percent(decimal("25.21254522")), "7.48"),
            ("10", "1", .percent(100), "0"),
            ("99.999", "2.5", nil, "250.00"),
            ("0.3333", "3", nil, "1.00"),
            ("19.995", "1", nil, "20.00"),
            ("1500", "2", .percent(10), "2700.00"),
        ] as [(String, String, LineDiscount?, String)])
    func lineAmountIsRoundedGrossLessRoundedDiscount(
        price: String, quantity: String, discount: LineDiscount?, expected: String
    ) throws {
        let totals = try DocumentTotals.compute(
            lines: [line(price, quantity: quantity, discount: discount)], currency: .php)
        #expect(totals.lineNets == [money(expected)])
    }

    @Test func discountedInclusiveLineAtTenPercentCarriesVatOfSixtyEightCentavos() throws {
        let discounted = line("10", discount: .percent(decimal("25.21254522")), rate: "10")
        let totals = try DocumentTotals.compute(lines: [discounted], pricesIncludeTax: true, currency: .php)
        #expect(totals.lineAmounts == [money("7.48")])
        #expect(totals.totalTax == money("0.68"))
        #expect(totals.totalWithoutTax == money("6.80"))
    }

    @Test(arguments: [(["0.05", "0.05"], "0.01"), (["0.05"], "0.01"), (["0.05", "0.05", "0.05"], "0.02")])
    func smallLinesAtTenPercentAreTaxedOnTheirSum(prices: [String], expectedVat: String) throws {
        let totals = try DocumentTotals.compute(lines: prices.map { line($0, rate: "10") }, currency: .usd)
        #expect(totals.totalTax == money(expectedVat, .usd))
    }

    // MARK: Currencies

    @Test func yenDocumentRoundsToWholeYen() throws {
        let jpy = Currency.jpy
        let totals = try DocumentTotals.compute(
            lines: [line("333.5", quantity: "3", rate: "10"), line("99.4", rate: "10")], currency: jpy)
        #expect(totals.lineNets == [money("1001", jpy), money("99", jpy)])
        #expect(totals.totalTax == money("110", jpy))
        #expect(totals.totalWithTax == money("1210", jpy))
        let inclusive = try DocumentTotals.compute(
            lines: [line("1000", rate: "10")], pricesIncludeTax: true, currency: jpy)
        #expect(inclusive.totalWithoutTax == money("909", jpy))
        #expect(inclusive.totalTax == money("91", jpy))
    }

    @Test func threeDigitCurrencyRoundsToFils() throws {
        let totals = try DocumentTotals.compute(lines: [line("1.2345", rate: "5")], currency: kwd)
        #expect(totals.lineNets == [money("1.235", kwd)])
        #expect(totals.totalTax == money("0.062", kwd))
    }

    // MARK: Validation

    @Test(arguments: [
        (line("10", quantity: "-1"), "lines[0].quantity", "negative"),
        (line("10", quantity: "0"), "lines[0].quantity", "zero"),
        (line("-0.01"), "lines[0].unitPrice", "negative"),
        (line("10", discount: .percent(120)), "lines[0].discount", "out_of_range"),
        (line("10", discount: .percent(-1)), "lines[0].discount", "out_of_range"),
        (line("10", discount: .amount(money("10.01"))), "lines[0].discount", "exceeds_line_amount"),
        (line("10", discount: .amount(money("-1"))), "lines[0].discount", "negative"),
        (line("10", discount: .amount(money("1", .usd))), "lines[0].discount", "currency_mismatch"),
        (line("10", rate: "112"), "lines[0].ratePercent", "out_of_range"),
        (line("10", rate: "-12"), "lines[0].ratePercent", "out_of_range"),
        (line("10", rate: "0"), "lines[0].ratePercent", "must_be_positive"),
        (line("10", category: .exempt, rate: "12"), "lines[0].ratePercent", "must_be_zero"),
        (DocumentLine(description: "  ", quantity: 1, unitPrice: 1), "lines[0].description", "required"),
    ])
    func invalidLineIsRejectedWithAFieldError(line: DocumentLine, field: String, code: String) {
        #expect {
            _ = try DocumentTotals.compute(lines: [line], currency: .php)
        } throws: { error in
            (error as? ValidationErrors)?.errors.map { [$0.field, $0.code] } == [[field, code]]
        }
    }

    @Test func everyProblemOfEveryLineIsReportedAtOnce() throws {
        let error = #expect(throws: ValidationErrors.self) {
            try DocumentTotals.compute(
                lines: [line("10"), line("-1", quantity: "-2")],
                documentAllowance: .allowance(money("-5")), currency: .php)
        }
        #expect(
            error?.fields == ["lines[1].quantity", "lines[1].unitPrice", "allowancesAndCharges[0].amount"])
    }

    @Test func amountTooLargeForMinorUnitsIsAnOverflow() {
        #expect(throws: MoneyError.overflow) {
            try DocumentTotals.compute(lines: [line("92233720368547758.07", quantity: "2")], currency: .php)
        }
    }

    // MARK: Categories and storage

    @Test(arguments: [
        (TaxCategory.vatable, "vatable", "S", "12"), (.zeroRated, "zero_rated", "Z", "0"),
        (.exempt, "exempt", "E", "0"),
    ])
    func taxCategoryHasStoredNameCodeAndRate(category: TaxCategory, raw: String, code: String, rate: String) {
        #expect(category.rawValue == raw)
        #expect(category.code == code)
        #expect(category.ratePercent() == decimal(rate))
        #expect(TaxCategory.vatable.ratePercent(standard: 5) == 5)
    }

    @Test func totalsSurviveAJSONRoundTrip() throws {
        let totals = try DocumentTotals.compute(
            lines: [line("100", discount: .percent(5)), line("10", discount: .amount(money("1")), category: .exempt)],
            documentAllowance: .charge(money("50"), reason: "Delivery"), currency: .php)
        let data = try JSONEncoder().encode(totals)
        #expect(try JSONDecoder().decode(DocumentTotals.self, from: data) == totals)
    }

    // MARK: Properties over random documents

    @Test(arguments: [UInt64(1), 2_024, 7_654_321, 0xBE17A])
    func randomDocumentsKeepEveryTotalInvariant(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            let document = RandomDocument(using: &generator)
            let totals = try DocumentTotals.compute(
                lines: document.lines, allowancesAndCharges: document.adjustments,
                pricesIncludeTax: document.pricesIncludeTax, currency: document.currency)
            try checkInvariants(of: totals, for: document)
        }
    }

    private func checkInvariants(of totals: DocumentTotals, for document: RandomDocument) throws {
        let currency = document.currency
        let unit = Decimal(currency.minorUnitsPerMajorUnit)
        #expect(totals.lineNets.count == document.lines.count)
        // Exact sums.
        #expect(try Money.sum(totals.lineNets, currency: currency) == totals.sumOfLineNets)
        #expect(try totals.sumOfLineNets - totals.allowanceTotal + totals.chargeTotal == totals.totalWithoutTax)
        #expect(try Money.sum(totals.breakdown.map(\.taxableBase), currency: currency) == totals.totalWithoutTax)
        #expect(try Money.sum(totals.breakdown.map(\.taxAmount), currency: currency) == totals.totalTax)
        #expect(try totals.totalWithoutTax + totals.totalTax == totals.totalWithTax)
        #expect(try totals.vatableSales + totals.zeroRatedSales + totals.exemptSales == totals.totalWithoutTax)
        #expect(totals.vatAmount == totals.totalTax)
        // Each line amount is quantity × price − discount, rounded once.
        for (line, amount) in zip(document.lines, totals.lineAmounts) {
            let discount = try line.discountAmount(currency: currency)
            let exact = (line.quantity * line.unitPrice - Rounding.decimal(discount)) * unit
            #expect(abs(Decimal(amount.minorUnits) - exact) <= decimal("0.5"))
        }
        for row in totals.breakdown {
            let rate = row.ratePercent
            let members = document.lines.indices.filter {
                document.lines[$0].taxCategory == row.taxCategory && document.lines[$0].ratePercent == rate
            }
            let adjustments = try document.adjustments.filter {
                $0.taxCategory == row.taxCategory && $0.ratePercent == rate
            }
            .map { item throws(MoneyError) in try item.signedAmount() }
            let groupAmount = try Money.sum(members.map { totals.lineAmounts[$0] } + adjustments, currency: currency)
            let unrounded = Decimal(row.taxableBase.minorUnits) * rate / 100
            if document.pricesIncludeTax {
                // net + VAT is the gross the buyer saw, to the minor unit, and VAT stays within BR-CO-17's tolerance.
                #expect(try row.taxableBase + row.taxAmount == groupAmount)
                #expect(abs(Decimal(row.taxAmount.minorUnits) - unrounded) <= 1)
                let divisor = 1 + rate / 100
                for index in members {
                    let target = Decimal(totals.lineAmounts[index].minorUnits) / divisor
                    #expect(abs(Decimal(totals.lineNets[index].minorUnits) - target) <= 1)
                }
            } else {
                #expect(row.taxableBase == groupAmount)
                #expect(abs(Decimal(row.taxAmount.minorUnits) - unrounded) <= decimal("0.5"))
                #expect(totals.lineNets == totals.lineAmounts)
            }
        }
    }
}

/// A valid random document: 1–6 lines in mixed categories and rates, optional discounts and allowances.
private struct RandomDocument {
    var currency: Currency
    var pricesIncludeTax: Bool
    var lines: [DocumentLine] = []
    var adjustments: [DocumentAllowanceCharge] = []

    init(using generator: inout SeededGenerator) {
        currency = [Currency.php, .php, .php, .usd, .jpy, kwd].randomElement(using: &generator) ?? .php
        pricesIncludeTax = Bool.random(using: &generator)
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            lines.append(Self.randomLine(currency: currency, using: &generator))
        }
        for _ in 0..<Int.random(in: 0...2, using: &generator) {
            let template = lines.randomElement(using: &generator) ?? lines[0]
            let amount = Money(minorUnits: Int64.random(in: 0...2_000_000, using: &generator), currency: currency)
            adjustments.append(
                DocumentAllowanceCharge(
                    kind: Bool.random(using: &generator) ? .allowance : .charge, amount: amount,
                    taxCategory: template.taxCategory, ratePercent: template.ratePercent))
        }
    }

    private static func randomLine(currency: Currency, using generator: inout SeededGenerator) -> DocumentLine {
        let quantity =
            Decimal(Int.random(in: 1...5000, using: &generator)) / power(Int.random(in: 0...3, using: &generator))
        let price =
            Decimal(Int.random(in: 0...50_000_000, using: &generator)) / power(Int.random(in: 0...5, using: &generator))
        let category = TaxCategory.allCases.randomElement(using: &generator) ?? .vatable
        let rates = ["12", "12", "5", "2.1", "7.5", "25"].map(decimal)
        let rate = category == .vatable ? rates.randomElement(using: &generator) ?? 12 : 0
        var line = DocumentLine(
            description: "Random item", quantity: quantity, unit: "pc", unitPrice: price, taxCategory: category,
            ratePercent: rate)
        switch Int.random(in: 0...2, using: &generator) {
        case 0:
            line.discount = .percent(Decimal(Int.random(in: 0...10_000, using: &generator)) / 100)
        case 1:
            let gross = (try? line.grossAmount(currency: currency))?.minorUnits ?? 0
            line.discount = .amount(
                Money(minorUnits: Int64.random(in: 0...gross, using: &generator), currency: currency))
        default:
            break
        }
        return line
    }

    private static func power(_ exponent: Int) -> Decimal {
        (0..<exponent).reduce(Decimal(1)) { value, _ in value * 10 }
    }
}

/// SplitMix64: a tiny deterministic generator, so every run draws the same "random" cases.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
