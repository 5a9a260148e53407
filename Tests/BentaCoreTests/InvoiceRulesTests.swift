import BentaCore
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct InvoiceRulesTests {
    /// The ISO 11649 example (RF18 5390 0754 7034) and our invoice numbers; the check digits were computed
    /// independently with Python (int(letters → 10…35 + "RF00") mod 97).
    @Test(arguments: [
        ("539007547034", "RF18539007547034"),
        ("INV-2026-000123", "RF98INV2026000123"),
        ("a1", "RF90A1"),
    ])
    func creditorReferencesCarryValidCheckDigits(text: String, expected: String) throws {
        let reference = try #require(CreditorReference.make(from: text))
        #expect(reference == expected)
        #expect(CreditorReference.isValid(reference))
        #expect(CreditorReference.isValid(CreditorReference.printed(reference)))
    }

    @Test(arguments: ["RF19539007547034", "RF18539007547035", "XX18539007547034", "RF", "RF18 5390 0754 703!", ""])
    func wrongReferencesAreRecognised(text: String) {
        #expect(!CreditorReference.isValid(text))
    }

    @Test func referencesKeepTheLast21CharactersAndNeedSome() {
        #expect(CreditorReference.make(from: "---") == nil)
        let long = CreditorReference.make(from: String(repeating: "9", count: 30) + "ABC")
        #expect(long?.count == 25 && long?.hasSuffix("ABC") == true)
        #expect(CreditorReference.printed("RF18539007547034") == "RF18 5390 0754 7034")
    }

    static func invoice(lines: Int = 1) -> Invoice {
        let line = LineItem(line: DocumentLine(description: "Service", quantity: 1, unitPrice: 100))
        let now = Date(timeIntervalSince1970: 0)
        return Invoice(
            id: Invoice.ID(string: "01945c30-0000-7000-8000-000000000001")!,
            companyID: Company.ID(string: "01945c30-0000-7000-8000-000000000002")!,
            accountID: Account.ID(string: "01945c30-0000-7000-8000-000000000003")!,
            ownerID: User.ID(string: "01945c30-0000-7000-8000-000000000004")!,
            fields: InvoiceFields(currency: .php, lines: Array(repeating: line, count: lines)), createdAt: now,
            updatedAt: now, version: 1)
    }

    static let seller = InvoiceParty(
        name: "Bituin Office Solutions Inc.", address: "Makati City", tin: "009-123-456-00000", isVATRegistered: true,
        country: "PH")
    static let buyer = InvoiceParty(
        name: "Tala Foods Corp.", address: "Marikina City", tin: "111-222-333-00000", isVATRegistered: false,
        country: "PH")

    /// (profile, what is blanked, the field the refusal names)
    @Test(arguments: [
        (CountryProfile.ph, "buyer.tin", "buyer.tin"), (.ph, "buyer.address", "buyer.address"),
        (.ph, "seller.tin", "seller.tin"), (.ph, "seller.address", "seller.address"),
        (.ph, "ack", "settings.acknowledgement_number"), (.ph, "lines", "lines"),
        (.eu, "seller.tin", "seller.tin"), (.eu, "buyer.address", "buyer.address"), (.none, "lines", "lines"),
        (.none, "buyer.name", "buyer.name"),
    ])
    func eachProfileNamesTheMissingCriticalField(profile: CountryProfile, blank: String, field: String) {
        var seller = Self.seller
        var buyer = Self.buyer
        var settings = InvoiceSettings(
            profile: profile, acknowledgementNumber: "AC-1", acknowledgementDate: CalendarDate(iso8601: "2024-05-02"))
        var invoice = Self.invoice()
        switch blank {
        case "buyer.tin": buyer.tin = nil
        case "buyer.address": buyer.address = " "
        case "buyer.name": buyer.name = ""
        case "seller.tin": seller.tin = nil
        case "seller.address": seller.address = ""
        case "ack": settings.acknowledgementNumber = nil
        default: invoice.fields.lines = []
        }
        let complete = IssueRequirements.check(
            Self.invoice(), seller: Self.seller, buyer: Self.buyer,
            settings: InvoiceSettings(
                profile: profile, acknowledgementNumber: "AC-1",
                acknowledgementDate: CalendarDate(iso8601: "2024-05-02")))
        #expect(complete.isEmpty)
        let errors = IssueRequirements.check(invoice, seller: seller, buyer: buyer, settings: settings)
        #expect(errors.fields == [field])
    }

    @Test func theNoneProfileDoesNotAskForTINs() {
        var buyer = Self.buyer
        buyer.tin = nil
        buyer.address = ""
        #expect(
            IssueRequirements.check(
                Self.invoice(), seller: Self.seller, buyer: buyer, settings: InvoiceSettings(profile: .none)
            ).isEmpty)
    }

    @Test(arguments: [
        // (total, credited, paid, due, expected)
        (11200, 0, 0, "2026-12-31", InvoiceDisplayStatus.issued),
        (11200, 0, 0, "2026-11-01", .overdue),
        (11200, 11200, 0, "2026-11-01", .cancelled),
        (11200, 1120, 0, "2026-12-31", .issued),
        (11200, 0, 11200, "2026-11-01", .paid),
        (11200, 0, 5000, "2026-12-31", .partiallyPaid),
        (11200, 0, 5000, "2026-11-01", .overdue),
    ])
    func statusFollowsTheBalanceAndTheDueDate(
        total: Int64, credited: Int64, paid: Int64, due: String, expected: InvoiceDisplayStatus
    ) throws {
        var invoice = Self.invoice()
        invoice.status = .issued
        invoice.dueDate = CalendarDate(iso8601: due)
        let balance = try InvoiceBalance(
            total: Money(minorUnits: total, currency: .php), credited: Money(minorUnits: credited, currency: .php),
            paid: Money(minorUnits: paid, currency: .php))
        #expect(balance.status(of: invoice, today: CalendarDate(iso8601: "2026-11-30")!) == expected)
        #expect(balance.open.minorUnits == total - credited - paid)
    }

    /// A balance in mixed currencies or one that overflows is an error, never silently the total (issue 10, item 8).
    @Test func aBalanceThatCannotBeComputedIsAnErrorNotTheTotal() {
        #expect(throws: MoneyError.self) {
            try InvoiceBalance(
                total: Money(minorUnits: 11200, currency: .php), credited: Money(minorUnits: 100, currency: .usd),
                paid: .zero(.php))
        }
        #expect(throws: MoneyError.overflow) {
            try InvoiceBalance(
                total: Money(minorUnits: .min + 1, currency: .php), credited: Money(minorUnits: 10, currency: .php),
                paid: .zero(.php))
        }
    }

    @Test(arguments: [
        ("due_on_receipt", "2026-11-30"), ("net_30", "2026-12-30"), ("Net 7", "2026-12-07"), ("eom_15", "2026-12-15"),
        ("EOM + 0", "2026-11-30"),
    ])
    func paymentTermsGiveTheDueDate(terms: String, due: String) throws {
        let parsed = try #require(PaymentTerms.parse(terms))
        #expect(parsed.dueDate(for: CalendarDate(iso8601: "2026-11-30")!).iso8601String == due)
    }
}

