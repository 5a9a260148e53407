import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

/// The UBL documents the validation tests write: one per situation the invoicing code meets.
enum UBLSample: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// PH invoice with VATable, zero-rated and exempt lines, line discounts, a document allowance and a charge.
    case mixedVATExclusive
    /// The same lines entered with VAT-inclusive prices.
    case mixedVATInclusive
    /// 3 × ₱2,000.00 VAT-inclusive: ₱6,000.00 → ₱5,357.14 + ₱642.86, net unit price with 3 decimals.
    case sixThousandVATInclusive
    /// VAT-inclusive allowances that share a (category, rate) group: their nets differ by the centavo left over.
    case inclusiveAllowancesSharingAGroup
    /// Three ₱0.10 lines: VAT ₱0.04 on the summed base.
    case tenCentavoLines
    /// A USD invoice with the VAT also stated in PHP (BT-6, BT-111).
    case foreignCurrency
    /// A partial credit note referencing the invoice it corrects (BT-25, BT-26).
    case partialCreditNote
    /// Text with &, <, >, quotes, ñ, an emoji, a control character and line breaks.
    case awkwardText

    var testDescription: String { rawValue }

    static let issueDate = CalendarDate(iso8601: "2026-11-16")!
    static let rfReference = "RF18539007547034"

    static let seller = UBLParty(
        registrationName: "Tala Foods Trading Corporation", tradingName: "Tala Foods",
        endpoint: UBLIdentifier("4800000123459", schemeID: "0088"),
        address: UBLAddress(
            streetName: "12 Mabini Street", additionalStreetName: "Barangay San Antonio", cityName: "Makati City",
            postalZone: "1203", countrySubentity: "Metro Manila", countryCode: "PH"),
        vatIdentifier: UBLParty.philippineVATIdentifier(try! TaxpayerID(parsing: "123-456-789-00000")),
        companyID: UBLIdentifier("CS201912345"),
        contact: UBLContact(name: "Ana Reyes", telephone: "+63 2 8123 4567", email: "billing@talafoods.ph"))

    static let buyer = UBLParty(
        registrationName: "Dalisay Construction Inc.",
        endpoint: UBLIdentifier("4800000678904", schemeID: "0088"),
        identifier: UBLIdentifier("CUST-0042"),
        address: UBLAddress(
            streetName: "88 Rizal Avenue", cityName: "Quezon City", postalZone: "1100", countryCode: "PH"),
        vatIdentifier: UBLParty.philippineVATIdentifier(try! TaxpayerID(parsing: "987-654-321-00002")),
        contact: UBLContact(name: "Jose Dalisay", email: "ap@dalisay.ph"))

    static func money(_ text: String, _ currency: Currency = .php) -> Money {
        try! Money(decimalString: text, currency: currency)
    }

    static func mixedLines(currency: Currency = .php) -> [DocumentLine] {
        [
            DocumentLine(
                description: "Laptop 14-inch, 16 GB", quantity: 2, unit: "pc", unitPrice: 42000,
                discount: .percent(5)),
            DocumentLine(description: "Installation service", quantity: 3, unit: "hour", unitPrice: 1500),
            DocumentLine(
                description: "Remote IT support for a foreign client", quantity: Decimal(string: "7.5")!,
                unit: "hour", unitPrice: 2500, taxCategory: .zeroRated),
            DocumentLine(
                description: "Aklat: Pagbebenta para sa Pilipino", quantity: 4, unit: "pc", unitPrice: 450,
                discount: .amount(money("100.00", currency)), taxCategory: .exempt),
            DocumentLine(
                description: "Software subscription", quantity: 1, unit: "month",
                unitPrice: Decimal(string: "999.995")!),
        ]
    }

    static let mixedAdjustments: [DocumentAllowanceCharge] = [
        .allowance(money("1000.00"), reason: "Loyalty discount"),
        .charge(money("350.00"), reason: "Delivery"),
        .allowance(money("50.00"), taxCategory: .exempt, reason: "Book promo"),
    ]

    func document() throws -> UBLDocument {
        switch self {
        case .mixedVATExclusive, .mixedVATInclusive:
            let lines = Self.mixedLines()
            let totals = try DocumentTotals.compute(
                lines: lines, allowancesAndCharges: Self.mixedAdjustments,
                pricesIncludeTax: self == .mixedVATInclusive, currency: .php)
            let amounts = try UBLAmounts(lines: lines, allowancesAndCharges: Self.mixedAdjustments, totals: totals)
            return Self.invoice(number: "INV-2026-000123", amounts: amounts)
        case .sixThousandVATInclusive:
            let lines = [DocumentLine(description: "Ergonomic office chair", quantity: 3, unit: "pc", unitPrice: 2000)]
            let totals = try DocumentTotals.compute(lines: lines, pricesIncludeTax: true, currency: .php)
            return Self.invoice(number: "INV-2026-000124", amounts: try UBLAmounts(lines: lines, totals: totals))
        case .inclusiveAllowancesSharingAGroup:
            let lines = [DocumentLine(description: "Printer", quantity: 1, unit: "pc", unitPrice: 1000)]
            let adjustments: [DocumentAllowanceCharge] = [
                .allowance(Self.money("100.00"), reason: "Trade-in"), .allowance(Self.money("100.00"), reason: "Promo"),
            ]
            let totals = try DocumentTotals.compute(
                lines: lines, allowancesAndCharges: adjustments, pricesIncludeTax: true, currency: .php)
            let amounts = try UBLAmounts(lines: lines, allowancesAndCharges: adjustments, totals: totals)
            return Self.invoice(number: "INV-2026-000128", amounts: amounts)
        case .tenCentavoLines:
            let lines = (1...3).map {
                DocumentLine(description: "Sticker \($0)", quantity: 1, unitPrice: Decimal(string: "0.10")!)
            }
            let totals = try DocumentTotals.compute(lines: lines, currency: .php)
            return Self.invoice(number: "INV-2026-000125", amounts: try UBLAmounts(lines: lines, totals: totals))
        case .foreignCurrency:
            let lines = [
                DocumentLine(description: "Consulting", quantity: 12, unit: "hour", unitPrice: 85),
                DocumentLine(
                    description: "Cloud license", quantity: 5, unit: "license", unitPrice: Decimal(string: "19.99")!),
            ]
            let totals = try DocumentTotals.compute(lines: lines, currency: .usd)
            // The VAT restated in pesos at the stored rate (58.125 PHP per USD).
            let vatInPesos = try Rounding.toMoney(
                Decimal(totals.totalTax.minorUnits) / 100 * Decimal(string: "58.125")!, currency: .php)
            let amounts = try UBLAmounts(lines: lines, totals: totals, taxAmountInTaxCurrency: vatInPesos)
            var document = Self.invoice(number: "INV-2026-000126", amounts: amounts, currency: .usd)
            document.paymentMeans?.account = UBLFinancialAccount(
                id: "0012-3456-7890", name: "Tala Foods Trading Corporation (USD)", bankID: "BOPIPHMM")
            return document
        case .partialCreditNote:
            let lines = [
                DocumentLine(
                    description: "Laptop 14-inch, 16 GB (returned)", quantity: 1, unit: "pc", unitPrice: 42000,
                    discount: .percent(5)),
                DocumentLine(
                    description: "Aklat: Pagbebenta para sa Pilipino", quantity: 1, unit: "pc", unitPrice: 450,
                    taxCategory: .exempt),
            ]
            let totals = try DocumentTotals.compute(lines: lines, currency: .php)
            var document = Self.invoice(
                number: "CN-2026-000007", amounts: try UBLAmounts(lines: lines, totals: totals))
            document.kind = .creditNote
            document.precedingInvoice = UBLDocumentReference(
                number: "INV-2026-000123", issueDate: CalendarDate(iso8601: "2026-11-16")!)
            document.issueDate = CalendarDate(iso8601: "2026-11-20")!
            document.dueDate = CalendarDate(iso8601: "2026-11-30")!
            document.note = "Returned: one laptop and one book (RMA 77)."
            document.paymentMeans = UBLPaymentMeans(paymentID: "CN-2026-000007")
            return document
        case .awkwardText:
            let lines = [
                DocumentLine(
                    // A line refuses control characters (Validate); the writer's own stripping is shown on the
                    // buyer's address below.
                    description: "Kape \"barako\" & pandesal <special> 😀\nSecond line: ñ, é, ₱", quantity: 2,
                    unit: "box", unitPrice: 350)
            ]
            let totals = try DocumentTotals.compute(lines: lines, currency: .php)
            var document = Self.invoice(
                number: "INV-2026-000127", amounts: try UBLAmounts(lines: lines, totals: totals))
            document.buyer.registrationName = "Peñaflor & Sons <Trading> \"PH\" 'Co.'"
            document.buyer.address.streetName = "Daang Hari\u{0001} & Molino"
            document.note = "Salamat po! Señora Niño & co. > 0 < 1\r\nTab\there"
            document.buyerReference = "PO#7 & \"rush\""
            return document
        }
    }

    static func invoice(number: String, amounts: UBLAmounts, currency: Currency = .php) -> UBLDocument {
        UBLDocument(
            kind: .invoice, number: number, issueDate: issueDate, dueDate: issueDate.adding(days: 30),
            currency: currency, seller: seller, buyer: buyer, amounts: amounts, buyerReference: "Purchasing",
            orderReference: "PO-2026-0456",
            paymentMeans: UBLPaymentMeans(
                paymentID: rfReference,
                account: UBLFinancialAccount(id: "0012-3456-7891", name: "Tala Foods Trading Corporation")),
            paymentTerms: "Net 30 days")
    }
}

