import BentaCore
import Foundation
import Testing

/// The buyer's country, VAT registration and kind on the account, the PH profile's buyer rules at issue
/// (DOMAIN.md §1) and the base-currency figures of the register (issue 10, item 6).
@Suite(.timeLimit(.minutes(20))) struct BuyerTaxProfileTests {
    static let owner = User.ID(string: "01945c30-0000-7000-8000-000000000004")!

    static func draft(country: String = "", kind: String = "", isVATRegistered: Bool = false) -> AccountDraft {
        var draft = AccountDraft()
        draft.name = "Pacific Rim Imports"
        draft.ownerID = owner.description
        draft.country = country
        draft.buyerKind = kind
        draft.isVATRegistered = isVATRegistered
        return draft
    }

    @Test func anAccountDefaultsToTheCompanysCountryANonVATBusiness() throws {
        let fields = try Self.draft().validated(defaultCountry: .SG)
        #expect(fields.country == .SG && fields.buyerKind == .business && !fields.isVATRegistered)
        let foreign = try Self.draft(country: " us ", kind: "Individual", isVATRegistered: true)
            .validated(defaultCountry: .PH)
        #expect(foreign.country == .US && foreign.buyerKind == .individual && foreign.isVATRegistered)
        // The draft of stored fields gives them back unchanged (a PATCH starts from it).
        #expect(try AccountDraft(foreign).validated(defaultCountry: .PH) == foreign)
    }

    @Test func unknownCountriesAndKindsAreRefusedWithTheirField() {
        #expect(throws: ValidationErrors.self) { try Self.draft(country: "XX").validated(defaultCountry: .PH) }
        do {
            _ = try Self.draft(country: "Philippines", kind: "consumer").validated(defaultCountry: .PH)
            Issue.record("an unknown country and kind were accepted")
        } catch {
            #expect(
                error.errors.map { "\($0.field) \($0.code)" } == [
                    "country invalid_country", "buyer_kind invalid_choice",
                ])
        }
    }

    static let seller = InvoiceParty(
        name: "Bituin Office Solutions Inc.", address: "Makati City", tin: "009-123-456-00000", isVATRegistered: true,
        country: "PH")
    static let settings = InvoiceSettings(
        profile: .ph, acknowledgementNumber: "AC-1", acknowledgementDate: CalendarDate(iso8601: "2024-05-02"))

    static func invoice(_ categories: [TaxCategory]) -> Invoice {
        let now = Date(timeIntervalSince1970: 0)
        return Invoice(
            id: Invoice.ID(string: "01945c30-0000-7000-8000-000000000001")!,
            companyID: Company.ID(string: "01945c30-0000-7000-8000-000000000002")!,
            accountID: Account.ID(string: "01945c30-0000-7000-8000-000000000003")!, ownerID: owner,
            fields: InvoiceFields(
                currency: .usd,
                lines: categories.map {
                    LineItem(line: DocumentLine(description: "Service", quantity: 1, unitPrice: 100, taxCategory: $0))
                }),
            createdAt: now, updatedAt: now, version: 1)
    }

    /// (country, kind, VAT-registered, has TIN, has address, line categories, the refusals as "field code")
    @Test(
        arguments: [
            // A domestic business needs TIN and address, VAT-registered or not.
            ("PH", BuyerKind.business, false, false, true, [TaxCategory.vatable], ["buyer.tin required_by_profile"]),
            (
                "PH", .business, true, false, false, [.vatable],
                ["buyer.address required_by_profile", "buyer.tin required_by_profile"]
            ),
            ("PH", .business, false, true, true, [.vatable], []),
            // An individual consumer: the name is enough; one registered for VAT still gives its TIN.
            ("PH", .individual, false, false, false, [.vatable], []),
            ("PH", .individual, true, false, false, [.vatable], ["buyer.tin required_by_profile"]),
            // A foreign buyer: no PH TIN; a business still gives its address; VATable lines are refused.
            ("US", .business, false, false, true, [.zeroRated, .exempt], []),
            ("US", .business, true, false, false, [.zeroRated], ["buyer.address required_by_profile"]),
            (
                "US", .individual, false, false, false, [.zeroRated, .vatable],
                ["lines[1].tax_category export_must_be_zero_rated"]
            ),
            (
                "us", .business, false, true, true, [.vatable, .vatable],
                ["lines[0].tax_category export_must_be_zero_rated", "lines[1].tax_category export_must_be_zero_rated"]
            ),
        ] as [(String, BuyerKind, Bool, Bool, Bool, [TaxCategory], [String])])
    func thePhilippineProfileAsksTheBuyerForWhatItsKindAndCountryNeed(
        country: String, kind: BuyerKind, isVATRegistered: Bool, hasTIN: Bool, hasAddress: Bool,
        categories: [TaxCategory], expected: [String]
    ) {
        let buyer = InvoiceParty(
            name: "Pacific Rim Imports LLC", address: hasAddress ? "100 Market Street" : "",
            tin: hasTIN ? "111-222-333-00000" : nil, isVATRegistered: isVATRegistered, country: country,
            buyerKind: kind)
        let errors = IssueRequirements.check(
            Self.invoice(categories), seller: Self.seller, buyer: buyer, settings: Self.settings)
        #expect(errors.errors.map { "\($0.field) \($0.code)" } == expected)
    }

    @Test func theExportRefusalSaysWhereToFixIt() throws {
        let buyer = InvoiceParty(
            name: "Pacific Rim Imports LLC", address: "100 Market Street", tin: nil, isVATRegistered: false,
            country: "US", buyerKind: .business)
        let errors = IssueRequirements.check(
            Self.invoice([.vatable]), seller: Self.seller, buyer: buyer, settings: Self.settings)
        let message = try #require(errors.errors.first?.message)
        #expect(message.contains("United States") && message.contains("Philippines") && message.contains("zero-rated"))
        // A buyer frozen before accounts had a kind is a business: its TIN is still required.
        var old = buyer
        old.country = "PH"
        old.buyerKind = nil
        #expect(
            IssueRequirements.check(
                Self.invoice([.vatable]), seller: Self.seller, buyer: old, settings: Self.settings
            ).fields == ["buyer.tin"])
    }

    @Test func aNonVATSellerIsNotToldTwiceAboutAVATableExportLine() {
        var seller = Self.seller
        seller.isVATRegistered = false
        let buyer = InvoiceParty(
            name: "Pacific Rim Imports LLC", address: "100 Market Street", tin: nil, isVATRegistered: false,
            country: "US", buyerKind: .business)
        let errors = IssueRequirements.check(
            Self.invoice([.vatable]), seller: seller, buyer: buyer, settings: Self.settings)
        #expect(errors.errors.map(\.code) == ["vat_not_registered"])
    }

    // MARK: Base-currency figures

    static func money(_ text: String, _ currency: Currency) throws -> Money {
        try Money(decimalString: text, currency: currency)
    }

    /// (net, VAT, rate, base net, base VAT, base total); computed by hand with half-up rounding.
    @Test(arguments: [
        // 1000.14 × 56.25 = 56257.875 → .88; 120.02 × 56.25 = 6751.125 → .13; the total is their sum, 63009.01,
        // though the converted document total (1120.16 × 56.25 = 63009.00) would be a centavo less.
        ("1000.14", "120.02", "56.25", "56257.88", "6751.13", "63009.01"),
        ("1000.00", "120.00", "56.25", "56250.00", "6750.00", "63000.00"),
        ("1234.57", "0.00", "56.25", "69444.56", "0.00", "69444.56"),
        // Negative amounts round half away from zero too.
        ("-1000.14", "-120.02", "56.25", "-56257.88", "-6751.13", "-63009.01"),
        ("0.01", "0.01", "0.5", "0.01", "0.01", "0.02"),
    ])
    func foreignFiguresAreConvertedOneByOneAndAddUp(
        net: String, vat: String, rate: String, baseNet: String, baseVAT: String, baseTotal: String
    ) throws {
        let amounts = try #require(
            try BaseCurrencyAmounts.converting(
                net: try Self.money(net, .usd), vat: try Self.money(vat, .usd), exchangeRate: Decimal(string: rate),
                to: .php))
        #expect(amounts.net == (try Self.money(baseNet, .php)))
        #expect(amounts.vat == (try Self.money(baseVAT, .php)))
        #expect(amounts.total == (try Self.money(baseTotal, .php)))
        #expect(try amounts.net.adding(amounts.vat) == amounts.total)
        #expect(amounts.exchangeRate == Decimal(string: rate))
    }

    @Test func aBaseCurrencyDocumentKeepsItsFiguresWhateverRateIsStored() throws {
        let amounts = try BaseCurrencyAmounts.converting(
            net: try Self.money("5357.14", .php), vat: try Self.money("642.86", .php), exchangeRate: 56.25, to: .php)
        #expect(amounts?.net == (try Self.money("5357.14", .php)))
        #expect(amounts?.vat == (try Self.money("642.86", .php)))
        #expect(amounts?.total == (try Self.money("6000.00", .php)))
        #expect(amounts?.exchangeRate == 1)
    }

    @Test func aBaseCurrencyWithoutDecimalsRoundsToWholeUnits() throws {
        // 10.01 × 150.5 = 1506.505 → 1507 yen; 1.20 × 150.5 = 180.6 → 181 yen.
        let amounts = try #require(
            try BaseCurrencyAmounts.converting(
                net: try Self.money("10.01", .usd), vat: try Self.money("1.20", .usd), exchangeRate: 150.5, to: .jpy))
        #expect(amounts.net.minorUnits == 1507 && amounts.vat.minorUnits == 181 && amounts.total.minorUnits == 1688)
        #expect(amounts.total.currency == .jpy)
    }

    @Test func withoutAUsableRateThereIsNoBaseFigureAndMixedAmountsThrow() throws {
        let net = try Self.money("100.00", .usd)
        let vat = try Self.money("12.00", .usd)
        for rate in [nil, Decimal(0), Decimal(-56.25), Decimal.nan] as [Decimal?] {
            #expect(try BaseCurrencyAmounts.converting(net: net, vat: vat, exchangeRate: rate, to: .php) == nil)
        }
        #expect(throws: MoneyError.currencyMismatch(.usd, .eur)) {
            try BaseCurrencyAmounts.converting(
                net: net, vat: try Self.money("12.00", .eur), exchangeRate: 56.25, to: .php)
        }
    }
}