@Suite(.timeLimit(.minutes(20))) struct InstalmentTermsTests {
    @Test func instalmentsRoundTripAndShareTheTotalExactly() throws {
        let terms = try #require(PaymentTerms.parse("inst_30:33.33,60:33.33,90:33.34"))
        #expect(terms.code == "inst_30:33.33,60:33.33,90:33.34")
        #expect(PaymentTerms.parse(terms.code) == terms)
        let date = CalendarDate(iso8601: "2026-11-30")!
        #expect(terms.dueDate(for: date).iso8601String == "2027-02-28")
        let parts = terms.schedule(total: Money(minorUnits: 100_001, currency: .php), invoiceDate: date)
        #expect(parts.map(\.date.iso8601String) == ["2026-12-30", "2027-01-29", "2027-02-28"])
        #expect(parts.map(\.amount.minorUnits).reduce(0, +) == 100_001)
        // 33.33% of 1,000.01 is 333.30333…, 33.34% is 333.40333…; the centavo left over goes to the largest remainder.
        #expect(parts.map(\.amount.minorUnits) == [33_330, 33_330, 33_341])
        #expect(terms.description == "33.33% in 30 days, 33.33% in 60 days, 33.34% in 90 days")
        let simple = PaymentTerms.net(days: 30).schedule(
            total: Money(minorUnits: 500, currency: .php), invoiceDate: date)
        #expect(simple.count == 1 && simple[0].date.iso8601String == "2026-12-30")
    }

    @Test(arguments: [
        "inst_30:50", "inst_30:50,60:40", "inst_60:50,30:50", "inst_30:50,30:50", "inst_30:0,60:100", "inst_",
        "inst_30:50,400:50", "inst_30:fifty,60:50", "inst_30:50;60:50",
    ])
    func badInstalmentPlansAreRefused(text: String) {
        #expect(PaymentTerms.parse(text) == nil)
    }
}
