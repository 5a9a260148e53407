import BentaCore
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct LineDraftTests {
    static let company = Company.ID(string: "01945c30-0000-7000-8000-000000000001")!

    static func product(
        price: String, includesTax: Bool, category: TaxCategory = .vatable, rate: Decimal? = nil
    )
        -> Product
    {
        let fields = ProductFields(
            code: "P", name: "Laptop", unit: "pc", unitPrice: try! Money(decimalString: price, currency: .php),
            priceIncludesTax: includesTax, taxCategory: category, taxRatePercent: rate)
        return Product(
            id: Product.ID(string: "01945c30-0000-7000-8000-0000000000aa")!, companyID: company, fields: fields,
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0), version: 1)
    }

    /// (catalogue price, catalogue includes VAT, document includes VAT, expected unit price, expected line amount ×3)
    @Test(arguments: [
        ("1120.00", true, false, "1000", "3000.00"),
        ("1000.00", false, true, "1120", "3360.00"),
        ("6000.00", true, false, "5357.142857", "16071.43"),
        ("999.99", false, false, "999.99", "2999.97"),
        ("0.10", true, true, "0.1", "0.30"),
    ])
    func catalogueePricesAreConvertedIntoTheDocumentsPriceMode(
        price: String, includes: Bool, documentIncludes: Bool, unitPrice: String, amount: String
    ) throws {
        var draft = LineDraft()
        draft.productID = "01945c30-0000-7000-8000-0000000000aa"
        draft.quantity = "3"
        let item = try draft.resolved(
            product: Self.product(price: price, includesTax: includes), currency: .php,
            pricesIncludeTax: documentIncludes, standardRatePercent: 12)
        #expect(DecimalText.format(item.line.unitPrice) == unitPrice)
        #expect(try item.line.amount(currency: .php).decimalString == amount)
        #expect(item.line.description == "Laptop" && item.line.unit == "pc" && item.line.ratePercent == 12)
    }

    @Test(arguments: [
        ("quantity", "-1", "negative"), ("quantity", "0", "zero"), ("quantity", "1,5", "invalid_number"),
        ("quantity", "1e3", "invalid_number"), ("unit_price", "-0.01", "negative"), ("unit_price", "", "required"),
        ("discount_percent", "101", "out_of_range"), ("discount_amount", "5000", "exceeds_line_amount"),
        ("tax_category", "luxury", "invalid_choice"), ("rate_percent", "5", "must_be_zero"),
    ])
    func badFreeTextLinesAreRefusedWithTheirField(field: String, value: String, code: String) {
        var draft = LineDraft()
        draft.description = "Service"
        draft.quantity = "2"
        draft.unitPrice = "100"
        switch field {
        case "quantity": draft.quantity = value
        case "unit_price": draft.unitPrice = value
        case "discount_percent": draft.discountPercent = value
        case "discount_amount": draft.discountAmount = value
        case "tax_category": draft.taxCategory = value
        default:
            draft.taxCategory = "exempt"
            draft.ratePercent = value
        }
        #expect {
            try draft.resolved(product: nil, currency: .php, pricesIncludeTax: false, standardRatePercent: 12)
        } throws: { error in
            let errors = (error as? ValidationErrors)?.errors ?? []
            return errors.contains { $0.code == code && $0.field == field }
        }
    }

    @Test func anUnknownProductIsReportedAndAForeignCataloguePriceMustBeTyped() throws {
        var draft = LineDraft()
        draft.productID = "01945c30-0000-7000-8000-0000000000bb"
        #expect(throws: ValidationErrors.self) {
            try draft.resolved(product: nil, currency: .php, pricesIncludeTax: false, standardRatePercent: 12)
        }
        let usd = Currency(code: "USD")!
        draft.productID = "01945c30-0000-7000-8000-0000000000aa"
        #expect {
            try draft.resolved(
                product: Self.product(price: "100.00", includesTax: false), currency: usd, pricesIncludeTax: false,
                standardRatePercent: 12)
        } throws: { error in
            (error as? ValidationErrors)?.errors.first?.code == "currency_mismatch"
        }
        draft.unitPrice = "1.75"
        let typed = try draft.resolved(
            product: Self.product(price: "100.00", includesTax: false), currency: usd, pricesIncludeTax: false,
            standardRatePercent: 12)
        #expect(typed.line.unitPrice == Decimal(string: "1.75"))
        // A line of an exempt product is exempt at 0%, whatever the standard rate.
        draft.unitPrice = ""
        let exempt = try draft.resolved(
            product: Self.product(price: "450.00", includesTax: false, category: .exempt), currency: .php,
            pricesIncludeTax: true, standardRatePercent: 12)
        #expect(exempt.line.taxCategory == .exempt && exempt.line.ratePercent == 0)
        #expect(DecimalText.format(exempt.line.unitPrice) == "450")
    }

    @Test(arguments: ["2.5", "-1", "0", "1500.00", "12"])
    func decimalTextAcceptsPlainDecimals(text: String) {
        #expect(DecimalText.parse(text) != nil)
    }

    @Test(arguments: ["", "1,5", "1e3", "NaN", ".5", "5.", "+1", "١٢", "1 000", "0x10"])
    func decimalTextRefusesEverythingElse(text: String) {
        #expect(DecimalText.parse(text) == nil)
    }
}