@Suite(.timeLimit(.minutes(20))) struct UBLWriterTests {
    /// Every sample validated once per test run: one xmllint run per schema and one Saxon compilation for all.
    static let validation = Task<[String: UBLValidators.Outcome], any Error> {
        let validators = try await UBLValidators.locate().get()
        var documents: [String: String] = [:]
        for sample in UBLSample.allCases {
            documents[sample.rawValue] = try sample.document().xml()
        }
        // Two broken documents prove that the validators do reject: a total one centavo off (BR-CO-16) and the
        // due date after the type code (out of the XSD's sequence).
        var offByOne = try UBLSample.mixedVATExclusive.document()
        offByOne.amounts.totals.payableAmount = try offByOne.amounts.totals.payableAmount.adding(
            UBLSample.money("0.01"))
        documents[brokenTotal] = offByOne.xml()
        documents[brokenOrder] = try UBLSample.tenCentavoLines.document().xml()
            .replacingOccurrences(of: "  <cbc:DueDate>2026-12-16</cbc:DueDate>\n", with: "")
            .replacingOccurrences(
                of: "</cbc:InvoiceTypeCode>\n",
                with: "</cbc:InvoiceTypeCode>\n  <cbc:DueDate>2026-12-16</cbc:DueDate>\n")
        for (seed, document) in try randomDocuments(count: 24) {
            documents["random-\(seed)"] = document.xml()
        }
        return try await validators.validate(documents)
    }

    @Test(.ublValidation, arguments: UBLSample.allCases)
    func sampleValidatesAgainstUBLSchemaAndEN16931Rules(sample: UBLSample) async throws {
        _ = try await UBLValidators.required()
        let outcomes = try await Self.validation.value
        let outcome = try #require(outcomes[sample.rawValue])
        #expect(outcome.schemaErrors.isEmpty, "UBL XSD: \(outcome.schemaErrors.joined(separator: "\n"))")
        let fatal = outcome.assertions.filter { $0.flag == "fatal" }
        #expect(
            fatal.isEmpty,
            "EN 16931 fatal rules \(fatal.map(\.id)): \(fatal.map { "\($0.text) at \($0.location)" }.joined(separator: "\n"))"
        )
        let warnings = outcome.assertions.filter { $0.flag != "fatal" }
        #expect(warnings.isEmpty, "EN 16931 warnings \(warnings.map(\.id)): \(warnings.map(\.text))")
    }

    /// The first `count` seeded random documents, by seed.
    static func randomDocuments(count: Int) throws -> [(seed: UInt64, document: UBLDocument)] {
        try (0..<UInt64(count)).map { seed in
            var random = UBLRandomSample(seed: seed)
            return (seed, try random.document(number: Int(seed)))
        }
    }

    @Test(.ublValidation) func randomDocumentsValidateAgainstUBLSchemaAndEN16931Rules() async throws {
        _ = try await UBLValidators.required()
        let outcomes = try await Self.validation.value
        let random = outcomes.filter { $0.key.hasPrefix("random-") }
        #expect(random.count == 24)
        for (name, outcome) in random.sorted(by: { $0.key < $1.key }) {
            #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
            #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.assertions.map { "\($0.id) \($0.location)" })")
        }
    }

    @Test func randomDocumentsKeepTheArithmetic() throws {
        for seed in 0..<UInt64(400) {
            var random = UBLRandomSample(seed: seed)
            let (lines, adjustments, totals) = try random.inputs()
            let amounts = try UBLAmounts(lines: lines, allowancesAndCharges: adjustments, totals: totals)
            let document = UBLSample.invoice(number: "INV-R-\(seed)", amounts: amounts)
            try Self.checkLineArithmetic(document, context: "seed \(seed)")
            try Self.checkBreakdownAndTotals(document, context: "seed \(seed)")
            // The UBL shows the same totals as the PDF and the screen, which print DocumentTotals.
            #expect((amounts.totals.allowanceTotal ?? .zero(.php)) == totals.allowanceTotal, "seed \(seed)")
            #expect((amounts.totals.chargeTotal ?? .zero(.php)) == totals.chargeTotal, "seed \(seed)")
            #expect(amounts.totals.payableAmount == totals.totalWithTax, "seed \(seed)")
        }
    }

    static let brokenTotal = "broken-total"
    static let brokenOrder = "broken-order"

    @Test(.ublValidation) func validatorsRejectBrokenDocuments() async throws {
        _ = try await UBLValidators.required()
        let outcomes = try await Self.validation.value
        let wrongTotal = try #require(outcomes[Self.brokenTotal])
        #expect(wrongTotal.schemaErrors.isEmpty)
        #expect(wrongTotal.fatalRuleIDs == ["BR-CO-16"])
        let wrongOrder = try #require(outcomes[Self.brokenOrder])
        #expect(wrongOrder.schemaErrors.contains { $0.contains("DueDate") }, "\(wrongOrder.schemaErrors)")
    }

    @Test(arguments: UBLSample.allCases)
    func lineNetEqualsQuantityTimesPriceLessAllowances(sample: UBLSample) throws {
        try Self.checkLineArithmetic(try sample.document(), context: sample.rawValue)
    }

    /// PEPPOL-EN16931-R120 (not in the CEN Schematron) allows 0.02; we hold line net = quantity × price ÷ base
    /// quantity − allowances + charges to half a centavo, and prices and allowances to non-negative amounts.
    static func checkLineArithmetic(_ document: UBLDocument, context: String) throws {
        let scale = Decimal(document.currency.minorUnitsPerMajorUnit)
        for line in document.amounts.lines {
            let base = line.priceBaseQuantity ?? 1
            var expected = line.quantity * line.price / base
            for item in line.allowancesAndCharges {
                let amount = Decimal(item.amount.minorUnits) / scale
                expected += item.isCharge ? amount : -amount
                #expect(!item.amount.isNegative, "\(context) line \(line.id)")
            }
            let net = Decimal(line.netAmount.minorUnits) / scale
            #expect(
                abs(expected - net) <= Decimal(string: "0.005")!, "\(context) line \(line.id): \(expected) vs \(net)")
            #expect(line.price >= 0, "\(context) line \(line.id)")
        }
    }

    @Test(arguments: UBLSample.allCases)
    func documentCarriesThePeppolEssentials(sample: UBLSample) throws {
        let document = try sample.document()
        let xml = document.xml()
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        #expect(xml.contains("<cbc:CustomizationID>\(UBLDocument.customizationID)</cbc:CustomizationID>"))
        #expect(xml.contains("<cbc:ProfileID>\(UBLDocument.profileID)</cbc:ProfileID>"))
        // PEPPOL-EN16931-R003 (buyer or order reference), R010/R020 (both electronic addresses).
        #expect(document.buyerReference != nil || document.orderReference != nil)
        #expect(xml.components(separatedBy: "<cbc:EndpointID schemeID=\"0088\">").count == 3)
        // PEPPOL-EN16931-R053/R054: one TaxTotal with subtotals, plus one without when a tax currency is used.
        let taxTotals = xml.components(separatedBy: "<cac:TaxTotal>").count - 1
        #expect(taxTotals == (document.amounts.totals.taxAmountInTaxCurrency == nil ? 1 : 2))
        #expect(!xml.contains("></cbc:"), "no empty elements (PEPPOL-EN16931-R008)")
    }

    @Test func invoiceAndCreditNoteHaveTheirRootsAndTypeCodes() throws {
        let invoice = try UBLSample.mixedVATExclusive.document().xml()
        #expect(invoice.contains("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""))
        #expect(invoice.contains("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"))
        #expect(invoice.contains("<cbc:DueDate>2026-12-16</cbc:DueDate>"))
        #expect(invoice.hasSuffix("</Invoice>\n"))
        let creditNote = try UBLSample.partialCreditNote.document().xml()
        #expect(
            creditNote.contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""))
        #expect(creditNote.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"))
        #expect(creditNote.contains("<cac:CreditNoteLine>"))
        #expect(creditNote.contains("<cbc:CreditedQuantity unitCode=\"C62\">1</cbc:CreditedQuantity>"))
        #expect(!creditNote.contains("<cbc:DueDate>"), "UBL's CreditNote has no DueDate")
        #expect(creditNote.contains("<cbc:PaymentDueDate>2026-11-30</cbc:PaymentDueDate>"))
        #expect(
            creditNote.contains(
                """
                <cac:InvoiceDocumentReference>
                      <cbc:ID>INV-2026-000123</cbc:ID>
                      <cbc:IssueDate>2026-11-16</cbc:IssueDate>
                """))
    }

    @Test func vatInclusiveSixThousandSplitsIntoNetAndVAT() throws {
        let amounts = try UBLSample.sixThousandVATInclusive.document().amounts
        #expect(amounts.taxSubtotals.count == 1)
        #expect(amounts.taxSubtotals[0].taxableAmount == UBLSample.money("5357.14"))
        #expect(amounts.taxSubtotals[0].taxAmount == UBLSample.money("642.86"))
        #expect(amounts.totals.taxInclusiveAmount == UBLSample.money("6000.00"))
        #expect(amounts.lines[0].netAmount == UBLSample.money("5357.14"))
        #expect(amounts.lines[0].price == Decimal(string: "1785.713")!)
        #expect(amounts.lines[0].priceBaseQuantity == nil)
    }

    @Test func tenCentavoLinesCarryFourCentavosOfVAT() throws {
        let amounts = try UBLSample.tenCentavoLines.document().amounts
        #expect(amounts.totals.lineExtensionAmount == UBLSample.money("0.30"))
        #expect(amounts.totals.taxAmount == UBLSample.money("0.04"))
        #expect(amounts.totals.payableAmount == UBLSample.money("0.34"))
        let xml = try UBLSample.tenCentavoLines.document().xml()
        #expect(xml.contains("<cbc:PriceAmount currencyID=\"PHP\">0.10</cbc:PriceAmount>"))
    }

    @Test func mixedInvoiceShowsEachCategoryAndItsReason() throws {
        let document = try UBLSample.mixedVATExclusive.document()
        let amounts = document.amounts
        #expect(amounts.taxSubtotals.map(\.category.code) == ["S", "Z", "E"])
        #expect(amounts.taxSubtotals[2].exemptionReason == UBLAmounts.defaultExemptionReason)
        #expect(amounts.taxSubtotals[1].exemptionReason == nil)
        // 2 × 42,000 − 5% = 79,800; 3 × 1,500 = 4,500; 999.995 rounds to 1,000.00; less 1,000 plus 350.
        #expect(amounts.taxSubtotals[0].taxableAmount == UBLSample.money("84650.00"))
        #expect(amounts.taxSubtotals[0].taxAmount == UBLSample.money("10158.00"))
        #expect(amounts.taxSubtotals[1].taxableAmount == UBLSample.money("18750.00"))
        #expect(amounts.taxSubtotals[2].taxableAmount == UBLSample.money("1650.00"))
        #expect(amounts.totals.allowanceTotal == UBLSample.money("1050.00"))
        #expect(amounts.totals.chargeTotal == UBLSample.money("350.00"))
        let laptop = amounts.lines[0]
        #expect(laptop.allowancesAndCharges.first?.percent == 5)
        #expect(laptop.allowancesAndCharges.first?.baseAmount == UBLSample.money("84000.00"))
        #expect(laptop.allowancesAndCharges.first?.amount == UBLSample.money("4200.00"))
        #expect(amounts.lines.map(\.unitCode) == ["C62", "HUR", "HUR", "C62", "MON"])
        let xml = document.xml()
        #expect(xml.contains("<cbc:TaxExemptionReason>VAT-exempt sale</cbc:TaxExemptionReason>"))
        #expect(xml.contains("<cbc:PaymentID>RF18539007547034</cbc:PaymentID>"))
        #expect(xml.contains("<cbc:CompanyID>PH12345678900000</cbc:CompanyID>"))
        #expect(xml.contains("<cbc:PriceAmount currencyID=\"PHP\">999.995</cbc:PriceAmount>"))
    }

    @Test func inclusiveAllowancesInOneGroupShareTheLeftOverCentavo() throws {
        let amounts = try UBLSample.inclusiveAllowancesSharingAGroup.document().amounts
        // 800.00 inclusive → 714.29 net; the line is 1,000 / 1.12 = 892.86, so the allowances are 178.57 together.
        #expect(amounts.taxSubtotals.map(\.taxableAmount) == [UBLSample.money("714.29")])
        #expect(amounts.lines.map(\.netAmount) == [UBLSample.money("892.86")])
        #expect(amounts.allowancesAndCharges.map(\.amount) == [UBLSample.money("89.28"), UBLSample.money("89.29")])
        #expect(amounts.totals.allowanceTotal == UBLSample.money("178.57"))
    }

    @Test func vatInclusiveInvoiceChargesWhatTheBuyerWasQuoted() throws {
        let totals = try UBLSample.mixedVATInclusive.document().amounts.totals
        // The VAT-inclusive amounts as entered: 79,800 + 4,500 + 18,750 + 1,700 + 1,000 − 1,000 + 350 − 50.
        #expect(totals.taxInclusiveAmount == UBLSample.money("105050.00"))
        #expect(totals.payableAmount == UBLSample.money("105050.00"))
    }

    @Test(arguments: UBLSample.allCases)
    func breakdownAndTotalsAddUpExactly(sample: UBLSample) throws {
        try Self.checkBreakdownAndTotals(try sample.document(), context: sample.rawValue)
    }

    /// Each group's taxable amount is exactly its line nets less its allowances plus its charges (BR-S-08, BR-Z-08,
    /// BR-E-08 without the tolerance), and the totals are exact sums (BR-CO-10…BR-CO-16).
    static func checkBreakdownAndTotals(_ document: UBLDocument, context: String) throws {
        let amounts = document.amounts
        let currency = document.currency
        let totals = amounts.totals
        for subtotal in amounts.taxSubtotals {
            let code = subtotal.category.code
            var sum = try Money.sum(
                amounts.lines.filter { $0.taxCategory == subtotal.category }.map(\.netAmount), currency: currency)
            for item in amounts.allowancesAndCharges where item.taxCategory == subtotal.category {
                sum = try item.isCharge ? sum.adding(item.amount) : sum.subtracting(item.amount)
            }
            #expect(sum == subtotal.taxableAmount, "\(context) category \(code) rate \(subtotal.category.percent)")
        }
        let allowances = try Money.sum(
            amounts.allowancesAndCharges.filter { !$0.isCharge }.map(\.amount), currency: currency)
        #expect((totals.allowanceTotal ?? .zero(currency)) == allowances, "\(context)")
        let lineSum = try Money.sum(amounts.lines.map(\.netAmount), currency: currency)
        #expect(lineSum == totals.lineExtensionAmount, "\(context)")
        let exclusive = try lineSum.subtracting(allowances).adding(totals.chargeTotal ?? .zero(currency))
        #expect(exclusive == totals.taxExclusiveAmount, "\(context)")
        #expect(try exclusive.adding(totals.taxAmount) == totals.taxInclusiveAmount, "\(context)")
        let vat = try Money.sum(amounts.taxSubtotals.map(\.taxAmount), currency: currency)
        #expect(vat == totals.taxAmount, "\(context)")
    }

    @Test func foreignCurrencyInvoiceStatesTheVATInPesosToo() throws {
        let document = try UBLSample.foreignCurrency.document()
        let xml = document.xml()
        #expect(xml.contains("<cbc:DocumentCurrencyCode>USD</cbc:DocumentCurrencyCode>"))
        #expect(xml.contains("<cbc:TaxCurrencyCode>PHP</cbc:TaxCurrencyCode>"))
        // 12 × 85 + 5 × 19.99 = 1,119.95; VAT 134.39; in pesos 134.39 × 58.125 = 7,811.42.
        #expect(xml.contains("<cbc:TaxAmount currencyID=\"USD\">134.39</cbc:TaxAmount>"))
        #expect(
            xml.contains(
                """
                <cac:TaxTotal>
                    <cbc:TaxAmount currencyID="PHP">7811.42</cbc:TaxAmount>
                  </cac:TaxTotal>
                """))
        #expect(xml.contains("<cbc:PriceAmount currencyID=\"USD\">19.99</cbc:PriceAmount>"))
        #expect(xml.contains("<cbc:ID>BOPIPHMM</cbc:ID>"))
    }

    @Test func awkwardTextIsEscapedAndKeptOtherwise() throws {
        let xml = try UBLSample.awkwardText.document().xml()
        #expect(
            xml.contains(
                "<cbc:RegistrationName>Peñaflor &amp; Sons &lt;Trading&gt; &quot;PH&quot; 'Co.'</cbc:RegistrationName>")
        )
        #expect(xml.contains("<cbc:StreetName>Daang Hari &amp; Molino</cbc:StreetName>"))
        #expect(xml.contains("<cbc:Name>Kape &quot;barako&quot; &amp; pandesal &lt;special&gt; 😀</cbc:Name>"))
        #expect(
            xml.contains(
                "<cbc:Description>Kape &quot;barako&quot; &amp; pandesal &lt;special&gt; 😀\nSecond line: ñ, é, ₱</cbc:Description>"
            ))
        #expect(xml.contains("<cbc:Note>Salamat po! Señora Niño &amp; co. &gt; 0 &lt; 1&#13;\nTab\there</cbc:Note>"))
        #expect(xml.contains("<cbc:BuyerReference>PO#7 &amp; &quot;rush&quot;</cbc:BuyerReference>"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(xml.contains("unitCode=\"XBX\""))
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("A & B", "A &amp; B"),
        ("<tag>", "&lt;tag&gt;"),
        ("say \"hi\"", "say &quot;hi&quot;"),
        ("it's", "it's"),
        ("Peñaflor ₱1,000 😀", "Peñaflor ₱1,000 😀"),
        ("bell\u{07}nul\u{0}esc\u{1B}del\u{7F}c1\u{85}", "bellnulescdelc1"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn&#13;"),
        ("\u{FFFE}\u{FFFF}ok", "ok"),
        ("&amp;", "&amp;amp;"),
    ])
    func textIsEscapedForXML(input: String, expected: String) {
        #expect(UBLXMLText.escaped(input) == expected)
    }

    @Test(arguments: [
        ("a\tb\nc\rd\"e", "a&#9;b&#10;c&#13;d&quot;e"),
        ("0088", "0088"),
    ])
    func attributeValuesKeepTheirWhiteSpace(input: String, expected: String) {
        #expect(UBLXMLText.escapedAttribute(input) == expected)
    }

    @Test(
        arguments: [
            (nil, nil), ("", nil), ("  \n\t ", nil), ("\u{07}", nil), (" x ", "x"), ("a\u{01}b", "ab"),
        ] as [(String?, String?)])
    func blankValuesAreLeftOut(input: String?, expected: String?) {
        #expect(UBLXMLText.content(input) == expected)
    }

    @Test(arguments: [
        ("pc", "C62"), ("pcs", "C62"), ("Piece", "C62"), ("hour", "HUR"), ("hrs", "HUR"), ("month", "MON"),
        ("Months", "MON"), ("day", "DAY"), ("set", "SET"), ("box", "XBX"), ("kg", "KGM"), ("license", "C62"),
        ("licence", "C62"), ("year", "ANN"), ("yr.", "ANN"), ("lot", "LO"), ("week", "WEE"), ("", "C62"),
        ("  ", "C62"), ("bundle", "C62"), ("oras", "HUR"), (" KG ", "KGM"),
    ])
    func unitsMapToRecommendation20Codes(unit: String, code: String) {
        #expect(UBLUnitCode.code(forUnit: unit) == code)
    }

    @Test func everyCommonProductUnitHasItsOwnCode() {
        for unit in ProductDraft.commonUnits where unit != "license" {
            #expect(UBLUnitCode.code(forUnit: unit) != UBLUnitCode.fallback || unit == "pc", "\(unit)")
        }
    }

    @Test(
        arguments: [
            ("100.00", "1", "100.00", nil),
            ("267.86", "3", "89.287", nil),
            ("300.00", "3", "100", nil),
            ("0.01", "7", "0.001", nil),
            ("5357.14", "3", "1785.713", nil),
            ("1.00", "300000001", "1", "300000001"),
            ("10.00", "2.5", "4", nil),
        ] as [(String, String, String, String?)])
    func netUnitPriceReproducesTheLineAmount(amount: String, quantity: String, price: String, base: String?) {
        let result = UBLAmounts.netUnitPrice(
            for: UBLSample.money(amount), quantity: Decimal(string: quantity)!)
        #expect(result.price == Decimal(string: price)!)
        #expect(result.baseQuantity == base.map { Decimal(string: $0)! })
    }

    @Test(arguments: [
        (Decimal(1500), 2, "1500.00"), (Decimal(string: "89.2867")!, 2, "89.2867"), (Decimal(string: "2.5")!, 0, "2.5"),
        (Decimal(12), 0, "12"), (Decimal(string: "0.0001")!, 2, "0.0001"), (Decimal(string: "0.1")!, 2, "0.10"),
    ])
    func numbersArePlainDecimals(value: Decimal, digits: Int, expected: String) {
        #expect(UBLNumber.text(value, minimumFractionDigits: digits) == expected)
    }

    @Test func totalsOfOtherLinesAreRefused() throws {
        let lines = UBLSample.mixedLines()
        let totals = try DocumentTotals.compute(lines: lines, currency: .php)
        #expect(throws: UBLAmountsError.totalsDoNotMatchLines) {
            try UBLAmounts(lines: Array(lines.dropLast()), totals: totals)
        }
        var moved = lines
        moved[0].taxCategory = moved[0].taxCategory == .exempt ? .zeroRated : .exempt
        moved[0].ratePercent = 0
        #expect(throws: UBLAmountsError.totalsDoNotMatchLines) { try UBLAmounts(lines: moved, totals: totals) }
        // Totals issued under other rounding rules (one centavo of VAT less) still belong to their lines: an issued
        // document is exported with the figures it states, not recomputed.
        var older = totals
        older.totalTax = try older.totalTax.subtracting(UBLSample.money("0.01"))
        older.vatAmount = older.totalTax
        let vatable = try #require(older.breakdown.firstIndex { $0.taxCategory == .vatable })
        older.breakdown[vatable].taxAmount = try older.breakdown[vatable].taxAmount.subtracting(UBLSample.money("0.01"))
        older.totalWithTax = try older.totalWithTax.subtracting(UBLSample.money("0.01"))
        let exported = try UBLAmounts(lines: lines, totals: older)
        #expect(exported.totals.taxInclusiveAmount == older.totalWithTax)
        older.totalWithTax = totals.totalWithTax
        #expect(throws: UBLAmountsError.totalsDoNotMatchLines) { try UBLAmounts(lines: lines, totals: older) }
        #expect(throws: UBLAmountsError.taxCurrencySameAsDocumentCurrency) {
            try UBLAmounts(lines: lines, totals: totals, taxAmountInTaxCurrency: UBLSample.money("1.00"))
        }
    }

    @Test func paymentMeansDefaultsToCreditTransferOnlyWithAnAccount() {
        #expect(UBLPaymentMeans(account: UBLFinancialAccount(id: "123")).code == "30")
        #expect(UBLPaymentMeans(paymentID: UBLSample.rfReference).code == "1")
        #expect(UBLPaymentMeans(code: "10").code == "10")
    }

    @Test func prepaidAmountReducesTheAmountDue() throws {
        let lines = [DocumentLine(description: "Deposit-backed sale", quantity: 1, unitPrice: 1000)]
        let totals = try DocumentTotals.compute(lines: lines, currency: .php)
        let amounts = try UBLAmounts(
            lines: lines, totals: totals, prepaidAmount: UBLSample.money("500.00"),
            roundingAmount: UBLSample.money("0.00"))
        #expect(amounts.totals.payableAmount == UBLSample.money("620.00"))
    }
}
